using MokoCrm.Web.Modules.Agenda.Features;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Agenda.EventHandlers;

/// <summary>Timeline lines for Sales' business actions (DOMAIN.md §9: every card has a timeline).</summary>
internal sealed class ProposalValidatedEvent(AppDbContext db, AutomaticEventSettings settings, ICurrentUser user, TimeProvider clock) : AutomaticEventHandler<ProposalValidated>(db, settings, user, clock)
{
    protected override AutomaticEvent Describe(ProposalValidated e) =>
        new($"Proposal {e.Proposal.Number} validated", new RecordRef(SalesRecordTypes.Proposal, e.Proposal.Id), e.Proposal.ThirdPartyId,
            $"Total {e.Proposal.TotalInclTax:N2} incl. tax, valid until {e.ValidUntil:yyyy-MM-dd}");
}

internal sealed class ProposalSignedEvent(AppDbContext db, AutomaticEventSettings settings, ICurrentUser user, TimeProvider clock) : AutomaticEventHandler<ProposalSigned>(db, settings, user, clock)
{
    protected override AutomaticEvent Describe(ProposalSigned e) =>
        new($"Proposal {e.Proposal.Number} signed", new RecordRef(SalesRecordTypes.Proposal, e.Proposal.Id), e.Proposal.ThirdPartyId);
}

internal sealed class ProposalRefusedEvent(AppDbContext db, AutomaticEventSettings settings, ICurrentUser user, TimeProvider clock) : AutomaticEventHandler<ProposalRefused>(db, settings, user, clock)
{
    protected override AutomaticEvent Describe(ProposalRefused e) =>
        new($"Proposal {e.Proposal.Number} refused", new RecordRef(SalesRecordTypes.Proposal, e.Proposal.Id), e.Proposal.ThirdPartyId);
}

internal sealed class OrderValidatedEvent(AppDbContext db, AutomaticEventSettings settings, ICurrentUser user, TimeProvider clock) : AutomaticEventHandler<OrderValidated>(db, settings, user, clock)
{
    protected override AutomaticEvent Describe(OrderValidated e) =>
        new($"Order {e.Order.Number} validated", new RecordRef(SalesRecordTypes.Order, e.Order.Id), e.Order.ThirdPartyId,
            $"Total {e.Order.TotalInclTax:N2} incl. tax");
}

internal sealed class OrderCancelledEvent(AppDbContext db, AutomaticEventSettings settings, ICurrentUser user, TimeProvider clock) : AutomaticEventHandler<OrderCancelled>(db, settings, user, clock)
{
    protected override AutomaticEvent Describe(OrderCancelled e) =>
        new($"Order {e.Order.Number} cancelled", new RecordRef(SalesRecordTypes.Order, e.Order.Id), e.Order.ThirdPartyId);
}

internal sealed class ShipmentValidatedEvent(AppDbContext db, AutomaticEventSettings settings, ICurrentUser user, TimeProvider clock) : AutomaticEventHandler<ShipmentValidated>(db, settings, user, clock)
{
    protected override AutomaticEvent Describe(ShipmentValidated e) =>
        new($"Shipment {e.Shipment.Number} validated", new RecordRef(SalesRecordTypes.Shipment, e.Shipment.Id), e.Shipment.ThirdPartyId,
            $"Order {e.Shipment.OrderNumber}: {string.Join(", ", e.Shipment.Lines.Select(l => $"{l.Quantity:0.#####} × {l.ProductReference ?? l.Description}"))}");
}

internal sealed class ShipmentCancelledEvent(AppDbContext db, AutomaticEventSettings settings, ICurrentUser user, TimeProvider clock) : AutomaticEventHandler<ShipmentCancelled>(db, settings, user, clock)
{
    protected override AutomaticEvent Describe(ShipmentCancelled e) =>
        new($"Shipment {e.Shipment.Number} cancelled", new RecordRef(SalesRecordTypes.Shipment, e.Shipment.Id), e.Shipment.ThirdPartyId, $"Order {e.Shipment.OrderNumber}");
}
