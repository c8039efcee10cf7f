using MokoCrm.Web.Modules.Agenda.Public;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.Web.Modules.Agenda.Domain;

public enum AgendaEventType
{
    Call,
    Meeting,
    Email,
    Task,
    Note,

    /// <summary>Written by a handler of another module's event (document validated, paid...), never by hand.</summary>
    Automatic,
}

public enum EventProgress
{
    ToDo,
    InProgress,
    Done,
}

/// <summary>
/// Something that happened or will happen with a third party: a call, a meeting, a task... Timed events have a start
/// (and optional end) instant; all-day events have dates only. <see cref="StartDate"/> and <see cref="EndDate"/> are
/// kept for both (UTC dates of a timed event), so a calendar month is one range condition on two date columns.
/// </summary>
[RecordType(AgendaRecordTypes.Event)]
public sealed class AgendaEvent : Entity, IAudited
{
    private AgendaEvent()
    {
    }

    public AgendaEventType Type { get; private set; }

    public string Title { get; private set; } = "";

    public bool AllDay { get; private set; }

    /// <summary>The start instant; for an all-day event, midnight UTC of its first day (the sort key of lists).</summary>
    public DateTimeOffset StartsAt { get; private set; }

    /// <summary>Null for all-day events and for events without an end.</summary>
    public DateTimeOffset? EndsAt { get; private set; }

    public DateOnly StartDate { get; private set; }

    public DateOnly EndDate { get; private set; }

    /// <summary>Null for automatic events written outside a request (the system did it).</summary>
    public long? OwnerId { get; private set; }

    public string? Location { get; set; }

    public EventProgress Progress { get; private set; } = EventProgress.ToDo;

    public DateTimeOffset? DoneAt { get; private set; }

    public string? Notes { get; set; }

    public long? ThirdPartyId { get; private set; }

    public long? ContactId { get; private set; }

    /// <summary>Any other record the event is about (a lead, an invoice...), as a <see cref="RecordRef"/>.</summary>
    public string? LinkedRecordType { get; private set; }

    public long? LinkedRecordId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public RecordRef? LinkedRecord => LinkedRecordType is { } type && LinkedRecordId is { } id ? new RecordRef(type, id) : null;

    public static AgendaEvent Create(AgendaEventType type, string title, long? ownerId, DateTimeOffset now)
    {
        var e = new AgendaEvent { Type = type, OwnerId = ownerId, CreatedAt = now, StartsAt = now, StartDate = DateOnly.FromDateTime(now.UtcDateTime) };
        e.EndDate = e.StartDate;
        e.Retitle(title);
        return e;
    }

    public void Retitle(string title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            throw new DomainException("An event needs a title.");
        }

        Title = title.Trim();
    }

    public void ChangeType(AgendaEventType type)
    {
        if (type != Type && (type == AgendaEventType.Automatic || Type == AgendaEventType.Automatic))
        {
            throw new DomainException("Automatic events are written by the application only; their type cannot be changed.");
        }

        Type = type;
    }

    public void SetOwner(long? ownerId) => OwnerId = ownerId;

    /// <summary>A timed event: the end, when given, comes after the start.</summary>
    public void ScheduleAt(DateTimeOffset start, DateTimeOffset? end)
    {
        if (end is { } e && e <= start)
        {
            throw new DomainException("The end must be after the start.");
        }

        AllDay = false;
        StartsAt = start.ToUniversalTime();
        EndsAt = end?.ToUniversalTime();
        StartDate = DateOnly.FromDateTime(StartsAt.UtcDateTime);
        EndDate = DateOnly.FromDateTime((EndsAt ?? StartsAt).UtcDateTime);
    }

    /// <summary>An all-day event has dates only: no time of day is kept.</summary>
    public void ScheduleAllDay(DateOnly first, DateOnly? last)
    {
        if (last is { } l && l < first)
        {
            throw new DomainException("The last day cannot be before the first day.");
        }

        AllDay = true;
        StartDate = first;
        EndDate = last ?? first;
        StartsAt = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        EndsAt = null;
    }

    public void SetProgress(EventProgress progress, DateTimeOffset now)
    {
        Progress = progress;
        DoneAt = progress == EventProgress.Done ? DoneAt ?? now : null;
    }

    /// <summary>Done: the progress follows, and the moment is kept.</summary>
    public void MarkDone(DateTimeOffset now) => SetProgress(EventProgress.Done, now);

    public void LinkTo(long? thirdPartyId, long? contactId, RecordRef? record)
    {
        if (contactId is not null && thirdPartyId is null)
        {
            throw new DomainException("Choose the third party of the contact too.");
        }

        ThirdPartyId = thirdPartyId;
        ContactId = contactId;
        LinkedRecordType = record?.Type;
        LinkedRecordId = record?.Id;
    }
}

/// <summary>A user invited to an event; attendees see the event even without "read all".</summary>
public sealed class AgendaEventAttendee : Entity, IAuditedPart
{
    private AgendaEventAttendee()
    {
    }

    public AgendaEventAttendee(long eventId, long userId)
    {
        EventId = eventId;
        UserId = userId;
    }

    public long EventId { get; private set; }

    public long UserId { get; private set; }

    public RecordRef AuditedRecord => new(AgendaRecordTypes.Event, EventId);

    public string? AuditPrefix => "Attendee";
}
