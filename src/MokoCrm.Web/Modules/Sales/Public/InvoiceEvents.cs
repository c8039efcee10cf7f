using MokoCrm.Web.Platform.Events;

namespace MokoCrm.Web.Modules.Sales.Public;

/// <summary>The record types of customer invoices and payments (links, notes, documents, audit use them).</summary>
public static class BillingRecordTypes
{
    public const string Invoice = "sales.invoice";
    public const string Payment = "sales.payment";
}

/// <summary>DOMAIN.md §3: a standard invoice, a credit note (negative amounts) or a deposit invoice.</summary>
public enum InvoiceKind
{
    Standard,
    CreditNote,
    Deposit,
}

/// <summary>
/// What only an invoice line adds to <see cref="SalesLineSnapshot"/>: whether it sells a service (the 706/707 default)
/// and, for the negative line of a final invoice that deducts a deposit, which deposit invoice (posted to 4191).
/// </summary>
public sealed record InvoiceLineFacts(int Position, bool IsService, long? DeductedDepositId);

/// <summary>
/// Raised when an invoice of any kind is validated, with everything a consumer needs to post or react: the frozen
/// lines and amounts per VAT rate (signed: a credit note's are negative), the accounts from the products, the third
/// party, dates and due date, and the orders and proposals it bills; the warehouse chosen on validation for the goods
/// when stock leaves on "customer invoice validated" (null: the default of the stock settings).
/// </summary>
public sealed record InvoiceValidated(
    SalesDocumentSnapshot Invoice,
    InvoiceKind Kind,
    DateOnly DueDate,
    long? CreditedInvoiceId,
    IReadOnlyList<long> OrderIds,
    IReadOnlyList<long> ProposalIds,
    IReadOnlyList<InvoiceLineFacts> LineFacts,
    long? WarehouseId = null) : IDomainEvent;

/// <summary>
/// An unpaid invoice written off (bad debt or other reason): <paramref name="RemainingExclTax"/> and the VAT per rate
/// of what was still due move to bad debts.
/// </summary>
public sealed record InvoiceAbandoned(
    SalesDocumentSnapshot Invoice,
    InvoiceKind Kind,
    DateOnly Date,
    string Reason,
    decimal RemainingInclTax,
    IReadOnlyList<SalesVatAmount> RemainingByRate) : IDomainEvent;

/// <summary>
/// What is left of a credit note used on an unpaid invoice of the same customer: both settle by
/// <paramref name="Amount"/> (nothing is posted: 411 of one customer on both sides); whether that paid the invoice
/// and used the credit note up.
/// </summary>
public sealed record InvoiceCreditUsed(
    long InvoiceId,
    string InvoiceNumber,
    long CreditNoteId,
    string CreditNoteNumber,
    long ThirdPartyId,
    decimal Amount,
    DateOnly Date,
    bool InvoicePaidAfter,
    bool CreditNoteUsedUp) : IDomainEvent;

/// <summary>One part of a customer payment: how much went to which invoice, and whether that covered it.</summary>
public sealed record PaymentShareSnapshot(long InvoiceId, string InvoiceNumber, decimal Amount, bool InvoicePaidAfter);

/// <summary>A customer payment (or a refund of a credit note, negative) received into a bank account.</summary>
public sealed record PaymentReceived(
    long PaymentId,
    string Number,
    DateOnly Date,
    long ThirdPartyId,
    decimal Amount,
    long BankAccountId,
    string BankAccountingAccount,
    string? Method,
    IReadOnlyList<PaymentShareSnapshot> Shares) : IDomainEvent;

/// <summary>
/// A payment recorded by mistake, cancelled by a reversing payment (its own number, the opposite amount, the same
/// shares negated): the original stays, the invoices return to unpaid, the posting is mirrored.
/// </summary>
public sealed record PaymentCancelled(
    long PaymentId,
    string Number,
    long ReversalId,
    string ReversalNumber,
    DateOnly Date,
    long ThirdPartyId,
    decimal Amount,
    long BankAccountId,
    string BankAccountingAccount,
    IReadOnlyList<PaymentShareSnapshot> Shares) : IDomainEvent;
