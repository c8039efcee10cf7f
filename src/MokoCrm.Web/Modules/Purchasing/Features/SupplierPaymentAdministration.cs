using FluentValidation;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Modules.Purchasing.Public;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Numbering;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Setup;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.Web.Modules.Purchasing.Features;

public sealed class SupplierPaymentShareForm
{
    public long InvoiceId { get; set; }

    public decimal? Amount { get; set; }
}

/// <summary>A payment to a supplier: date, bank account, method, reference and the amount paid per open invoice.</summary>
public sealed class SupplierPaymentForm
{
    public long? SupplierId { get; set; }

    public DateOnly? Date { get; set; }

    public long? BankAccountId { get; set; }

    public long? PaymentMethodId { get; set; }

    public string? Reference { get; set; }

    public List<SupplierPaymentShareForm> Shares { get; set; } = [];
}

public sealed class SupplierPaymentFormValidator : AbstractValidator<SupplierPaymentForm>
{
    public SupplierPaymentFormValidator()
    {
        RuleFor(f => f.SupplierId).NotNull().WithMessage("Choose the supplier.");
        RuleFor(f => f.Date).NotNull().WithMessage("Enter the date of the payment.");
        RuleFor(f => f.BankAccountId).NotNull().WithMessage("Choose the bank account paid from.");
        RuleFor(f => f.Reference).MaximumLength(100);
        RuleForEach(f => f.Shares).ChildRules(s => s.RuleFor(x => x.Amount)
            .Must(a => a is null || Amounts.HasAtMostDecimals(a.Value, 2)).WithMessage("An amount has at most 2 decimals."));
    }
}

/// <summary>
/// Supplier payments through the platform's payment allocation kernel: spread over open invoices of one supplier,
/// overpayment refused; a mistaken payment is cancelled by a reversing payment (own number, negative amount, same
/// shares) that reopens the invoices. The BQ posting follows the SupplierPaymentMade event, in the same transaction.
/// </summary>
public sealed class SupplierPaymentAdministration(
    AppDbContext db,
    PurchasingChecks checks,
    ActiveBankAccounts bankAccounts,
    CurrentCrmVisibility visibility,
    INumberingService numbering,
    ILinkService links,
    IAuditActions audit,
    ICurrentUser currentUser,
    TimeProvider clock)
{
    /// <summary>The open (validated or paid) invoices of a supplier among those chosen, tracked, for a user who sees every supplier; compiled once.</summary>
    private static readonly Func<AppDbContext, List<long>, long, IAsyncEnumerable<SupplierInvoice>> OpenInvoices =
        EF.CompileAsyncQuery((AppDbContext db, List<long> ids, long supplierId) => db.Set<SupplierInvoice>().Where(i => ids.Contains(i.Id) && i.SupplierId == supplierId
            && (i.Status == SupplierInvoiceStatus.Validated || i.Status == SupplierInvoiceStatus.Paid)));

    public async Task<long> PayAsync(SupplierPaymentForm form, CancellationToken cancellationToken = default)
    {
        // A caller's transaction (the API claims its Idempotency-Key row in it) takes this work with its own.
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var supplier = await checks.SupplierAsync(form.SupplierId ?? 0, cancellationToken);
        var date = form.Date ?? Today();
        await checks.EnsureDateOpenAsync(date, cancellationToken);
        var bank = await bankAccounts.ChosenAsync(form.BankAccountId, cancellationToken);
        if (form.PaymentMethodId is { } m && !await db.Set<PaymentMethod>().AnyAsync(x => x.Id == m && x.Active, cancellationToken))
        {
            throw new DomainException("The payment method chosen is not offered in Setup.");
        }

        var shares = form.Shares.Where(s => (s.Amount ?? 0m) != 0m).Select(s => new PaymentShare(s.InvoiceId, s.Amount!.Value)).ToList();
        var ids = shares.Select(s => s.DocumentId).ToList();
        var visible = await visibility.ThirdPartyIdsAsync();
        var invoices = new List<SupplierInvoice>();
        if (visible is null)
        {
            await foreach (var invoice in OpenInvoices(db, ids, supplier.Id).WithCancellation(cancellationToken))
            {
                invoices.Add(invoice);
            }
        }
        else
        {
            invoices = await db.Set<SupplierInvoice>().Where(i => ids.Contains(i.Id) && i.SupplierId == supplier.Id
                    && (i.Status == SupplierInvoiceStatus.Validated || i.Status == SupplierInvoiceStatus.Paid))
                .WhereThirdPartyVisible(visible, i => i.SupplierId).ToListAsync(cancellationToken);
        }
        if (shares.Count == 0)
        {
            throw new DomainException("Enter the amount paid on at least one invoice.");
        }

        if (invoices.Count == 0)
        {
            throw new DomainException($"{supplier.Name} has no open supplier invoice among those chosen.");
        }

        var allocation = PaymentAllocator.Allocate(shares.Sum(s => s.Amount), invoices.Select(i => i.AsPayable()).ToList(), shares);
        var payment = SupplierPayment.Record(await numbering.NextAsync(NumberedDocumentTypes.SupplierPayment, date, cancellationToken), supplier.Id, date, bank.Id,
            form.PaymentMethodId, form.Reference, allocation, currentUser.UserId, clock.GetUtcNow());
        db.Add(payment);
        await SettleAsync(payment, invoices, allocation, supplier, bank.AccountingAccount, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (tx is not null)
        {
            await tx.CommitAsync(cancellationToken);
        }

        return payment.Id;
    }

    /// <summary>"Cancel payment": a reversing payment with its own number, the opposite shares, and the invoices back to unpaid.</summary>
    public async Task<long> CancelAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var original = await GetAsync(id, cancellationToken);
        if (original.ReversesPaymentId is not null)
        {
            throw new DomainException($"{original.Number} is itself a reversal: it cannot be cancelled.");
        }

        if (original.ReversedByPaymentId is not null)
        {
            throw new DomainException($"{original.Number} is already cancelled.");
        }

        var supplier = await checks.SupplierAsync(original.SupplierId, cancellationToken);
        var bank = await db.Set<BankAccount>().AsNoTracking().SingleAsync(b => b.Id == original.BankAccountId, cancellationToken);
        var ids = original.Shares.Select(s => s.InvoiceId).ToList();
        var invoices = await db.Set<SupplierInvoice>().Where(i => ids.Contains(i.Id)).ToListAsync(cancellationToken);
        var allocation = PaymentAllocator.Reverse(original.Shares.Select(s => new PaymentShare(s.InvoiceId, s.Amount)).ToList(), invoices.Select(i => i.AsPayable()).ToList());
        var date = Today();
        await checks.EnsureDateOpenAsync(date, cancellationToken);
        var reversal = SupplierPayment.Record(await numbering.NextAsync(NumberedDocumentTypes.SupplierPayment, date, cancellationToken), original.SupplierId, date,
            original.BankAccountId, original.PaymentMethodId, $"Cancels {original.Number}", allocation, currentUser.UserId, clock.GetUtcNow(), original.Id);
        db.Add(reversal);
        original.MarkReversedBy(reversal.Id);
        audit.Name(original, "cancelled");
        await SettleAsync(reversal, invoices, allocation, supplier, bank.AccountingAccount, cancellationToken);
        await links.LinkAsync(new RecordRef(PurchasingRecordTypes.SupplierPayment, reversal.Id), new RecordRef(PurchasingRecordTypes.SupplierPayment, original.Id),
            LinkKinds.Converted, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return reversal.Id;
    }

    public async Task<SupplierPayment> GetAsync(long id, CancellationToken cancellationToken)
    {
        var visible = await visibility.ThirdPartyIdsAsync();
        return await db.Set<SupplierPayment>().Include(p => p.Shares).Where(p => p.Id == id).WhereThirdPartyVisible(visible, p => p.SupplierId)
            .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("The supplier payment");
    }

    private async Task SettleAsync(SupplierPayment payment, List<SupplierInvoice> invoices, PaymentAllocationResult allocation, ThirdPartySummary supplier,
        string bankAccount, CancellationToken cancellationToken)
    {
        var byId = invoices.ToDictionary(i => i.Id);
        var paid = new List<SupplierPaymentInvoice>();
        foreach (var change in allocation.Changes)
        {
            var invoice = byId[change.DocumentId];
            invoice.Settle(change);
            paid.Add(new SupplierPaymentInvoice(invoice.Id, invoice.Reference, change.Amount, invoice.Status == SupplierInvoiceStatus.Paid));
            await links.LinkAsync(new RecordRef(PurchasingRecordTypes.SupplierPayment, payment.Id), new RecordRef(PurchasingRecordTypes.SupplierInvoice, invoice.Id),
                LinkKinds.Pays, cancellationToken);
        }

        payment.Announce(supplier.Name, supplier.SupplierCode, bankAccount, paid);
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
