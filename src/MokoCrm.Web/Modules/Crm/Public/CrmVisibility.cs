using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Crm.Public;

/// <summary>
/// THE row-level rule of DOMAIN.md §10, in one place: without "see all third parties" a user sees only the third
/// parties they are sales representative for. Every module composes it into its own SQL
/// (<c>rows.Where(r =&gt; visible.Contains(r.ThirdPartyId))</c>); it is never loaded whole.
/// </summary>
public static class CrmVisibility
{
    /// <summary>The ids of the third parties the user may see, or null when they see them all.</summary>
    public static IQueryable<long>? VisibleThirdPartyIds(AppDbContext db, long userId, EffectiveRights rights) =>
        rights.Has(CrmPermissions.ThirdParties.SeeAll)
            ? null
            : db.Set<SalesRepresentative>().Where(r => r.UserId == userId).Select(r => r.ThirdPartyId);

    /// <summary>
    /// The ids of the contacts the user may see, or null for all: contacts of visible third parties, and private
    /// contacts (no third party), which belong to nobody's portfolio.
    /// </summary>
    public static IQueryable<long>? VisibleContactIds(AppDbContext db, long userId, EffectiveRights rights) =>
        VisibleThirdPartyIds(db, userId, rights) is { } visible
            ? db.Set<Contact>().Where(c => c.ThirdPartyId == null || visible.Contains(c.ThirdPartyId.Value)).Select(c => c.Id)
            : null;

    /// <summary>
    /// The ids of the leads the user may see, or null for all: leads of third parties they represent, and leads they
    /// own (a lead with only a company name belongs to its owner's portfolio).
    /// </summary>
    public static IQueryable<long>? VisibleLeadIds(AppDbContext db, long userId, EffectiveRights rights) =>
        VisibleThirdPartyIds(db, userId, rights) is { } visible
            ? db.Set<Lead>().Where(l => l.OwnerUserId == userId || (l.ThirdPartyId != null && visible.Contains(l.ThirdPartyId.Value))).Select(l => l.Id)
            : null;

    /// <summary>The ids of the third parties a user is sales representative for (the "sales rep" filter of document lists).</summary>
    public static IQueryable<long> RepresentedBy(AppDbContext db, long userId) =>
        db.Set<SalesRepresentative>().Where(r => r.UserId == userId).Select(r => r.ThirdPartyId);

    /// <summary>Keeps the rows whose third party the user may see (rows without a third party are kept).</summary>
    public static IQueryable<T> WhereThirdPartyVisible<T>(this IQueryable<T> rows, IQueryable<long>? visible, System.Linq.Expressions.Expression<Func<T, long>> thirdPartyId)
    {
        if (visible is null)
        {
            return rows;
        }

        var contains = System.Linq.Expressions.Expression.Call(typeof(Queryable), nameof(Queryable.Contains), [typeof(long)], visible.Expression, thirdPartyId.Body);
        return rows.Where(System.Linq.Expressions.Expression.Lambda<Func<T, bool>>(contains, thirdPartyId.Parameters));
    }
}

/// <summary>
/// The same rule for the current request's user, for this module's screens and other modules' services.
/// Work outside a request (seeding, jobs) acts for the system and sees everything, as the record access does.
/// </summary>
public sealed class CurrentCrmVisibility(AppDbContext db, ICurrentUser user, CurrentUserPermissions permissions, IHttpContextAccessor http)
{
    public async Task<IQueryable<long>?> ThirdPartyIdsAsync()
    {
        if (http.HttpContext is null)
        {
            return null;
        }

        var rights = await permissions.GetAsync();
        return rights.IsAdmin ? null : CrmVisibility.VisibleThirdPartyIds(db, user.UserId ?? 0, rights);
    }

    public async Task<IQueryable<long>?> ContactIdsAsync()
    {
        if (http.HttpContext is null)
        {
            return null;
        }

        var rights = await permissions.GetAsync();
        return rights.IsAdmin ? null : CrmVisibility.VisibleContactIds(db, user.UserId ?? 0, rights);
    }

    public async Task<IQueryable<long>?> LeadIdsAsync()
    {
        if (http.HttpContext is null)
        {
            return null;
        }

        var rights = await permissions.GetAsync();
        return rights.IsAdmin ? null : CrmVisibility.VisibleLeadIds(db, user.UserId ?? 0, rights);
    }

    /// <summary>The names of the third parties the current user may see, to join into a list's SQL.</summary>
    public async Task<IQueryable<ThirdPartyName>> ThirdPartyNamesAsync() => Public.ThirdPartyNames.Query(db, await ThirdPartyIdsAsync());

    public async Task<bool> CanSeeThirdPartyAsync(long id) =>
        await ThirdPartyIdsAsync() is not { } visible || await visible.AnyAsync(v => v == id);
}
