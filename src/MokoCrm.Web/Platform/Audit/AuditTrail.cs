using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.Web.Platform.Audit;

/// <summary>Reads a record's history for the History tab.</summary>
public interface IAuditTrail
{
    /// <summary>Newest first, one keyset page at a time: pass the previous page's <see cref="AuditPage.Next"/> to go on.</summary>
    Task<AuditPage> ForRecordAsync(RecordRef record, AuditPageRequest request, CancellationToken cancellationToken = default);
}

/// <param name="Size">Rows per page, 1 to <see cref="MaxSize"/>.</param>
/// <param name="After">Where the previous page ended; null for the newest rows.</param>
public sealed record AuditPageRequest(int Size = AuditPageRequest.DefaultSize, AuditCursor? After = null)
{
    public const int DefaultSize = 50;
    public const int MaxSize = 200;
}

/// <summary>Position in a record's history: rows of one save share a timestamp, the id breaks the tie.</summary>
public sealed record AuditCursor(DateTimeOffset OccurredAt, long Id);

public sealed record AuditPage(IReadOnlyList<AuditRow> Rows, AuditCursor? Next);

public sealed record AuditRow(long Id, string Action, long? UserId, string? UserName, DateTimeOffset OccurredAt, IReadOnlyList<AuditChange> Changes);

/// <summary>Values as text (JSON strings unquoted, numbers and dates in invariant form); null when there was none.</summary>
public sealed record AuditChange(string Property, string? Old, string? New);

internal sealed class AuditTrail(AppDbContext db) : IAuditTrail
{
    public async Task<AuditPage> ForRecordAsync(RecordRef record, AuditPageRequest request, CancellationToken cancellationToken = default)
    {
        var size = Math.Clamp(request.Size, 1, AuditPageRequest.MaxSize);
        var query = db.Set<AuditEntry>().AsNoTracking()
            .Where(e => e.RecordType == record.Type && e.RecordId == record.Id);
        if (request.After is { } after)
        {
            query = query.Where(e => e.OccurredAt < after.OccurredAt || (e.OccurredAt == after.OccurredAt && e.Id < after.Id));
        }

        // One row more than asked tells whether a next page exists without counting the whole history.
        var entries = await query
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Take(size + 1)
            .Select(e => new { e.Id, e.Action, e.UserId, e.UserName, e.OccurredAt, e.Changes })
            .ToListAsync(cancellationToken);

        var rows = entries.Take(size)
            .Select(e => new AuditRow(e.Id, e.Action, e.UserId, e.UserName, e.OccurredAt, ParseChanges(e.Changes)))
            .ToList();
        var next = entries.Count > size ? new AuditCursor(rows[^1].OccurredAt, rows[^1].Id) : null;
        return new AuditPage(rows, next);
    }

    private static List<AuditChange> ParseChanges(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray()
            .Select(c => new AuditChange(c.GetProperty("property").GetString()!, Text(c, "old"), Text(c, "new")))
            .ToList();
    }

    private static string? Text(JsonElement change, string name) =>
        !change.TryGetProperty(name, out var value) ? null : value.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.String => value.GetString(),
            _ => value.GetRawText(),
        };
}
