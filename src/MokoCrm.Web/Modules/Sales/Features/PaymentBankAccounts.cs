using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.Web.Modules.Sales.Features;

/// <summary>An active bank account of Setup, as a payment needs it: where the money goes and the account it is posted to.</summary>
public sealed record PaymentBankAccount(long Id, string AccountingAccount);

/// <summary>
/// The active bank accounts a customer payment may go into, read once per change of them: a handful of rows every
/// payment asked the database for. Kept for the process by <see cref="SettingsCache"/> (ADR 0016), dropped when a bank
/// account is saved.
/// </summary>
public sealed class PaymentBankAccounts(AppDbContext db, SettingsCache cache)
{
    private static readonly Type[] Sources = [typeof(BankAccount)];

    public Task<IReadOnlyDictionary<long, PaymentBankAccount>> ActiveAsync(CancellationToken cancellationToken = default) =>
        cache.GetAsync<IReadOnlyDictionary<long, PaymentBankAccount>>(db, "sales.payment-bank-accounts", Sources, async ct =>
            await db.Set<BankAccount>().AsNoTracking().Where(b => b.Active)
                .Select(b => new PaymentBankAccount(b.Id, b.AccountingAccount)).ToDictionaryAsync(b => b.Id, ct), cancellationToken);
}
