using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Stock.Features;
using MokoCrm.Web.Modules.Stock.Queries;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Stock.Controllers;

/// <summary>/Stock/Inventories: counts of a warehouse, reviewed and validated into corrections.</summary>
[Area("Stock")]
[Route("Stock/Inventories")]
public sealed class InventoriesController(InventoryQueries queries, StockQueries stock, InventoryAdministration administration, IValidator<InventoryForm> validator) : Controller
{
    private const string ListUrl = "/Stock/Inventories";

    [HttpGet("")]
    [HasPermission(StockPermissions.Stock.Read)]
    public async Task<IActionResult> Index(ListRequest list) =>
        View(new InventoryListViewModel(await ListEngine.PageAsync(queries.Rows(), InventoryQueries.List, list, HttpContext.RequestAborted)));

    [HttpGet("{id:long}")]
    [HasPermission(StockPermissions.Stock.Read)]
    public async Task<IActionResult> Show(long id)
    {
        var card = await queries.CardAsync(id, HttpContext.RequestAborted);
        return card is null ? NotFound() : View(card);
    }

    [HttpGet("new")]
    [HasPermission(StockPermissions.Inventories.Write)]
    public Task<IActionResult> Create(long? warehouse) => CreateView(new InventoryForm { WarehouseId = warehouse });

    [HttpPost("new")]
    [HasPermission(StockPermissions.Inventories.Write)]
    public async Task<IActionResult> Create(InventoryForm form)
    {
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                var id = await administration.CreateAsync(form, HttpContext.RequestAborted);
                this.Success("Inventory created: enter the counted quantities.");
                return Redirect($"{ListUrl}/{id}");
            }
            catch (DomainException ex)
            {
                ModelState.AddDomainError(ex);
            }
        }

        return await CreateView(form);
    }

    [HttpPost("{id:long}/lines")]
    [HasPermission(StockPermissions.Inventories.Write)]
    public Task<IActionResult> AddProduct(long id, long? productId) =>
        Act(id, () => productId is { } p ? administration.AddProductAsync(id, p, HttpContext.RequestAborted) : throw new DomainException("Choose a product to add."), "Product added to the count.");

    [HttpPost("{id:long}/count")]
    [HasPermission(StockPermissions.Inventories.Write)]
    public Task<IActionResult> Count(long id, Dictionary<long, string?>? counted) =>
        Act(id, () => administration.CountAsync(id, counted ?? [], HttpContext.RequestAborted), "Counts saved: review the differences, then validate.");

    [HttpPost("{id:long}/validate")]
    [HasPermission(StockPermissions.Inventories.Write)]
    public async Task<IActionResult> Validate(long id, Dictionary<long, string?>? counted)
    {
        try
        {
            // The Validate button posts the count form: what was typed is saved first.
            if (counted is { Count: > 0 })
            {
                await administration.CountAsync(id, counted, HttpContext.RequestAborted);
            }

            var corrections = await administration.ValidateAsync(id, HttpContext.RequestAborted);
            this.Success($"Inventory validated: {corrections} correction(s) recorded at the average cost.");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            this.Error(ex.Message);
        }

        return Redirect($"{ListUrl}/{id}");
    }

    private async Task<IActionResult> Act(long id, Func<Task> action, string message)
    {
        try
        {
            await action();
            this.Success(message);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            this.Error(ex.Message);
        }

        return Redirect($"{ListUrl}/{id}");
    }

    private async Task<IActionResult> CreateView(InventoryForm form)
    {
        ViewData["WarehouseText"] = await stock.WarehouseTextAsync(form.WarehouseId, HttpContext.RequestAborted);
        return View("Create", form);
    }
}
