using MokoCrm.Web.Modules.Purchasing.Public;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.Web.Modules.Purchasing.Domain;

/// <summary>
/// A payment to a supplier from a bank account of Setup, spread over one or more of its open supplier invoices by
/// the platform's <see cref="PaymentAllocator"/> (overpayment refused). Never deleted: a mistaken payment is cancelled
/// by a reversing payment (its own number, negative amount, same shares), which reopens the invoices.
/// </summary>
[RecordType(PurchasingRecordTypes.SupplierPayment)]
public sealed class SupplierPayment : Entity, IAudited
{
    private readonly List<SupplierPaymentShare> _shares = [];

    private SupplierPayment()
    {
    }

    public string Number { get; private set; } = "";

    public long SupplierId { get; private set; }

    public DateOnly Date { get; private set; }

    /// <summary>Signed: negative for a reversal (or a refund from a credit note).</summary>
    public decimal Amount { get; private set; }

    public long BankAccountId { get; private set; }

    public long? PaymentMethodId { get; private set; }

    /// <summary>Cheque number, transfer reference...</summary>
    public string? PaymentReference { get; private set; }

    public long? ReversesPaymentId { get; private set; }

    public long? ReversedByPaymentId { get; private set; }

    public long? AuthorUserId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public IReadOnlyList<SupplierPaymentShare> Shares => _shares;

    public static SupplierPayment Record(string number, long supplierId, DateOnly date, long bankAccountId, long? methodId, string? reference,
        PaymentAllocationResult allocation, long? userId, DateTimeOffset now, long? reversesPaymentId = null)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        var payment = new SupplierPayment
        {
            Number = number, SupplierId = supplierId, Date = date, BankAccountId = bankAccountId, PaymentMethodId = methodId,
            PaymentReference = string.IsNullOrWhiteSpace(reference) ? null : reference.Trim(), Amount = allocation.Amount, ReversesPaymentId = reversesPaymentId,
            AuthorUserId = userId, CreatedAt = now,
        };
        foreach (var share in allocation.Shares)
        {
            payment._shares.Add(new SupplierPaymentShare(payment.Id, share.DocumentId, share.Amount));
        }

        return payment;
    }

    public void MarkReversedBy(long reversalId)
    {
        if (ReversesPaymentId is not null)
        {
            throw new DomainException($"{Number} is itself a reversal: it cannot be cancelled.");
        }

        if (ReversedByPaymentId is not null)
        {
            throw new DomainException($"{Number} is already cancelled.");
        }

        ReversedByPaymentId = reversalId;
    }

    public void Announce(string supplierName, string? supplierCode, string bankAccountingAccount, IReadOnlyList<SupplierPaymentInvoice> invoices) =>
        Raise(new SupplierPaymentMade(Id, Number, SupplierId, supplierName, supplierCode, Date, Amount, BankAccountId, bankAccountingAccount, invoices, ReversesPaymentId));
}

public sealed class SupplierPaymentShare : Entity, IAuditedPart
{
    private SupplierPaymentShare()
    {
    }

    internal SupplierPaymentShare(long paymentId, long invoiceId, decimal amount)
    {
        (PaymentId, InvoiceId, Amount) = (paymentId, invoiceId, amount);
    }

    public long PaymentId { get; private set; }

    public long InvoiceId { get; private set; }

    public decimal Amount { get; private set; }

    public RecordRef AuditedRecord => new(PurchasingRecordTypes.SupplierPayment, PaymentId);

    public string? AuditPrefix => null;
}

/// <summary>
/// A supplier credit note (or what is left of it) used on an unpaid invoice of the same supplier, as on the sales side
/// (DOMAIN.md §3–§4): the invoice's settled amount rises by <see cref="Amount"/>, the credit note's falls by it, through
/// the platform's <see cref="PaymentAllocator.UseCredit"/>. Both are 401 of one supplier, so nothing is posted;
/// Accounting letters them (<see cref="SupplierInvoiceCreditUsed"/>).
/// </summary>
public sealed class SupplierInvoiceCreditUse : Entity
{
    private SupplierInvoiceCreditUse()
    {
    }

    private SupplierInvoiceCreditUse(long invoiceId, long creditNoteId, decimal amount, DateOnly date, DateTimeOffset now) =>
        (InvoiceId, CreditNoteId, Amount, Date, CreatedAt) = (invoiceId, creditNoteId, amount, date, now);

    public long InvoiceId { get; private set; }

    public long CreditNoteId { get; private set; }

    /// <summary>Positive: what the credit covers on the invoice.</summary>
    public decimal Amount { get; private set; }

    public DateOnly Date { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>
    /// Uses the credit note on the invoice, up to what the invoice still owes: both settle by the same amount and it
    /// is said (<see cref="SupplierInvoiceCreditUsed"/>). Only a validated unpaid invoice and a validated credit note
    /// with credit left qualify.
    /// </summary>
    public static SupplierInvoiceCreditUse Use(SupplierInvoice invoice, SupplierInvoice creditNote, DateOnly date, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        ArgumentNullException.ThrowIfNull(creditNote);
        if (invoice.Kind != SupplierInvoiceKind.Invoice)
        {
            throw new DomainException("A credit is used on an invoice, not on another credit note.");
        }

        if (invoice.Status != SupplierInvoiceStatus.Validated)
        {
            throw new DomainException($"Only an unpaid supplier invoice takes a credit; {invoice.Reference} is {SupplierInvoice.Label(invoice.Status).ToLowerInvariant()}.");
        }

        if (creditNote.Kind != SupplierInvoiceKind.CreditNote)
        {
            throw new DomainException($"{creditNote.Reference} is not a credit note.");
        }

        if (creditNote.Status != SupplierInvoiceStatus.Validated)
        {
            throw new DomainException(creditNote.IsDraft
                ? $"{creditNote.Reference} is a draft: validate the credit note before using it."
                : $"{creditNote.Reference} has no credit left.");
        }

        var use = PaymentAllocator.UseCredit(invoice.AsPayable(), creditNote.AsPayable());
        invoice.Settle(use.Invoice);
        creditNote.Settle(use.CreditNote);
        var made = new SupplierInvoiceCreditUse(invoice.Id, creditNote.Id, use.Amount, date, now);
        made.Raise(new SupplierInvoiceCreditUsed(invoice.Id, invoice.Reference, creditNote.Id, creditNote.Reference, invoice.SupplierId, use.Amount, date,
            use.InvoicePaidAfter, use.CreditNoteUsedUp));
        return made;
    }
}
