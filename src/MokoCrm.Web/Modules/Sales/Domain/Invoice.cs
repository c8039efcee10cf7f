using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.Web.Modules.Sales.Domain;

/// <summary>DOMAIN.md §3: draft → validated (unpaid) → paid; unpaid → abandoned. Never back to draft.</summary>
public enum InvoiceStatus
{
    Draft,
    Unpaid,
    Paid,
    Abandoned,
}

public enum AbandonReason
{
    BadDebt,
    Other,
}

/// <summary>
/// A customer invoice, credit note or deposit invoice. A credit note keeps its amounts negative (lines with negative
/// unit prices), so totals, settlement and the VAT summary read the same for all three kinds. What payments, credit
/// notes and deposits have settled is <see cref="AmountSettled"/>, signed like the total.
/// </summary>
[RecordType(BillingRecordTypes.Invoice)]
public sealed class Invoice : SalesDocument<InvoiceLine>, IAudited
{
    private Invoice()
    {
    }

    public InvoiceKind Kind { get; private set; }

    public InvoiceStatus Status { get; private set; } = InvoiceStatus.Draft;

    /// <summary>From the payment terms at validation (the date itself without terms).</summary>
    public DateOnly? DueDate { get; private set; }

    public decimal AmountSettled { get; private set; }

    /// <summary>The invoice a credit note corrects.</summary>
    public long? CreditedInvoiceId { get; private set; }

    public AbandonReason? AbandonReason { get; private set; }

    public string? AbandonNote { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public decimal Remaining => TotalInclTax - AmountSettled;

    public bool IsOpen => Status == InvoiceStatus.Unpaid;

    protected override bool IsDraft => Status == InvoiceStatus.Draft;

    public bool CanBeDeleted => Status == InvoiceStatus.Draft;

    public bool IsLate(DateOnly today) => Status == InvoiceStatus.Unpaid && DueDate is { } due && due < today;

    public static Invoice Create(InvoiceKind kind, long thirdPartyId, DocumentContacts contacts, DateOnly date, long? authorUserId, DateTimeOffset now)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new DomainException("Unknown kind of invoice.");
        }

        var invoice = new Invoice { Kind = kind, CreatedAt = now, AuthorUserId = authorUserId };
        invoice.SetParty(thirdPartyId, contacts);
        invoice.SetDate(date);
        return invoice;
    }

    /// <summary>A credit note of a validated invoice: the same party, contacts and terms; lines chosen by the caller.</summary>
    public static Invoice CreditNoteOf(Invoice invoice, DateOnly date, long? authorUserId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        if (invoice.Kind != InvoiceKind.Standard || invoice.Status is InvoiceStatus.Draft or InvoiceStatus.Abandoned)
        {
            throw new DomainException($"{invoice.Reference}: a credit note is made from a validated standard invoice.");
        }

        var note = Create(InvoiceKind.CreditNote, invoice.ThirdPartyId, invoice.Contacts, date, authorUserId, now);
        note.CreditedInvoiceId = invoice.Id;
        (note.PaymentTermId, note.PaymentMethodId) = (invoice.PaymentTermId, invoice.PaymentMethodId);
        return note;
    }

    /// <summary>An invoice line billed from an order line (its invoiced quantity is kept by the caller).</summary>
    public InvoiceLine AddOrderLine(LineContent content, long orderId, long orderLineId)
    {
        var line = AddLine(content);
        line.FromOrder(orderId, orderLineId);
        return line;
    }

    /// <summary>A credit note line crediting <paramref name="quantity"/> of a line of the invoice it corrects (negative price).</summary>
    public InvoiceLine AddCreditLine(InvoiceLine invoiceLine, decimal quantity)
    {
        ArgumentNullException.ThrowIfNull(invoiceLine);
        if (Kind != InvoiceKind.CreditNote || invoiceLine.DocumentId != CreditedInvoiceId)
        {
            throw new DomainException("A credit note credits the lines of the invoice it corrects.");
        }

        var line = AddLine(invoiceLine.Content with { Quantity = quantity, UnitPrice = -invoiceLine.Content.UnitPrice });
        line.Credits(invoiceLine.Id);
        return line;
    }

    /// <summary>The negative line of a final invoice that deducts a paid deposit invoice's line (DOMAIN.md §3).</summary>
    public InvoiceLine AddDepositDeduction(Invoice deposit, InvoiceLine depositLine)
    {
        ArgumentNullException.ThrowIfNull(deposit);
        ArgumentNullException.ThrowIfNull(depositLine);
        if (Kind != InvoiceKind.Standard)
        {
            throw new DomainException("A deposit is deducted on a standard invoice.");
        }

        if (deposit.Kind != InvoiceKind.Deposit || deposit.Status != InvoiceStatus.Paid || deposit.ThirdPartyId != ThirdPartyId)
        {
            throw new DomainException($"{deposit.Reference}: only a paid deposit invoice of the same customer can be deducted.");
        }

        var line = AddLine(new LineContent(LineKind.Free, $"Deduction of deposit {deposit.Reference}", 1m, -depositLine.UnitPrice, 0m, depositLine.VatRatePercent));
        line.Deducts(deposit.Id);
        return line;
    }

    /// <summary>Takes the number, freezes totals and due date, raises <see cref="InvoiceValidated"/>.</summary>
    public void Validate(string number, DateOnly dueDate, long? userId, DateTimeOffset now, IReadOnlySet<long> serviceProductIds,
        IReadOnlyList<long> orderIds, IReadOnlyList<long> proposalIds, long? warehouseId = null)
    {
        ArgumentNullException.ThrowIfNull(serviceProductIds);
        if (Status != InvoiceStatus.Draft)
        {
            throw new DomainException($"{Reference} is already validated.");
        }

        EnsureValidatable();
        Stamp(number, userId, now);
        DueDate = dueDate < Date ? Date : dueDate;
        Status = InvoiceStatus.Unpaid;
        var facts = OrderedLines.Where(l => l.IsPriced)
            .Select(l => new InvoiceLineFacts(l.Position, l.ProductId is { } p ? serviceProductIds.Contains(p) : true, l.DeductedDepositId)).ToList();
        Raise(new InvoiceValidated(Snapshot(), Kind, DueDate.Value, CreditedInvoiceId, orderIds, proposalIds, facts, warehouseId));
    }

    /// <summary>What validation refuses besides an empty draft: a standard or deposit invoice below zero, a credit note above.</summary>
    public void EnsureValidatable()
    {
        if (!OrderedLines.Any(l => l.IsPriced))
        {
            throw new DomainException($"{Reference} has no lines: add at least one product or free-text line before validating.");
        }

        var total = Totals.TotalInclTax;
        if (Kind == InvoiceKind.CreditNote && total >= 0m)
        {
            throw new DomainException($"{Reference}: a credit note must have a negative total.");
        }

        if (Kind != InvoiceKind.CreditNote && total < 0m)
        {
            throw new DomainException($"{Reference}: the total is negative; make a credit note instead.");
        }
    }

    /// <summary>A payment, a credit note used or its reversal: the status follows what is left (paid when covered).</summary>
    public void Settle(decimal amount, DateTimeOffset now)
    {
        if (Status is not (InvoiceStatus.Unpaid or InvoiceStatus.Paid))
        {
            throw new DomainException(Status == InvoiceStatus.Draft
                ? $"{Reference} is a draft: validate it before recording a payment."
                : $"{Reference} is abandoned: it takes no payment.");
        }

        var settled = AmountSettled + amount;
        if (Math.Abs(settled) > Math.Abs(TotalInclTax) || (settled != 0m && Math.Sign(settled) != Math.Sign(TotalInclTax)))
        {
            throw new DomainException($"Overpayment refused: {Reference} has {PaymentAllocator.Money(Remaining)} left to pay.");
        }

        AmountSettled = settled;
        (Status, ClosedAt) = settled == TotalInclTax ? (InvoiceStatus.Paid, now) : (InvoiceStatus.Unpaid, (DateTimeOffset?)null);
    }

    /// <summary>What the payment kernel sees of this invoice.</summary>
    public PayableDocument AsPayable() => new(Id, ThirdPartyId, Reference, TotalInclTax, AmountSettled);

    /// <summary>Unpaid → abandoned: what is still due is written off (the event carries it per VAT rate).</summary>
    public void Abandon(AbandonReason reason, string? note, DateOnly date, DateTimeOffset now)
    {
        if (Status != InvoiceStatus.Unpaid)
        {
            throw new DomainException($"Only an unpaid invoice can be abandoned; {Reference} is {Label(Status).ToLowerInvariant()}.");
        }

        if (Kind == InvoiceKind.CreditNote)
        {
            throw new DomainException($"{Reference} is a credit note: refund it or use it on another invoice.");
        }

        if (!Enum.IsDefined(reason))
        {
            throw new DomainException("Choose why the invoice is abandoned.");
        }

        var remaining = Remaining;
        var byRate = RemainingByRate(Totals, TotalInclTax, remaining);
        Status = InvoiceStatus.Abandoned;
        AbandonReason = reason;
        AbandonNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        ClosedAt = now;
        Raise(new InvoiceAbandoned(Snapshot(), Kind, date, reason.ToString(), remaining, byRate));
    }

    /// <summary>
    /// What is still due split per VAT rate: all of it when nothing was paid, else each rate's share of the total
    /// (rounded; the last rate takes the rounding difference so the parts add up to what is due).
    /// </summary>
    public static IReadOnlyList<SalesVatAmount> RemainingByRate(DocumentTotals totals, decimal totalInclTax, decimal remaining)
    {
        ArgumentNullException.ThrowIfNull(totals);
        if (remaining == totalInclTax)
        {
            return totals.VatByRate.Select(v => new SalesVatAmount(v.RatePercent, v.TaxBase, v.Vat)).ToList();
        }

        var result = new List<SalesVatAmount>();
        var left = remaining;
        var rows = totals.VatByRate.Where(v => v.InclTax != 0m).ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var incl = i == rows.Count - 1 ? left : Amounts.Round(remaining * row.InclTax / totalInclTax);
            var vat = Amounts.Round(incl * row.Vat / row.InclTax);
            result.Add(new SalesVatAmount(row.RatePercent, incl - vat, vat));
            left -= incl;
        }

        return result;
    }

    public static string Label(InvoiceStatus status) => status switch
    {
        InvoiceStatus.Draft => "Draft",
        InvoiceStatus.Unpaid => "Unpaid",
        InvoiceStatus.Paid => "Paid",
        _ => "Abandoned",
    };

    public static string Label(InvoiceKind kind) => kind switch
    {
        InvoiceKind.CreditNote => "Credit note",
        InvoiceKind.Deposit => "Deposit invoice",
        _ => "Invoice",
    };

    /// <summary>A credit note stores negative amounts: a positive unit price typed on one is turned negative.</summary>
    public LineContent Signed(LineContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return Kind == InvoiceKind.CreditNote && content.UnitPrice > 0m ? content with { UnitPrice = -content.UnitPrice } : content;
    }

    protected override InvoiceLine NewLine(LineContent content) => new(Id, Signed(content));
}

/// <summary>An invoice line; one billed from an order line remembers it, a deposit deduction remembers its deposit.</summary>
public sealed class InvoiceLine : DocumentLine, IAuditedPart
{
    private InvoiceLine()
    {
    }

    internal InvoiceLine(long invoiceId, LineContent content)
    {
        DocumentId = invoiceId;
        Apply(content);
    }

    public long? OrderId { get; private set; }

    public long? OrderLineId { get; private set; }

    public long? DeductedDepositId { get; private set; }

    /// <summary>On a credit note: the line of the corrected invoice this line credits (null for a line typed on the note).</summary>
    public long? CreditedLineId { get; private set; }

    public RecordRef AuditedRecord => new(BillingRecordTypes.Invoice, DocumentId);

    public string? AuditPrefix => $"Line {Position}";

    internal void FromOrder(long orderId, long orderLineId) => (OrderId, OrderLineId) = (orderId, orderLineId);

    internal void Deducts(long depositId) => DeductedDepositId = depositId;

    internal void Credits(long invoiceLineId) => CreditedLineId = invoiceLineId;
}
