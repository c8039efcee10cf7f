using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Agenda.Domain;
using MokoCrm.Web.Modules.Agenda.Features;
using MokoCrm.Web.Modules.Agenda.Public;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Agenda.Queries;

public sealed record EventRow
{
    public long Id { get; init; }

    public DateTimeOffset Start { get; init; }

    public bool AllDay { get; init; }

    public string Type { get; init; } = "";

    public string Title { get; init; } = "";

    public string Owner { get; init; } = "";

    /// <summary>"#12" from SQL; the screen puts the name in (third parties belong to the CRM, read through its describer).</summary>
    public string ThirdParty { get; init; } = "";

    public long ThirdPartyId { get; init; }

    public string Progress { get; init; } = "";
}

/// <summary>The filters of the event list, bound from its query string.</summary>
public sealed class EventFilter
{
    public AgendaEventType? Type { get; set; }

    public EventProgress? Progress { get; set; }

    public long? Owner { get; set; }

    public long? ThirdParty { get; set; }

    /// <summary>Only the events linked to this record ("crm.lead:42"): the Events tab of its page.</summary>
    public string? Record { get; set; }

    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }

    /// <summary>Only the events the user owns or attends.</summary>
    public bool Mine { get; set; }
}

public sealed record EventListViewModel(ListPage<EventRow> List, EventFilter Filter, string? ThirdPartyName, IReadOnlyList<(long Id, string Name)> Owners,
    RecordSummary? Record = null);

public sealed record EventCard(AgendaEvent Event, string? OwnerName, IReadOnlyList<string> Attendees, RecordSummary? ThirdParty, RecordSummary? Contact, RecordSummary? Linked);

public sealed record EventEditViewModel(long? Id, EventForm Form, string? ThirdPartyName, string? ContactName, IReadOnlyList<(long Id, string Text)> Users,
    string? LinkedRecordLabel = null);

public sealed record MonthEvent(long Id, string Title, AgendaEventType Type, EventProgress Progress, bool AllDay, DateTimeOffset StartsAt, DateOnly StartDate, DateOnly EndDate);

public sealed record MonthViewModel(int Year, int Month, IReadOnlyList<MonthEvent> Events)
{
    public DateOnly First => new(Year, Month, 1);

    public DateOnly Last => First.AddMonths(1).AddDays(-1);

    public IEnumerable<MonthEvent> On(DateOnly day) => Events.Where(e => e.StartDate <= day && e.EndDate >= day);
}

/// <summary>The events of a few days (a week or a day), for the week and day views.</summary>
public sealed record PeriodViewModel(DateOnly From, DateOnly To, IReadOnlyList<MonthEvent> Events)
{
    public IEnumerable<DateOnly> Days => Enumerable.Range(0, To.DayNumber - From.DayNumber + 1).Select(From.AddDays);

    /// <summary>All-day events first, then by start time.</summary>
    public IEnumerable<MonthEvent> On(DateOnly day) =>
        Events.Where(e => e.StartDate <= day && e.EndDate >= day).OrderBy(e => !e.AllDay).ThenBy(e => e.StartsAt).ThenBy(e => e.Id);

    /// <summary>Monday of the week of <paramref name="day"/> (weeks start on Monday, as in the month view).</summary>
    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}

/// <summary>Read side of the agenda screens: every query starts from <see cref="CurrentAgendaVisibility"/>.</summary>
public sealed class AgendaQueries(AppDbContext db, CurrentAgendaVisibility visibility, CurrentCrmVisibility crm, IEnumerable<IRecordDescriber> describers, IRecordAccess access)
{
    public static string TypeLabel(AgendaEventType type) => type switch
    {
        AgendaEventType.Call => "Call",
        AgendaEventType.Meeting => "Meeting",
        AgendaEventType.Email => "E-mail",
        AgendaEventType.Task => "Task",
        AgendaEventType.Note => "Note",
        _ => "Automatic",
    };

    public static string ProgressLabel(EventProgress progress) => progress switch
    {
        EventProgress.ToDo => "To do",
        EventProgress.InProgress => "In progress",
        _ => "Done",
    };

    public static readonly ListDefinition<EventRow> EventList = new ListDefinition<EventRow>("events", e => e.Id)
        .ExportedWith(AgendaPermissions.Events.Export)
        .Column("start", "Start", e => e.Start, c => c.Format = "yyyy-MM-dd HH:mm")
        .Column("type", "Type", e => e.Type)
        .Column("title", "Title", e => e.Title, c => c.Link = e => $"/Agenda/Events/{e.Id}")
        .Column("third_party", "Third party", e => e.ThirdParty, c => c.Link = e => e.ThirdPartyId == 0 || e.ThirdParty == "" ? null : $"/Crm/ThirdParties/{e.ThirdPartyId}")
        .Column("owner", "Owner", e => e.Owner)
        .Column("progress", "Progress", e => e.Progress, c => { c.Sortable = false; c.Badge = e => e.Progress == "Done" ? "success" : e.Progress == "To do" ? "secondary" : "warning"; })
        .SortedBy("start", descending: true)
        .Searching((rows, q) => rows.Where(e => EF.Functions.ILike(e.Title, $"%{q}%")));

    public async Task<IQueryable<EventRow>> EventsAsync(EventFilter filter, long? me)
    {
        var events = (await visibility.EventsAsync()).AsNoTracking();
        if (filter.Type is { } type)
        {
            events = events.Where(e => e.Type == type);
        }

        if (filter.Progress is { } progress)
        {
            events = events.Where(e => e.Progress == progress);
        }

        if (filter.Owner is { } owner)
        {
            events = events.Where(e => e.OwnerId == owner);
        }

        if (filter.ThirdParty is { } thirdParty)
        {
            events = events.Where(e => e.ThirdPartyId == thirdParty);
        }

        if (RecordRef.TryParse(filter.Record, out var record))
        {
            events = events.Where(e => e.LinkedRecordType == record.Type && e.LinkedRecordId == record.Id);
        }

        if (filter.From is { } from)
        {
            events = events.Where(e => e.EndDate >= from);
        }

        if (filter.To is { } to)
        {
            events = events.Where(e => e.StartDate <= to);
        }

        if (filter.Mine)
        {
            var user = me ?? 0;
            events = events.Where(e => e.OwnerId == user || db.Set<AgendaEventAttendee>().Any(a => a.EventId == e.Id && a.UserId == user));
        }

        // An attendee may see an event of a third party they may not see: the name then stays empty.
        var names = await crm.ThirdPartyNamesAsync();
        return from e in events
            join u in db.Users on e.OwnerId equals u.Id into owners
            from u in owners.DefaultIfEmpty()
            join n in names on e.ThirdPartyId equals n.Id into parties
            from n in parties.DefaultIfEmpty()
            select new EventRow
            {
                Id = e.Id,
                Start = e.StartsAt,
                AllDay = e.AllDay,
                Type = e.Type == AgendaEventType.Call ? "Call" : e.Type == AgendaEventType.Meeting ? "Meeting" : e.Type == AgendaEventType.Email ? "E-mail"
                    : e.Type == AgendaEventType.Task ? "Task" : e.Type == AgendaEventType.Note ? "Note" : "Automatic",
                Title = e.Title,
                Owner = u == null ? "" : u.FullName,
                ThirdParty = n.Name ?? "",
                ThirdPartyId = e.ThirdPartyId ?? 0,
                Progress = e.Progress == EventProgress.ToDo ? "To do" : e.Progress == EventProgress.InProgress ? "In progress" : "Done",
            };
    }


    /// <summary>One query bounded by the month: the events that overlap it.</summary>
    public async Task<MonthViewModel> MonthAsync(int year, int month, CancellationToken cancellationToken = default)
    {
        var first = new DateOnly(year, month, 1);
        var last = first.AddMonths(1).AddDays(-1);
        var events = await (await visibility.EventsAsync()).AsNoTracking()
            .Where(e => e.StartDate <= last && e.EndDate >= first)
            .OrderBy(e => e.StartsAt).ThenBy(e => e.Id).Take(2000)
            .Select(e => new MonthEvent(e.Id, e.Title, e.Type, e.Progress, e.AllDay, e.StartsAt, e.StartDate, e.EndDate))
            .ToListAsync(cancellationToken);
        return new MonthViewModel(year, month, events);
    }

    public async Task<PeriodViewModel> PeriodAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var events = await (await visibility.EventsAsync()).AsNoTracking()
            .Where(e => e.StartDate <= to && e.EndDate >= from)
            .OrderBy(e => e.StartsAt).ThenBy(e => e.Id).Take(1000)
            .Select(e => new MonthEvent(e.Id, e.Title, e.Type, e.Progress, e.AllDay, e.StartsAt, e.StartDate, e.EndDate))
            .ToListAsync(cancellationToken);
        return new PeriodViewModel(from, to, events);
    }

    /// <summary>The event, or null when it does not exist or the user may not see it (404 either way).</summary>
    public async Task<AgendaEvent?> EventAsync(long id) =>
        await (await visibility.EventsAsync()).AsNoTracking().Where(e => e.Id == id).SingleOrDefaultAsync();

    public async Task<EventCard?> CardAsync(long id, CancellationToken cancellationToken = default)
    {
        if (await EventAsync(id) is not { } e)
        {
            return null;
        }

        var owner = e.OwnerId is { } o ? await db.Users.Where(u => u.Id == o).Select(u => u.FullName).SingleOrDefaultAsync(cancellationToken) : null;
        var attendees = await (from a in db.Set<AgendaEventAttendee>()
            join u in db.Users on a.UserId equals u.Id
            where a.EventId == id
            orderby u.FullName
            select u.FullName).ToListAsync(cancellationToken);
        return new EventCard(e, owner, attendees,
            e.ThirdPartyId is { } tp ? await DescribeAsync(CrmRecordTypes.ThirdParty, tp, cancellationToken) : null,
            e.ContactId is { } c ? await DescribeAsync(CrmRecordTypes.Contact, c, cancellationToken) : null,
            e.LinkedRecord is { } r ? await DescribeAsync(r.Type, r.Id, cancellationToken) : null);
    }

    public async Task<EventForm?> FormAsync(long id)
    {
        if (await EventAsync(id) is not { } e)
        {
            return null;
        }

        return new EventForm
        {
            Type = e.Type, Title = e.Title, AllDay = e.AllDay,
            Start = e.AllDay ? null : e.StartsAt.UtcDateTime, End = e.EndsAt?.UtcDateTime,
            StartDate = e.AllDay ? e.StartDate : null, EndDate = e.AllDay ? e.EndDate : null,
            OwnerId = e.OwnerId, Location = e.Location, Progress = e.Progress, Notes = e.Notes,
            ThirdPartyId = e.ThirdPartyId, ContactId = e.ContactId, LinkedRecord = e.LinkedRecord?.Key,
            AttendeeIds = await db.Set<AgendaEventAttendee>().Where(a => a.EventId == id).Select(a => a.UserId).ToListAsync(),
        };
    }

    public async Task<EventEditViewModel> EditViewModelAsync(long? id, EventForm form, CancellationToken cancellationToken = default)
    {
        var userIds = form.AttendeeIds.Append(form.OwnerId ?? 0).ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).OrderBy(u => u.FullName)
            .Select(u => new { u.Id, u.FullName, u.UserName }).ToListAsync(cancellationToken);
        return new EventEditViewModel(id, form,
            form.ThirdPartyId is { } tp ? (await DescribeAsync(CrmRecordTypes.ThirdParty, tp, cancellationToken))?.Label : null,
            form.ContactId is { } c ? (await DescribeAsync(CrmRecordTypes.Contact, c, cancellationToken))?.Label : null,
            users.Select(u => (u.Id, $"{u.FullName} ({u.UserName})")).ToList(),
            RecordRef.TryParse(form.LinkedRecord, out var linked) && await DescribeAsync(linked.Type, linked.Id, cancellationToken) is { } summary
                ? $"{Describer(linked.Type)!.TypeLabel}: {summary.Label}" : null);
    }

    public async Task<IReadOnlyList<(long Id, string Name)>> OwnerChoicesAsync() =>
        (await db.Users.AsNoTracking().Where(u => u.IsActive && db.Set<AgendaEvent>().Any(e => e.OwnerId == u.Id))
            .OrderBy(u => u.FullName).Select(u => new { u.Id, u.FullName }).ToListAsync()).Select(u => (u.Id, u.FullName)).ToList();

    /// <summary>A record of another module as its describer shows it, or null when it does not exist or the user may not see it.</summary>
    public async Task<RecordSummary?> DescribeAsync(string recordType, long id, CancellationToken cancellationToken = default) =>
        Describer(recordType) is { } describer && await access.CanReadAsync(new RecordRef(recordType, id), cancellationToken)
            ? (await describer.DescribeAsync([id], cancellationToken)).FirstOrDefault(s => s.Id == id)
            : null;

    private IRecordDescriber? Describer(string recordType) => describers.FirstOrDefault(d => d.RecordType == recordType);
}
