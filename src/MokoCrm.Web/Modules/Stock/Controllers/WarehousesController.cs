using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Features;
using MokoCrm.Web.Modules.Stock.Queries;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Stock.Controllers;

/// <summary>/Stock/Warehouses: where stock is kept.</summary>
[Area("Stock")]
[Route("Stock/Warehouses")]
public sealed class WarehousesController(WarehouseQueries queries, WarehouseAdministration administration, IValidator<WarehouseForm> validator) : Controller
{
    private const string ListUrl = "/Stock/Warehouses";

    [HttpGet("")]
    [HasPermission(StockPermissions.Warehouses.Read)]
    public async Task<IActionResult> Index(ListRequest list, WarehouseStatus? status, string? export)
    {
        var rows = queries.Warehouses(status);
        return export is not null
            ? ListExport.Export(rows, WarehouseQueries.List, list, export)
            : View(new WarehouseListViewModel(await ListEngine.PageAsync(rows, WarehouseQueries.List, list, HttpContext.RequestAborted), status?.ToString()));
    }

    [HttpGet("lookup")]
    [HasPermission(StockPermissions.Warehouses.Read)]
    public async Task<IActionResult> Lookup(string? q) =>
        Json((await queries.LookupAsync(q, HttpContext.RequestAborted)).Select(w => new { id = w.Id, text = w.Text }));

    [HttpGet("{id:long}")]
    [HasPermission(StockPermissions.Warehouses.Read)]
    public async Task<IActionResult> Show(long id)
    {
        var card = await queries.CardAsync(id, HttpContext.RequestAborted);
        return card is null ? NotFound() : View(card);
    }

    [HttpGet("new")]
    [HasPermission(StockPermissions.Warehouses.Write)]
    public Task<IActionResult> Create() => EditView(null, new WarehouseForm());

    [HttpPost("new")]
    [HasPermission(StockPermissions.Warehouses.Write)]
    public Task<IActionResult> Create(WarehouseForm form) => Save(null, form);

    [HttpGet("{id:long}/edit")]
    [HasPermission(StockPermissions.Warehouses.Write)]
    public async Task<IActionResult> Edit(long id)
    {
        if (await queries.CardAsync(id, HttpContext.RequestAborted) is not { Warehouse: var w })
        {
            return NotFound();
        }

        return await EditView(id, new WarehouseForm
        {
            Reference = w.Reference, Label = w.Label, Description = w.Description, Address = w.Address, PostalCode = w.PostalCode,
            Town = w.Town, CountryCode = w.CountryCode, Status = w.Status, ParentId = w.ParentId, IsDefault = w.IsDefault,
        });
    }

    [HttpPost("{id:long}/edit")]
    [HasPermission(StockPermissions.Warehouses.Write)]
    public Task<IActionResult> Edit(long id, WarehouseForm form) => Save(id, form);

    private async Task<IActionResult> Save(long? id, WarehouseForm form)
    {
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                var saved = await administration.SaveAsync(id, form, HttpContext.RequestAborted);
                this.Success($"Warehouse {form.Reference.Trim()} saved.");
                return Redirect($"{ListUrl}/{saved}");
            }
            catch (NotFoundException)
            {
                return NotFound();
            }
            catch (DomainException ex)
            {
                ModelState.AddDomainError(ex);
            }
        }

        return await EditView(id, form);
    }

    private async Task<IActionResult> EditView(long? id, WarehouseForm form)
    {
        ViewData["Id"] = id;
        ViewData["Parents"] = await queries.ParentChoicesAsync(id, HttpContext.RequestAborted);
        return View("Edit", form);
    }
}
