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

/// <summary>
/// What a reception form asks for one order line: a quantity and, for goods, the warehouse; the unit cost when it
/// differs from the order line's (null: the order line's unit price net of discount).
/// </summary>
public sealed record ReceptionLineRequest(long OrderLineId, decimal Quantity, long? WarehouseId, decimal? UnitCost = null);

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
        var reception = new Reception { PurchaseOrderId = order.Id, SupplierId = order.SupplierId, Date = date, AuthorUserId = authorUserId, CreatedAt = now };
        reception.SetLines(order, requests);
        return reception;
    }

    /// <summary>
    /// A draft's date and lines changed, under the rules of <see cref="Create"/>: a line kept is updated in place, a
    /// zero quantity drops it, an order line not yet on the reception is added.
    /// </summary>
    public void Change(PurchaseOrder order, DateOnly date, IEnumerable<ReceptionLineRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (Status != ReceptionStatus.Draft)
        {
            throw new DomainException($"{Reference} is {Label(Status).ToLowerInvariant()}: only a draft reception can be changed.");
        }

        if (order.Id != PurchaseOrderId)
        {
            throw new DomainException("A reception stays on its purchase order.");
        }

        SetLines(order, requests);
        Date = date;
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

    /// <summary>The lines as requested (zero quantities left out), each checked against the order; kept lines are updated in place.</summary>
    private void SetLines(PurchaseOrder order, IEnumerable<ReceptionLineRequest> requests)
    {
        if (!order.IsOpenForReception)
        {
            throw new DomainException($"{order.Reference} is {PurchaseOrder.Label(order.Status).ToLowerInvariant()}: only an order sent to the supplier and not fully received can be received.");
        }

        var wanted = requests.Where(r => r.Quantity != 0m).ToList();
        if (wanted.GroupBy(r => r.OrderLineId).Any(g => g.Count() > 1))
        {
            throw new DomainException("An order line is received once per reception.");
        }

        foreach (var request in wanted)
        {
            var line = order.Lines.SingleOrDefault(l => l.Id == request.OrderLineId) ?? throw new DomainException("A line received is not a line of the order.");
            Check(order, line, request.Quantity, request.WarehouseId);
            CheckUnitCost(line, request.UnitCost);
        }

        if (wanted.Count == 0)
        {
            throw new DomainException("Enter the quantity received on at least one line.");
        }

        _lines.RemoveAll(l => wanted.All(r => r.OrderLineId != l.OrderLineId));
        foreach (var request in wanted.OrderBy(r => order.Line(r.OrderLineId).Position))
        {
            var orderLine = order.Line(request.OrderLineId);
            if (_lines.SingleOrDefault(l => l.OrderLineId == request.OrderLineId) is { } kept)
            {
                kept.Change(request.Quantity, request.WarehouseId, request.UnitCost ?? orderLine.NetUnitCost);
            }
            else
            {
                _lines.Add(new ReceptionLine(Id, 0, orderLine, request.Quantity, request.WarehouseId, request.UnitCost));
            }
        }

        var position = 1;
        foreach (var line in _lines.OrderBy(l => order.Line(l.OrderLineId).Position))
        {
            line.Renumber(position++);
        }
    }

    private static void CheckUnitCost(PurchaseOrderLine line, decimal? unitCost)
    {
        if (unitCost is not { } cost)
        {
            return;
        }

        if (cost < 0m)
        {
            throw new DomainException($"Line {line.Position} ({line.Description}): a unit cost cannot be negative.");
        }

        if (!Amounts.HasAtMostDecimals(cost, Amounts.UnitPriceDecimals))
        {
            throw new DomainException($"Line {line.Position} ({line.Description}): a unit cost has at most {Amounts.UnitPriceDecimals} decimals.");
        }
    }

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

    internal ReceptionLine(long receptionId, int position, PurchaseOrderLine orderLine, decimal quantity, long? warehouseId, decimal? unitCost = null)
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
        UnitCost = unitCost ?? orderLine.NetUnitCost;
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

    /// <summary>A draft's line as edited (checked by the reception against its order line).</summary>
    internal void Change(decimal quantity, long? warehouseId, decimal unitCost) =>
        (Quantity, WarehouseId, UnitCost) = (Amounts.RoundQuantity(quantity), warehouseId, unitCost);

    internal void Renumber(int position) => Position = position;

    internal void Unbill(decimal quantity) => QuantityBilled = Math.Max(QuantityBilled - quantity, 0m);
}
