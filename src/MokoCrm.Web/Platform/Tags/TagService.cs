using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.Web.Platform.Tags;

public sealed record TagRow(long Id, string Label, long? ParentId, string? Color, int Depth);

/// <summary>
/// Tags of every kind of record. Changes go into the DbContext and the caller's SaveChanges commits them;
/// <see cref="RecordIdsWithTag"/> is a query to compose into a list's own SQL.
/// </summary>
public interface ITagService
{
    Task<Tag> CreateAsync(string kind, string label, long? parentId = null, string? color = null, CancellationToken cancellationToken = default);

    Task RenameAsync(long tagId, string label, string? color, CancellationToken cancellationToken = default);

    /// <summary>Moves the tag and its subtree under <paramref name="newParentId"/> (null: to the root). Refuses cycles.</summary>
    Task MoveAsync(long tagId, long? newParentId, CancellationToken cancellationToken = default);

    /// <summary>Does nothing when the record already carries the tag.</summary>
    Task AssignAsync(string kind, long recordId, long tagId, CancellationToken cancellationToken = default);

    Task UnassignAsync(string kind, long recordId, long tagId, CancellationToken cancellationToken = default);

    /// <summary>Takes every tag off a record that is being deleted (no foreign key can do it across modules).</summary>
    Task UnassignAllAsync(string kind, long recordId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ids of the records of <paramref name="kind"/> carrying the tag (or, with <paramref name="includeDescendants"/>,
    /// any tag below it). Compose it: <c>invoices.Where(i => ids.Contains(i.Id))</c> becomes one SQL statement.
    /// An id may appear more than once; IN/EXISTS do not care.
    /// </summary>
    IQueryable<long> RecordIdsWithTag(string kind, long tagId, bool includeDescendants);

    /// <summary>Every tag of the kind in tree order (parents before children), for pickers and the admin tree.</summary>
    Task<IReadOnlyList<TagRow>> TreeAsync(string kind, CancellationToken cancellationToken = default);

    /// <summary>The tags of a page of records in one query (no query per row).</summary>
    Task<ILookup<long, TagRow>> ForRecordsAsync(string kind, IReadOnlyCollection<long> recordIds, CancellationToken cancellationToken = default);
}

internal sealed class TagService(AppDbContext db) : ITagService
{
    private DbSet<Tag> Tags => db.Set<Tag>();

    private DbSet<TagAssignment> Assignments => db.Set<TagAssignment>();

    public async Task<Tag> CreateAsync(string kind, string label, long? parentId = null, string? color = null, CancellationToken cancellationToken = default)
    {
        var tag = Tag.Create(kind, label, color);
        var parent = parentId is { } id ? await GetAsync(id, cancellationToken) : null;
        await EnsureLabelFreeAsync(kind, parent?.Id, tag.Label, exceptId: null, cancellationToken);
        db.Add(tag); // HiLo gives the id now, and the id is the last step of the path
        tag.PlaceUnder(parent);
        return tag;
    }

    public async Task RenameAsync(long tagId, string label, string? color, CancellationToken cancellationToken = default)
    {
        var tag = await GetAsync(tagId, cancellationToken);
        tag.Rename(label);
        tag.Recolor(color);
        await EnsureLabelFreeAsync(tag.Kind, tag.ParentId, tag.Label, tag.Id, cancellationToken);
    }

    public async Task MoveAsync(long tagId, long? newParentId, CancellationToken cancellationToken = default)
    {
        var tag = await GetAsync(tagId, cancellationToken);
        var parent = newParentId is { } id ? await GetAsync(id, cancellationToken) : null;
        if (tag.ParentId == parent?.Id)
        {
            return;
        }

        var oldPrefix = tag.Path;
        tag.PlaceUnder(parent); // refuses a parent of another kind and a parent inside the subtree
        await EnsureLabelFreeAsync(tag.Kind, parent?.Id, tag.Label, tag.Id, cancellationToken);
        var descendants = await Tags
            .Where(t => t.Kind == tag.Kind && t.Path.StartsWith(oldPrefix) && t.Id != tag.Id)
            .ToListAsync(cancellationToken);
        foreach (var descendant in descendants)
        {
            descendant.Reroot(oldPrefix, tag.Path);
        }
    }

    public async Task AssignAsync(string kind, long recordId, long tagId, CancellationToken cancellationToken = default)
    {
        var tag = await GetAsync(tagId, cancellationToken);
        if (tag.Kind != kind)
        {
            throw new DomainException($"The tag \"{tag.Label}\" is not for this kind of record.");
        }

        var exists = Assignments.Local.Any(a => a.Kind == kind && a.RecordId == recordId && a.TagId == tagId && db.Entry(a).State != EntityState.Deleted)
            || await Assignments.AnyAsync(a => a.Kind == kind && a.RecordId == recordId && a.TagId == tagId, cancellationToken);
        if (!exists)
        {
            db.Add(new TagAssignment(kind, recordId, tagId));
        }
    }

    public async Task UnassignAsync(string kind, long recordId, long tagId, CancellationToken cancellationToken = default)
    {
        var assignment = Assignments.Local.FirstOrDefault(a => a.Kind == kind && a.RecordId == recordId && a.TagId == tagId)
            ?? await Assignments.FirstOrDefaultAsync(a => a.Kind == kind && a.RecordId == recordId && a.TagId == tagId, cancellationToken);
        if (assignment is not null)
        {
            db.Remove(assignment);
        }
    }

    public async Task UnassignAllAsync(string kind, long recordId, CancellationToken cancellationToken = default)
    {
        var assignments = await Assignments.Where(a => a.Kind == kind && a.RecordId == recordId).ToListAsync(cancellationToken);
        assignments.AddRange(Assignments.Local.Where(a => a.Kind == kind && a.RecordId == recordId && db.Entry(a).State == EntityState.Added));
        Assignments.RemoveRange(assignments);
    }

    public IQueryable<long> RecordIdsWithTag(string kind, long tagId, bool includeDescendants)
    {
        if (!includeDescendants)
        {
            return Assignments.Where(a => a.Kind == kind && a.TagId == tagId).Select(a => a.RecordId);
        }

        // The tags table holds hundreds of rows per kind, not millions: scanning it for the marker is cheap, and the
        // expensive side (assignments) is read through its (kind, tag_id, record_id) index. LIKE, not Contains:
        // PostgreSQL estimates a LIKE pattern from the column statistics, while strpos() (what Contains becomes) gets
        // a blind 33%; with 1M tagged records that blind guess made "rare tag, ORDER BY id LIMIT 50" walk 50k rows
        // (420 ms) instead of fetching the 1000 tagged ids (15 ms). The pattern holds only digits and slashes.
        var pattern = "%" + Tag.PathMarker(tagId) + "%";
        var tagIds = Tags.Where(t => t.Kind == kind && EF.Functions.Like(t.Path, pattern)).Select(t => t.Id);
        return Assignments.Where(a => a.Kind == kind && tagIds.Contains(a.TagId)).Select(a => a.RecordId);
    }

    public async Task<IReadOnlyList<TagRow>> TreeAsync(string kind, CancellationToken cancellationToken = default)
    {
        var tags = await Tags.AsNoTracking().Where(t => t.Kind == kind)
            .Select(t => new { t.Id, t.Label, t.ParentId, t.Color, t.Path })
            .ToListAsync(cancellationToken);
        var byId = tags.ToDictionary(t => t.Id);
        // Sort by the labels along the path, so siblings are alphabetical and children follow their parent.
        return tags
            .Select(t => (Tag: t, Key: t.Path.Trim('/').Split('/').Select(id => byId.TryGetValue(long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), out var a) ? a.Label.ToUpperInvariant() + "\u0001" + a.Id : string.Empty).ToArray()))
            .OrderBy(t => t.Key, PathComparer.Instance)
            .Select(t => new TagRow(t.Tag.Id, t.Tag.Label, t.Tag.ParentId, t.Tag.Color, t.Key.Length - 1))
            .ToList();
    }

    public async Task<ILookup<long, TagRow>> ForRecordsAsync(string kind, IReadOnlyCollection<long> recordIds, CancellationToken cancellationToken = default)
    {
        var ids = recordIds.Distinct().ToArray();
        var rows = await Assignments.AsNoTracking()
            .Where(a => a.Kind == kind && ids.Contains(a.RecordId))
            .Join(Tags, a => a.TagId, t => t.Id, (a, t) => new { a.RecordId, t.Id, t.Label, t.ParentId, t.Color, t.Path })
            .OrderBy(r => r.Label)
            .ToListAsync(cancellationToken);
        return rows.ToLookup(r => r.RecordId, r => new TagRow(r.Id, r.Label, r.ParentId, r.Color, r.Path.Count(c => c == '/') - 2));
    }

    private async Task<Tag> GetAsync(long tagId, CancellationToken cancellationToken) =>
        await Tags.FindAsync([tagId], cancellationToken) ?? throw new NotFoundException("The tag");

    private async Task EnsureLabelFreeAsync(string kind, long? parentId, string label, long? exceptId, CancellationToken cancellationToken)
    {
        var upper = label.ToUpperInvariant();
        var taken = Tags.Local.Any(t => t.Kind == kind && t.ParentId == parentId && t.Id != exceptId && t.Label.ToUpperInvariant() == upper)
            || await Tags.AnyAsync(t => t.Kind == kind && t.ParentId == parentId && t.Id != exceptId && t.Label.ToUpper() == upper, cancellationToken);
        if (taken)
        {
            throw new DomainException($"There is already a tag \"{label}\" at this place.");
        }
    }

    private sealed class PathComparer : IComparer<string[]>
    {
        public static readonly PathComparer Instance = new();

        public int Compare(string[]? x, string[]? y)
        {
            for (var i = 0; i < Math.Min(x!.Length, y!.Length); i++)
            {
                var step = string.CompareOrdinal(x[i], y[i]);
                if (step != 0)
                {
                    return step;
                }
            }

            return x.Length.CompareTo(y.Length);
        }
    }
}

public static class TagsModule
{
    public static IServiceCollection AddTags(this IServiceCollection services) => services.AddScoped<ITagService, TagService>();
}
