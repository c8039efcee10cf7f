using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Stock.Features;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Modules.Stock.Queries;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Stock.Controllers;

/// <summary>/Stock/ManufacturingOrders: make a product from a bill of materials.</summary>
[Area("Stock")]
[Route("Stock/ManufacturingOrders")]
public sealed class ManufacturingOrdersController(
    ManufacturingOrderQueries queries, BomQueries boms, StockQueries stock, IStockReader reader, ManufacturingOrderAdministration administration, IValidator<ManufacturingOrderForm> validator)
    : Controller
{
    private const string ListUrl = "/Stock/ManufacturingOrders";

    [HttpGet("")]
    [HasPermission(StockPermissions.Manufacturing.Read)]
    public async Task<IActionResult> Index(ListRequest list, string? export) =>
        export is not null
            ? ListExport.Export(queries.Rows(), ManufacturingOrderQueries.List, list, export)
            : View(new ManufacturingOrderListViewModel(await ListEngine.PageAsync(queries.Rows(), ManufacturingOrderQueries.List, list, HttpContext.RequestAborted)));

    [HttpGet("{id:long}")]
    [HasPermission(StockPermissions.Manufacturing.Read)]
    public async Task<IActionResult> Show(long id) =>
        await queries.CardAsync(id, HttpContext.RequestAborted) is { } card ? View(card) : NotFound();

    [HttpGet("new")]
    [HasPermission(StockPermissions.Manufacturing.Write)]
    public async Task<IActionResult> Create(long? bom)
    {
        var settings = (await reader.SettingsAsync(HttpContext.RequestAborted)).DefaultWarehouseId;
        return await CreateView(new ManufacturingOrderForm { BomId = bom, Quantity = "1", ConsumeWarehouseId = settings, ProduceWarehouseId = settings });
    }

    [HttpPost("new")]
    [HasPermission(StockPermissions.Manufacturing.Write)]
    public async Task<IActionResult> Create(ManufacturingOrderForm form)
    {
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                var id = await administration.CreateAsync(form, HttpContext.RequestAborted);
                this.Success("Manufacturing order created: validate it to plan it.");
                return Redirect($"{ListUrl}/{id}");
            }
            catch (DomainException ex)
            {
                ModelState.AddDomainError(ex);
            }
        }

        return await CreateView(form);
    }

    [HttpPost("{id:long}/validate")]
    [HasPermission(StockPermissions.Manufacturing.Write)]
    public Task<IActionResult> Validate(long id) =>
        this.ActOnCardAsync($"{ListUrl}/{id}", async () => this.Success($"Manufacturing order {await administration.ValidateAsync(id, HttpContext.RequestAborted)} validated."), "");

    [HttpPost("{id:long}/produce")]
    [HasPermission(StockPermissions.Manufacturing.Produce)]
    public Task<IActionResult> Produce(long id, string? quantity) =>
        this.ActOnCardAsync($"{ListUrl}/{id}", async () =>
        {
            var cost = await administration.ProduceAsync(id, quantity, HttpContext.RequestAborted);
            this.Success($"Produced {quantity?.Trim()}: components consumed, product in stock at {cost:0.00###} per unit.");
        }, "");

    [HttpPost("{id:long}/close")]
    [HasPermission(StockPermissions.Manufacturing.Write)]
    public Task<IActionResult> Close(long id) =>
        this.ActOnCardAsync($"{ListUrl}/{id}", () => administration.CloseAsync(id, HttpContext.RequestAborted), "Manufacturing order closed: the rest will not be produced.");

    [HttpPost("{id:long}/cancel")]
    [HasPermission(StockPermissions.Manufacturing.Write)]
    public Task<IActionResult> Cancel(long id) =>
        this.ActOnCardAsync($"{ListUrl}/{id}", () => administration.CancelAsync(id, HttpContext.RequestAborted), "Manufacturing order cancelled.");

    [HttpPost("{id:long}/delete")]
    [HasPermission(StockPermissions.Manufacturing.Write)]
    public Task<IActionResult> Delete(long id) =>
        this.DeleteFromCardAsync($"{ListUrl}/{id}", ListUrl, () => administration.DeleteAsync(id, HttpContext.RequestAborted), "Draft manufacturing order deleted.");

    private async Task<IActionResult> CreateView(ManufacturingOrderForm form)
    {
        ViewData["BomText"] = await boms.TextAsync(form.BomId, HttpContext.RequestAborted);
        ViewData["ConsumeText"] = await stock.WarehouseTextAsync(form.ConsumeWarehouseId, HttpContext.RequestAborted);
        ViewData["ProduceText"] = await stock.WarehouseTextAsync(form.ProduceWarehouseId, HttpContext.RequestAborted);
        return View("Create", form);
    }
}
