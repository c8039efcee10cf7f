using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.Web.Modules.Stock.Domain;

public enum ManufacturingOrderStatus
{
    /// <summary>No number yet, freely changed or deleted.</summary>
    Draft,

    /// <summary>Numbered, planned: its components count as planned outputs and its product as a planned input.</summary>
    Validated,

    /// <summary>Part of the quantity is produced.</summary>
    InProgress,

    /// <summary>The whole quantity is produced.</summary>
    Produced,

    /// <summary>Stopped after a partial production: the rest will not be made.</summary>
    Closed,

    /// <summary>Given up before anything was produced.</summary>
    Cancelled,
}

/// <summary>
/// A manufacturing order (DOMAIN.md §5): make <see cref="Quantity"/> units of a product from a validated bill of
/// materials, taking the components from one warehouse and putting the product into another. The components needed
/// are copied from the bill when the order is created, so a later bill does not change the order. Producing may be
/// done in several parts; each part consumes its share of every component and brings the product in at the cost of
/// what it consumed (<see cref="Features.ManufacturingOrderAdministration"/> writes the movements through the ledger).
/// </summary>
public sealed class ManufacturingOrder : Entity, IAudited
{
    private readonly List<ManufacturingOrderLine> _lines = [];

    private ManufacturingOrder()
    {
    }

    public ManufacturingOrder(Bom bom, decimal quantity, long consumeWarehouseId, long produceWarehouseId, DateOnly date, string? label)
    {
        if (bom.Status != BomStatus.Validated)
        {
            throw new DomainException($"The bill of materials {bom.Label} is {bom.Status.ToString().ToLowerInvariant()}: only a validated bill makes manufacturing orders.");
        }

        BomId = bom.Id;
        ProductId = bom.ProductId;
        Quantity = Quantities.Positive(quantity, "The quantity to produce");
        ConsumeWarehouseId = consumeWarehouseId;
        ProduceWarehouseId = produceWarehouseId;
        Date = date;
        Label = string.IsNullOrWhiteSpace(label) ? bom.Label : label.Trim();
        foreach (var (productId, needed) in bom.Needs(quantity))
        {
            _lines.Add(new ManufacturingOrderLine(productId, needed, _lines.Count + 1));
        }
    }

    /// <summary>Null while a draft: the number is taken at validation.</summary>
    public string? Number { get; private set; }

    public string Label { get; private set; } = "";

    public long BomId { get; private set; }

    public long ProductId { get; private set; }

    public decimal Quantity { get; private set; }

    public decimal QuantityProduced { get; private set; }

    public long ConsumeWarehouseId { get; private set; }

    public long ProduceWarehouseId { get; private set; }

    public DateOnly Date { get; private set; }

    public ManufacturingOrderStatus Status { get; private set; }

    public DateTime? ValidatedAt { get; private set; }

    public long? ValidatedBy { get; private set; }

    public IReadOnlyList<ManufacturingOrderLine> Lines => _lines;

    public string Reference => Number ?? $"(PROV{Id})";

    public decimal Remaining => Quantity - QuantityProduced;

    /// <summary>Open: validated or in progress, its remaining production is planned stock.</summary>
    public bool IsOpen => Status is ManufacturingOrderStatus.Validated or ManufacturingOrderStatus.InProgress;

    /// <summary>
    /// Changes a draft: how many to make, the warehouses, the planned date and the label. A new quantity plans the
    /// components again from the bill (which must still be validated); the lines are updated in place.
    /// </summary>
    public void Change(Bom bom, decimal quantity, long consumeWarehouseId, long produceWarehouseId, DateOnly date, string? label)
    {
        if (Status != ManufacturingOrderStatus.Draft)
        {
            throw new DomainException($"The manufacturing order {Reference} is {Status.ToString().ToLowerInvariant()}: only a draft can be changed.");
        }

        Quantities.Positive(quantity, "The quantity to produce");
        if (quantity != Quantity)
        {
            if (bom.Id != BomId)
            {
                throw new ArgumentException("The bill of the order is expected.", nameof(bom));
            }

            if (bom.Status != BomStatus.Validated)
            {
                throw new DomainException($"The bill of materials {bom.Label} is {bom.Status.ToString().ToLowerInvariant()}: the quantity of {Reference} can no longer change (the date, warehouses and label can).");
            }

            var needs = bom.Needs(quantity);
            _lines.RemoveAll(l => needs.All(n => n.ProductId != l.ProductId));
            foreach (var (productId, needed) in needs)
            {
                if (_lines.FirstOrDefault(l => l.ProductId == productId) is { } line)
                {
                    line.QuantityPlanned = needed;
                }
                else
                {
                    _lines.Add(new ManufacturingOrderLine(productId, needed, _lines.Count == 0 ? 1 : _lines.Max(l => l.Position) + 1));
                }
            }

            Quantity = quantity;
        }

        ConsumeWarehouseId = consumeWarehouseId;
        ProduceWarehouseId = produceWarehouseId;
        Date = date;
        Label = string.IsNullOrWhiteSpace(label) ? bom.Label : label.Trim();
    }

    public void Validate(string number, long? userId, DateTime now)
    {
        if (Status != ManufacturingOrderStatus.Draft)
        {
            throw new DomainException($"The manufacturing order {Reference} is already validated.");
        }

        Number = number;
        Status = ManufacturingOrderStatus.Validated;
        ValidatedAt = now;
        ValidatedBy = userId;
        Raise(new ManufacturingOrderValidated(Snapshot()));
    }

    /// <summary>What the order's public events carry (Stock/Public), so their consumers never read Stock's tables.</summary>
    public ManufacturingOrderSnapshot Snapshot() => new(Id, Reference, Label, ProductId, Quantity, QuantityProduced, ConsumeWarehouseId, ProduceWarehouseId);

    /// <summary>
    /// What producing <paramref name="quantity"/> more units consumes of each component: its share of the planned
    /// quantity, and on the part that completes the order whatever is left of the plan (no rounding left behind).
    /// </summary>
    public IReadOnlyList<(ManufacturingOrderLine Line, decimal Quantity)> Consumption(decimal quantity)
    {
        if (!IsOpen)
        {
            throw new DomainException(Status == ManufacturingOrderStatus.Draft
                ? $"Validate the manufacturing order {Reference} before producing."
                : $"The manufacturing order {Reference} is {Status.ToString().ToLowerInvariant()}: nothing more can be produced.");
        }

        Quantities.Positive(quantity, "The quantity produced");
        if (quantity > Remaining)
        {
            throw new DomainException($"Only {Format(Remaining)} of {Format(Quantity)} remain to produce on {Reference}: {Format(quantity)} is too many.");
        }

        var completes = quantity == Remaining;
        return _lines.OrderBy(l => l.Position)
            .Select(l => (l, completes
                ? l.QuantityPlanned - l.QuantityConsumed
                : Math.Round(l.QuantityPlanned * quantity / Quantity, StockMovement.QuantityDecimals, MidpointRounding.AwayFromZero)))
            .ToList();
    }

    /// <summary>Records a production part after its movements were written; moves the status.</summary>
    public void Produced(decimal quantity, IReadOnlyList<(ManufacturingOrderLine Line, decimal Quantity)> consumed)
    {
        foreach (var (line, q) in consumed)
        {
            line.QuantityConsumed += q;
        }

        QuantityProduced += quantity;
        Status = QuantityProduced == Quantity ? ManufacturingOrderStatus.Produced : ManufacturingOrderStatus.InProgress;
        Raise(new ManufacturingOrderProduced(Snapshot(), quantity));
    }

    /// <summary>Stops an order in progress: what is produced stays, the rest is no longer planned.</summary>
    public void Close()
    {
        if (Status != ManufacturingOrderStatus.InProgress)
        {
            throw new DomainException(Status is ManufacturingOrderStatus.Draft or ManufacturingOrderStatus.Validated
                ? $"Nothing is produced on {Reference} yet: cancel it instead of closing it."
                : $"The manufacturing order {Reference} is {Status.ToString().ToLowerInvariant()}: it cannot be closed.");
        }

        Status = ManufacturingOrderStatus.Closed;
        Raise(new ManufacturingOrderClosed(Snapshot()));
    }

    public void Cancel()
    {
        if (Status is not (ManufacturingOrderStatus.Draft or ManufacturingOrderStatus.Validated))
        {
            throw new DomainException(Status == ManufacturingOrderStatus.InProgress
                ? $"Part of {Reference} is produced: close it instead of cancelling it."
                : $"The manufacturing order {Reference} is {Status.ToString().ToLowerInvariant()}: it cannot be cancelled.");
        }

        Status = ManufacturingOrderStatus.Cancelled;
        Raise(new ManufacturingOrderCancelled(Snapshot()));
    }

    private static string Format(decimal quantity) => quantity.ToString("0.#####", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A component of a manufacturing order: planned (copied from the bill, losses included) and consumed so far.</summary>
public sealed class ManufacturingOrderLine : Entity, IAuditedPart
{
    private ManufacturingOrderLine()
    {
    }

    internal ManufacturingOrderLine(long productId, decimal quantityPlanned, int position)
    {
        ProductId = productId;
        QuantityPlanned = quantityPlanned;
        Position = position;
    }

    public long ManufacturingOrderId { get; private set; }

    public long ProductId { get; private set; }

    public int Position { get; private set; }

    public decimal QuantityPlanned { get; internal set; }

    public decimal QuantityConsumed { get; internal set; }

    public RecordRef AuditedRecord => new(StockRecordTypes.ManufacturingOrder, ManufacturingOrderId);

    public string? AuditPrefix => $"Component {Position}";
}

/// <summary>
/// What one unit produced costs (DOMAIN.md §5): the value of the components consumed (each at the average cost it
/// left at) divided by the quantity produced, to 5 decimals like every unit price, half away from zero.
/// </summary>
public static class ProductionCost
{
    public static decimal PerUnit(IEnumerable<(decimal Quantity, decimal UnitPrice)> consumed, decimal produced)
    {
        if (produced <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(produced), "A production makes a quantity greater than zero.");
        }

        return Math.Round(consumed.Sum(c => c.Quantity * c.UnitPrice) / produced, WeightedAverageCost.Decimals, MidpointRounding.AwayFromZero);
    }
}
