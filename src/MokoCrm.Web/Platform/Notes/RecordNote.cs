using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.Web.Platform.Notes;

public enum NoteKind
{
    /// <summary>Printed on documents and copied by conversions.</summary>
    Public,

    /// <summary>Internal only, never printed.</summary>
    Private,
}

/// <summary>
/// The public and private note of one record of any module. One table for every record type rather than two
/// columns per module table: the Notes tab, its audit and its copy-on-conversion are written once, and no module
/// list reads notes, so keeping them out of the wide document tables costs nothing where lists must be fast.
/// </summary>
public sealed class RecordNote : Entity, IAuditedPart
{
    public const int MaxLength = 100_000;

    private RecordNote()
    {
        RecordType = string.Empty;
    }

    internal RecordNote(RecordRef record)
    {
        RecordType = record.Type;
        RecordId = record.Id;
    }

    // The owning record is the audit row's subject already; repeating it as a change would be noise.
    [NotAudited]
    public string RecordType { get; private set; }

    [NotAudited]
    public long RecordId { get; private set; }

    public string? PublicNote { get; private set; }

    public string? PrivateNote { get; private set; }

    public RecordRef AuditedRecord => new(RecordType, RecordId);

    public string? Get(NoteKind kind) => kind == NoteKind.Public ? PublicNote : PrivateNote;

    internal void Set(NoteKind kind, string? text)
    {
        var clean = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (clean is { Length: > MaxLength })
        {
            throw new DomainException($"A note has at most {MaxLength:N0} characters.");
        }

        if (kind == NoteKind.Public)
        {
            PublicNote = clean;
        }
        else
        {
            PrivateNote = clean;
        }
    }
}

internal sealed class RecordNoteConfiguration : IEntityTypeConfiguration<RecordNote>
{
    public void Configure(EntityTypeBuilder<RecordNote> builder)
    {
        builder.ToTable("record_notes");
        builder.Property(n => n.RecordType).HasMaxLength(RecordTypes.MaxLength);
        builder.HasIndex(n => new { n.RecordType, n.RecordId }).IsUnique();
        builder.Ignore(n => n.AuditedRecord);
        builder.Ignore(n => n.DomainEvents);
    }
}
