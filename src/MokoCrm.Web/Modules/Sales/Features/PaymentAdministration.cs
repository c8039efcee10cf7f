using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Numbering;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Setup;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.Web.Modules.Sales.Features;

/// <summary>
/// Customer payments (DOMAIN.md §3) through the platform's payment kernel: spread over open invoices of one
/// customer, numbered when recorded, posted by the <see cref="PaymentReceived"/> handlers; cancelled by a reversing
/// payment, never deleted. One transaction per action.
/// </summary>
public sealed class PaymentAdministration(
    AppDbContext db,
    SalesChecks checks,
    ActiveBankAccounts bankAccounts,
    CurrentCrmVisibility visibility,
    INumberingService numbering,
    ILinkService links,
    IAuditActions audit,
    ICurrentUser currentUser,
    TimeProvider clock)
{
    /// <summary>Records the payment in one transaction, the caller's if it has one (the API's Idempotency-Key).</summary>
    public async Task<long> RecordAsync(PaymentForm form, CancellationToken cancellationToken = default)
    {
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var partyId = form.ThirdPartyId ?? 0;
        if (!await visibility.CanSeeThirdPartyAsync(partyId))
        {
            throw new NotFoundException("The customer"); // another rep's customer: 404, like every other action on it
        }

        // Oldest due first: the order a spread payment settles them in. Locked: two payments of one invoice queue here.
        var named = form.Shares.Where(s => s.Value != 0m).Select(s => s.Key).ToList();
        var open = await db.Set<Invoice>().FromSql($"SELECT i.*, i.xmin FROM sales.invoices i WHERE i.third_party_id = {partyId} AND i.status = 'Unpaid' FOR UPDATE")
            .OrderBy(i => i.DueDate).ThenBy(i => i.Id).ToListAsync(cancellationToken);
        if (open.Count == 0 || named.Any(id => open.All(i => i.Id != id)))
        {
            // Only a payment that cannot go through reads further, to say why in the order the checks have always had:
            // an open invoice proves the customer has invoices, and a named invoice among the open ones is no draft.
            await EnsureInvoicesToPayAsync(partyId, named, cancellationToken);
            if (named.Any(id => open.All(i => i.Id != id)))
            {
                throw new DomainException("The payment names an invoice that is not open for this customer (paid, abandoned or of another customer).");
            }
        }

        var date = form.Date ?? Today();
        await checks.EnsureDateOpenAsync(date, cancellationToken);
        var bank = await bankAccounts.ChosenAsync(form.BankAccountId, cancellationToken);
        var method = form.PaymentMethodId is { } m
            ? await db.Set<PaymentMethod>().AsNoTracking().Where(x => x.Id == m && x.Active).Select(x => x.Label).SingleOrDefaultAsync(cancellationToken)
              ?? throw new DomainException("The payment method chosen is not offered in Setup.")
            : null;

        if (open.Count == 0)
        {
            throw new DomainException("The customer has no unpaid invoice.");
        }

        var amount = form.Amount ?? 0m;
        var payables = open.Select(i => i.AsPayable()).ToList();
        var allocation = named.Count == 0
            ? PaymentAllocator.Spread(amount, payables)
            : PaymentAllocator.Allocate(amount, payables, form.Shares.Select(s => new PaymentShare(s.Key, s.Value)));
        var now = clock.GetUtcNow();
        var payment = CustomerPayment.Record(await numbering.NextAsync(NumberedDocumentTypes.Payment, date, cancellationToken), allocation, date, bank.Id, form.PaymentMethodId,
            form.Reference, form.Note, currentUser.UserId, now);
        db.Add(payment);
        foreach (var change in allocation.Changes)
        {
            open.Single(i => i.Id == change.DocumentId).Settle(change.Amount, now);
            await links.LinkAsync(new RecordRef(BillingRecordTypes.Payment, payment.Id), new RecordRef(BillingRecordTypes.Invoice, change.DocumentId), LinkKinds.Pays, cancellationToken);
        }

        payment.Received(bank.AccountingAccount, method, allocation);
        await db.SaveChangesAsync(cancellationToken);
        if (tx is not null)
        {
            await tx.CommitAsync(cancellationToken);
        }

        return payment.Id;
    }

    /// <summary>
    /// "Cancel payment": a reversing payment with its own number, the opposite amount and the same shares negated; the
    /// invoices return to unpaid and the posting is mirrored, all in one transaction.
    /// </summary>
    public async Task<long> CancelAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var payment = await GetAsync(id, cancellationToken);
        var date = Today();
        payment.EnsureCancellable(date);
        await checks.EnsureDateOpenAsync(date, cancellationToken);
        var ids = payment.Shares.Select(s => s.InvoiceId).ToList();
        var invoices = await db.Set<Invoice>().FromSql($"SELECT i.*, i.xmin FROM sales.invoices i WHERE i.id = ANY({ids.ToArray()}) FOR UPDATE").ToListAsync(cancellationToken);
        var reversal = PaymentAllocator.Reverse(payment.Shares.Select(s => new PaymentShare(s.InvoiceId, s.Amount)).ToList(), invoices.Select(i => i.AsPayable()).ToList());
        var bank = await db.Set<BankAccount>().AsNoTracking().SingleAsync(b => b.Id == payment.BankAccountId, cancellationToken);
        var now = clock.GetUtcNow();
        var reversing = CustomerPayment.Record(await numbering.NextAsync(NumberedDocumentTypes.Payment, date, cancellationToken), reversal, date, payment.BankAccountId,
            payment.PaymentMethodId, payment.Reference, $"Cancels {payment.Number}", currentUser.UserId, now);
        db.Add(reversing);
        foreach (var change in reversal.Changes)
        {
            invoices.Single(i => i.Id == change.DocumentId).Settle(change.Amount, now);
        }

        payment.CancelledBy(reversing, reversal, bank.AccountingAccount);
        await links.LinkAsync(new RecordRef(BillingRecordTypes.Payment, payment.Id), new RecordRef(BillingRecordTypes.Payment, reversing.Id), LinkKinds.Converted, cancellationToken);
        audit.Name(payment, "cancelled");
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return reversing.Id;
    }

    /// <summary>"No invoice to pay" before "a draft is named": the refusals of a payment with no open invoice to take it.</summary>
    private async Task EnsureInvoicesToPayAsync(long partyId, IReadOnlyList<long> named, CancellationToken cancellationToken)
    {
        if (!await db.Set<Invoice>().AnyAsync(i => i.ThirdPartyId == partyId, cancellationToken))
        {
            throw new DomainException("The customer chosen has no invoice to pay.");
        }

        if (named.Count > 0 && await db.Set<Invoice>().AsNoTracking()
                .Where(i => named.Contains(i.Id) && i.ThirdPartyId == partyId && i.Status == InvoiceStatus.Draft).Select(i => i.Number ?? "(PROV" + i.Id.ToString() + ")")
                .FirstOrDefaultAsync(cancellationToken) is { } draft)
        {
            throw new DomainException($"{draft} is a draft: validate it before recording a payment.");
        }
    }

    public async Task<CustomerPayment> GetAsync(long id, CancellationToken cancellationToken)
    {
        var visible = await visibility.ThirdPartyIdsAsync();
        return await db.Set<CustomerPayment>().Include(p => p.Shares).Where(p => p.Id == id).WhereThirdPartyVisible(visible, p => p.ThirdPartyId)
            .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("The payment");
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
