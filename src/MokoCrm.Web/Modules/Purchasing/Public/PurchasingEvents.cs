using MokoCrm.Web.Platform.Events;

namespace MokoCrm.Web.Modules.Purchasing.Public;

/// <summary>The record types of Purchasing (links, notes, documents, audit and stock movement origins use them).</summary>
public static class PurchasingRecordTypes
{
    public const string Order = "purchasing.order";
    public const string Reception = "purchasing.reception";
    public const string SupplierInvoice = "purchasing.supplier_invoice";
    public const string SupplierPayment = "purchasing.supplier_payment";
}

/// <summary>One line as frozen on a purchase document, with the net unit cost (after discount) stock and accounting use.</summary>
public sealed record PurchaseLineSnapshot(
    long LineId,
    int Position,
    string Kind,
    long? ProductId,
    string? ProductReference,
    string? SupplierReference,
    string Description,
    bool IsService,
    decimal Quantity,
    decimal UnitPriceExclTax,
    decimal DiscountPercent,
    decimal NetUnitCost,
    decimal VatRatePercent,
    decimal TotalExclTax,
    decimal TotalVat,
    decimal TotalInclTax,
    string? AccountCode);

public sealed record PurchaseVatAmount(decimal RatePercent, decimal TaxBase, decimal Vat);

/// <summary>What every purchase order event carries: the order as frozen at validation, so consumers never read Purchasing tables.</summary>
public sealed record PurchaseOrderSnapshot(
    long Id,
    string Number,
    long SupplierId,
    DateOnly Date,
    decimal TotalExclTax,
    decimal TotalVat,
    decimal TotalInclTax,
    IReadOnlyList<PurchaseVatAmount> VatByRate,
    IReadOnlyList<PurchaseLineSnapshot> Lines);

public sealed record PurchaseOrderValidated(PurchaseOrderSnapshot Order) : IDomainEvent;

/// <summary>The order is approved (after the second approval when its amount needed one): it may be sent to the supplier.</summary>
public sealed record PurchaseOrderApproved(PurchaseOrderSnapshot Order, long? ApprovedByUserId, long? FirstApproverUserId, DateOnly Date) : IDomainEvent;

public sealed record PurchaseOrderRefused(PurchaseOrderSnapshot Order, long? RefusedByUserId, string? Reason) : IDomainEvent;

/// <summary>The order went to the supplier (date and method: email, phone, portal).</summary>
public sealed record PurchaseOrderSent(PurchaseOrderSnapshot Order, DateOnly OrderedOn, string Method) : IDomainEvent;

/// <param name="WasApproved">It had been approved: stock moved in on approval (per the stock settings) is taken back.</param>
public sealed record PurchaseOrderCancelled(PurchaseOrderSnapshot Order, bool WasApproved, DateOnly Date) : IDomainEvent;

/// <param name="WarehouseId">Null for a service or free-text line: it never enters stock.</param>
/// <param name="UnitCost">The order line's unit price net of its discount (DOMAIN.md §5): the stock input price.</param>
public sealed record ReceptionLineSnapshot(long LineId, long OrderLineId, long? ProductId, string? ProductReference, string Description, bool IsService,
    decimal Quantity, long? WarehouseId, decimal UnitCost);

public sealed record ReceptionSnapshot(long Id, string Number, long PurchaseOrderId, string PurchaseOrderNumber, long SupplierId, DateOnly Date,
    IReadOnlyList<ReceptionLineSnapshot> Lines);

/// <summary>Goods arrived: Stock moves them in (per the stock settings, by default) at the reception's unit costs.</summary>
public sealed record ReceptionValidated(ReceptionSnapshot Reception) : IDomainEvent;

/// <summary>A validated reception was cancelled: its stock input is taken back out.</summary>
public sealed record ReceptionCancelled(ReceptionSnapshot Reception, DateOnly Date) : IDomainEvent;

public sealed record ReceptionClosed(ReceptionSnapshot Reception) : IDomainEvent;

/// <summary>A supplier invoice (or credit note) as validated: Accounting posts it to AC; Stock may move goods in (per the stock settings).</summary>
public sealed record SupplierInvoiceSnapshot(
    long Id,
    string Number,
    bool IsCreditNote,
    string SupplierInvoiceNumber,
    long SupplierId,
    string SupplierName,
    string? SupplierCode,
    DateOnly Date,
    DateOnly? DueDate,
    decimal TotalExclTax,
    decimal TotalVat,
    decimal TotalInclTax,
    IReadOnlyList<PurchaseVatAmount> VatByRate,
    IReadOnlyList<PurchaseLineSnapshot> Lines,
    IReadOnlyList<long> PurchaseOrderIds,
    long? CreditedInvoiceId);

public sealed record SupplierInvoiceValidated(SupplierInvoiceSnapshot Invoice) : IDomainEvent;

/// <summary>
/// An unpaid supplier invoice (nothing paid on it) that will not be paid: Accounting reverses its AC entry, dated
/// <paramref name="Date"/>. <paramref name="Reason"/> is Disputed, Waived or Other.
/// </summary>
public sealed record SupplierInvoiceAbandoned(SupplierInvoiceSnapshot Invoice, DateOnly Date, string Reason, string? Note) : IDomainEvent;

/// <summary>What a supplier payment settles of one invoice (signed like the payment).</summary>
public sealed record SupplierPaymentInvoice(long InvoiceId, string Number, decimal Amount, bool PaidAfter);

/// <summary>
/// Money paid to a supplier (or, negative, a reversal of a mistaken payment): Accounting posts it to BQ
/// (debit 401, credit the bank account's ledger account).
/// </summary>
public sealed record SupplierPaymentMade(long Id, string Number, long SupplierId, string SupplierName, string? SupplierCode, DateOnly Date, decimal Amount,
    long BankAccountId, string BankAccountingAccount, IReadOnlyList<SupplierPaymentInvoice> Invoices, long? ReversesPaymentId) : IDomainEvent;

/// <summary>
/// What is left of a supplier credit note used on an unpaid invoice of the same supplier: both settle by
/// <paramref name="Amount"/> (nothing is posted: 401 of one supplier on both sides); whether that paid the invoice and
/// used the credit note up. Accounting letters them, as for <c>Sales.Public.InvoiceCreditUsed</c>.
/// </summary>
public sealed record SupplierInvoiceCreditUsed(
    long InvoiceId,
    string InvoiceNumber,
    long CreditNoteId,
    string CreditNoteNumber,
    long SupplierId,
    decimal Amount,
    DateOnly Date,
    bool InvoicePaidAfter,
    bool CreditNoteUsedUp) : IDomainEvent;
