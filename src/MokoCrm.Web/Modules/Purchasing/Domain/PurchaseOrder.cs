using MokoCrm.Web.Modules.Purchasing.Public;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.Web.Modules.Purchasing.Domain;

/// <summary>
/// DOMAIN.md §4: draft → validated → approved (a second approval above the settings' amount) → ordered → partly
/// received → received; cancelled; refused at approval. Received is recomputed from validated receptions. Billed is a flag.
/// </summary>
public enum PurchaseOrderStatus
{
    Draft,
    Validated,
    Approved,
    Ordered,
    PartlyReceived,
    Received,
    Cancelled,
    Refused,
}

/// <summary>How the order went to the supplier.</summary>
public enum OrderMethod
{
    Email,
    Phone,
    Portal,
    Other,
}

/// <summary>The approval rules of the purchasing settings, as the order applies them.</summary>
/// <param name="SecondApprovalAbove">Orders above this amount excl. tax need a second approver; null: one approval is enough.</param>
/// <param name="ForbidSelfApproval">Whoever created the order may not approve it.</param>
public sealed record ApprovalPolicy(decimal? SecondApprovalAbove, bool ForbidSelfApproval);

/// <summary>A purchase order to a supplier (a CRM third party flagged supplier).</summary>
[RecordType(PurchasingRecordTypes.Order)]
public sealed class PurchaseOrder : LinedDocument<PurchaseOrderLine>, IAudited
{
    private PurchaseOrder()
    {
    }

    public string? Number { get; private set; }

    public long SupplierId { get; private set; }

    public long? ContactId { get; private set; }

    public DateOnly Date { get; private set; }

    public DateOnly? DeliveryDate { get; set; }

    /// <summary>The supplier's quote or reference for this order, printed on it.</summary>
    public string? SupplierReference { get; set; }

    public long? PaymentTermId { get; set; }

    public long? PaymentMethodId { get; set; }

    public PurchaseOrderStatus Status { get; private set; } = PurchaseOrderStatus.Draft;

    /// <summary>Separate from the status: set once every line is fully billed by validated supplier invoices.</summary>
    public bool Billed { get; private set; }

    public long? AuthorUserId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ValidatedAt { get; private set; }

    public long? ValidatedByUserId { get; private set; }

    /// <summary>The first approval of an order that needs two (still <see cref="PurchaseOrderStatus.Validated"/>).</summary>
    public DateTimeOffset? FirstApprovedAt { get; private set; }

    public long? FirstApprovedByUserId { get; private set; }

    public DateTimeOffset? ApprovedAt { get; private set; }

    public long? ApprovedByUserId { get; private set; }

    public DateTimeOffset? RefusedAt { get; private set; }

    public long? RefusedByUserId { get; private set; }

    public string? RefusalReason { get; private set; }

    public DateOnly? OrderedOn { get; private set; }

    public OrderMethod? OrderMethod { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public string Reference => Number ?? $"(PROV{Id})";

    public bool IsDraft => Status == PurchaseOrderStatus.Draft;

    /// <summary>Receptions are made from an order sent to the supplier and not fully received.</summary>
    public bool IsOpenForReception => Status is PurchaseOrderStatus.Ordered or PurchaseOrderStatus.PartlyReceived;

    /// <summary>Supplier invoices bill an order once it was sent (DOMAIN.md §4), never a draft or a cancelled one.</summary>
    public bool IsBillable => Status is PurchaseOrderStatus.Ordered or PurchaseOrderStatus.PartlyReceived or PurchaseOrderStatus.Received;

    /// <summary>Whether the amount needs a second approver under the policy.</summary>
    public bool NeedsSecondApproval(ApprovalPolicy policy) => policy?.SecondApprovalAbove is { } limit && TotalExclTax > limit;

    public static PurchaseOrder Create(long supplierId, long? contactId, DateOnly date, long? authorUserId, DateTimeOffset now)
    {
        var order = new PurchaseOrder { CreatedAt = now, AuthorUserId = authorUserId };
        order.SetHeader(supplierId, contactId, date);
        return order;
    }

    public void SetHeader(long supplierId, long? contactId, DateOnly date)
    {
        EnsureDraft();
        (SupplierId, ContactId, Date) = (supplierId, contactId, date);
    }

    /// <summary>Adds a line with what only a purchase line has: the supplier's reference and whether it is a service.</summary>
    public PurchaseOrderLine AddLine(LineContent content, string? supplierReference, bool isService)
    {
        var line = AddLine(content);
        line.SetPurchaseDetails(supplierReference, isService);
        return line;
    }

    public void ChangeLine(long lineId, LineContent content, string? supplierReference, bool isService)
    {
        ChangeLine(lineId, content);
        Line(lineId).SetPurchaseDetails(supplierReference, isService);
    }

    public void Validate(string number, long? userId, DateTimeOffset now)
    {
        if (Status != PurchaseOrderStatus.Draft)
        {
            throw new DomainException($"{Reference} is already validated.");
        }

        EnsureHasLines();
        Recompute();
        (Number, ValidatedAt, ValidatedByUserId, Status) = (number, now, userId, PurchaseOrderStatus.Validated);
        Raise(new PurchaseOrderValidated(Snapshot()));
    }

    /// <summary>
    /// Approves (the caller checked the right "approve", and "approve2" for a second approval). Returns true when the
    /// order is now approved, false when it waits for its second approver.
    /// </summary>
    public bool Approve(long? userId, ApprovalPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (Status != PurchaseOrderStatus.Validated)
        {
            throw new DomainException($"Only a validated order can be approved; {Reference} is {Label(Status).ToLowerInvariant()}.");
        }

        if (policy.ForbidSelfApproval && userId is not null && userId == AuthorUserId)
        {
            throw new DomainException($"You created {Reference}: the purchasing settings forbid approving one's own order. Another approver must approve it.");
        }

        if (NeedsSecondApproval(policy))
        {
            if (FirstApprovedByUserId is null)
            {
                (FirstApprovedAt, FirstApprovedByUserId) = (now, userId);
                return false;
            }

            if (FirstApprovedByUserId == userId)
            {
                throw new DomainException($"{Reference} is above {policy.SecondApprovalAbove:N2} excl. tax: it needs a second approval by someone other than its first approver.");
            }
        }

        (ApprovedAt, ApprovedByUserId, Status) = (now, userId, PurchaseOrderStatus.Approved);
        Raise(new PurchaseOrderApproved(Snapshot(), userId, FirstApprovedByUserId, DateOnly.FromDateTime(now.UtcDateTime)));
        return true;
    }

    public void Refuse(long? userId, string? reason, DateTimeOffset now)
    {
        if (Status != PurchaseOrderStatus.Validated)
        {
            throw new DomainException($"Only an order waiting for approval can be refused; {Reference} is {Label(Status).ToLowerInvariant()}.");
        }

        (RefusedAt, RefusedByUserId, RefusalReason, Status) = (now, userId, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), PurchaseOrderStatus.Refused);
        Raise(new PurchaseOrderRefused(Snapshot(), userId, RefusalReason));
    }

    /// <summary>"Send to supplier": the date it was ordered and how.</summary>
    public void MarkOrdered(DateOnly orderedOn, OrderMethod method)
    {
        if (Status != PurchaseOrderStatus.Approved)
        {
            throw new DomainException($"Only an approved order can be sent to the supplier; {Reference} is {Label(Status).ToLowerInvariant()}.");
        }

        if (!Enum.IsDefined(method))
        {
            throw new DomainException("Choose how the order was sent.");
        }

        if (orderedOn < Date)
        {
            throw new DomainException($"The order date cannot be before the order's own date ({Date:yyyy-MM-dd}).");
        }

        (OrderedOn, OrderMethod, Status) = (orderedOn, method, PurchaseOrderStatus.Ordered);
        Raise(new PurchaseOrderSent(Snapshot(), orderedOn, method.ToString()));
    }

    public void Cancel(DateTimeOffset now)
    {
        if (Status == PurchaseOrderStatus.Draft)
        {
            throw new DomainException($"{Reference} is a draft: delete it instead.");
        }

        if (Status is PurchaseOrderStatus.Cancelled or PurchaseOrderStatus.Refused)
        {
            throw new DomainException($"{Reference} is already {Label(Status).ToLowerInvariant()}.");
        }

        if (Lines.Any(l => l.QuantityReceived > 0m || l.QuantityBilled > 0m))
        {
            throw new DomainException($"{Reference} has been received or billed: cancel its receptions and supplier invoices first.");
        }

        var wasApproved = Status is PurchaseOrderStatus.Approved or PurchaseOrderStatus.Ordered;
        (CancelledAt, Status) = (now, PurchaseOrderStatus.Cancelled);
        Raise(new PurchaseOrderCancelled(Snapshot(), wasApproved, DateOnly.FromDateTime(now.UtcDateTime)));
    }

    /// <summary>A validated reception adds (a cancelled one takes back) its quantities; the status follows.</summary>
    public void Receive(long lineId, decimal quantity)
    {
        if (!IsOpenForReception)
        {
            throw new DomainException($"{Reference} is {Label(Status).ToLowerInvariant()}: only an order sent to the supplier and not fully received can be received.");
        }

        Line(lineId).Receive(quantity);
    }

    public void Unreceive(long lineId, decimal quantity) => Line(lineId).Unreceive(quantity);

    /// <summary>Ordered / partly received / received from the quantities received so far (never touches other statuses).</summary>
    public void RecomputeReceptionStatus()
    {
        if (Status is not (PurchaseOrderStatus.Ordered or PurchaseOrderStatus.PartlyReceived or PurchaseOrderStatus.Received))
        {
            return;
        }

        var priced = Lines.Where(l => l.IsPriced).ToList();
        Status = priced.All(l => l.LeftToReceive == 0m) ? PurchaseOrderStatus.Received
            : priced.Any(l => l.QuantityReceived > 0m) ? PurchaseOrderStatus.PartlyReceived
            : PurchaseOrderStatus.Ordered;
    }

    public void Bill(long lineId, decimal quantity)
    {
        if (!IsBillable)
        {
            throw new DomainException($"{Reference} is {Label(Status).ToLowerInvariant()}: only an order sent to the supplier can be billed.");
        }

        Line(lineId).Bill(quantity);
        Billed = Lines.Where(l => l.IsPriced).All(l => l.LeftToBill == 0m);
    }

    public void Unbill(long lineId, decimal quantity)
    {
        Line(lineId).Unbill(quantity);
        Billed = Lines.Where(l => l.IsPriced).All(l => l.LeftToBill == 0m);
    }

    public PurchaseOrderSnapshot Snapshot() => new(
        Id, Reference, SupplierId, Date, TotalExclTax, TotalVat, TotalInclTax,
        Totals.VatByRate.Select(v => new PurchaseVatAmount(v.RatePercent, v.TaxBase, v.Vat)).ToList(),
        OrderedLines.Select(l => l.Snapshot()).ToList());

    public static string Label(PurchaseOrderStatus status) => status switch
    {
        PurchaseOrderStatus.Draft => "Draft",
        PurchaseOrderStatus.Validated => "Validated",
        PurchaseOrderStatus.Approved => "Approved",
        PurchaseOrderStatus.Ordered => "Ordered",
        PurchaseOrderStatus.PartlyReceived => "Partly received",
        PurchaseOrderStatus.Received => "Received",
        PurchaseOrderStatus.Refused => "Refused",
        _ => "Cancelled",
    };

    protected override void EnsureLinesEditable() => EnsureDraft();

    protected override PurchaseOrderLine NewLine(LineContent content) => new(Id, content);

    private void EnsureDraft()
    {
        if (!IsDraft)
        {
            throw new DomainException($"{Reference} is validated: it can no longer be changed.");
        }
    }

    private void EnsureHasLines()
    {
        if (!Lines.Any(l => l.IsPriced))
        {
            throw new DomainException($"{Reference} has no lines: add at least one product or free-text line before validating.");
        }
    }
}

/// <summary>
/// A purchase order line keeps the quantity ordered, received (by validated receptions) and billed (by validated
/// supplier invoices), so receptions and invoices offer what is left and refuse more.
/// </summary>
public sealed class PurchaseOrderLine : DocumentLine, IAuditedPart
{
    private PurchaseOrderLine()
    {
    }

    internal PurchaseOrderLine(long orderId, LineContent content)
    {
        DocumentId = orderId;
        Apply(content);
    }

    /// <summary>The supplier's own reference for the product, from its supplier price.</summary>
    public string? SupplierReference { get; private set; }

    /// <summary>A service (or free text) is received without a warehouse: it never enters stock.</summary>
    public bool IsService { get; private set; }

    public decimal QuantityReceived { get; private set; }

    public decimal QuantityBilled { get; private set; }

    public decimal LeftToReceive => IsPriced ? Math.Max(Quantity - QuantityReceived, 0m) : 0m;

    public decimal LeftToBill => IsPriced ? Math.Max(Quantity - QuantityBilled, 0m) : 0m;

    /// <summary>DOMAIN.md §5: the reception cost is the unit price net of the line's discount.</summary>
    public decimal NetUnitCost => Platform.Domain.Amounts.RoundUnitPrice(UnitPrice * (1m - (DiscountPercent / 100m)));

    /// <summary>Goes to stock on reception: a product line that is not a service.</summary>
    public bool GoesToStock => Kind == LineKind.Product && !IsService;

    public RecordRef AuditedRecord => new(PurchasingRecordTypes.Order, DocumentId);

    public string? AuditPrefix => $"Line {Position}";

    internal void SetPurchaseDetails(string? supplierReference, bool isService)
    {
        SupplierReference = Kind == LineKind.Product && !string.IsNullOrWhiteSpace(supplierReference) ? supplierReference.Trim() : null;
        IsService = IsPriced && (Kind == LineKind.Free || isService);
    }

    internal void Receive(decimal quantity)
    {
        if (quantity <= 0m || quantity > LeftToReceive)
        {
            throw new DomainException($"Line {Position} ({Description}): {quantity:0.#####} cannot be received, {LeftToReceive:0.#####} is left to receive.");
        }

        QuantityReceived += quantity;
    }

    internal void Unreceive(decimal quantity) => QuantityReceived = Math.Max(QuantityReceived - quantity, 0m);

    internal void Bill(decimal quantity)
    {
        if (quantity <= 0m || quantity > LeftToBill)
        {
            throw new DomainException($"Line {Position} ({Description}): {quantity:0.#####} cannot be billed, {LeftToBill:0.#####} is left to bill.");
        }

        QuantityBilled += quantity;
    }

    internal void Unbill(decimal quantity) => QuantityBilled = Math.Max(QuantityBilled - quantity, 0m);

    public PurchaseLineSnapshot Snapshot() => new(Id, Position, Kind.ToString(), ProductId, ProductReference, SupplierReference, Description, IsService, Quantity,
        UnitPrice, DiscountPercent, NetUnitCost, VatRatePercent, TotalExclTax, TotalVat, TotalInclTax, AccountCode);
}
