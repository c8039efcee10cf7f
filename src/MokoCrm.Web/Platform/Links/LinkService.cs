using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Platform.Links;

/// <summary>
/// Writes links. Changes go into the DbContext; the caller's SaveChanges commits them with the business action
/// (a conversion writes its link in the same transaction as the new document: DOMAIN.md §0, no flow may lose one).
/// </summary>
public interface ILinkService
{
    /// <summary>
    /// Links <paramref name="source"/> (upstream) to <paramref name="target"/>. Returns false and changes nothing when
    /// the two are already linked in either direction, so a retried conversion or handler stays harmless.
    /// </summary>
    Task<bool> LinkAsync(RecordRef source, RecordRef target, string kind, CancellationToken cancellationToken = default);

    /// <summary>Removes the link between the two, whichever its direction; false when there was none.</summary>
    Task<bool> UnlinkAsync(RecordRef a, RecordRef b, CancellationToken cancellationToken = default);

    /// <summary>Removes every link of a record that is being deleted.</summary>
    Task UnlinkAllAsync(RecordRef record, CancellationToken cancellationToken = default);
}

internal sealed class LinkService(AppDbContext db, ICurrentUser currentUser, TimeProvider clock) : ILinkService
{
    private DbSet<RecordLink> Links => db.Set<RecordLink>();

    public async Task<bool> LinkAsync(RecordRef source, RecordRef target, string kind, CancellationToken cancellationToken = default)
    {
        RecordTypes.EnsureValid(source.Type);
        RecordTypes.EnsureValid(target.Type);
        if (string.IsNullOrEmpty(kind) || kind.Length > LinkKinds.MaxLength || !kind.All(c => char.IsAsciiLetterLower(c) || c == '_'))
        {
            throw new ArgumentException($"'{kind}' is not a link kind: expected a lower-case word.", nameof(kind));
        }

        if (source == target)
        {
            throw new DomainException("A record cannot be linked to itself.");
        }

        // Two links of one unit of work meet in the change tracker, links saved earlier in the database. Two
        // transactions racing to write the same edge are stopped by the unique index (the loser's save fails).
        // A record added by this unit of work has no saved link yet (its id is new from its sequence): a conversion
        // links its new document without asking the database.
        if (db.TrackedWithoutDetecting<RecordLink>().Any(e => e.Entity.Joins(source, target) && e.State != EntityState.Deleted)
            || (!IsAddedHere(source) && !IsAddedHere(target) && await Between(source, target).AnyAsync(cancellationToken)))
        {
            return false;
        }

        Links.Add(new RecordLink(source, target, kind, clock.GetUtcNow(), currentUser.UserId, currentUser.UserName));
        return true;
    }

    public async Task<bool> UnlinkAsync(RecordRef a, RecordRef b, CancellationToken cancellationToken = default)
    {
        var links = await Between(a, b).ToListAsync(cancellationToken);
        links.AddRange(Links.Local.Where(l => l.Joins(a, b) && db.Entry(l).State == EntityState.Added));
        Links.RemoveRange(links);
        return links.Count > 0;
    }

    public async Task UnlinkAllAsync(RecordRef record, CancellationToken cancellationToken = default)
    {
        var links = await Links
            .Where(l => (l.SourceType == record.Type && l.SourceId == record.Id) || (l.TargetType == record.Type && l.TargetId == record.Id))
            .ToListAsync(cancellationToken);
        Links.RemoveRange(links);
    }

    private bool IsAddedHere(RecordRef record) => db.IsAddedHere(record.Type, record.Id);

    private IQueryable<RecordLink> Between(RecordRef a, RecordRef b) => Links.Where(l =>
        (l.SourceType == a.Type && l.SourceId == a.Id && l.TargetType == b.Type && l.TargetId == b.Id)
        || (l.SourceType == b.Type && l.SourceId == b.Id && l.TargetType == a.Type && l.TargetId == a.Id));
}
