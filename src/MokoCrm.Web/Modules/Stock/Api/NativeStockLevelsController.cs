using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Stock.Api;

/// <summary>The physical stock of a product in one warehouse.</summary>
public sealed record StockLevelResource(long ProductId, long WarehouseId, string WarehouseReference, string WarehouseLabel, decimal Quantity);

/// <summary>The physical stock of a product: per warehouse, in total, its weighted average cost and the value.</summary>
public sealed record ProductStockResource(long ProductId, decimal Quantity, decimal AverageCost, decimal Value, IReadOnlyList<StockLevelResource> Warehouses);

/// <summary>/api/v1 stock levels, read from Stock/Public as the product's Stock tab reads them, under the right to read stock.</summary>
[Tags("Stock levels")]
public sealed class NativeStockLevelsController(IStockReader stock, IProductLookup products) : NativeApiController
{
    /// <summary>The stock of a product per warehouse (<c>productId</c> required), or in one warehouse (<c>warehouseId</c>).</summary>
    [HttpGet(Root + "/stock-levels")]
    [HasPermission(StockPermissions.Stock.Read)]
    [ProducesResponseType<NativePage<StockLevelResource>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Index(long? productId, long? warehouseId)
    {
        if (productId is not { } id)
        {
            throw ApiException.BadRequest("Some parameters are not valid.", new Dictionary<string, string[]> { ["productId"] = ["productId is required: the stock of which product?"] });
        }

        var levels = (await OfAsync(id)).Warehouses.Where(w => warehouseId is null || w.WarehouseId == warehouseId).ToList();
        return Answer(new NativePage<StockLevelResource>(levels, null));
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
