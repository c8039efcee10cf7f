using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Stock.Documents;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Features;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Modules.Stock.Queries;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Documents;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Stock.Controllers;

/// <summary>/Stock/ManufacturingOrders: make a product from a bill of materials.</summary>
[Area("Stock")]
[Route("Stock/ManufacturingOrders")]
public sealed class ManufacturingOrdersController(
    ManufacturingOrderQueries queries, BomQueries boms, StockQueries stock, IStockReader reader, ManufacturingOrderAdministration administration, IValidator<ManufacturingOrderForm> validator,
    ManufacturingOrderPdf pdf, AppDbContext db)
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

    [HttpGet("{id:long}/edit")]
    [HasPermission(StockPermissions.Manufacturing.Write)]
    public async Task<IActionResult> Edit(long id)
    {
        if (await queries.CardAsync(id, HttpContext.RequestAborted) is not { } card)
        {
            return NotFound();
        }

        if (card.Order.Status != ManufacturingOrderStatus.Draft)
        {
            this.Error($"The manufacturing order {card.Order.Reference} is {card.Order.Status.ToString().ToLowerInvariant()}: only a draft can be changed.");
            return Redirect($"{ListUrl}/{id}");
        }

        return await FormView((await administration.FormAsync(id, HttpContext.RequestAborted))!, card.Order);
    }

    [HttpPost("{id:long}/edit")]
    [HasPermission(StockPermissions.Manufacturing.Write)]
    public async Task<IActionResult> Edit(long id, ManufacturingOrderForm form)
    {
        if (await queries.CardAsync(id, HttpContext.RequestAborted) is not { } card)
        {
            return NotFound();
        }

        form.BomId = card.Order.BomId;
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                await administration.UpdateAsync(id, form, HttpContext.RequestAborted);
                this.Success("Manufacturing order saved.");
                return Redirect($"{ListUrl}/{id}");
            }
            catch (DomainException ex)
            {
                ModelState.AddDomainError(ex);
            }
        }

        return await FormView(form, card.Order);
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

    /// <summary>The order sheet: drawn for a draft, kept on the Documents tab once validated (written again each time).</summary>
    [HttpGet("{id:long}/pdf")]
    [HasPermission(StockPermissions.Manufacturing.Read)]
    public async Task<IActionResult> Pdf(long id)
    {
        var status = await db.Set<ManufacturingOrder>().Where(o => o.Id == id).Select(o => (ManufacturingOrderStatus?)o.Status).SingleOrDefaultAsync(HttpContext.RequestAborted);
        if (status is null)
        {
            return NotFound();
        }

        var file = status == ManufacturingOrderStatus.Draft
            ? await pdf.RenderAsync(id, HttpContext.RequestAborted)
            : await pdf.StoreAsync(id, HttpContext.RequestAborted);
        if (file is not { } f)
        {
            return NotFound();
        }

        await db.SaveGeneratedFileAsync(HttpContext.RequestAborted);
        return File(f.Pdf, "application/pdf", f.FileName);
    }

    private Task<IActionResult> CreateView(ManufacturingOrderForm form) => FormView(form, null);

    /// <summary>The new-order form, or the edit form of a draft (<paramref name="order"/>): its bill cannot change.</summary>
    private async Task<IActionResult> FormView(ManufacturingOrderForm form, ManufacturingOrder? order)
    {
        ViewData["Order"] = order;
        ViewData["BomText"] = await boms.TextAsync(form.BomId, HttpContext.RequestAborted);
        ViewData["ConsumeText"] = await stock.WarehouseTextAsync(form.ConsumeWarehouseId, HttpContext.RequestAborted);
        ViewData["ProduceText"] = await stock.WarehouseTextAsync(form.ProduceWarehouseId, HttpContext.RequestAborted);
        return View("Create", form);
    }
}
