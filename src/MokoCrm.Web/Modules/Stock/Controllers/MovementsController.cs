using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Stock.Features;
using MokoCrm.Web.Modules.Stock.Queries;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Stock.Controllers;

/// <summary>/Stock/Movements: the movements list, manual corrections and transfers.</summary>
[Area("Stock")]
[Route("Stock/Movements")]
public sealed class MovementsController(
    StockQueries queries,
    StockOperations operations,
    IValidator<CorrectionForm> correctionValidator,
    IValidator<TransferForm> transferValidator) : Controller
{
    [HttpGet("")]
    [HasPermission(StockPermissions.Stock.Read)]
    public async Task<IActionResult> Index(ListRequest list, MovementFilter filter, string? export)
    {
        var rows = queries.MovementRows(filter);
        if (export is not null)
        {
            return ListExport.Export(rows, StockQueries.Movements, list, export);
        }

        var cancellation = HttpContext.RequestAborted;
        return View(new MovementListViewModel(await ListEngine.PageAsync(rows, StockQueries.Movements, list, cancellation), filter,
            await queries.ProductTextAsync(filter.Product, cancellation), await queries.WarehouseTextAsync(filter.Warehouse, cancellation)));
    }

    [HttpGet("correct")]
    [HasPermission(StockPermissions.Movements.Create)]
    public Task<IActionResult> Correct(long? product, long? warehouse) =>
        CorrectView(new CorrectionForm { ProductId = product, WarehouseId = warehouse });

    [HttpPost("correct")]
    [HasPermission(StockPermissions.Movements.Create)]
    public async Task<IActionResult> Correct(CorrectionForm form)
    {
        if (await correctionValidator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                var movement = await operations.CorrectAsync(form, HttpContext.RequestAborted);
                this.Success($"Stock corrected: {StockLedger.Format(movement.Quantity)} recorded.");
                return Redirect($"/Stock/Products/{movement.ProductId}");
            }
            catch (DomainException ex)
            {
                ModelState.AddDomainError(ex);
            }
        }

        return await CorrectView(form);
    }

    [HttpGet("transfer")]
    [HasPermission(StockPermissions.Movements.Create)]
    public Task<IActionResult> Transfer(long? product, long? from) =>
        TransferView(new TransferForm { ProductId = product, FromWarehouseId = from });

    [HttpPost("transfer")]
    [HasPermission(StockPermissions.Movements.Create)]
    public async Task<IActionResult> Transfer(TransferForm form)
    {
        if (await transferValidator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                var code = await operations.TransferAsync(form, HttpContext.RequestAborted);
                this.Success($"Transfer {code} recorded.");
                return Redirect($"/Stock/Products/{form.ProductId}");
            }
            catch (DomainException ex)
            {
                ModelState.AddDomainError(ex);
            }
        }

        return await TransferView(form);
    }

    private async Task<IActionResult> CorrectView(CorrectionForm form)
    {
        var cancellation = HttpContext.RequestAborted;
        ViewData["ProductText"] = await queries.ProductTextAsync(form.ProductId, cancellation);
        ViewData["WarehouseText"] = await queries.WarehouseTextAsync(form.WarehouseId, cancellation);
        return View("Correct", form);
    }

    private async Task<IActionResult> TransferView(TransferForm form)
    {
        var cancellation = HttpContext.RequestAborted;
        ViewData["ProductText"] = await queries.ProductTextAsync(form.ProductId, cancellation);
        ViewData["FromText"] = await queries.WarehouseTextAsync(form.FromWarehouseId, cancellation);
        ViewData["ToText"] = await queries.WarehouseTextAsync(form.ToWarehouseId, cancellation);
        return View("Transfer", form);
    }
}
