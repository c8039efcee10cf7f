using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Platform.Search.Controllers;

/// <summary>
/// The search box of the top bar: every searchable record type the user may read (third parties, contacts, leads,
/// products, events, and documents as their modules arrive), grouped by type, visibility applied.
/// Signed-in users only; each type's own read right decides whether its group appears.
/// </summary>
[Authorize]
public sealed class SearchController(IEnumerable<IRecordDescriber> describers, IEnumerable<RecordTypeAccess> types, CurrentUserPermissions rights,
    IRecordAccess access) : Controller
{
    private const int PerType = 8;

    [HttpGet("/Search")]
    public async Task<IActionResult> Index(string? q)
    {
        var term = (q ?? "").Trim();
        // One more than shown tells whether there is more.
        var groups = (await SearchAsync(term, PerType + 1))
            .Select(g => new SearchGroup(g.Describer.TypeLabel, g.Hits.Take(PerType).ToList(), g.Hits.Count > PerType)).ToList();
        return View(new SearchViewModel(term, groups));
    }

    /// <summary>
    /// The "any record" picker (an event's linked record): the same search as JSON, values as "type:id" keys.
    /// </summary>
    [HttpGet("/Search/lookup")]
    public async Task<IActionResult> Lookup(string? q) =>
        Json((await SearchAsync((q ?? "").Trim(), 10)).SelectMany(g => g.Hits.Select(h =>
            new { id = new RecordRef(g.Describer.RecordType, h.Id).Key, text = $"{g.Describer.TypeLabel}: {h.Label}" })));

    /// <summary>Every searchable type the user may read, with its hits (access checked again on what came back).</summary>
    private async Task<List<(IRecordDescriber Describer, List<RecordSummary> Hits)>> SearchAsync(string term, int perType)
    {
        var found = new List<(IRecordDescriber, List<RecordSummary>)>();
        if (term.Length < SearchText.MinimumLength)
        {
            return found;
        }

        var effective = await rights.GetAsync();
        var readable = types.Where(t => effective.Has(t.Read)).Select(t => t.RecordType).ToHashSet();
        foreach (var describer in describers.Where(d => d.Searchable && readable.Contains(d.RecordType)))
        {
            var hits = await describer.SearchAsync(term, perType, HttpContext.RequestAborted);
            var allowed = await access.ReadableAsync(describer.RecordType, hits.Select(h => h.Id).ToList(), HttpContext.RequestAborted);
            var visible = hits.Where(h => allowed.Contains(h.Id)).ToList();
            if (visible.Count > 0)
            {
                found.Add((describer, visible));
            }
        }

        return found;
    }
}

public sealed record SearchGroup(string Label, IReadOnlyList<RecordSummary> Hits, bool More);

public sealed record SearchViewModel(string Term, IReadOnlyList<SearchGroup> Groups);
