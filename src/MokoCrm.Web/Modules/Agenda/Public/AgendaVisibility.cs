using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Agenda.Domain;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Agenda.Public;

/// <summary>
/// Which events a user may see, as composable SQL: the events they own or attend, and with "read all" every event
/// whose third party they may see (<see cref="CrmVisibility"/>: the third parties they represent without "see all").
/// </summary>
public static class AgendaVisibility
{
    /// <summary>The visible events of the user, or null when they see them all (administrators).</summary>
    public static IQueryable<AgendaEvent>? VisibleEvents(AppDbContext db, long userId, EffectiveRights rights)
    {
        if (rights.IsAdmin)
        {
            return null;
        }

        var events = db.Set<AgendaEvent>();
        var attended = db.Set<AgendaEventAttendee>().Where(a => a.UserId == userId).Select(a => a.EventId);
        if (!rights.Has(AgendaPermissions.Events.ReadAll))
        {
            return rights.Has(AgendaPermissions.Events.ReadOwn)
                ? events.Where(e => e.OwnerId == userId || attended.Contains(e.Id))
                : events.Where(e => false);
        }

        return CrmVisibility.VisibleThirdPartyIds(db, userId, rights) is { } thirdParties
            ? events.Where(e => e.OwnerId == userId || attended.Contains(e.Id) || e.ThirdPartyId == null || thirdParties.Contains(e.ThirdPartyId.Value))
            : null;
    }

    public static IQueryable<long>? VisibleEventIds(AppDbContext db, long userId, EffectiveRights rights) =>
        VisibleEvents(db, userId, rights)?.Select(e => e.Id);
}

/// <summary>The same rule for the current request's user; outside a request (seeding, jobs) everything is visible.</summary>
public sealed class CurrentAgendaVisibility(AppDbContext db, ICurrentUser user, CurrentUserPermissions permissions, IHttpContextAccessor http)
{
    /// <summary>The events the current user may see, filtered in SQL.</summary>
    public async Task<IQueryable<AgendaEvent>> EventsAsync()
    {
        if (http.HttpContext is null)
        {
            return db.Set<AgendaEvent>();
        }

        return AgendaVisibility.VisibleEvents(db, user.UserId ?? 0, await permissions.GetAsync()) ?? db.Set<AgendaEvent>();
    }

    public async Task<bool> CanReadAsync()
    {
        var rights = await permissions.GetAsync();
        return rights.Has(AgendaPermissions.Events.ReadOwn) || rights.Has(AgendaPermissions.Events.ReadAll);
    }
}

/// <summary>For other modules' cards: how many events of a third party the user may see (the "Events (n)" tab).</summary>
public sealed class AgendaEventCounts(CurrentAgendaVisibility visibility, CurrentUserPermissions permissions)
{
    /// <summary>Null when the user may not read the agenda at all (no tab then).</summary>
    public async Task<int?> OfThirdPartyAsync(long thirdPartyId, CancellationToken cancellationToken = default)
    {
        var rights = await permissions.GetAsync();
        if (!rights.Has(AgendaPermissions.Events.ReadOwn) && !rights.Has(AgendaPermissions.Events.ReadAll))
        {
            return null;
        }

        return await (await visibility.EventsAsync()).CountAsync(e => e.ThirdPartyId == thirdPartyId, cancellationToken);
    }

    /// <summary>Null when the user may not read the agenda at all (no tab then).</summary>
    public async Task<int?> OfRecordAsync(RecordRef record, CancellationToken cancellationToken = default)
    {
        var rights = await permissions.GetAsync();
        if (!rights.Has(AgendaPermissions.Events.ReadOwn) && !rights.Has(AgendaPermissions.Events.ReadAll))
        {
            return null;
        }

        return await (await visibility.EventsAsync()).CountAsync(e => e.LinkedRecordType == record.Type && e.LinkedRecordId == record.Id, cancellationToken);
    }

    /// <summary>The timeline of a third party: its events, newest first.</summary>
    public static string TimelineUrl(long thirdPartyId) => $"/Agenda/Events?thirdParty={thirdPartyId}";

    /// <summary>The events linked to one record (a lead, an invoice...).</summary>
    public static string EventsOfUrl(RecordRef record) => $"/Agenda/Events?record={Uri.EscapeDataString(record.Key)}";
}
