using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.IntegrationTests.Platform.Samples;
using MokoCrm.Testing;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Tags;

namespace MokoCrm.IntegrationTests.Platform.RecordTabs;

/// <summary>
/// The app with the sample document type declared the way a module declares its records: rights, a visibility rule
/// (documents in status "secret" are hidden from everyone but administrators), a describer and a card page.
/// Uploads are limited to 64 KB so the size refusal can be tested with a small file.
/// </summary>
public sealed class RecordTabsAppFactory : MokoAppFactory
{
    public const string Read = "test.samples.read";
    public const string Write = "test.samples.write";
    public const string Secret = "secret";
    public const long UploadLimit = 64 * 1024;

    protected override string TemplateKey => "record-tabs";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Moko:Documents:MaxUploadBytes", UploadLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.ConfigureDbContext<AppDbContext>(o => ModelContributorsExtension.Add(o, new SampleModel())
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)));
        services.AddSingleton<DescriberCalls>();
        services.AddScoped<IRecordDescriber, SampleDescriber>();
        services.AddPermissions("test", "Tests",
            new PermissionDefinition(Read, "test", "Samples", "Read"),
            new PermissionDefinition(Write, "test", "Samples", "Edit"));
        services.AddRecordType(new RecordTypeAccess(SampleDocument.RecordType, read: Read, write: Write,
            visibleIds: v => v.Db.Set<SampleDocument>().Where(d => d.Status != Secret).Select(d => d.Id)));
        services.AddMvcCore().ConfigureApplicationPartManager(parts =>
        {
            if (!parts.ApplicationParts.OfType<AssemblyPart>().Any(p => p.Assembly == typeof(SamplesController).Assembly))
            {
                parts.ApplicationParts.Add(new AssemblyPart(typeof(SamplesController).Assembly));
            }
        });
    }

    protected override Task PrepareTemplateAsync(string connectionString) => SampleAppFactory.CreateSampleTableAsync(connectionString);

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();
}

/// <summary>The sample type's list and card, as a module would have them (plain text: the test project has no Razor).</summary>
[Route("Test/Samples")]
public sealed class SamplesController(AppDbContext db, ITagService tags, IRecordAccess access) : Controller
{
    [HttpGet("")]
    [HasPermission(RecordTabsAppFactory.Read)]
    public async Task<IActionResult> Index(long? tag)
    {
        var numbers = await db.Set<SampleDocument>().AsNoTracking()
            .WithTag(tags, SampleDocument.RecordType, tag, d => d.Id)
            .OrderBy(d => d.Number).Select(d => d.Number).ToListAsync();
        return Content(string.Join('\n', numbers));
    }

    [HttpGet("{id:long}")]
    [HasPermission(RecordTabsAppFactory.Read)]
    public async Task<IActionResult> Show(long id)
    {
        var record = new RecordRef(SampleDocument.RecordType, id);
        return await access.CanReadAsync(record) && await db.Set<SampleDocument>().AnyAsync(d => d.Id == id)
            ? ViewComponent("RecordTabs", new { record, active = MokoCrm.Web.Platform.Links.RecordTabs.Card })
            : NotFound();
    }

    [HttpGet("{id:long}/tags")]
    [HasPermission(RecordTabsAppFactory.Read)]
    public async Task<IActionResult> Tags(long id)
    {
        var record = new RecordRef(SampleDocument.RecordType, id);
        return await access.CanReadAsync(record) ? ViewComponent("RecordTags", new { record }) : NotFound();
    }
}
