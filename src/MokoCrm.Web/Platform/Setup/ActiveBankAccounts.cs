using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.Web.Platform.Setup;

/// <summary>An active bank account of Setup as a payment needs it: where the money goes and the ledger account it is posted to.</summary>
public sealed record ActiveBankAccount(long Id, string AccountingAccount);

/// <summary>
/// The bank account a customer or supplier payment names, if Setup offers it (active): every payment asks. The active
/// accounts (a handful of rows) are kept for the process by <see cref="SettingsCache"/>, dropped when a bank account is saved.
/// </summary>
public sealed class ActiveBankAccounts(AppDbContext db, SettingsCache cache)
{
    private static readonly Type[] Sources = [typeof(BankAccount)];

    /// <summary>The active bank account <paramref name="id"/>, else a refusal that says what to do.</summary>
    public async Task<ActiveBankAccount> ChosenAsync(long? id, CancellationToken cancellationToken = default)
    {
        var active = await cache.GetAsync<IReadOnlyDictionary<long, ActiveBankAccount>>(db, "setup.active-bank-accounts", Sources, async ct =>
            await db.Set<BankAccount>().AsNoTracking().Where(b => b.Active)
                .Select(b => new ActiveBankAccount(b.Id, b.AccountingAccount)).ToDictionaryAsync(b => b.Id, ct), cancellationToken);
        return active.GetValueOrDefault(id ?? 0) ?? throw new DomainException("Choose an active bank account from Setup.");
    }
}
