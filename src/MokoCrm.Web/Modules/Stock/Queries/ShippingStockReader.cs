using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.Web.Modules.Stock.Queries;

internal sealed class ShippingStockReader(AppDbContext db) : IShippingStock
{
    public async Task<IReadOnlyList<ShippingWarehouse>> OpenWarehousesAsync(CancellationToken cancellationToken = default) =>
        await db.Set<Warehouse>().AsNoTracking().Where(w => w.Status == WarehouseStatus.Open).OrderByDescending(w => w.IsDefault).ThenBy(w => w.Reference)
            .Take(200).Select(w => new ShippingWarehouse(w.Id, w.Reference, w.Label, w.IsDefault)).ToListAsync(cancellationToken);

    public async Task<IReadOnlyDictionary<(long ProductId, long WarehouseId), decimal>> LevelsAsync(IReadOnlyCollection<long> productIds, CancellationToken cancellationToken = default) =>
        await db.Set<StockLevel>().AsNoTracking().Where(l => productIds.Contains(l.ProductId))
            .ToDictionaryAsync(l => (l.ProductId, l.WarehouseId), l => l.Quantity, cancellationToken);
}
