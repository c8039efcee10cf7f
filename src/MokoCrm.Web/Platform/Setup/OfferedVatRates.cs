using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.Web.Platform.Setup;

/// <summary>
/// Whether Setup offers a VAT rate (active): every document line asks. The active rates (a few rows) are kept for the
/// process by <see cref="SettingsCache"/>, dropped when a rate is saved.
/// </summary>
public sealed class OfferedVatRates(AppDbContext db, SettingsCache cache)
{
    private static readonly Type[] Sources = [typeof(VatRate)];

    public async Task<bool> IsOfferedAsync(decimal rate, CancellationToken cancellationToken = default) =>
        (await cache.GetAsync<IReadOnlySet<decimal>>(db, "setup.vat-rates-offered", Sources, async ct =>
            (await db.Set<VatRate>().AsNoTracking().Where(v => v.Active).Select(v => v.Rate).ToListAsync(ct)).ToHashSet(), cancellationToken))
        .Contains(rate);
}
