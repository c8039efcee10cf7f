using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Platform.Api;

/// <summary>
/// A record linked to another, as the Linked objects tab shows it: its type, number (or name), date, amount and status
/// where the tab shows them, how it was reached, and its native URL (null for a type the native API does not serve).
/// </summary>
/// <param name="Depth">1 for a direct link, 2 for a link of a linked record, and so on.</param>
/// <param name="Via">The record it was reached from ("sales.order:12"): the record asked about for direct links.</param>
/// <param name="Direction">upstream: it came before the record it was reached from (or acts on it, as a payment); downstream: it was made from it.</param>
public sealed record LinkedRecordResource(
    string Type, string TypeLabel, long Id, string Reference, DateOnly? Date, decimal? Amount, string? Status,
    int Depth, string Kind, LinkDirection Direction, string Via, string? Url);

/// <summary>
/// The shared endpoints of every record the native API serves (docs/adr/0014-rest-api.md), written once and mapped
/// under each record resource by <see cref="NativeRecordRoutes"/> (/api/v1/invoices/{id}/links...), on the services
/// of the record tabs: the same chain, the same visibility. A record the key's user may not see is a 404.
/// </summary>
public sealed class NativeRecordsController(RecordTabs tabs, ILinkQueries links, IRecordAccess access) : NativeApiController
{
    /// <summary>
    /// The records linked to this one, directly and through their own links up to <c>depth</c> steps (3, as the
    /// Linked objects tab, when left out; at most 6), nearest first; only records the key's user may see.
    /// </summary>
    [HttpGet("{id:long}/links")]
    [RecordTypeRight]
    [ProducesResponseType<NativePage<LinkedRecordResource>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Links(long id, int? depth)
    {
        if (depth is < 1 or > ILinkQueries.MaxDepth)
        {
            throw ApiException.BadRequest("Some parameters are not valid.", new Dictionary<string, string[]> { ["depth"] = [$"depth is between 1 and {ILinkQueries.MaxDepth}."] });
        }

        var record = await RecordAsync(id);
        var chain = await links.ChainAsync(record, depth ?? RecordTabs.ChainDepth, Aborted);
        return Answer(new NativePage<LinkedRecordResource>(chain.Records.Select(Show).ToList(), null));
    }

    private static LinkedRecordResource Show(LinkedRecord r) => new(
        r.Record.Type, r.TypeLabel, r.Record.Id, r.Summary.Label, r.Summary.Date, r.Summary.Amount, r.Summary.Status,
        r.Depth, r.Kind, r.Direction, r.Via.Key, NativeRecordResources.UrlOf(r.Record));

    /// <summary>The record of the route, checked as the tabs check it: unseen or unknown is a 404.</summary>
    private async Task<RecordRef> RecordAsync(long id)
    {
        var endpoint = HttpContext.GetEndpoint()?.Metadata.GetMetadata<NativeRecordEndpoint>()
            ?? throw new InvalidOperationException("This action is mapped per record resource by NativeRecordRoutes.");
        if (!RecordRef.TryCreate(endpoint.RecordType, id, out var record)
            || !await access.CanReadAsync(record, Aborted)
            || await tabs.HeaderAsync(record, Aborted) is null)
        {
            throw ApiException.NotFound("Record not found.");
        }

        return record;
    }
}
