using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.Web.Platform.Notes;

public sealed record RecordNotes(string? Public, string? Private)
{
    public static readonly RecordNotes None = new(null, null);
}

/// <summary>
/// Reads and changes the notes of any record. Changes go into the DbContext; the caller's SaveChanges commits them
/// together with the rest of its business action (a conversion copies the public note in its own transaction).
/// The caller checks that the user may see the record, and may see private notes.
/// </summary>
public interface INoteService
{
    Task<RecordNotes> GetAsync(RecordRef record, CancellationToken cancellationToken = default);

    /// <summary>Blank text clears the note.</summary>
    Task SetAsync(RecordRef record, NoteKind kind, string? text, CancellationToken cancellationToken = default);

    /// <summary>DOMAIN.md §0: creating a document from another copies the public note.</summary>
    Task CopyPublicAsync(RecordRef from, RecordRef to, CancellationToken cancellationToken = default);

    /// <summary>Drops both notes of a record that is being deleted (no foreign key can do it across modules).</summary>
    Task RemoveAsync(RecordRef record, CancellationToken cancellationToken = default);
}

internal sealed class NoteService(AppDbContext db) : INoteService
{
    public async Task<RecordNotes> GetAsync(RecordRef record, CancellationToken cancellationToken = default)
    {
        var note = await FindAsync(record, cancellationToken);
        return note is null ? RecordNotes.None : new RecordNotes(note.PublicNote, note.PrivateNote);
    }

    public async Task SetAsync(RecordRef record, NoteKind kind, string? text, CancellationToken cancellationToken = default) =>
        Set(await FindAsync(record, cancellationToken), record, kind, text);

    public async Task CopyPublicAsync(RecordRef from, RecordRef to, CancellationToken cancellationToken = default)
    {
        // Both notes in one round trip: every conversion copies. Loaded, so a row not in Local does not exist.
        await db.Set<RecordNote>()
            .Where(n => (n.RecordType == from.Type && n.RecordId == from.Id) || (n.RecordType == to.Type && n.RecordId == to.Id))
            .LoadAsync(cancellationToken);
        Set(Local(to), to, NoteKind.Public, Local(from)?.PublicNote);
    }

    public async Task RemoveAsync(RecordRef record, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(record, cancellationToken) is { } note)
        {
            db.Remove(note);
        }
    }

    private void Set(RecordNote? note, RecordRef record, NoteKind kind, string? text)
    {
        if (note is null)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return;
            }

            note = new RecordNote(record);
            db.Add(note);
        }

        note.Set(kind, text);
    }

    /// <summary>Looks at notes added in this unit of work first: two changes before one save must meet the same row.</summary>
    private async Task<RecordNote?> FindAsync(RecordRef record, CancellationToken cancellationToken) =>
        Local(record) ?? await db.Set<RecordNote>().FirstOrDefaultAsync(n => n.RecordType == record.Type && n.RecordId == record.Id, cancellationToken);

    // Notes are added and removed explicitly and keep their record: no DetectChanges needed to find them.
    private RecordNote? Local(RecordRef record) =>
        db.TrackedWithoutDetecting<RecordNote>().FirstOrDefault(e => e.State != EntityState.Deleted && e.Entity.RecordType == record.Type && e.Entity.RecordId == record.Id)?.Entity;
}

public static class NotesModule
{
    public static IServiceCollection AddNotes(this IServiceCollection services) => services.AddScoped<INoteService, NoteService>();
}
