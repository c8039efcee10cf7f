using System.Data.Common;
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

    public string OneSql => "SELECT id, name, customer_code, supplier_code, accounting_code FROM crm.third_parties WHERE id = @third_party_id";

    public ThirdPartyAccounting Read(DbDataReader reader)
    {
        string? Text(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
        var supplierCode = Text(3);
        return new ThirdPartyAccounting(reader.GetInt64(0), reader.GetString(1), Text(2), supplierCode, Text(4), ThirdParty.SupplierSubledgerOf(supplierCode));
    }
}
