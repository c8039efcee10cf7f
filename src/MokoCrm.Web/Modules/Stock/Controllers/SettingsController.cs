using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Stock.Features;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Modules.Stock.Queries;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;

namespace MokoCrm.Web.Modules.Stock.Controllers;

/// <summary>/Stock/Settings: when stock moves, the default warehouse, negative stock.</summary>
[Area("Stock")]
[Route("Stock/Settings")]
public sealed class SettingsController(IStockReader reader, StockSettingsAdministration administration, WarehouseQueries warehouses, IValidator<StockSettingsForm> validator) : Controller
{
    [HttpGet("")]
    [HasPermission(StockPermissions.Settings.Admin)]
    public async Task<IActionResult> Index()
    {
        var s = await reader.SettingsAsync(HttpContext.RequestAborted);
        return await EditView(new StockSettingsForm { DecreaseOn = s.DecreaseOn, IncreaseOn = s.IncreaseOn, DefaultWarehouseId = s.DefaultWarehouseId, AllowNegativeStock = s.AllowNegativeStock });
    }

    [HttpPost("")]
    [HasPermission(StockPermissions.Settings.Admin)]
    public async Task<IActionResult> Index(StockSettingsForm form)
    {
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                await administration.SaveAsync(form, HttpContext.RequestAborted);
                this.Success("Stock settings saved.");
                return Redirect("/Stock/Settings");
            }
            catch (DomainException ex)
            {
                ModelState.AddDomainError(ex);
            }
        }

        return await EditView(form);
    }

    private async Task<IActionResult> EditView(StockSettingsForm form)
    {
        ViewData["Warehouses"] = await warehouses.LookupAsync(null, HttpContext.RequestAborted);
        return View("Index", form);
    }
}
