using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.Web.Modules.Sales.Domain;

/// <summary>DOMAIN.md §3: draft → validated → delivered (closed); validated or delivered → cancelled (stock back).</summary>
public enum ShipmentStatus
{
    Draft,
    Validated,
    Delivered,
    Cancelled,
}

/// <summary>
/// What goes out to a customer from one validated order: a subset of the quantities left to ship, each line from one
/// warehouse. Quantities only: prices stay on the order (the delivery note prints none).
/// </summary>
[RecordType(SalesRecordTypes.Shipment)]
public sealed class Shipment : Entity, IAudited
{
    private readonly List<ShipmentLine> _lines = [];

    private Shipment()
    {
    }

    public string? Number { get; private set; }

    public long OrderId { get; private set; }

    public long ThirdPartyId { get; private set; }

    public long? ShippingContactId { get; private set; }

    /// <summary>The shipping date (numbering uses it at validation).</summary>
    public DateOnly Date { get; private set; }

    public DateOnly? PlannedDelivery { get; set; }

    public string? Carrier { get; set; }

    public string? TrackingNumber { get; set; }

    public ShipmentStatus Status { get; private set; } = ShipmentStatus.Draft;

    public long? AuthorUserId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ValidatedAt { get; private set; }

    public long? ValidatedByUserId { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public IReadOnlyList<ShipmentLine> Lines => _lines;

    public IEnumerable<ShipmentLine> OrderedLines => _lines.OrderBy(l => l.Position);

    public string Reference => Number ?? $"(PROV{Id})";

    public decimal TotalQuantity => _lines.Sum(l => l.Quantity);

    /// <summary>
    /// A draft from a validated order: one line per (order line, warehouse) asked for, each checked against what is
    /// left to ship on that order line (all the lines of this shipment together count). Nothing asked is refused.
    /// </summary>
    public static Shipment FromOrder(SalesOrder order, IReadOnlyList<ShipmentLineRequest> requests, DateOnly date, long? authorUserId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(requests);
        if (!order.IsOpenForShipping)
        {
            throw new DomainException($"{order.Reference} is {SalesOrder.Label(order.Status).ToLowerInvariant()}: only a validated order that is not delivered can be shipped.");
        }

        var asked = requests.Where(r => r.Quantity != 0m).ToList();
        if (asked.Count == 0)
        {
            throw new DomainException("Enter a quantity to ship on at least one line.");
        }

        var shipment = new Shipment
        {
            OrderId = order.Id, ThirdPartyId = order.ThirdPartyId, ShippingContactId = order.ShippingContactId, Date = date,
            PlannedDelivery = order.DeliveryDate, AuthorUserId = authorUserId, CreatedAt = now,
        };
        foreach (var group in asked.GroupBy(r => r.OrderLineId))
        {
            var line = order.Lines.SingleOrDefault(l => l.Id == group.Key) ?? throw new DomainException("A line to ship is not a line of this order.");
            if (line.ProductId is null || !line.IsPriced)
            {
                throw new DomainException($"Line {line.Position}: only product lines are shipped.");
            }

            foreach (var request in group)
            {
                if (request.Quantity < 0m)
                {
                    throw new DomainException($"Line {line.Position}: a quantity to ship cannot be negative.");
                }

                if (Math.Round(request.Quantity, Amounts.QuantityDecimals) != request.Quantity)
                {
                    throw new DomainException($"Line {line.Position}: a quantity has at most {Amounts.QuantityDecimals} decimals.");
                }
            }

            ShipmentQuantities.EnsureWithinLeft(line.Position, group.Sum(r => r.Quantity), line.LeftToShip);
            foreach (var request in group)
            {
                shipment._lines.Add(new ShipmentLine(shipment.Id, shipment._lines.Count + 1, line, request.WarehouseId, request.Quantity));
            }
        }

        return shipment;
    }

    /// <summary>Takes the number, records the shipped quantities on the order (which moves to in progress) and raises the event stock follows.</summary>
    public ShipmentValidated Validate(SalesOrder order, string number, long? userId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (Status != ShipmentStatus.Draft)
        {
            throw new DomainException($"{Reference} is already validated.");
        }

        if (_lines.Count == 0)
        {
            throw new DomainException($"{Reference} has no lines: there is nothing to ship.");
        }

        if (!order.IsOpenForShipping)
        {
            throw new DomainException($"{order.Reference} is {SalesOrder.Label(order.Status).ToLowerInvariant()}: its shipments can no longer be validated.");
        }

        order.RecordShipment(_lines.Select(l => (l.OrderLineId, l.Quantity)));
        Number = number;
        Status = ShipmentStatus.Validated;
        ValidatedAt = now;
        ValidatedByUserId = userId;
        var validated = new ShipmentValidated(Snapshot(order));
        Raise(validated);
        return validated;
    }

    /// <summary>The goods reached the customer: the shipment is closed.</summary>
    public void MarkDelivered(DateTimeOffset now)
    {
        if (Status != ShipmentStatus.Validated)
        {
            throw new DomainException($"{Reference} is {Label(Status).ToLowerInvariant()}: only a validated shipment can be closed as delivered.");
        }

        Status = ShipmentStatus.Delivered;
        DeliveredAt = now;
    }

    /// <summary>The shipped quantities go back to the order and the stock handlers reverse their movements.</summary>
    public void Cancel(SalesOrder order, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (Status == ShipmentStatus.Draft)
        {
            throw new DomainException($"{Reference} is a draft: delete it instead.");
        }

        if (Status == ShipmentStatus.Cancelled)
        {
            throw new DomainException($"{Reference} is already cancelled.");
        }

        order.CancelShipment(_lines.Select(l => (l.OrderLineId, l.Quantity)));
        Status = ShipmentStatus.Cancelled;
        CancelledAt = now;
        Raise(new ShipmentCancelled(Snapshot(order)));
    }

    /// <summary>"Delete line" on a draft: the line goes, the others keep their order, numbered from 1 again.</summary>
    public void RemoveLine(long lineId)
    {
        EnsureDraft();
        var line = _lines.SingleOrDefault(l => l.Id == lineId) ?? throw new NotFoundException("The shipment line");
        _lines.Remove(line);
        var position = 1;
        foreach (var kept in _lines.OrderBy(l => l.Position).ToList())
        {
            kept.Position = position++;
        }
    }

    public void EnsureDraft()
    {
        if (Status != ShipmentStatus.Draft)
        {
            throw new DomainException($"{Reference} is validated: it can no longer be changed or deleted, cancel it instead.");
        }
    }

    public ShipmentSnapshot Snapshot(SalesOrder order) => new(
        Id, Reference, OrderId, order.Reference, order.ProposalId, ThirdPartyId, Date, PlannedDelivery, ValidatedAt, CancelledAt,
        OrderedLines.Select(l => new ShipmentLineSnapshot(l.Position, l.OrderLineId, l.ProductId, l.ProductReference, l.Description, l.WarehouseId, l.Quantity)).ToList());

    public static string Label(ShipmentStatus status) => status switch
    {
        ShipmentStatus.Draft => "Draft",
        ShipmentStatus.Validated => "Validated",
        ShipmentStatus.Delivered => "Delivered",
        _ => "Cancelled",
    };
}

/// <summary>One quantity of one order line from one warehouse.</summary>
public sealed class ShipmentLine : Entity, IAuditedPart
{
    private ShipmentLine()
    {
    }

    internal ShipmentLine(long shipmentId, int position, SalesOrderLine orderLine, long warehouseId, decimal quantity)
    {
        ShipmentId = shipmentId;
        Position = position;
        OrderLineId = orderLine.Id;
        ProductId = orderLine.ProductId!.Value;
        ProductReference = orderLine.ProductReference;
        Description = orderLine.Description;
        WarehouseId = warehouseId;
        Quantity = quantity;
    }

    public long ShipmentId { get; private set; }

    public int Position { get; internal set; }

    public long OrderLineId { get; private set; }

    public long ProductId { get; private set; }

    public string? ProductReference { get; private set; }

    public string Description { get; private set; } = "";

    public long WarehouseId { get; private set; }

    public decimal Quantity { get; private set; }

    public RecordRef AuditedRecord => new(SalesRecordTypes.Shipment, ShipmentId);

    public string? AuditPrefix => $"Line {Position}";
}

/// <summary>What "Create shipment" posts for one order line and warehouse.</summary>
public sealed record ShipmentLineRequest(long OrderLineId, long WarehouseId, decimal Quantity);

/// <summary>The rule of DOMAIN.md §3 shared by the form and the entity: never more than what is left to ship.</summary>
public static class ShipmentQuantities
{
    public static decimal LeftToShip(decimal ordered, decimal shipped) => Math.Max(ordered - shipped, 0m);

    public static void EnsureWithinLeft(int position, decimal asked, decimal left)
    {
        if (asked > left)
        {
            throw new DomainException($"Line {position}: {Format(asked)} cannot be shipped, only {Format(left)} is left to ship.");
        }
    }

    public static string Format(decimal quantity) => quantity.ToString("0.#####", System.Globalization.CultureInfo.InvariantCulture);
}
