using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.Web.Modules.Stock.Queries;

/// <summary>Stock/Public's <see cref="IStockReader"/>: bounded, one query per question.</summary>
internal sealed class StockReader(AppDbContext db, SettingsCache cache) : IStockReader
{
    private static readonly Type[] SettingsSources = [typeof(StockSettings), typeof(Warehouse)];

    public async Task<ProductStock> OfProductAsync(long productId, CancellationToken cancellationToken = default)
    {
        var warehouses = await (
            from l in db.Set<StockLevel>().AsNoTracking()
            join w in db.Set<Warehouse>().AsNoTracking() on l.WarehouseId equals w.Id
            where l.ProductId == productId
            orderby w.Reference
            select new WarehouseStock(w.Id, w.Reference, w.Label, l.Quantity)).ToListAsync(cancellationToken);
        var cost = await db.Set<ProductValuation>().AsNoTracking().Where(v => v.ProductId == productId).Select(v => v.AverageCost).FirstOrDefaultAsync(cancellationToken);
        return new ProductStock(productId, warehouses, cost);
    }

    public async Task<IReadOnlyDictionary<long, decimal>> QuantitiesAsync(IReadOnlyCollection<long> productIds, CancellationToken cancellationToken = default) =>
        await db.Set<ProductValuation>().AsNoTracking().Where(v => productIds.Contains(v.ProductId))
            .ToDictionaryAsync(v => v.ProductId, v => v.TotalQuantity, cancellationToken);

    public async Task<IReadOnlyDictionary<long, decimal>> AverageCostsAsync(IReadOnlyCollection<long> productIds, CancellationToken cancellationToken = default) =>
        await db.Set<ProductValuation>().AsNoTracking().Where(v => productIds.Contains(v.ProductId))
            .ToDictionaryAsync(v => v.ProductId, v => v.AverageCost, cancellationToken);

    /// <summary>Kept for the process by SettingsCache (dropped when the settings or a warehouse are saved): every validation that may move stock asks.</summary>
    public Task<StockSettingsSnapshot> SettingsAsync(CancellationToken cancellationToken = default) =>
        cache.GetAsync(db, "stock.settings", SettingsSources, ReadSettingsAsync, cancellationToken);

    private async Task<StockSettingsSnapshot> ReadSettingsAsync(CancellationToken cancellationToken)
    {
        var defaultWarehouse = db.Set<Warehouse>().Where(w => w.IsDefault).Select(w => (long?)w.Id);
        var saved = await db.Set<StockSettings>().AsNoTracking().OrderBy(s => s.Id)
            .Select(s => new StockSettingsSnapshot(s.DecreaseOn, s.IncreaseOn, defaultWarehouse.FirstOrDefault(), s.AllowNegativeStock))
            .FirstOrDefaultAsync(cancellationToken);
        if (saved is not null)
        {
            return saved;
        }

        var defaults = new StockSettings();
        return new StockSettingsSnapshot(defaults.DecreaseOn, defaults.IncreaseOn, await defaultWarehouse.FirstOrDefaultAsync(cancellationToken), defaults.AllowNegativeStock);
    }
}
