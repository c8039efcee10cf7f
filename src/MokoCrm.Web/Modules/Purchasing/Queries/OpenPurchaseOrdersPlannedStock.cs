using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.Web.Modules.Purchasing.Queries;

/// <summary>
/// Virtual stock source (DOMAIN.md §5): purchase orders sent to the supplier and not fully received (ordered or partly
/// received) bring in ordered − received of their goods lines. Services and free text never count; an order names no
/// warehouse, so the planned input has none.
/// </summary>
internal sealed class OpenPurchaseOrdersPlannedStock(AppDbContext db) : IPlannedStockSource
{
    public string Label => "Open purchase orders";

    public async Task<IReadOnlyList<PlannedStock>> PlannedAsync(IReadOnlyCollection<long>? productIds, CancellationToken cancellationToken = default)
    {
        var lines =
            from o in db.Set<PurchaseOrder>().AsNoTracking()
            where o.Status == PurchaseOrderStatus.Ordered || o.Status == PurchaseOrderStatus.PartlyReceived
            join l in db.Set<PurchaseOrderLine>().AsNoTracking() on o.Id equals l.DocumentId
            where l.ProductId != null && !l.IsService && l.Quantity > l.QuantityReceived
            select new { ProductId = l.ProductId!.Value, Left = l.Quantity - l.QuantityReceived };
        if (productIds is not null)
        {
            lines = lines.Where(l => productIds.Contains(l.ProductId));
        }

        var totals = await lines.GroupBy(l => l.ProductId)
            .Select(g => new { ProductId = g.Key, Left = g.Sum(l => l.Left) })
            .ToListAsync(cancellationToken);
        return totals.Select(t => new PlannedStock(t.ProductId, null, t.Left, Label)).ToList();
    }
}
