using MokoCrm.Web.Platform.Events;

namespace MokoCrm.Web.Modules.Sales.Public;

/// <summary>One shipped quantity: which order line, which product, from which warehouse.</summary>
public sealed record ShipmentLineSnapshot(
    int Position,
    long OrderLineId,
    long ProductId,
    string? ProductReference,
    string Description,
    long WarehouseId,
    decimal Quantity);

/// <summary>A shipment as Stock, Agenda and the automations need it, so none of them reads Sales tables.</summary>
public sealed record ShipmentSnapshot(
    long Id,
    string Number,
    long OrderId,
    string OrderNumber,
    long? ProposalId,
    long ThirdPartyId,
    DateOnly Date,
    DateOnly? PlannedDelivery,
    DateTimeOffset? ValidatedAt,
    DateTimeOffset? CancelledAt,
    IReadOnlyList<ShipmentLineSnapshot> Lines);

/// <summary>Goods leave: Stock takes them out of the lines' warehouses (when the stock settings say so).</summary>
public sealed record ShipmentValidated(ShipmentSnapshot Shipment) : IDomainEvent;

/// <summary>A validated shipment is cancelled: its stock movements are reversed.</summary>
public sealed record ShipmentCancelled(ShipmentSnapshot Shipment) : IDomainEvent;

/// <summary>Every shipped product of the order is shipped (automation "fully shipped order becomes delivered", or by hand).</summary>
public sealed record OrderDelivered(SalesDocumentSnapshot Order) : IDomainEvent;
