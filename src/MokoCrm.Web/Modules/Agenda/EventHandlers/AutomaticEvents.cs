using MokoCrm.Web.Modules.Agenda.Domain;
using MokoCrm.Web.Modules.Agenda.Features;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Events;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Agenda.EventHandlers;

/// <summary>What an automatic event says: its title, the record it is about and that record's third party.</summary>
public sealed record AutomaticEvent(string Title, RecordRef Record, long? ThirdPartyId, string? Notes = null);

/// <summary>
/// One kind of automatic event as the admin screen lists it. <see cref="Key"/> is the name of the public event
/// followed ("LeadWon", "InvoiceValidated"): the switch of <see cref="AutomaticEventSetting"/>.
/// </summary>
public sealed record AutomaticEventKind(string Key, string Module, string Label);

/// <summary>
/// Base of the handlers of this folder (issue 3, "Automatic events"): each subscribes to one public event of another
/// module (a document validated, signed, shipped, paid...) and says what to write; this class writes an
/// <see cref="AgendaEventType.Automatic"/> event, done, linked to the record and its third party, inside the
/// transaction that raised the event (ADR 0002: tracked entities only, no SaveChanges), unless an administrator
/// switched that kind off. Handlers are added with the module whose events they follow, through
/// <see cref="AutomaticEventRegistration.AddAutomaticEvent{TEvent, THandler}"/>.
/// Returning null writes nothing (e.g. an event that is not worth a line in the timeline).
/// </summary>
public abstract class AutomaticEventHandler<TEvent>(AppDbContext db, AutomaticEventSettings settings, ICurrentUser currentUser, TimeProvider clock) : IDomainEventHandler<TEvent>
    where TEvent : IDomainEvent
{
    public static string Kind => typeof(TEvent).Name;

    protected abstract AutomaticEvent? Describe(TEvent domainEvent);

    public async Task HandleAsync(TEvent domainEvent, CancellationToken cancellationToken)
    {
        if (Describe(domainEvent) is { } what && await settings.IsOnAsync(Kind, cancellationToken))
        {
            db.Add(Write(what, currentUser.UserId, clock.GetUtcNow()));
        }
    }

    /// <summary>The event as written: owned by whoever acted (null for the system), at the moment it happened.</summary>
    public static AgendaEvent Write(AutomaticEvent what, long? actingUserId, DateTimeOffset now)
    {
        var e = AgendaEvent.Create(AgendaEventType.Automatic, what.Title, actingUserId, now);
        e.ScheduleAt(now, null);
        e.LinkTo(what.ThirdPartyId, null, what.Record);
        e.Notes = what.Notes;
        e.MarkDone(now);
        return e;
    }
}

public static class AutomaticEventRegistration
{
    /// <summary>Subscribes the handler and lists its kind on the automatic events screen.</summary>
    public static IServiceCollection AddAutomaticEvent<TEvent, THandler>(this IServiceCollection services, string module, string label)
        where TEvent : IDomainEvent
        where THandler : AutomaticEventHandler<TEvent>
    {
        services.AddSingleton(new AutomaticEventKind(AutomaticEventHandler<TEvent>.Kind, module, label));
        services.AddScoped<IDomainEventHandler<TEvent>, THandler>();
        return services;
    }
}
