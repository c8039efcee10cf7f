using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;

namespace MokoCrm.Web.Platform.Tags.Controllers;

/// <summary>/Admin/Tags?kind=crm.thirdparty: the tag tree of one kind of record; create, rename (and recolour), move.</summary>
[Area("Admin")]
[Route("Admin/Tags")]
public sealed class TagsController(ITagService tags, RecordTypeRegistry registry, RecordTabs tabs, AppDbContext db) : Controller
{
    [HttpGet("")]
    [HasPermission(PlatformPermissions.TagsWrite)]
    public async Task<IActionResult> Index(string? kind)
    {
        var kinds = Kinds();
        if (kind is null && kinds.Count > 0)
        {
            return Redirect("/Admin/Tags?kind=" + Uri.EscapeDataString(kinds[0].RecordType));
        }

        var current = kinds.FirstOrDefault(k => k.RecordType == kind);
        var tree = current is null ? [] : await tags.TreeAsync(current.RecordType, HttpContext.RequestAborted);
        return View(new TagsAdminViewModel(kinds, current, tree));
    }

    [HttpPost("new")]
    [HasPermission(PlatformPermissions.TagsWrite)]
    public async Task<IActionResult> Create(string? kind, string? label, long? parentId, string? color)
    {
        if (Kinds().All(k => k.RecordType != kind))
        {
            return NotFound();
        }

        return await SaveAsync(kind!, async () =>
        {
            var tag = await tags.CreateAsync(kind!, label ?? string.Empty, parentId, color, HttpContext.RequestAborted);
            return $"Tag \"{tag.Label}\" created.";
        });
    }

    [HttpPost("{tagId:long}/rename")]
    [HasPermission(PlatformPermissions.TagsWrite)]
    public async Task<IActionResult> Rename(long tagId, string? label, string? color) =>
        await KindOfAsync(tagId) is not { } kind ? NotFound() : await SaveAsync(kind, async () =>
        {
            await tags.RenameAsync(tagId, label ?? string.Empty, color, HttpContext.RequestAborted);
            return "Tag renamed.";
        });

    [HttpPost("{tagId:long}/move")]
    [HasPermission(PlatformPermissions.TagsWrite)]
    public async Task<IActionResult> Move(long tagId, long? parentId) =>
        await KindOfAsync(tagId) is not { } kind ? NotFound() : await SaveAsync(kind, async () =>
        {
            await tags.MoveAsync(tagId, parentId, HttpContext.RequestAborted);
            return "Tag moved.";
        });

    private async Task<IActionResult> SaveAsync(string kind, Func<Task<string>> change)
    {
        try
        {
            var done = await change();
            await db.SaveChangesAsync(HttpContext.RequestAborted);
            this.Success(done);
        }
        catch (NotFoundException)
        {
            this.Error("The parent tag does not exist (any more).");
        }
        catch (DomainException ex)
        {
            this.Error(ex.Message);
        }

        return Redirect("/Admin/Tags?kind=" + Uri.EscapeDataString(kind));
    }

    private async Task<string?> KindOfAsync(long tagId) =>
        (await db.Set<Tag>().FindAsync([tagId], HttpContext.RequestAborted))?.Kind;

    /// <summary>Tags apply to the record types modules declared and can show (they have a describer).</summary>
    private List<TagKind> Kinds() => registry.All
        .Select(t => tabs.DescriberOf(t.RecordType))
        .Where(d => d is not null)
        .Select(d => new TagKind(d!.RecordType, d.TypeLabel))
        .OrderBy(k => k.Label, StringComparer.CurrentCulture)
        .ToList();
}

public sealed record TagKind(string RecordType, string Label);

public sealed record TagsAdminViewModel(IReadOnlyList<TagKind> Kinds, TagKind? Current, IReadOnlyList<TagRow> Tree);
