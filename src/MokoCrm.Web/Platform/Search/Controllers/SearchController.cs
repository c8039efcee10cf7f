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
        var groups = new List<SearchGroup>();
        if (term.Length >= SearchText.MinimumLength)
        {
            var effective = await rights.GetAsync();
            var readable = types.Where(t => effective.Has(t.Read)).Select(t => t.RecordType).ToHashSet();
            foreach (var describer in describers.Where(d => d.Searchable && readable.Contains(d.RecordType)))
            {
                // One more than shown tells whether there is more; access is checked again on what came back.
                var found = await describer.SearchAsync(term, PerType + 1, HttpContext.RequestAborted);
                var allowed = await access.ReadableAsync(describer.RecordType, found.Select(f => f.Id).ToList(), HttpContext.RequestAborted);
                var hits = found.Where(f => allowed.Contains(f.Id)).ToList();
                if (hits.Count > 0)
                {
                    groups.Add(new SearchGroup(describer.TypeLabel, hits.Take(PerType).ToList(), hits.Count > PerType));
                }
            }
        }

        return View(new SearchViewModel(term, groups));
    }

    /// <summary>
    /// The "any record" picker (an event's linked record): the same search as JSON, values as "type:id" keys.
    /// </summary>
    [HttpGet("/Search/lookup")]
    public async Task<IActionResult> Lookup(string? q)
    {
        var term = (q ?? "").Trim();
        var found = new List<object>();
        if (term.Length >= SearchText.MinimumLength)
        {
            var effective = await rights.GetAsync();
            var readable = types.Where(t => effective.Has(t.Read)).Select(t => t.RecordType).ToHashSet();
            foreach (var describer in describers.Where(d => d.Searchable && readable.Contains(d.RecordType)))
            {
                var hits = await describer.SearchAsync(term, 10, HttpContext.RequestAborted);
                var allowed = await access.ReadableAsync(describer.RecordType, hits.Select(h => h.Id).ToList(), HttpContext.RequestAborted);
                found.AddRange(hits.Where(h => allowed.Contains(h.Id))
                    .Select(h => new { id = new RecordRef(describer.RecordType, h.Id).Key, text = $"{describer.TypeLabel}: {h.Label}" }));
            }
        }

        return Json(found);
    }
}

public sealed record SearchGroup(string Label, IReadOnlyList<RecordSummary> Hits, bool More);

public sealed record SearchViewModel(string Term, IReadOnlyList<SearchGroup> Groups);
