using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Products.Domain;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.Web.Modules.Products.Queries;

public sealed record SupplierPriceRow(long Id, long SupplierId, string Supplier, string? SupplierReference, decimal UnitPrice, decimal MinimumQuantity);

/// <summary>The supplier prices of a product card, with the suppliers' names.</summary>
public sealed class SupplierPriceQueries(AppDbContext db)
{
    public async Task<IReadOnlyList<SupplierPriceRow>> OfProductAsync(long productId, CancellationToken cancellationToken = default) =>
        await (from p in db.Set<SupplierPrice>().AsNoTracking()
               join t in ThirdPartyNames.Query(db) on p.SupplierId equals t.Id
               where p.ProductId == productId
               orderby t.Name, p.MinimumQuantity
               select new SupplierPriceRow(p.Id, p.SupplierId, t.Name, p.SupplierReference, p.UnitPrice, p.MinimumQuantity)).ToListAsync(cancellationToken);
}

internal sealed class SupplierPriceLookup(AppDbContext db) : ISupplierPriceLookup
{
    public async Task<IReadOnlyList<SupplierPriceSummary>> OfProductAsync(long productId, long? supplierId = null, CancellationToken cancellationToken = default) =>
        await db.Set<SupplierPrice>().AsNoTracking()
            .Where(p => p.ProductId == productId && (supplierId == null || p.SupplierId == supplierId))
            .OrderBy(p => p.MinimumQuantity).ThenBy(p => p.UnitPrice)
            .Select(p => new SupplierPriceSummary(p.Id, p.ProductId, p.SupplierId, p.SupplierReference, p.UnitPrice, p.MinimumQuantity))
            .ToListAsync(cancellationToken);
}
