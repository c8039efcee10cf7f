using MokoCrm.Web.Modules.Purchasing.Public;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.Web.Modules.Purchasing.Domain;

/// <summary>DOMAIN.md §3–§4, as customer invoices: draft → validated (unpaid) → paid; a validated one with no payment may be abandoned.</summary>
public enum SupplierInvoiceStatus
{
    Draft,
    Validated,
    Paid,
    Abandoned,
}

/// <summary>Why a supplier invoice will not be paid (the "Classify abandoned" form's list).</summary>
public enum SupplierInvoiceAbandonReason
{
    /// <summary>Disputed: what was billed is not owed (goods not as ordered, service not done).</summary>
    Disputed,

    /// <summary>The supplier waived what it billed.</summary>
    Waived,
    Other,
}

public enum SupplierInvoiceKind
{
    Invoice,
    CreditNote,
}

/// <summary>What a supplier invoice line bills: an order line, possibly through a reception line.</summary>
public sealed record BilledSource(long OrderId, long OrderLineId, long? ReceptionId, long? ReceptionLineId);

/// <summary>
/// A supplier's invoice (or credit note) as recorded here: its own SI/SC number at validation, and the supplier's
/// invoice number, required and unique per supplier. Made from one or more purchase orders and/or receptions of one
/// supplier; validation bills their lines (the orders' billed flag follows) and posts the AC entry.
/// </summary>
[RecordType(PurchasingRecordTypes.SupplierInvoice)]
public sealed class SupplierInvoice : LinedDocument<SupplierInvoiceLine>, IAudited
{
    private SupplierInvoice()
    {
    }

    public string? Number { get; private set; }

    public SupplierInvoiceKind Kind { get; private set; }

    public long SupplierId { get; private set; }

    /// <summary>The number printed on the supplier's own invoice: required, unique per supplier.</summary>
    public string SupplierInvoiceNumber { get; private set; } = "";

    public DateOnly Date { get; private set; }

    public DateOnly? DueDate { get; private set; }

    public long? PaymentTermId { get; set; }

    public long? PaymentMethodId { get; set; }

    public SupplierInvoiceStatus Status { get; private set; } = SupplierInvoiceStatus.Draft;

    /// <summary>What payments (and credit notes) settled so far, signed like the total.</summary>
    public decimal AmountSettled { get; private set; }

    /// <summary>The invoice a credit note corrects.</summary>
    public long? CreditedInvoiceId { get; private set; }

    public SupplierInvoiceAbandonReason? AbandonReason { get; private set; }

    public string? AbandonNote { get; private set; }

    public DateTimeOffset? AbandonedAt { get; private set; }

    public long? AuthorUserId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ValidatedAt { get; private set; }

    public long? ValidatedByUserId { get; private set; }

    public string Reference => Number ?? $"(PROV{Id})";

    public bool IsDraft => Status == SupplierInvoiceStatus.Draft;

    /// <summary>The amount to pay, signed: a credit note's is negative (what the supplier owes back).</summary>
    public decimal SignedTotal => Kind == SupplierInvoiceKind.CreditNote ? -TotalInclTax : TotalInclTax;

    public decimal Remaining => SignedTotal - AmountSettled;

    public static SupplierInvoice Create(long supplierId, string supplierInvoiceNumber, DateOnly date, DateOnly? dueDate, long? authorUserId, DateTimeOffset now,
        SupplierInvoiceKind kind = SupplierInvoiceKind.Invoice, long? creditedInvoiceId = null)
    {
        var invoice = new SupplierInvoice { SupplierId = supplierId, Kind = kind, CreditedInvoiceId = creditedInvoiceId, AuthorUserId = authorUserId, CreatedAt = now };
        invoice.SetHeader(supplierInvoiceNumber, date, dueDate);
        return invoice;
    }

    public void SetHeader(string supplierInvoiceNumber, DateOnly date, DateOnly? dueDate)
    {
        EnsureDraft();
        var number = supplierInvoiceNumber?.Trim() ?? "";
        if (number.Length == 0)
        {
            throw new DomainException("Enter the supplier's invoice number (printed on their invoice).");
        }

        if (dueDate is { } due && due < date)
        {
            throw new DomainException("The due date cannot be before the invoice date.");
        }

        (SupplierInvoiceNumber, Date, DueDate) = (number, date, dueDate);
    }

    public SupplierInvoiceLine AddLine(LineContent content, bool isService, BilledSource? source)
    {
        var line = AddLine(content);
        line.SetSource(isService, source);
        return line;
    }

    /// <summary>Takes the number and freezes the totals; the caller bills the sources (orders, receptions) in the same transaction.</summary>
    public void Validate(string number, long? userId, DateTimeOffset now, string supplierName, string? supplierCode, IReadOnlyList<long> orderIds)
    {
        if (Status != SupplierInvoiceStatus.Draft)
        {
            throw new DomainException($"{Reference} is already validated.");
        }

        if (!Lines.Any(l => l.IsPriced))
        {
            throw new DomainException($"{Reference} has no lines: add at least one line before validating.");
        }

        Recompute();
        (Number, ValidatedAt, ValidatedByUserId, Status) = (number, now, userId, SupplierInvoiceStatus.Validated);
        if (Remaining == 0m)
        {
            Status = SupplierInvoiceStatus.Paid;
        }

        Raise(new SupplierInvoiceValidated(Snapshot(supplierName, supplierCode, orderIds)));
    }

    /// <summary>A payment (or its reversal) moved what is settled: paid once covered, back to unpaid when reopened.</summary>
    public void Settle(SettlementChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (Status is not (SupplierInvoiceStatus.Validated or SupplierInvoiceStatus.Paid))
        {
            throw new DomainException($"{Reference} is {Label(Status).ToLowerInvariant()}: it cannot be paid.");
        }

        AmountSettled = change.SettledAfter;
        Status = AmountSettled == SignedTotal ? SupplierInvoiceStatus.Paid : SupplierInvoiceStatus.Validated;
    }

    /// <summary>
    /// Unpaid → abandoned (DOMAIN.md §3, "with no payments"): the invoice will not be paid; Accounting reverses its AC
    /// entry. A credit note, a draft, a paid or a partly paid invoice is refused.
    /// </summary>
    public void Abandon(SupplierInvoiceAbandonReason reason, string? note, DateOnly date, DateTimeOffset now, string supplierName, string? supplierCode)
    {
        if (Kind == SupplierInvoiceKind.CreditNote)
        {
            throw new DomainException($"{Reference} is a credit note: record its refund instead.");
        }

        if (Status != SupplierInvoiceStatus.Validated)
        {
            throw new DomainException($"Only an unpaid supplier invoice can be abandoned; {Reference} is {Label(Status).ToLowerInvariant()}.");
        }

        if (AmountSettled != 0m)
        {
            throw new DomainException(
                $"{Reference} is partly paid ({PaymentAllocator.Money(Math.Abs(AmountSettled))}): cancel its payments before abandoning it.");
        }

        if (!Enum.IsDefined(reason))
        {
            throw new DomainException("Choose why the supplier invoice is abandoned.");
        }

        (Status, AbandonReason, AbandonNote, AbandonedAt) = (SupplierInvoiceStatus.Abandoned, reason, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), now);
        var orderIds = Lines.Where(l => l.OrderId != null).Select(l => l.OrderId!.Value).Distinct().ToList();
        Raise(new SupplierInvoiceAbandoned(Snapshot(supplierName, supplierCode, orderIds), date, reason.ToString(), AbandonNote));
    }

    public static string ReasonLabel(SupplierInvoiceAbandonReason reason) => reason switch
    {
        SupplierInvoiceAbandonReason.Disputed => "Disputed: not owed",
        SupplierInvoiceAbandonReason.Waived => "Waived by the supplier",
        _ => "Other",
    };

    public PayableDocument AsPayable() => new(Id, SupplierId, Reference, SignedTotal, AmountSettled);

    public SupplierInvoiceSnapshot Snapshot(string supplierName, string? supplierCode, IReadOnlyList<long> orderIds) => new(
        Id, Reference, Kind == SupplierInvoiceKind.CreditNote, SupplierInvoiceNumber, SupplierId, supplierName, supplierCode, Date, DueDate,
        TotalExclTax, TotalVat, TotalInclTax,
        Totals.VatByRate.Select(v => new PurchaseVatAmount(v.RatePercent, v.TaxBase, v.Vat)).ToList(),
        OrderedLines.Select(l => new PurchaseLineSnapshot(l.Id, l.Position, l.Kind.ToString(), l.ProductId, l.ProductReference, null, l.Description, l.IsService,
            l.Quantity, l.UnitPrice, l.DiscountPercent, Platform.Domain.Amounts.RoundUnitPrice(l.UnitPrice * (1m - (l.DiscountPercent / 100m))), l.VatRatePercent,
            l.TotalExclTax, l.TotalVat, l.TotalInclTax, l.AccountCode)).ToList(),
        orderIds, CreditedInvoiceId);

    public static string Label(SupplierInvoiceStatus status) => status switch
    {
        SupplierInvoiceStatus.Draft => "Draft",
        SupplierInvoiceStatus.Validated => "Unpaid",
        SupplierInvoiceStatus.Paid => "Paid",
        _ => "Abandoned",
    };

    protected override void EnsureLinesEditable() => EnsureDraft();

    protected override SupplierInvoiceLine NewLine(LineContent content) => new(Id, content);

    private void EnsureDraft()
    {
        if (!IsDraft)
        {
            throw new DomainException($"{Reference} is validated: it can no longer be changed.");
        }
    }
}

/// <summary>A supplier invoice line, with the order line (and reception line) it bills when made from them.</summary>
public sealed class SupplierInvoiceLine : DocumentLine, IAuditedPart
{
    private SupplierInvoiceLine()
    {
    }

    internal SupplierInvoiceLine(long invoiceId, LineContent content)
    {
        DocumentId = invoiceId;
        Apply(content);
    }

    public bool IsService { get; private set; }

    public long? OrderId { get; private set; }

    public long? OrderLineId { get; private set; }

    public long? ReceptionId { get; private set; }

    public long? ReceptionLineId { get; private set; }

    /// <summary>The order line (and reception line) this line bills, or null for a line typed by hand.</summary>
    public BilledSource? BilledFrom() => OrderId is { } order && OrderLineId is { } line ? new BilledSource(order, line, ReceptionId, ReceptionLineId) : null;

    public RecordRef AuditedRecord => new(PurchasingRecordTypes.SupplierInvoice, DocumentId);

    public string? AuditPrefix => $"Line {Position}";

    internal void SetSource(bool isService, BilledSource? source)
    {
        IsService = isService;
        (OrderId, OrderLineId, ReceptionId, ReceptionLineId) = (source?.OrderId, source?.OrderLineId, source?.ReceptionId, source?.ReceptionLineId);
    }
}
