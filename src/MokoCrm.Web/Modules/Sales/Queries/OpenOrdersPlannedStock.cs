using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.Web.Modules.Sales.Queries;

/// <summary>Virtual stock source: open customer orders (validated or in progress) take out ordered − shipped.</summary>
internal sealed class OpenOrdersPlannedStock(AppDbContext db) : IPlannedStockSource
{
    public string Label => "Open customer orders";

    public async Task<IReadOnlyList<PlannedStock>> PlannedAsync(IReadOnlyCollection<long>? productIds, CancellationToken cancellationToken = default)
    {
        var lines =
            from o in db.Set<SalesOrder>().AsNoTracking()
            where o.Status == SalesOrderStatus.Validated || o.Status == SalesOrderStatus.InProgress
            join l in db.Set<SalesOrderLine>().AsNoTracking() on o.Id equals l.DocumentId
            where l.ProductId != null && l.Quantity > l.QuantityShipped
            select new { ProductId = l.ProductId!.Value, Left = l.Quantity - l.QuantityShipped };
        if (productIds is not null)
        {
            lines = lines.Where(l => productIds.Contains(l.ProductId));
        }

        var totals = await lines.GroupBy(l => l.ProductId)
            .Select(g => new { ProductId = g.Key, Left = g.Sum(l => l.Left) })
            .ToListAsync(cancellationToken);
        return totals.Select(t => new PlannedStock(t.ProductId, null, -t.Left, Label)).ToList();
    }
}
