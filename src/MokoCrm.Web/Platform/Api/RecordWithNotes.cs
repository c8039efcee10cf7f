using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Notes;

namespace MokoCrm.Web.Platform.Api;

/// <summary>
/// A Dolibarr answer's read: one record (with what the query includes, e.g. its lines) and its notes, in one query. Dolibarr
/// shows <c>note_public</c>/<c>note_private</c> on every document, and each action answers the document as stored: reading
/// the notes apart cost a second round trip on every call.
/// </summary>
public static class RecordWithNotes
{
    /// <summary>
    /// The record <paramref name="id"/> of <paramref name="records"/> (the caller's visible, no-tracking query) and the notes
    /// kept for it under <paramref name="recordType"/>; null when the query does not hold it (unknown or not visible).
    /// </summary>
    public static async Task<(T Record, RecordNotes Notes)?> SingleWithNotesAsync<T>(
        this IQueryable<T> records, AppDbContext db, string recordType, long id, CancellationToken cancellationToken)
        where T : Entity
    {
        ArgumentNullException.ThrowIfNull(db);
        // At most one note row per record (unique on record_type, record_id): a left join, never a second row.
        var found = await records.Where(r => r.Id == id)
            .LeftJoin(db.Set<RecordNote>().Where(n => n.RecordType == recordType), r => r.Id, n => n.RecordId,
                (r, n) => new Found<T>(r, n == null ? null : n.PublicNote, n == null ? null : n.PrivateNote))
            .SingleOrDefaultAsync(cancellationToken);
        return found is null ? null
            : (found.Record, found.PublicNote is null && found.PrivateNote is null ? RecordNotes.None : new RecordNotes(found.PublicNote, found.PrivateNote));
    }

    private sealed record Found<T>(T Record, string? PublicNote, string? PrivateNote);
}
