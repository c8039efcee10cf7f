using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Domain;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.Web.Modules.Crm.Queries;

internal sealed class ThirdPartyAccountingLookup(AppDbContext db) : IThirdPartyAccountingLookup
{
    public async Task<IReadOnlyList<ThirdPartyAccounting>> FindManyAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
        await db.Set<ThirdParty>().AsNoTracking().Where(t => ids.Contains(t.Id))
            .Select(t => new ThirdPartyAccounting(t.Id, t.Name, t.CustomerCode, t.SupplierCode, t.AccountingCode,
                ThirdParty.SupplierSubledgerOf(t.SupplierCode)))
            .ToListAsync(cancellationToken);
}
