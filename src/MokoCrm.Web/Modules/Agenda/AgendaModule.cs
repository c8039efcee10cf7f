using MokoCrm.Web.Modules.Agenda.EventHandlers;
using MokoCrm.Web.Modules.Agenda.Features;
using MokoCrm.Web.Modules.Crm.Public.Events;
using MokoCrm.Web.Modules.Agenda.Public;
using MokoCrm.Web.Modules.Agenda.Queries;
using MokoCrm.Web.Modules.Purchasing.Public;
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
        services.AddScoped<AutomaticEventSettings>();
        services.AddScoped<IRecordDescriber, EventDescriber>();
        services.AddScoped<IRecordTabSource, AgendaTabSource>();
        services.AddScoped<IDemoDataSeeder, AgendaDemoSeeder>();
        services.AddAutomaticEvent<LeadWon, LeadWonEvent>("CRM", "Lead won");
        services.AddAutomaticEvent<LeadLost, LeadLostEvent>("CRM", "Lead lost");
        services.AddAutomaticEvent<ProposalValidated, ProposalValidatedEvent>("Sales", "Proposal validated");
        services.AddAutomaticEvent<ProposalSigned, ProposalSignedEvent>("Sales", "Proposal signed");
        services.AddAutomaticEvent<ProposalRefused, ProposalRefusedEvent>("Sales", "Proposal refused");
        services.AddAutomaticEvent<OrderValidated, OrderValidatedEvent>("Sales", "Sales order validated");
        services.AddAutomaticEvent<OrderCancelled, OrderCancelledEvent>("Sales", "Sales order cancelled");
        services.AddAutomaticEvent<ShipmentValidated, ShipmentValidatedEvent>("Sales", "Shipment validated");
        services.AddAutomaticEvent<ShipmentCancelled, ShipmentCancelledEvent>("Sales", "Shipment cancelled");
        services.AddAutomaticEvent<PurchaseOrderValidated, PurchaseOrderValidatedEvent>("Purchasing", "Purchase order validated");
        services.AddAutomaticEvent<PurchaseOrderApproved, PurchaseOrderApprovedEvent>("Purchasing", "Purchase order approved");
        services.AddAutomaticEvent<PurchaseOrderRefused, PurchaseOrderRefusedEvent>("Purchasing", "Purchase order refused");
        services.AddAutomaticEvent<PurchaseOrderSent, PurchaseOrderSentEvent>("Purchasing", "Purchase order sent to the supplier");
        services.AddAutomaticEvent<PurchaseOrderCancelled, PurchaseOrderCancelledEvent>("Purchasing", "Purchase order cancelled");
        services.AddAutomaticEvent<ReceptionValidated, ReceptionValidatedEvent>("Purchasing", "Reception validated");
        services.AddAutomaticEvent<ReceptionCancelled, ReceptionCancelledEvent>("Purchasing", "Reception cancelled");
        services.AddAutomaticEvent<SupplierInvoiceValidated, SupplierInvoiceValidatedEvent>("Purchasing", "Supplier invoice validated");
        services.AddAutomaticEvent<SupplierInvoiceAbandoned, SupplierInvoiceAbandonedEvent>("Purchasing", "Supplier invoice abandoned");
        services.AddAutomaticEvent<SupplierPaymentMade, SupplierPaymentMadeEvent>("Purchasing", "Supplier payment made");
        services.AddAutomaticEvent<InvoiceValidated, InvoiceValidatedEvent>("Sales", "Customer invoice validated");
        services.AddAutomaticEvent<PaymentReceived, PaymentReceivedEvent>("Sales", "Customer payment received");
        services.AddAutomaticEvent<PaymentCancelled, PaymentCancelledEvent>("Sales", "Customer payment cancelled");
        services.AddRecordType(new RecordTypeAccess(AgendaRecordTypes.Event, read: AgendaPermissions.Events.ReadOwn, write: AgendaPermissions.Events.Write,
            visibleIds: v => AgendaVisibility.VisibleEventIds(v.Db, v.UserId, v.Rights)));
        services.AddMenu(new MenuSection("Agenda", "Agenda", "bi-calendar-event", "/Agenda/Events", AgendaPermissions.Events.ReadOwn, 150,
        [
            new MenuItem("Events", "/Agenda/Events", AgendaPermissions.Events.ReadOwn),
            new MenuItem("My events", "/Agenda/Events?mine=true", AgendaPermissions.Events.ReadOwn),
            new MenuItem("Month", "/Agenda/Events/month", AgendaPermissions.Events.ReadOwn),
            new MenuItem("Week", "/Agenda/Events/week", AgendaPermissions.Events.ReadOwn),
            new MenuItem("Day", "/Agenda/Events/day", AgendaPermissions.Events.ReadOwn),
            new MenuItem("New event", "/Agenda/Events/new", AgendaPermissions.Events.Write),
            new MenuItem("Automatic events", "/Agenda/AutomaticEvents", AgendaPermissions.Settings),
        ]));
        return services;
    }
}
