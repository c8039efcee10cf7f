using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.Web.Platform.Data;

/// <summary>
/// The entries of one type the context tracks, without the DetectChanges that <c>ChangeTracker.Entries</c> and
/// <c>DbSet.Local</c> run first (a walk over every property of every tracked entity: several per action otherwise).
/// </summary>
/// <remarks>
/// For types whose rows are added and removed explicitly (Add, Remove), never through a navigation, and looked up by
/// values that do not change once added (a note's or a link's record): their states are then already right. A caller
/// that needs a property change detected must use the ordinary Entries.
/// </remarks>
public static class TrackedEntries
{
    public static List<EntityEntry<T>> TrackedWithoutDetecting<T>(this DbContext db)
        where T : class
    {
        var tracker = db.ChangeTracker;
        var detecting = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            return tracker.Entries<T>().ToList();
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detecting;
        }
    }

    /// <summary>
    /// Whether the record (type and id) is added by this unit of work: its id is new from its sequence, so nothing
    /// saved (a link, a share) can refer to it yet. Records are added explicitly, so their state needs no detection.
    /// </summary>
    public static bool IsAddedHere(this DbContext db, string recordType, long id) =>
        db.TrackedWithoutDetecting<Entity>().Any(e => e.Entity.Id == id && e.State == EntityState.Added && RecordTypes.Of(e.Entity.GetType()) == recordType);
}
