using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Stock.Api;

/// <summary>The physical stock of a product in one warehouse.</summary>
public sealed record StockLevelResource(long ProductId, long WarehouseId, string WarehouseReference, string WarehouseLabel, decimal Quantity);

/// <summary>The physical stock of a product: per warehouse, in total, its weighted average cost and the value.</summary>
public sealed record ProductStockResource(long ProductId, decimal Quantity, decimal AverageCost, decimal Value, IReadOnlyList<StockLevelResource> Warehouses);

/// <summary>
/// /api/v1 stock levels, under the right to read stock: a product's per warehouse (read from Stock/Public as the
/// product's Stock tab reads them), or a warehouse's per product (the Stock module's own levels).
/// </summary>
[Tags("Stock levels")]
public sealed class NativeStockLevelsController(IStockReader stock, IProductLookup products, AppDbContext db) : NativeApiController
{
    /// <summary>
    /// By product: the stock of <c>productId</c> per warehouse (in one warehouse with <c>warehouseId</c>). By
    /// warehouse: with <c>warehouseId</c> alone, every product it holds (levels other than zero), by product id and
    /// cut by cursor (<c>limit</c>, <c>cursor</c>, <c>sort</c> id or -id: the product id).
    /// </summary>
    [HttpGet(Root + "/stock-levels")]
    [HasPermission(StockPermissions.Stock.Read)]
    [ProducesResponseType<NativePage<StockLevelResource>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Index([FromQuery] NativeListRequest list, long? productId, long? warehouseId)
    {
        if (productId is { } id)
        {
            var levels = (await OfAsync(id)).Warehouses.Where(w => warehouseId is null || w.WarehouseId == warehouseId).ToList();
            return Answer(new NativePage<StockLevelResource>(levels, null));
        }

        if (warehouseId is not { } warehouse)
        {
            throw ApiException.BadRequest("Some parameters are not valid.", new Dictionary<string, string[]>
            {
                ["productId"] = ["Give productId (a product's stock per warehouse) or warehouseId (a warehouse's stock per product)."],
            });
        }

        var place = await db.Set<Warehouse>().AsNoTracking().Where(w => w.Id == warehouse).Select(w => new { w.Reference, w.Label }).SingleOrDefaultAsync(Aborted)
            ?? throw ApiException.NotFound("Warehouse not found.");
        var rows = db.Set<StockLevel>().AsNoTracking().Where(l => l.WarehouseId == warehouse && l.Quantity != 0m);
        return Answer(await list.PageByKeyAsync(rows, l => l.ProductId, l => new StockLevelResource(l.ProductId, l.WarehouseId, place.Reference, place.Label, l.Quantity), Aborted));
    }

    /// <summary>The stock of a product: per warehouse, in total, its average cost and value.</summary>
    [HttpGet(Root + "/products/{id:long}/stock")]
    [HasPermission(StockPermissions.Stock.Read)]
    [ProducesResponseType<ProductStockResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> OfProduct(long id) => Answer(await OfAsync(id));

    private async Task<ProductStockResource> OfAsync(long productId)
    {
        if (await products.FindAsync(productId, Aborted) is null)
        {
            throw ApiException.NotFound("Product not found.");
        }

        var s = await stock.OfProductAsync(productId, Aborted);
        return new ProductStockResource(s.ProductId, s.Quantity, s.AverageCost, s.Value,
            s.Warehouses.Select(w => new StockLevelResource(s.ProductId, w.WarehouseId, w.WarehouseReference, w.WarehouseLabel, w.Quantity)).ToList());
    }
}
