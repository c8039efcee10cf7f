using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Modules.Accounting.Features;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Purchasing.Public;
using MokoCrm.Web.Platform.Events;

namespace MokoCrm.Web.Modules.Accounting.EventHandlers;

/// <summary>
/// AC (DOMAIN.md §8): debit the expense accounts (product → supplier → default, per goods or services) and 44566 per
/// rate, credit 401 incl. tax with the supplier as subledger; a supplier credit note mirrors it. Same transaction as
/// the validation.
/// </summary>
internal sealed class PostSupplierInvoiceOnSupplierInvoiceValidated(PostingEngine engine, IThirdPartyAccountingLookup parties) : IDomainEventHandler<SupplierInvoiceValidated>
{
    public async Task HandleAsync(SupplierInvoiceValidated e, CancellationToken cancellationToken)
    {
        var i = e.Invoice;
        var lines = i.Lines.Where(l => l.Kind is "Product" or "Free")
            .Select(l => new InvoicePostingLine(l.IsService, l.AccountCode, l.TotalExclTax, l.VatRatePercent, l.TotalVat)).ToList();
        await engine.PostAsync(parties, i.SupplierId, (defaults, party) =>
        {
            var posting = new InvoicePosting(PurchasingRecordTypes.SupplierInvoice, i.Id, i.Number, i.Date, i.SupplierName, party?.SupplierSubledger ?? i.SupplierCode,
                null, lines, DueDate: i.DueDate);
            return i.IsCreditNote ? PostingBuilders.SupplierCreditNote(posting, defaults) : PostingBuilders.SupplierInvoice(posting, defaults);
        }, cancellationToken);
    }
}

/// <summary>BQ: debit 401 (subledger the supplier), credit the bank account's ledger account; a reversing payment (negative) mirrors it.</summary>
internal sealed class PostSupplierPaymentOnSupplierPaymentMade(PostingEngine engine, IThirdPartyAccountingLookup parties) : IDomainEventHandler<SupplierPaymentMade>
{
    public async Task HandleAsync(SupplierPaymentMade e, CancellationToken cancellationToken)
    {
        await engine.PostAsync(parties, e.SupplierId, (defaults, party) => PostingBuilders.SupplierPayment(
            new PaymentPosting(PurchasingRecordTypes.SupplierPayment, e.Id, e.Number, e.Date, e.SupplierName, party?.SupplierSubledger ?? e.SupplierCode,
                e.BankAccountingAccount, e.Amount, e.BankAccountId), defaults), cancellationToken);
    }
}

/// <summary>
/// AC: an abandoned supplier invoice (nothing paid on it) is not owed any more: its entry is reversed line for line
/// (debit 401, credit the expense accounts and 44566), dated the abandonment, in the same transaction.
/// </summary>
internal sealed class ReverseSupplierInvoiceOnSupplierInvoiceAbandoned(PostingEngine engine) : IDomainEventHandler<SupplierInvoiceAbandoned>
{
    public Task HandleAsync(SupplierInvoiceAbandoned e, CancellationToken cancellationToken) =>
        engine.ReverseAsync(PurchasingRecordTypes.SupplierInvoice, e.Invoice.Id, e.Date,
            $"{e.Invoice.Number} abandoned ({e.Reason}){(e.Note is { } note ? ": " + note : "")}", cancellationToken);
}

/// <summary>
/// Lettering, as for customers (one <see cref="Letterings"/> for both): keeps how a supplier payment was shared and
/// letters each invoice it paid in full with what settled it. A reversing payment (its own source in Purchasing)
/// undoes the codes of the payment it cancels and is lettered with it.
/// </summary>
internal sealed class LetterPaidSupplierInvoicesOnSupplierPaymentMade(Letterings letterings) : IDomainEventHandler<SupplierPaymentMade>
{
    public async Task HandleAsync(SupplierPaymentMade e, CancellationToken cancellationToken)
    {
        if (e.ReversesPaymentId is { } cancelled)
        {
            await letterings.PaymentCancelledAsync(PurchasingRecordTypes.SupplierPayment, [cancelled, e.Id], e.Date, cancellationToken);
            return;
        }

        letterings.RecordShares(PurchasingRecordTypes.SupplierPayment, e.Id, PurchasingRecordTypes.SupplierInvoice, e.Invoices.Select(i => (i.InvoiceId, i.Amount)));
        foreach (var invoice in e.Invoices.Where(i => i.PaidAfter))
        {
            await letterings.LetterSettledAsync(PurchasingRecordTypes.SupplierInvoice, invoice.InvoiceId, e.Date, cancellationToken);
        }
    }
}

/// <summary>
/// Lettering: a supplier credit note used on a supplier invoice settles it like a payment (the credit note is kept as
/// the share's payer, as <see cref="LetterOnInvoiceCreditUsed"/> does for customers); when that paid the invoice or
/// used the credit note up, the set they belong to is lettered if it balances.
/// </summary>
internal sealed class LetterOnSupplierInvoiceCreditUsed(Letterings letterings) : IDomainEventHandler<SupplierInvoiceCreditUsed>
{
    public async Task HandleAsync(SupplierInvoiceCreditUsed e, CancellationToken cancellationToken)
    {
        letterings.RecordShares(PurchasingRecordTypes.SupplierInvoice, e.CreditNoteId, PurchasingRecordTypes.SupplierInvoice, [(e.InvoiceId, e.Amount)]);
        if (e.InvoicePaidAfter || e.CreditNoteUsedUp)
        {
            await letterings.LetterSettledAsync(PurchasingRecordTypes.SupplierInvoice, e.InvoiceId, e.Date, cancellationToken);
        }
    }
}
