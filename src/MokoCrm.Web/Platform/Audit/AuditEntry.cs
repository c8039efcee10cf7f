using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.Web.Platform.Audit;

/// <summary>
/// One action on one record: who, when, what changed. Written by <see cref="AuditInterceptor"/> in the same
/// transaction as the change, never updated afterwards.
/// </summary>
public sealed class AuditEntry : Entity
{
    public const int MaxActionLength = 64;
    public const int MaxUserNameLength = 200;

    private AuditEntry()
    {
        RecordType = Action = Changes = string.Empty;
    }

    internal AuditEntry(RecordRef record, string action, long? userId, string? userName, DateTimeOffset occurredAt, string changes)
    {
        RecordType = record.Type;
        RecordId = record.Id;
        Action = action;
        UserId = userId;
        // The name is copied, not joined: history must show who acted even after the user is renamed or deleted.
        UserName = userName is { Length: > MaxUserNameLength } ? userName[..MaxUserNameLength] : userName;
        OccurredAt = occurredAt;
        Changes = changes;
    }

    public string RecordType { get; private set; }

    public long RecordId { get; private set; }

    public string Action { get; private set; }

    public long? UserId { get; private set; }

    public string? UserName { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    /// <summary>jsonb array of {"property", "old", "new"}; only properties whose value changed.</summary>
    public string Changes { get; private set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_entries");
        builder.Property(e => e.RecordType).HasMaxLength(RecordTypes.MaxLength);
        builder.Property(e => e.Action).HasMaxLength(AuditEntry.MaxActionLength);
        builder.Property(e => e.UserName).HasMaxLength(AuditEntry.MaxUserNameLength);
        builder.Property(e => e.Changes).HasColumnType("jsonb");
        // Serves the History tab's keyset paging (newest first) with an index-only range scan per record.
        builder.HasIndex(e => new { e.RecordType, e.RecordId, e.OccurredAt, e.Id }).IsDescending(false, false, true, true);
        builder.Ignore(e => e.DomainEvents);
    }
}
