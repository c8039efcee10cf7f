using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Events;
using MokoCrm.Web.Platform.Numbering;
using MokoCrm.Web.Platform.Outbox;
using Npgsql;

namespace MokoCrm.IntegrationTests.Platform.Sample;

/// <summary>The app plus the sample document type, its handlers, a manual clock and no background outbox poll.</summary>
public sealed class SampleAppFactory : MokoAppFactory
{
    /// <summary>Both sample factories build the same database, so they share one template.</summary>
    internal const string SampleTemplateKey = "SampleAppFactory";

    public ManualClock Clock => Services.GetRequiredService<ManualClock>();

    public SampleMailbox Mailbox => Services.GetRequiredService<SampleMailbox>();

    protected override string TemplateKey => SampleTemplateKey;

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        SampleServices.Add(services);

        // Tests run outbox batches themselves, at the times they choose.
        services.Configure<OutboxOptions>(o => o.Enabled = false);
        services.AddSingleton<ManualClock>();
        services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<ManualClock>());
    }

    protected override Task PrepareTemplateAsync(string connectionString) => SampleServices.CreateSchemaAsync(connectionString);

    /// <summary>Runs <paramref name="work"/> in a fresh DI scope, as one request would.</summary>
    public async Task<T> InScopeAsync<T>(Func<AppDbContext, IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>(), scope.ServiceProvider);
    }

    public Task InScopeAsync(Func<AppDbContext, IServiceProvider, Task> work) =>
        InScopeAsync<bool>(async (db, services) =>
        {
            await work(db, services);
            return true;
        });

    public Task<long> CreateDraftAsync(string title, DateOnly date) =>
        InScopeAsync(async (db, _) =>
        {
            var document = new SampleDocument(title, date);
            db.Add(document);
            await db.SaveChangesAsync();
            return document.Id;
        });

    public Task<SampleDocument> LoadAsync(long id) =>
        InScopeAsync((db, _) => db.Set<SampleDocument>().AsNoTracking().SingleAsync(d => d.Id == id));

    public Task<List<string>> NotesOfAsync(long id) =>
        InScopeAsync((db, _) => db.Set<SampleNote>().Where(n => n.DocumentId == id).OrderBy(n => n.Id).Select(n => n.Text).ToListAsync());

    public Task AddMaskAsync(string documentType, string mask) =>
        InScopeAsync(async (db, _) =>
        {
            db.Add(new NumberingMask(documentType, mask));
            await db.SaveChangesAsync();
        });
}

/// <summary>What both sample factories add to the app: the model, the schema, the use case and the handlers.</summary>
internal static class SampleServices
{
    public static void Add(IServiceCollection services)
    {
        services.ConfigureDbContext<AppDbContext>(options =>
        {
            ModelContributorsExtension.Add(options, new SampleModel());
            // The sample tables are test-only, so the model is ahead of the migrations on purpose.
            options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        });

        services.AddScoped<ValidateSampleDocument>();
        services.AddScoped<SampleScopeProbe>();
        services.AddSingleton<SampleMailbox>();
        services.AddScoped<IDomainEventHandler<SampleDocumentValidated>, AddNoteOnSampleDocumentValidated>();
        services.AddScoped<IDomainEventHandler<SampleDocumentValidated>, EnqueueSendingOnSampleDocumentValidated>();
        services.AddScoped<IDomainEventHandler<SampleNoteAdded>, CountNotesOnSampleNoteAdded>();
        services.AddScoped<IDomainEventHandler<SampleDocumentSubmitted>, NumberSampleDocumentOnSubmitted>();
        services.AddScoped<IDomainEventHandler<SampleFailureRequested>, FailOnSampleFailureRequested>();
        services.AddScoped<IDomainEventHandler<SamplePing>, PongOnSamplePing>();
        services.AddScoped<IDomainEventHandler<SamplePong>, PingOnSamplePong>();
        services.AddScoped<IDomainEventHandler<SampleSaveRequested>, SaveOnSampleSaveRequested>();
        services.AddScoped<IDomainEventHandler<SampleScopeProbed>, ProbeOnSampleScopeProbed>();
        services.AddOutboxHandler<SendSampleDocument, SendSampleDocumentHandler>("sample.send-document");
    }

    public static async Task CreateSchemaAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            CREATE SCHEMA sample;
            CREATE SEQUENCE sample.sample_documents_hilo INCREMENT BY 10;
            CREATE SEQUENCE sample.sample_notes_hilo INCREMENT BY 10;
            CREATE TABLE sample.sample_documents (
                id bigint PRIMARY KEY,
                title text NOT NULL,
                document_date date NOT NULL,
                status text NOT NULL,
                number text UNIQUE,
                note_count integer NOT NULL);
            CREATE TABLE sample.sample_notes (
                id bigint PRIMARY KEY,
                document_id bigint NOT NULL,
                text text NOT NULL);
            INSERT INTO platform.numbering_masks (id, document_type, mask)
            VALUES (-1, '{SampleDocumentTypes.Submitted}', '{SampleDocumentTypes.SubmittedMask}');
            """, connection);
        await command.ExecuteNonQueryAsync();
    }
}

internal sealed class SampleModel : IModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SampleDocument>(e =>
        {
            e.ToTable("sample_documents", "sample");
            e.Property(d => d.Status).HasConversion<string>();
        });
        modelBuilder.Entity<SampleNote>().ToTable("sample_notes", "sample");
    }
}

/// <summary>A clock the tests move by hand, so retry delays are checked without waiting.</summary>
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
