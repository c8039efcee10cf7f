using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Agenda.Domain;
using MokoCrm.Web.Modules.Agenda.Public;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Agenda.Features;

/// <summary>Creating, changing and deleting events by hand: one SaveChanges per action.</summary>
public sealed class EventAdministration(
    AppDbContext db,
    CurrentAgendaVisibility visibility,
    CurrentCrmVisibility crm,
    IRecordAccess access,
    IEnumerable<IRecordDescriber> describers,
    ICurrentUser currentUser,
    TimeProvider clock)
{
    public async Task<long> CreateAsync(EventForm form, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var e = AgendaEvent.Create(form.Type, form.Title, form.OwnerId ?? currentUser.UserId, now);
        db.Add(e); // HiLo: the id is known now, for the attendees
        await ApplyAsync(e, form, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return e.Id;
    }

    public async Task UpdateAsync(long id, EventForm form, CancellationToken cancellationToken = default)
    {
        var e = await GetAsync(id, cancellationToken);
        e.Retitle(form.Title);
        e.ChangeType(form.Type);
        e.SetOwner(form.OwnerId ?? e.OwnerId ?? currentUser.UserId);
        await ApplyAsync(e, form, clock.GetUtcNow(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task MarkDoneAsync(long id, CancellationToken cancellationToken = default)
    {
        (await GetAsync(id, cancellationToken)).MarkDone(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        var e = await GetAsync(id, cancellationToken);
        db.RemoveRange(await db.Set<AgendaEventAttendee>().Where(a => a.EventId == id).ToListAsync(cancellationToken));
        db.Remove(e);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<AgendaEvent> GetAsync(long id, CancellationToken cancellationToken) =>
        await (await visibility.EventsAsync()).Where(e => e.Id == id).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("The event");

    /// <summary>Copies the form and checks what the form alone cannot: that the chosen users and records exist and are visible.</summary>
    private async Task ApplyAsync(AgendaEvent e, EventForm form, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (form.AllDay)
        {
            e.ScheduleAllDay(form.StartDate ?? throw new DomainException("Enter the first day of the event."), form.EndDate);
        }
        else
        {
            var start = form.Start ?? throw new DomainException("Enter when the event starts.");
            e.ScheduleAt(AsUtc(start), form.End is { } end ? AsUtc(end) : null);
        }

        if (e.OwnerId is { } owner && !await db.Users.AnyAsync(u => u.Id == owner && u.IsActive, cancellationToken))
        {
            throw new DomainException("The owner chosen is not an active user.");
        }

        if (form.ThirdPartyId is { } thirdParty && (!await crm.CanSeeThirdPartyAsync(thirdParty) || !await ExistsAsync(CrmRecordTypes.ThirdParty, thirdParty, cancellationToken)))
        {
            throw new DomainException("The third party chosen does not exist.");
        }

        if (form.ContactId is { } contact && (await crm.ContactIdsAsync() is { } visibleContacts && !await visibleContacts.AnyAsync(c => c == contact, cancellationToken)
            || !await ExistsAsync(CrmRecordTypes.Contact, contact, cancellationToken)))
        {
            throw new DomainException("The contact chosen does not exist.");
        }

        RecordRef? linked = null;
        if (!string.IsNullOrWhiteSpace(form.LinkedRecord))
        {
            if (!RecordRef.TryParse(form.LinkedRecord.Trim(), out var record) || !await access.CanReadAsync(record, cancellationToken)
                || !await ExistsAsync(record.Type, record.Id, cancellationToken))
            {
                throw new DomainException("The linked record does not exist.");
            }

            linked = record;
        }

        e.LinkTo(form.ThirdPartyId, form.ContactId, linked);
        e.Location = Clean(form.Location);
        e.Notes = Clean(form.Notes);
        e.SetProgress(form.Progress, now);
        await SetAttendeesAsync(e.Id, form.AttendeeIds.Distinct().ToList(), cancellationToken);
    }

    private async Task<bool> ExistsAsync(string recordType, long id, CancellationToken cancellationToken) =>
        describers.FirstOrDefault(d => d.RecordType == recordType) is { } describer
        && (await describer.DescribeAsync([id], cancellationToken)).Any(s => s.Id == id);

    private async Task SetAttendeesAsync(long eventId, IReadOnlyCollection<long> userIds, CancellationToken cancellationToken)
    {
        var known = await db.Users.Where(u => userIds.Contains(u.Id) && u.IsActive).Select(u => u.Id).ToListAsync(cancellationToken);
        if (known.Count != userIds.Count)
        {
            throw new DomainException("An attendee chosen is not an active user.");
        }

        var current = await db.Set<AgendaEventAttendee>().Where(a => a.EventId == eventId).ToListAsync(cancellationToken);
        db.RemoveRange(current.Where(a => !userIds.Contains(a.UserId)));
        foreach (var userId in userIds.Where(u => current.All(a => a.UserId != u)))
        {
            db.Add(new AgendaEventAttendee(eventId, userId));
        }
    }

    private static DateTimeOffset AsUtc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
