using MokoCrm.Web.Modules.Purchasing.Public;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.Web.Modules.Purchasing.Domain;

/// <summary>DOMAIN.md §4: draft → validated → closed; cancelled (its stock input reversed).</summary>
public enum ReceptionStatus
{
    Draft,
    Validated,
    Closed,
    Cancelled,
}

/// <summary>What a reception form asks for one order line: a quantity and, for goods, the warehouse.</summary>
public sealed record ReceptionLineRequest(long OrderLineId, decimal Quantity, long? WarehouseId);

/// <summary>
/// Goods (and services) received against an ordered purchase order: per order line a quantity not above what is
/// left to receive, a warehouse for goods, and the unit cost of the order line net of its discount. Several
/// receptions per order; the order's received quantities and status follow the validated ones.
/// </summary>
[RecordType(PurchasingRecordTypes.Reception)]
public sealed class Reception : Entity, IAudited
{
    private readonly List<ReceptionLine> _lines = [];

    private Reception()
    {
    }

    public string? Number { get; private set; }

    public long PurchaseOrderId { get; private set; }

    public long SupplierId { get; private set; }

    public DateOnly Date { get; private set; }

    public ReceptionStatus Status { get; private set; } = ReceptionStatus.Draft;

    public long? AuthorUserId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ValidatedAt { get; private set; }

    public long? ValidatedByUserId { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public IReadOnlyList<ReceptionLine> Lines => _lines;

    public string Reference => Number ?? $"(PROV{Id})";

    /// <summary>Validated or closed: its quantities count as received.</summary>
    public bool IsEffective => Status is ReceptionStatus.Validated or ReceptionStatus.Closed;

    /// <summary>
    /// A draft from the order: each requested line checked against the order (quantity ≤ left to receive; goods need
    /// a warehouse, services and free text take none). Lines with a zero quantity are left out.
    /// </summary>
    public static Reception Create(PurchaseOrder order, DateOnly date, IEnumerable<ReceptionLineRequest> requests, long? authorUserId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (!order.IsOpenForReception)
        {
            throw new DomainException($"{order.Reference} is {PurchaseOrder.Label(order.Status).ToLowerInvariant()}: only an order sent to the supplier and not fully received can be received.");
        }

        var reception = new Reception { PurchaseOrderId = order.Id, SupplierId = order.SupplierId, Date = date, AuthorUserId = authorUserId, CreatedAt = now };
        foreach (var request in requests.Where(r => r.Quantity != 0m))
        {
            var line = order.Lines.SingleOrDefault(l => l.Id == request.OrderLineId) ?? throw new DomainException("A line received is not a line of the order.");
            Check(order, line, request.Quantity, request.WarehouseId);
            reception._lines.Add(new ReceptionLine(reception.Id, reception._lines.Count + 1, line, request.Quantity, request.WarehouseId));
        }

        if (reception._lines.Count == 0)
        {
            throw new DomainException("Enter the quantity received on at least one line.");
        }

        return reception;
    }

    /// <summary>Takes the number, adds the quantities to the order (refused past what is left) and recomputes its status.</summary>
    public void Validate(string number, PurchaseOrder order, long? userId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (Status != ReceptionStatus.Draft)
        {
            throw new DomainException($"{Reference} is already validated.");
        }

        foreach (var line in _lines)
        {
            Check(order, order.Line(line.OrderLineId), line.Quantity, line.WarehouseId);
            order.Receive(line.OrderLineId, line.Quantity);
        }

        order.RecomputeReceptionStatus();
        (Number, ValidatedAt, ValidatedByUserId, Status) = (number, now, userId, ReceptionStatus.Validated);
        Raise(new ReceptionValidated(Snapshot(order.Reference)));
    }

    public void Close(string orderReference, DateTimeOffset now)
    {
        if (Status != ReceptionStatus.Validated)
        {
            throw new DomainException($"Only a validated reception can be closed; {Reference} is {Label(Status).ToLowerInvariant()}.");
        }

        (ClosedAt, Status) = (now, ReceptionStatus.Closed);
        Raise(new ReceptionClosed(Snapshot(orderReference)));
    }

    /// <summary>A validated (or closed) reception is cancelled: the order gets its quantities back and Stock takes the goods out again.</summary>
    public void Cancel(PurchaseOrder order, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (Status == ReceptionStatus.Draft)
        {
            throw new DomainException($"{Reference} is a draft: delete it instead.");
        }

        if (Status == ReceptionStatus.Cancelled)
        {
            throw new DomainException($"{Reference} is already cancelled.");
        }

        if (_lines.Any(l => l.QuantityBilled > 0m))
        {
            throw new DomainException($"{Reference} has been billed by a supplier invoice: cancel (credit) the invoice first.");
        }

        foreach (var line in _lines)
        {
            order.Unreceive(line.OrderLineId, line.Quantity);
        }

        order.RecomputeReceptionStatus();
        (CancelledAt, Status) = (now, ReceptionStatus.Cancelled);
        Raise(new ReceptionCancelled(Snapshot(order.Reference), DateOnly.FromDateTime(now.UtcDateTime)));
    }

    public ReceptionSnapshot Snapshot(string orderReference) => new(Id, Reference, PurchaseOrderId, orderReference, SupplierId, Date,
        _lines.OrderBy(l => l.Position).Select(l => new ReceptionLineSnapshot(l.Id, l.OrderLineId, l.ProductId, l.ProductReference, l.Description, l.IsService,
            l.Quantity, l.WarehouseId, l.UnitCost)).ToList());

    public static string Label(ReceptionStatus status) => status switch
    {
        ReceptionStatus.Draft => "Draft",
        ReceptionStatus.Validated => "Validated",
        ReceptionStatus.Closed => "Closed",
        _ => "Cancelled",
    };

    private static void Check(PurchaseOrder order, PurchaseOrderLine line, decimal quantity, long? warehouseId)
    {
        if (!line.IsPriced)
        {
            throw new DomainException($"Line {line.Position} is a {line.Kind.ToString().ToLowerInvariant()}: it is not received.");
        }

        if (quantity < 0m)
        {
            throw new DomainException($"Line {line.Position} ({line.Description}): a quantity received cannot be negative.");
        }

        if (quantity > line.LeftToReceive)
        {
            throw new DomainException($"Line {line.Position} ({line.Description}): {quantity:0.#####} cannot be received, {line.LeftToReceive:0.#####} is left to receive on {order.Reference}.");
        }

        if (line.GoesToStock && warehouseId is null)
        {
            throw new DomainException($"Line {line.Position} ({line.Description}): choose the warehouse the goods go into.");
        }

        if (!line.GoesToStock && warehouseId is not null)
        {
            throw new DomainException($"Line {line.Position} ({line.Description}) is a service: services are not received into stock, leave its warehouse empty.");
        }
    }
}

/// <summary>One line of a reception: what arrived of one order line, where it went and at which unit cost.</summary>
public sealed class ReceptionLine : Entity, IAuditedPart
{
    private ReceptionLine()
    {
    }

    internal ReceptionLine(long receptionId, int position, PurchaseOrderLine orderLine, decimal quantity, long? warehouseId)
    {
        ReceptionId = receptionId;
        Position = position;
        OrderLineId = orderLine.Id;
        ProductId = orderLine.ProductId;
        ProductReference = orderLine.ProductReference;
        Description = orderLine.Description;
        IsService = !orderLine.GoesToStock;
        Quantity = Amounts.RoundQuantity(quantity);
        WarehouseId = warehouseId;
        UnitCost = orderLine.NetUnitCost;
    }

    public long ReceptionId { get; private set; }

    public int Position { get; private set; }

    public long OrderLineId { get; private set; }

    public long? ProductId { get; private set; }

    public string? ProductReference { get; private set; }

    public string Description { get; private set; } = "";

    public bool IsService { get; private set; }

    public decimal Quantity { get; private set; }

    public long? WarehouseId { get; private set; }

    /// <summary>The order line's unit price net of discount, 5 decimals.</summary>
    public decimal UnitCost { get; private set; }

    /// <summary>How much of this line supplier invoices have billed (an invoice from a reception bills its lines).</summary>
    public decimal QuantityBilled { get; private set; }

    public decimal Value => Amounts.Round(Quantity * UnitCost);

    public decimal LeftToBill => Math.Max(Quantity - QuantityBilled, 0m);

    public RecordRef AuditedRecord => new(PurchasingRecordTypes.Reception, ReceptionId);

    public string? AuditPrefix => $"Line {Position}";

    internal void Bill(decimal quantity) => QuantityBilled += quantity;

    internal void Unbill(decimal quantity) => QuantityBilled = Math.Max(QuantityBilled - quantity, 0m);
}
