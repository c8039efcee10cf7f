using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Modules.Stock.Queries;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Stock.Controllers;

/// <summary>/Stock/Levels: stock by warehouse and product with its value, virtual stock, and the products under their alert level.</summary>
[Area("Stock")]
[Route("Stock/Levels")]
public sealed class LevelsController(StockQueries queries, VirtualStockReport virtualStock) : Controller
{
    [HttpGet("")]
    [HasPermission(StockPermissions.Stock.Read)]
    public async Task<IActionResult> Index(ListRequest list, long? warehouse, string? export)
    {
        var rows = queries.LevelRows(warehouse);
        if (export is not null)
        {
            return ListExport.Export(rows, StockQueries.Levels, list, export);
        }

        var cancellation = HttpContext.RequestAborted;
        return View(new LevelReportViewModel(await ListEngine.PageAsync(rows, StockQueries.Levels, list, cancellation),
            await queries.WarehouseTotalsAsync(cancellation), warehouse, await queries.TotalValueAsync(cancellation)));
    }

    [HttpGet("virtual")]
    [HasPermission(StockPermissions.Stock.Read)]
    public async Task<IActionResult> Virtual(string? q, int page = 1) =>
        View(await virtualStock.PageAsync(q, page, HttpContext.RequestAborted));

    [HttpGet("alerts")]
    [HasPermission(StockPermissions.Stock.Read)]
    public async Task<IActionResult> Alerts(ListRequest list, string? export)
    {
        var rows = queries.AlertRows();
        return export is not null
            ? ListExport.Export(rows, StockQueries.Alerts, list, export)
            : View(await ListEngine.PageAsync(rows, StockQueries.Alerts, list, HttpContext.RequestAborted));
    }
}

/// <summary>/Stock/Products/{id}: the Stock and Movements tabs of the product card.</summary>
[Area("Stock")]
[Route("Stock/Products/{id:long}")]
public sealed class ProductStockController(StockQueries queries, IStockReader stock) : Controller
{
    [HttpGet("")]
    [HasPermission(StockPermissions.Stock.Read)]
    public async Task<IActionResult> Show(long id)
    {
        var product = await queries.ProductAsync(id, HttpContext.RequestAborted);
        return product is null ? NotFound() : View(new ProductStockViewModel(product, await stock.OfProductAsync(id, HttpContext.RequestAborted)));
    }

    [HttpGet("movements")]
    [HasPermission(StockPermissions.Stock.Read)]
    public async Task<IActionResult> Movements(long id, ListRequest list)
    {
        var product = await queries.ProductAsync(id, HttpContext.RequestAborted);
        if (product is null)
        {
            return NotFound();
        }

        var filter = new MovementFilter { Product = id };
        ViewData["Product"] = product;
        return View(new MovementListViewModel(await ListEngine.PageAsync(queries.MovementRows(filter), StockQueries.Movements, list, HttpContext.RequestAborted), filter, null, null));
    }
}
