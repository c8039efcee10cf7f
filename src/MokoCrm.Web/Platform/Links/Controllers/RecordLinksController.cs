using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;

namespace MokoCrm.Web.Platform.Links.Controllers;

/// <summary>/Records/{type}/{id}/links: the Linked objects tab of any record, with "Link to…" and unlink.</summary>
[Route("Records/{type}/{id:long}/links")]
public sealed class RecordLinksController(
    RecordTabs tabs,
    ILinkQueries queries,
    ILinkService links,
    IRecordAccess access,
    RecordTypeRegistry registry,
    CurrentUserPermissions rights,
    AppDbContext db) : Controller
{
    private const int PickerSize = 20;

    [HttpGet("")]
    [RecordRight(RecordAction.Read)]
    public async Task<IActionResult> Index()
    {
        var record = RecordRightAttribute.RecordOf(HttpContext);
        if (await tabs.HeaderAsync(record, HttpContext.RequestAborted) is not { } header)
        {
            return NotFound();
        }

        var chain = await queries.ChainAsync(record, RecordTabs.ChainDepth, HttpContext.RequestAborted);
        var canLink = await access.CanAsync(record, RecordAction.Link, HttpContext.RequestAborted);
        var groups = chain.Records.GroupBy(r => r.TypeLabel).OrderBy(g => g.Key, StringComparer.CurrentCulture)
            .Select(g => new LinkGroup(g.Key, g.OrderBy(r => r.Depth).ThenBy(r => r.Summary.Date).ToList())).ToList();
        return View(new LinksTabViewModel(
            await tabs.BuildAsync(header, RecordTabs.Links, cancellationToken: HttpContext.RequestAborted),
            groups,
            canLink,
            canLink ? await LinkableTypesAsync() : []));
    }

    /// <summary>The "Link to…" picker: records of one type matching what the user types, only those they may see.</summary>
    [HttpGet("lookup")]
    [RecordRight(RecordAction.Link)]
    public async Task<IActionResult> Lookup(string? linkType, string? q)
    {
        var record = RecordRightAttribute.RecordOf(HttpContext);
        if (linkType is null || tabs.DescriberOf(linkType) is not { Searchable: true } describer)
        {
            return Json(Array.Empty<object>());
        }

        var found = await describer.SearchAsync((q ?? string.Empty).Trim(), PickerSize, HttpContext.RequestAborted);
        var readable = await access.ReadableAsync(linkType, found.Select(f => f.Id).ToList(), HttpContext.RequestAborted);
        return Json(found
            .Where(f => readable.Contains(f.Id) && new RecordRef(linkType, f.Id) != record)
            .Select(f => new { id = new RecordRef(linkType, f.Id).Key, text = Describe(f) }));
    }

    [HttpPost("")]
    [RecordRight(RecordAction.Link)]
    public async Task<IActionResult> Link(string? target)
    {
        var record = RecordRightAttribute.RecordOf(HttpContext);
        if (!RecordRef.TryParse(target, out var other))
        {
            this.Error("Choose the record to link to.");
        }
        else if (other == record)
        {
            this.Error("A record cannot be linked to itself.");
        }
        else if (!await access.CanReadAsync(other, HttpContext.RequestAborted) || await tabs.HeaderAsync(other, HttpContext.RequestAborted) is not { } otherHeader)
        {
            this.Error("The record to link to was not found.");
        }
        else
        {
            try
            {
                if (await links.LinkAsync(record, other, LinkKinds.Manual, HttpContext.RequestAborted))
                {
                    await db.SaveChangesAsync(HttpContext.RequestAborted);
                    this.Success($"Linked to {otherHeader.TypeLabel} {otherHeader.Summary.Label}.");
                }
                else
                {
                    this.Warning($"Already linked to {otherHeader.TypeLabel} {otherHeader.Summary.Label}.");
                }
            }
            catch (DomainException ex)
            {
                this.Error(ex.Message);
            }
        }

        return Redirect(RecordTabs.UrlOf(record) + "/links");
    }

    [HttpPost("unlink")]
    [RecordRight(RecordAction.Link)]
    public async Task<IActionResult> Unlink(string? other)
    {
        var record = RecordRightAttribute.RecordOf(HttpContext);
        if (RecordRef.TryParse(other, out var linked) && await links.UnlinkAsync(record, linked, HttpContext.RequestAborted))
        {
            await db.SaveChangesAsync(HttpContext.RequestAborted);
            this.Success("Link removed.");
        }
        else
        {
            this.Error("These records are not linked (any more).");
        }

        return Redirect(RecordTabs.UrlOf(record) + "/links");
    }

    private async Task<IReadOnlyList<LinkableType>> LinkableTypesAsync()
    {
        var effective = await rights.GetAsync();
        return registry.All
            .Where(t => effective.Has(t.Read))
            .Select(t => tabs.DescriberOf(t.RecordType))
            .Where(d => d is { Searchable: true })
            .Select(d => new LinkableType(d!.RecordType, d.TypeLabel))
            .OrderBy(t => t.Label, StringComparer.CurrentCulture)
            .ToList();
    }

    private static string Describe(RecordSummary s) =>
        string.Join(" · ", new[] { s.Label, s.Date?.ToString("d"), s.Amount?.ToString("N2"), s.Status }.Where(p => !string.IsNullOrEmpty(p)));
}

public sealed record LinkGroup(string TypeLabel, IReadOnlyList<LinkedRecord> Records);

public sealed record LinkableType(string RecordType, string Label);

public sealed record LinksTabViewModel(RecordTabsViewModel Tabs, IReadOnlyList<LinkGroup> Groups, bool CanLink, IReadOnlyList<LinkableType> LinkableTypes);
