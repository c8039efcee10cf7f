using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Platform.Links;

/// <summary>Kinds of link the platform knows; modules may use their own lower-case words.</summary>
public static class LinkKinds
{
    /// <summary>The target was created from the source (proposal → order → invoice).</summary>
    public const string Converted = "converted";

    /// <summary>A user linked the two with "Link to…".</summary>
    public const string Manual = "manual";

    /// <summary>The source (a payment) pays the target (an invoice).</summary>
    public const string Pays = "pays";

    public const int MaxLength = 32;
}

/// <summary>
/// A typed edge between two records of any modules. The direction says which came from which (source = upstream);
/// one edge per pair of records, whichever its direction.
/// </summary>
public sealed class RecordLink : Entity
{
    public const int MaxUserNameLength = 200;

    private RecordLink()
    {
        SourceType = TargetType = Kind = string.Empty;
    }

    internal RecordLink(RecordRef source, RecordRef target, string kind, DateTimeOffset createdAt, long? createdById, string? createdByName)
    {
        SourceType = source.Type;
        SourceId = source.Id;
        TargetType = target.Type;
        TargetId = target.Id;
        Kind = kind;
        CreatedAt = createdAt;
        CreatedById = createdById;
        CreatedByName = createdByName is { Length: > MaxUserNameLength } ? createdByName[..MaxUserNameLength] : createdByName;
    }

    public string SourceType { get; private set; }

    public long SourceId { get; private set; }

    public string TargetType { get; private set; }

    public long TargetId { get; private set; }

    public string Kind { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public long? CreatedById { get; private set; }

    public string? CreatedByName { get; private set; }

    public RecordRef Source => new(SourceType, SourceId);

    public RecordRef Target => new(TargetType, TargetId);

    public bool Joins(RecordRef a, RecordRef b) => (Source == a && Target == b) || (Source == b && Target == a);
}

internal sealed class RecordLinkConfiguration : IEntityTypeConfiguration<RecordLink>
{
    public void Configure(EntityTypeBuilder<RecordLink> builder)
    {
        builder.ToTable("record_links");
        builder.Property(l => l.SourceType).HasMaxLength(RecordTypes.MaxLength);
        builder.Property(l => l.TargetType).HasMaxLength(RecordTypes.MaxLength);
        builder.Property(l => l.Kind).HasMaxLength(LinkKinds.MaxLength);
        builder.Property(l => l.CreatedByName).HasMaxLength(RecordLink.MaxUserNameLength);
        // Walking downstream (what came from this record) and holding one edge per direction.
        builder.HasIndex(l => new { l.SourceType, l.SourceId, l.TargetType, l.TargetId }).IsUnique();
        // Walking upstream (where this record came from, who pays it).
        builder.HasIndex(l => new { l.TargetType, l.TargetId, l.SourceType, l.SourceId });
        builder.Ignore(l => l.Source);
        builder.Ignore(l => l.Target);
        builder.Ignore(l => l.DomainEvents);
    }
}
