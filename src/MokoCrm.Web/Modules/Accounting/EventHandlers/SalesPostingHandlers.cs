using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Modules.Accounting.Features;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Events;

namespace MokoCrm.Web.Modules.Accounting.EventHandlers;

/// <summary>
/// VT for every kind of customer invoice (DOMAIN.md §8), in the validating transaction: a failing posting rolls the
/// validation back. Standard: debit 411, credit revenue (product's account, else defaults) and 44571 per rate; a
/// deposit credits 4191; a deduction line of a deposit debits 4191; a credit note mirrors every sign.
/// </summary>
internal sealed class PostSalesJournalOnInvoiceValidated(PostingEngine engine, IThirdPartyAccountingLookup thirdParties) : IDomainEventHandler<InvoiceValidated>
{
    public async Task HandleAsync(InvoiceValidated e, CancellationToken cancellationToken)
    {
        var facts = e.LineFacts.ToDictionary(f => f.Position);
        var sign = e.Kind == InvoiceKind.CreditNote ? -1m : 1m;
        var lines = e.Invoice.Lines.Where(l => facts.ContainsKey(l.Position))
            .Select(l => new InvoicePostingLine(facts[l.Position].IsService, l.AccountCode, sign * l.TotalExclTax, l.VatRatePercent, sign * l.TotalVat,
                IsDepositDeduction: facts[l.Position].DeductedDepositId is not null))
            .ToList();
        await engine.PostAsync(thirdParties, e.Invoice.ThirdPartyId, (defaults, party) =>
        {
            var posting = new InvoicePosting(SalesPostings.InvoiceSource, e.Invoice.Id, e.Invoice.Number, e.Invoice.Date, party?.Name ?? $"#{e.Invoice.ThirdPartyId}",
                party?.CustomerSubledger, null, lines, IsDeposit: e.Kind == InvoiceKind.Deposit, DueDate: e.DueDate);
            return e.Kind == InvoiceKind.CreditNote ? PostingBuilders.CustomerCreditNote(posting, defaults) : PostingBuilders.CustomerInvoice(posting, defaults);
        }, cancellationToken);
    }
}

/// <summary>VT: what an abandoned invoice still owed moves to bad debts (654 and back the VAT of 44571), credit 411.</summary>
internal sealed class PostBadDebtOnInvoiceAbandoned(PostingEngine engine, IThirdPartyAccountingLookup thirdParties) : IDomainEventHandler<InvoiceAbandoned>
{
    public async Task HandleAsync(InvoiceAbandoned e, CancellationToken cancellationToken)
    {
        if (e.RemainingInclTax == 0m)
        {
            return;
        }

        var parts = e.RemainingByRate.Select(r => new AbandonedPart(r.RatePercent, r.TaxBase, r.Vat)).ToList();
        await engine.PostAsync(thirdParties, e.Invoice.ThirdPartyId, (defaults, party) => SalesPostings.AbandonedInvoice(e.Invoice.Id, e.Invoice.Number, e.Date, party?.Name ?? $"#{e.Invoice.ThirdPartyId}",
            party?.CustomerSubledger, parts, defaults), cancellationToken);
    }
}

/// <summary>BQ: debit the bank account's ledger account, credit 411 (subledger the customer); a refund mirrors it.</summary>
internal sealed class PostBankJournalOnPaymentReceived(PostingEngine engine, IThirdPartyAccountingLookup thirdParties) : IDomainEventHandler<PaymentReceived>
{
    public async Task HandleAsync(PaymentReceived e, CancellationToken cancellationToken)
    {
        await engine.PostAsync(thirdParties, e.ThirdPartyId, (defaults, party) => PostingBuilders.CustomerPayment(
            new PaymentPosting(SalesPostings.PaymentSource, e.PaymentId, e.Number, e.Date, party?.Name ?? $"#{e.ThirdPartyId}", party?.CustomerSubledger,
                e.BankAccountingAccount, e.Amount, e.BankAccountId), defaults), cancellationToken);
    }
}

/// <summary>BQ: a cancelled payment posts the mirror of its payment (kind reversal of the same source), dated the cancellation.</summary>
internal sealed class ReversePaymentOnPaymentCancelled(PostingEngine engine, IThirdPartyAccountingLookup thirdParties, AppDbContext db) : IDomainEventHandler<PaymentCancelled>
{
    public async Task HandleAsync(PaymentCancelled e, CancellationToken cancellationToken)
    {
        var original = await db.Set<JournalEntry>().AsNoTracking()
            .Where(j => j.SourceType == SalesPostings.PaymentSource && j.SourceId == e.PaymentId && j.Kind == EntryKind.Posting).Select(j => (long?)j.Id)
            .FirstOrDefaultAsync(cancellationToken);
        await engine.PostAsync(thirdParties, e.ThirdPartyId, (defaults, party) => PostingBuilders.CustomerPayment(
                new PaymentPosting(SalesPostings.PaymentSource, e.PaymentId, e.Number, e.Date, party?.Name ?? $"#{e.ThirdPartyId}", party?.CustomerSubledger,
                    e.BankAccountingAccount, e.Amount, e.BankAccountId), defaults)
            .Reversed(e.Date, $"Payment cancelled by {e.ReversalNumber}", original), cancellationToken);
    }
}

/// <summary>
/// Lettering: keeps how the payment was shared, and letters each invoice it paid in full with its payments (and the
/// other invoices those payments paid) when their customer lines balance.
/// </summary>
internal sealed class LetterPaidInvoicesOnPaymentReceived(Letterings letterings) : IDomainEventHandler<PaymentReceived>
{
    public async Task HandleAsync(PaymentReceived e, CancellationToken cancellationToken)
    {
        letterings.RecordShares(SalesPostings.PaymentSource, e.PaymentId, SalesPostings.InvoiceSource, e.Shares.Select(s => (s.InvoiceId, s.Amount)));
        foreach (var share in e.Shares.Where(s => s.InvoicePaidAfter))
        {
            await letterings.LetterSettledAsync(SalesPostings.InvoiceSource, share.InvoiceId, e.Date, cancellationToken);
        }
    }
}

/// <summary>
/// Lettering: a credit note used on an invoice settles it like a payment (the credit note is kept as the share's
/// payer); when that paid the invoice or used the credit note up, the set they belong to is lettered if it balances.
/// </summary>
internal sealed class LetterOnInvoiceCreditUsed(Letterings letterings) : IDomainEventHandler<InvoiceCreditUsed>
{
    public async Task HandleAsync(InvoiceCreditUsed e, CancellationToken cancellationToken)
    {
        letterings.RecordShares(SalesPostings.InvoiceSource, e.CreditNoteId, SalesPostings.InvoiceSource, [(e.InvoiceId, e.Amount)]);
        if (e.InvoicePaidAfter || e.CreditNoteUsedUp)
        {
            await letterings.LetterSettledAsync(SalesPostings.InvoiceSource, e.InvoiceId, e.Date, cancellationToken);
        }
    }
}

/// <summary>Lettering: a cancelled payment's letter codes are undone (its invoices are unpaid again); it is lettered with its reversal.</summary>
internal sealed class UnletterOnPaymentCancelled(Letterings letterings) : IDomainEventHandler<PaymentCancelled>
{
    public Task HandleAsync(PaymentCancelled e, CancellationToken cancellationToken) =>
        letterings.PaymentCancelledAsync(SalesPostings.PaymentSource, [e.PaymentId], e.Date, cancellationToken);
}
