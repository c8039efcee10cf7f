using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.Web.Platform.Tags;

/// <summary>
/// A tag (Dolibarr's "category") for one kind of record, in a tree. <see cref="Path"/> is the materialized path of
/// ids from the root down to the tag itself ("/4/17/52/"): the tag and all its descendants are the tags whose path
/// contains "/17/", so a list filter needs no recursive query, and HiLo gives the id before the insert so the path
/// is complete from the start.
/// </summary>
public sealed partial class Tag : Entity, IAudited
{
    public const int MaxLabelLength = 100;
    public const int MaxPathLength = 400;

    private Tag()
    {
        Kind = Label = Path = string.Empty;
    }

    private Tag(string kind, string label, string? color)
    {
        Kind = kind;
        Label = CleanLabel(label);
        Color = CleanColor(color);
        Path = string.Empty;
    }

    /// <summary>The record type the tag applies to ("crm.thirdparty").</summary>
    public string Kind { get; private set; }

    public string Label { get; private set; }

    public long? ParentId { get; private set; }

    /// <summary>"#RRGGBB" or none.</summary>
    public string? Color { get; private set; }

    // Derived from ParentId; recording it would repeat every move in the history under a second name.
    [NotAudited]
    public string Path { get; private set; }

    internal static Tag Create(string kind, string label, string? color)
    {
        RecordTypes.EnsureValid(kind);
        return new Tag(kind, label, color);
    }

    /// <summary>Marker matching this tag and its descendants in <see cref="Path"/>.</summary>
    internal static string PathMarker(long tagId) => "/" + tagId.ToString(CultureInfo.InvariantCulture) + "/";

    internal bool IsSelfOrAncestorOf(Tag other) => other.Path.Contains(PathMarker(Id), StringComparison.Ordinal);

    /// <summary>Sets the parent and the path; the caller rewrites the descendants' paths with <see cref="Reroot"/>.</summary>
    internal void PlaceUnder(Tag? parent)
    {
        if (Id == 0)
        {
            throw new InvalidOperationException("A tag gets its place once it is added to the DbContext (its id is part of the path).");
        }

        if (parent is not null && (parent.Kind != Kind || IsSelfOrAncestorOf(parent)))
        {
            throw new DomainException(parent.Kind != Kind
                ? $"The tag \"{Label}\" cannot be placed under a tag of another kind."
                : $"The tag \"{Label}\" cannot be moved under itself or one of its own sub-tags.");
        }

        var path = (parent?.Path ?? "/") + Id.ToString(CultureInfo.InvariantCulture) + "/";
        if (path.Length > MaxPathLength)
        {
            throw new DomainException("Tags cannot be nested that deep.");
        }

        ParentId = parent?.Id;
        Path = path;
    }

    internal void Reroot(string oldPrefix, string newPrefix)
    {
        var path = newPrefix + Path[oldPrefix.Length..];
        Path = path.Length <= MaxPathLength ? path : throw new DomainException("Tags cannot be nested that deep.");
    }

    internal void Rename(string label) => Label = CleanLabel(label);

    internal void Recolor(string? color) => Color = CleanColor(color);

    private static string CleanLabel(string label)
    {
        var clean = label?.Trim() ?? string.Empty;
        return clean.Length switch
        {
            0 => throw new DomainException("A tag needs a label."),
            > MaxLabelLength => throw new DomainException($"A tag label has at most {MaxLabelLength} characters."),
            _ => clean,
        };
    }

    private static string? CleanColor(string? color) =>
        string.IsNullOrWhiteSpace(color) ? null
        : ColorPattern().IsMatch(color.Trim()) ? color.Trim().ToLowerInvariant()
        : throw new DomainException("A tag colour is written #RRGGBB.");

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex ColorPattern();
}

/// <summary>One record carries one tag; a pair is stored once.</summary>
public sealed class TagAssignment : Entity
{
    private TagAssignment()
    {
        Kind = string.Empty;
    }

    internal TagAssignment(string kind, long recordId, long tagId)
    {
        Kind = kind;
        RecordId = recordId;
        TagId = tagId;
    }

    public string Kind { get; private set; }

    public long RecordId { get; private set; }

    public long TagId { get; private set; }
}

internal sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> builder)
    {
        builder.ToTable("tags");
        builder.Property(t => t.Kind).HasMaxLength(RecordTypes.MaxLength);
        builder.Property(t => t.Label).HasMaxLength(Tag.MaxLabelLength);
        builder.Property(t => t.Color).HasMaxLength(7);
        builder.Property(t => t.Path).HasMaxLength(Tag.MaxPathLength);
        builder.HasOne<Tag>().WithMany().HasForeignKey(t => t.ParentId).OnDelete(DeleteBehavior.Restrict);
        // text_pattern_ops lets "path LIKE '/4/17/%'" (a subtree, when moving) use the index whatever the collation.
        builder.HasIndex(t => new { t.Kind, t.Path }).HasOperators("text_ops", "text_pattern_ops");
        builder.HasIndex(t => new { t.Kind, t.ParentId, t.Label });
        builder.Ignore(t => t.DomainEvents);
    }
}

internal sealed class TagAssignmentConfiguration : IEntityTypeConfiguration<TagAssignment>
{
    public void Configure(EntityTypeBuilder<TagAssignment> builder)
    {
        builder.ToTable("tag_assignments");
        builder.Property(a => a.Kind).HasMaxLength(RecordTypes.MaxLength);
        builder.HasOne<Tag>().WithMany().HasForeignKey(a => a.TagId).OnDelete(DeleteBehavior.Cascade);
        // The list filter reads (kind, tag) → record ids from this index alone; the unique rule comes with it.
        builder.HasIndex(a => new { a.Kind, a.TagId, a.RecordId }).IsUnique();
        // A card or a list page asks the other way round: the tags of these records.
        builder.HasIndex(a => new { a.Kind, a.RecordId });
        builder.Ignore(a => a.DomainEvents);
    }
}
