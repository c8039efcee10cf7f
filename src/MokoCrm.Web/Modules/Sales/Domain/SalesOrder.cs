using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.Web.Modules.Sales.Domain;

/// <summary>DOMAIN.md §3: draft → validated → in progress (a shipment validated) → delivered; cancelled. Billed is a flag.</summary>
public enum SalesOrderStatus
{
    Draft,
    Validated,
    InProgress,
    Delivered,
    Cancelled,
}

/// <summary>A customer order, from a signed proposal or from scratch.</summary>
[RecordType(SalesRecordTypes.Order)]
public sealed class SalesOrder : SalesDocument<SalesOrderLine>, IAudited
{
    private SalesOrder()
    {
    }

    public SalesOrderStatus Status { get; private set; } = SalesOrderStatus.Draft;

    /// <summary>Separate from the status (DOMAIN.md §3): set once every line is fully invoiced.</summary>
    public bool Billed { get; private set; }

    /// <summary>The signed proposal it came from (also a link), null for an order from scratch.</summary>
    public long? ProposalId { get; private set; }

    public DateOnly? DeliveryDate { get; set; }

    public string? CustomerReference { get; set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    protected override bool IsDraft => Status == SalesOrderStatus.Draft;

    public bool CanBeDeleted => Status == SalesOrderStatus.Draft;

    public static SalesOrder Create(long thirdPartyId, DocumentContacts contacts, DateOnly date, long? authorUserId, DateTimeOffset now)
    {
        var order = new SalesOrder { CreatedAt = now, AuthorUserId = authorUserId };
        order.SetParty(thirdPartyId, contacts);
        order.SetDate(date);
        return order;
    }

    /// <summary>DOMAIN.md §0: a conversion copies the third party, the contacts, the terms and the lines.</summary>
    public static SalesOrder FromProposal(Proposal proposal, DateOnly date, long? authorUserId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        proposal.EnsureConvertible();
        var order = Create(proposal.ThirdPartyId, proposal.Contacts, date, authorUserId, now);
        order.ProposalId = proposal.Id;
        order.PaymentTermId = proposal.PaymentTermId;
        order.PaymentMethodId = proposal.PaymentMethodId;
        foreach (var line in proposal.OrderedLines)
        {
            order.AddLine(line.Content);
        }

        return order;
    }

    /// <param name="warehouseId">Where the goods leave from when stock moves on order validation (null: the settings' default).</param>
    public void Validate(string number, long? userId, DateTimeOffset now, long? warehouseId = null)
    {
        if (Status != SalesOrderStatus.Draft)
        {
            throw new DomainException($"{Reference} is already validated.");
        }

        Stamp(number, userId, now);
        Status = SalesOrderStatus.Validated;
        Raise(new OrderValidated(Snapshot(), ProposalId, warehouseId));
    }

    /// <summary>A validated order that nothing was shipped from yet is cancelled (shipments come in the next slice).</summary>
    public void Cancel(DateTimeOffset now)
    {
        if (Status == SalesOrderStatus.Draft)
        {
            throw new DomainException($"{Reference} is a draft: delete it instead.");
        }

        if (Status == SalesOrderStatus.Cancelled)
        {
            throw new DomainException($"{Reference} is already cancelled.");
        }

        if (Lines.Any(l => l.QuantityShipped > 0m || l.QuantityInvoiced > 0m))
        {
            throw new DomainException($"{Reference} has been shipped or invoiced: cancel its shipments and invoices first.");
        }

        Status = SalesOrderStatus.Cancelled;
        CancelledAt = now;
        Raise(new OrderCancelled(Snapshot()));
    }

    public bool IsOpenForShipping => Status is SalesOrderStatus.Validated or SalesOrderStatus.InProgress;

    /// <summary>A validated order that is not cancelled can be invoiced, line by line, up to what is left to bill.</summary>
    public bool IsOpenForBilling => Status is SalesOrderStatus.Validated or SalesOrderStatus.InProgress or SalesOrderStatus.Delivered;

    /// <summary>Every priced line fully invoiced (DOMAIN.md §3 compares quantities per line).</summary>
    public bool IsFullyInvoiced => Lines.Where(l => l.IsPriced).All(l => l.LeftToBill == 0m);

    /// <summary>The "billed" flag: set by invoicing once every line is fully invoiced, cleared when a draft invoice gives quantities back.</summary>
    public void SetBilled(bool billed) => Billed = billed;

    /// <summary>A shipment was validated: its quantities count as shipped (never more than left) and the order is in progress.</summary>
    public void RecordShipment(IEnumerable<(long OrderLineId, decimal Quantity)> quantities)
    {
        if (!IsOpenForShipping)
        {
            throw new DomainException($"{Reference} is {Label(Status).ToLowerInvariant()}: it cannot be shipped.");
        }

        foreach (var (lineId, quantity) in quantities.GroupBy(q => q.OrderLineId).Select(g => (g.Key, g.Sum(q => q.Quantity))))
        {
            Line(lineId).Ship(quantity);
        }

        Status = SalesOrderStatus.InProgress;
    }

    /// <summary>A shipment was cancelled: its quantities are left to ship again; a delivered order is back in progress (or validated when nothing stays shipped).</summary>
    public void CancelShipment(IEnumerable<(long OrderLineId, decimal Quantity)> quantities)
    {
        foreach (var (lineId, quantity) in quantities.GroupBy(q => q.OrderLineId).Select(g => (g.Key, g.Sum(q => q.Quantity))))
        {
            Line(lineId).Unship(quantity);
        }

        if (Status is SalesOrderStatus.InProgress or SalesOrderStatus.Delivered)
        {
            Status = Lines.Any(l => l.QuantityShipped > 0m) ? SalesOrderStatus.InProgress : SalesOrderStatus.Validated;
        }
    }

    /// <summary>Every line of a shippable product (<paramref name="isShipped"/> says which products are) has all its quantity shipped.</summary>
    public bool IsFullyShipped(Func<long, bool> isShipped) =>
        Lines.Where(l => l.IsPriced && l.ProductId is { } p && isShipped(p)).All(l => l.LeftToShip == 0m);

    /// <summary>The order is delivered (DOMAIN.md §3: by the "fully shipped → delivered" automation, or by hand).</summary>
    public void MarkDelivered()
    {
        if (Status is not (SalesOrderStatus.Validated or SalesOrderStatus.InProgress))
        {
            throw new DomainException($"{Reference} is {Label(Status).ToLowerInvariant()}: only a validated order in progress can be delivered.");
        }

        Status = SalesOrderStatus.Delivered;
        Raise(new OrderDelivered(Snapshot()));
    }

    public static string Label(SalesOrderStatus status) => status switch
    {
        SalesOrderStatus.Draft => "Draft",
        SalesOrderStatus.Validated => "Validated",
        SalesOrderStatus.InProgress => "In progress",
        SalesOrderStatus.Delivered => "Delivered",
        _ => "Cancelled",
    };

    protected override SalesOrderLine NewLine(LineContent content) => new(Id, content);
}

/// <summary>
/// An order line keeps the quantity ordered, shipped and invoiced (DOMAIN.md §3), so shipments and invoices can offer
/// what is left and refuse more. Titles and subtotals are never shipped or billed.
/// </summary>
public sealed class SalesOrderLine : DocumentLine, IAuditedPart
{
    private SalesOrderLine()
    {
    }

    internal SalesOrderLine(long orderId, LineContent content)
    {
        DocumentId = orderId;
        Apply(content);
    }

    public decimal QuantityShipped { get; private set; }

    public decimal QuantityInvoiced { get; private set; }

    public decimal LeftToShip => IsPriced ? Math.Max(Quantity - QuantityShipped, 0m) : 0m;

    public decimal LeftToBill => IsPriced ? Math.Max(Quantity - QuantityInvoiced, 0m) : 0m;

    public RecordRef AuditedRecord => new(SalesRecordTypes.Order, DocumentId);

    public string? AuditPrefix => $"Line {Position}";

    /// <summary>For the shipment slice: more than is left is refused.</summary>
    public void Ship(decimal quantity)
    {
        if (quantity <= 0m || quantity > LeftToShip)
        {
            throw new DomainException($"Line {Position}: {quantity:0.#####} cannot be shipped, {LeftToShip:0.#####} is left to ship.");
        }

        QuantityShipped += quantity;
    }

    /// <summary>A cancelled shipment gives its quantity back.</summary>
    public void Unship(decimal quantity)
    {
        if (quantity <= 0m || quantity > QuantityShipped)
        {
            throw new DomainException($"Line {Position}: {quantity:0.#####} cannot be given back, {QuantityShipped:0.#####} is shipped.");
        }

        QuantityShipped -= quantity;
    }

    /// <summary>For the invoice slice: more than is left is refused (no double billing).</summary>
    public void Invoice(decimal quantity)
    {
        if (quantity <= 0m || quantity > LeftToBill)
        {
            throw new DomainException($"Line {Position}: {quantity:0.#####} cannot be billed, {LeftToBill:0.#####} is left to bill.");
        }

        QuantityInvoiced += quantity;
    }

    /// <summary>A draft invoice line deleted or reduced gives its quantity back to bill.</summary>
    public void Uninvoice(decimal quantity) => QuantityInvoiced = Math.Max(QuantityInvoiced - quantity, 0m);
}
