using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.Web.Modules.Purchasing.Queries;

/// <summary>A product on a purchase order line cannot be deleted, only archived.</summary>
internal sealed class PurchasingProductUsage(AppDbContext db) : IProductUsage
{
    public async Task<string?> FirstUseAsync(long productId, CancellationToken cancellationToken = default)
    {
        var order = await (from l in db.Set<PurchaseOrderLine>().AsNoTracking()
                           join o in db.Set<PurchaseOrder>() on l.DocumentId equals o.Id
                           where l.ProductId == productId
                           select new { o.Id, o.Number }).FirstOrDefaultAsync(cancellationToken);
        return order is null ? null : $"It is on the purchase order {order.Number ?? $"(PROV{order.Id})"}.";
    }
}
