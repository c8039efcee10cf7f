using MokoCrm.Web.Platform.Events;

namespace MokoCrm.Web.Modules.Stock.Public;

/// <summary>
/// A manufacturing order as its public events carry it. <see cref="Reference"/> is the MO number, or "(PROV{id})"
/// for a draft cancelled before validation.
/// </summary>
public sealed record ManufacturingOrderSnapshot(
    long Id,
    string Reference,
    string Label,
    long ProductId,
    decimal Quantity,
    decimal QuantityProduced,
    long ConsumeWarehouseId,
    long ProduceWarehouseId);

/// <summary>The order is numbered and planned.</summary>
public sealed record ManufacturingOrderValidated(ManufacturingOrderSnapshot Order) : IDomainEvent;

/// <summary>A production part was recorded: <see cref="Quantity"/> units made now (the snapshot has the total so far).</summary>
public sealed record ManufacturingOrderProduced(ManufacturingOrderSnapshot Order, decimal Quantity) : IDomainEvent;

/// <summary>An order in progress was stopped: the rest will not be produced.</summary>
public sealed record ManufacturingOrderClosed(ManufacturingOrderSnapshot Order) : IDomainEvent;

/// <summary>A draft or validated order was given up before anything was produced.</summary>
public sealed record ManufacturingOrderCancelled(ManufacturingOrderSnapshot Order) : IDomainEvent;
