using MokoCrm.Web.Modules.Agenda.EventHandlers;
using MokoCrm.Web.Modules.Agenda.Features;
using MokoCrm.Web.Modules.Agenda.Public;
using MokoCrm.Web.Modules.Agenda.Queries;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Events;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;

namespace MokoCrm.Web.Modules.Agenda;

/// <summary>Events, the month view and third parties' timelines (issue 3, "Agenda", first slice).</summary>
public static class AgendaModule
{
    public static IServiceCollection AddAgenda(this IServiceCollection services)
    {
        services.AddPermissions("agenda", "Agenda", AgendaPermissions.All);
        services.AddScoped<CurrentAgendaVisibility>();
        services.AddScoped<AgendaEventCounts>();
        services.AddScoped<AgendaQueries>();
        services.AddScoped<EventAdministration>();
        services.AddScoped<IRecordDescriber, EventDescriber>();
        services.AddScoped<IDemoDataSeeder, AgendaDemoSeeder>();
        services.AddScoped<IDomainEventHandler<ProposalValidated>, ProposalValidatedEvent>();
        services.AddScoped<IDomainEventHandler<ProposalSigned>, ProposalSignedEvent>();
        services.AddScoped<IDomainEventHandler<ProposalRefused>, ProposalRefusedEvent>();
        services.AddScoped<IDomainEventHandler<OrderValidated>, OrderValidatedEvent>();
        services.AddScoped<IDomainEventHandler<OrderCancelled>, OrderCancelledEvent>();
        services.AddRecordType(new RecordTypeAccess(AgendaRecordTypes.Event, read: AgendaPermissions.Events.ReadOwn, write: AgendaPermissions.Events.Write,
            visibleIds: v => AgendaVisibility.VisibleEventIds(v.Db, v.UserId, v.Rights)));
        services.AddMenu(new MenuSection("Agenda", "Agenda", "bi-calendar-event", "/Agenda/Events", AgendaPermissions.Events.ReadOwn, 150,
        [
            new MenuItem("Events", "/Agenda/Events", AgendaPermissions.Events.ReadOwn),
            new MenuItem("My events", "/Agenda/Events?mine=true", AgendaPermissions.Events.ReadOwn),
            new MenuItem("Month", "/Agenda/Events/month", AgendaPermissions.Events.ReadOwn),
            new MenuItem("New event", "/Agenda/Events/new", AgendaPermissions.Events.Write),
        ]));
        return services;
    }
}
