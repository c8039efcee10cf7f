using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.Web.Modules.Sales.Domain;

/// <summary>
/// A customer payment (DOMAIN.md §3): numbered when recorded, spread over open invoices of one customer by the
/// payment kernel, never edited nor deleted. A mistaken one is cancelled by a reversing payment (its own number,
/// the opposite amount, the same shares negated) that points back to it.
/// </summary>
[RecordType(BillingRecordTypes.Payment)]
public sealed class CustomerPayment : Entity, IAudited
{
    private readonly List<CustomerPaymentShare> _shares = [];

    private CustomerPayment()
    {
    }

    public string Number { get; private set; } = "";

    public long ThirdPartyId { get; private set; }

    public DateOnly Date { get; private set; }

    /// <summary>Negative for a refund of a credit note and for a reversing payment.</summary>
    public decimal Amount { get; private set; }

    public long? PaymentMethodId { get; private set; }

    /// <summary>The cheque number, transfer reference...</summary>
    public string? Reference { get; private set; }

    public long BankAccountId { get; private set; }

    public string? Note { get; private set; }

    /// <summary>Set on a reversing payment: the payment it cancels.</summary>
    public long? ReversalOfId { get; private set; }

    /// <summary>Set on a cancelled payment: its reversing payment.</summary>
    public long? ReversedById { get; private set; }

    public long? AuthorUserId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public IReadOnlyList<CustomerPaymentShare> Shares => _shares;

    public bool IsCancelled => ReversedById is not null;

    public bool IsReversal => ReversalOfId is not null;

    public static string StatusLabel(bool cancelled, bool reversal) => reversal ? "Reversal" : cancelled ? "Cancelled" : "Recorded";

    /// <summary>Records the allocation the kernel computed; the caller has settled the invoices with the same shares.</summary>
    public static CustomerPayment Record(string number, PaymentAllocationResult allocation, DateOnly date, long bankAccountId, long? methodId, string? reference,
        string? note, long? userId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        var payment = new CustomerPayment
        {
            Number = number, ThirdPartyId = allocation.PartyId, Date = date, Amount = allocation.Amount, BankAccountId = bankAccountId, PaymentMethodId = methodId,
            Reference = Clean(reference), Note = Clean(note), AuthorUserId = userId, CreatedAt = now,
        };
        foreach (var share in allocation.Shares)
        {
            payment._shares.Add(new CustomerPaymentShare(share.DocumentId, share.Amount));
        }

        return payment;
    }

    /// <summary>Refuses what cannot be cancelled (a reversal, a payment already cancelled, a date before it).</summary>
    public void EnsureCancellable(DateOnly date)
    {
        if (IsReversal)
        {
            throw new DomainException($"{Number} is itself a reversal: it cannot be cancelled.");
        }

        if (IsCancelled)
        {
            throw new DomainException($"{Number} is already cancelled.");
        }

        if (date < Date)
        {
            throw new DomainException($"The cancellation cannot be dated before the payment ({Date:yyyy-MM-dd}).");
        }
    }

    /// <summary>
    /// Ties this payment to its reversing payment (recorded by the caller with the kernel's reversal and already added,
    /// so both have ids) and raises <see cref="PaymentCancelled"/> with both numbers.
    /// </summary>
    public void CancelledBy(CustomerPayment reversing, PaymentAllocationResult reversal, string bankAccountingAccount)
    {
        ArgumentNullException.ThrowIfNull(reversing);
        ArgumentNullException.ThrowIfNull(reversal);
        EnsureCancellable(reversing.Date);
        reversing.ReversalOfId = Id;
        ReversedById = reversing.Id;
        Raise(new PaymentCancelled(Id, Number, reversing.Id, reversing.Number, reversing.Date, ThirdPartyId, Amount, BankAccountId, bankAccountingAccount,
            reversal.Changes.Select(c => new PaymentShareSnapshot(c.DocumentId, c.Reference, c.Amount, c.IsPaidAfter)).ToList()));
    }

    /// <summary>Raised once the payment has its id (the caller adds it to the context first).</summary>
    public void Received(string bankAccountingAccount, string? method, PaymentAllocationResult allocation)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        Raise(new PaymentReceived(Id, Number, Date, ThirdPartyId, Amount, BankAccountId, bankAccountingAccount, method,
            allocation.Changes.Select(c => new PaymentShareSnapshot(c.DocumentId, c.Reference, c.Amount, c.IsPaidAfter)).ToList()));
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>How much of a payment went to one invoice (signed like the invoice).</summary>
public sealed class CustomerPaymentShare : Entity, IAuditedPart
{
    private CustomerPaymentShare()
    {
    }

    internal CustomerPaymentShare(long invoiceId, decimal amount) => (InvoiceId, Amount) = (invoiceId, amount);

    public long PaymentId { get; private set; }

    public long InvoiceId { get; private set; }

    public decimal Amount { get; private set; }

    public RecordRef AuditedRecord => new(BillingRecordTypes.Payment, PaymentId);

    public string? AuditPrefix => "Share";
}

/// <summary>
/// A credit note (or part of it) used on a later invoice of the same customer (DOMAIN.md §3): the invoice's settled
/// amount rises by <see cref="Amount"/>, the credit note's falls by it. Both stay 411 of the same customer, so
/// nothing is posted.
/// </summary>
public sealed class InvoiceCreditUse : Entity
{
    private InvoiceCreditUse()
    {
    }

    public InvoiceCreditUse(long invoiceId, long creditNoteId, decimal amount, DateOnly date, DateTimeOffset now)
    {
        (InvoiceId, CreditNoteId, Amount, Date, CreatedAt) = (invoiceId, creditNoteId, amount, date, now);
    }

    /// <summary>Settles the invoice and the credit note by <paramref name="amount"/> and says so (<see cref="InvoiceCreditUsed"/>).</summary>
    public static InvoiceCreditUse Use(Invoice invoice, Invoice creditNote, decimal amount, DateOnly date, DateTimeOffset now)
    {
        invoice.Settle(amount, now);
        creditNote.Settle(-amount, now);
        var use = new InvoiceCreditUse(invoice.Id, creditNote.Id, amount, date, now);
        use.Raise(new InvoiceCreditUsed(invoice.Id, invoice.Reference, creditNote.Id, creditNote.Reference, invoice.ThirdPartyId, amount, date,
            invoice.Status == InvoiceStatus.Paid, creditNote.Remaining == 0m));
        return use;
    }

    public long InvoiceId { get; private set; }

    public long CreditNoteId { get; private set; }

    /// <summary>Positive: what the credit covers on the invoice.</summary>
    public decimal Amount { get; private set; }

    public DateOnly Date { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}
