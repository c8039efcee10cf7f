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
        var party = (await parties.FindManyAsync([i.SupplierId], cancellationToken)).FirstOrDefault();
        var posting = new InvoicePosting(PurchasingRecordTypes.SupplierInvoice, i.Id, i.Number, i.Date, i.SupplierName, party?.SupplierSubledger ?? i.SupplierCode, null,
            i.Lines.Where(l => l.Kind is "Product" or "Free").Select(l => new InvoicePostingLine(l.IsService, l.AccountCode, l.TotalExclTax, l.VatRatePercent, l.TotalVat)).ToList(),
            DueDate: i.DueDate);
        var defaults = await engine.DefaultsAsync(cancellationToken);
        await engine.PostAsync(i.IsCreditNote ? PostingBuilders.SupplierCreditNote(posting, defaults) : PostingBuilders.SupplierInvoice(posting, defaults),
            cancellationToken: cancellationToken);
    }
}

/// <summary>BQ: debit 401 (subledger the supplier), credit the bank account's ledger account; a reversing payment (negative) mirrors it.</summary>
internal sealed class PostSupplierPaymentOnSupplierPaymentMade(PostingEngine engine, IThirdPartyAccountingLookup parties) : IDomainEventHandler<SupplierPaymentMade>
{
    public async Task HandleAsync(SupplierPaymentMade e, CancellationToken cancellationToken)
    {
        var party = (await parties.FindManyAsync([e.SupplierId], cancellationToken)).FirstOrDefault();
        await engine.PostAsync(PostingBuilders.SupplierPayment(
            new PaymentPosting(PurchasingRecordTypes.SupplierPayment, e.Id, e.Number, e.Date, e.SupplierName, party?.SupplierSubledger ?? e.SupplierCode,
                e.BankAccountingAccount, e.Amount, e.BankAccountId),
            await engine.DefaultsAsync(cancellationToken)), cancellationToken: cancellationToken);
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
