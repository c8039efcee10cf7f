using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.Web.Modules.Stock.Queries;

/// <summary>
/// Open manufacturing orders (validated or in progress) as planned stock: what remains to produce comes into the
/// production warehouse, what remains to consume of each component leaves the components' warehouse.
/// </summary>
internal sealed class ManufacturingPlannedStock(AppDbContext db) : IPlannedStockSource
{
    public string Label => "Open manufacturing orders";

    public async Task<IReadOnlyList<PlannedStock>> PlannedAsync(IReadOnlyCollection<long>? productIds, CancellationToken cancellationToken = default)
    {
        var open = db.Set<ManufacturingOrder>().AsNoTracking()
            .Where(o => o.Status == ManufacturingOrderStatus.Validated || o.Status == ManufacturingOrderStatus.InProgress);
        var outputs =
            from o in open
            where o.Quantity > o.QuantityProduced
            select new { o.ProductId, WarehouseId = o.ProduceWarehouseId, Quantity = o.Quantity - o.QuantityProduced };
        var inputs =
            from o in open
            join l in db.Set<ManufacturingOrderLine>().AsNoTracking() on o.Id equals l.ManufacturingOrderId
            where l.QuantityPlanned > l.QuantityConsumed
            select new { l.ProductId, WarehouseId = o.ConsumeWarehouseId, Quantity = l.QuantityConsumed - l.QuantityPlanned };
        var planned = outputs.Concat(inputs);
        if (productIds is not null)
        {
            planned = planned.Where(p => productIds.Contains(p.ProductId));
        }

        var totals = await planned.GroupBy(p => new { p.ProductId, p.WarehouseId })
            .Select(g => new { g.Key.ProductId, g.Key.WarehouseId, Quantity = g.Sum(p => p.Quantity) })
            .ToListAsync(cancellationToken);
        return totals.Select(t => new PlannedStock(t.ProductId, t.WarehouseId, t.Quantity, Label)).ToList();
    }
}
