using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Platform.Audit.Controllers;

/// <summary>/Records/{type}/{id}/history: who changed what and when, newest first, one keyset page at a time.</summary>
[Route("Records/{type}/{id:long}/history")]
public sealed class RecordHistoryController(RecordTabs tabs, IAuditTrail trail, IRecordAccess access) : Controller
{
    public const int PageSize = 50;

    [HttpGet("")]
    [RecordRight(RecordAction.Read)]
    public async Task<IActionResult> Index(string? after, int size = PageSize)
    {
        var record = RecordRightAttribute.RecordOf(HttpContext);
        if (await tabs.HeaderAsync(record, HttpContext.RequestAborted) is not { } header)
        {
            return NotFound();
        }

        var page = await trail.ForRecordAsync(record, new AuditPageRequest(Math.Clamp(size, 1, AuditPageRequest.MaxSize), ParseCursor(after)), HttpContext.RequestAborted);
        var rows = page.Rows;
        if (!await access.CanAsync(record, RecordAction.Write, HttpContext.RequestAborted))
        {
            // The private note is shown only to those who may change the record; its history must not tell it either.
            // A row that changed nothing but the private note disappears with it.
            rows = rows
                .Select(r => (Row: r, Kept: r.Changes.Where(c => !c.Property.EndsWith("PrivateNote", StringComparison.Ordinal)).ToList()))
                .Where(r => r.Kept.Count > 0 || r.Row.Changes.Count == 0)
                .Select(r => r.Row with { Changes = r.Kept })
                .ToList();
        }

        return View(new HistoryTabViewModel(
            await tabs.BuildAsync(header, RecordTabs.History, cancellationToken: HttpContext.RequestAborted),
            rows,
            page.Next is { } next ? FormatCursor(next) : null,
            after is not null));
    }

    /// <summary>"638700000000000000-42": the UTC ticks and id of the last row shown. Anything else starts over.</summary>
    internal static AuditCursor? ParseCursor(string? text)
    {
        var parts = text?.Split('-');
        return parts is [var ticks, var id]
            && long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t >= DateTimeOffset.MinValue.UtcTicks && t <= DateTimeOffset.MaxValue.UtcTicks
            && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            ? new AuditCursor(new DateTimeOffset(t, TimeSpan.Zero), i)
            : null;
    }

    internal static string FormatCursor(AuditCursor cursor) =>
        cursor.OccurredAt.UtcTicks.ToString(CultureInfo.InvariantCulture) + "-" + cursor.Id.ToString(CultureInfo.InvariantCulture);
}

/// <param name="Next">Cursor of the next (older) page, null on the last page.</param>
public sealed record HistoryTabViewModel(RecordTabsViewModel Tabs, IReadOnlyList<AuditRow> Rows, string? Next, bool IsFirstPage);
