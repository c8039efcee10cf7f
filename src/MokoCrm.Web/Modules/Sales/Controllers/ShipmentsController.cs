using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Sales.Documents;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Features;
using MokoCrm.Web.Modules.Sales.Queries;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Documents;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Sales.Controllers;

/// <summary>/Sales/Shipments: the list, "Create shipment" from an order, the card, validation, closing, cancellation, the delivery note.</summary>
[Area("Sales")]
[Route("Sales/Shipments")]
public sealed class ShipmentsController(
    ShipmentQueries queries,
    ShipmentAdministration administration,
    OrderAdministration orders,
    RecordPdfs pdfs,
    AppDbContext db,
    IValidator<ShipmentForm> validator,
    CurrentUserPermissions rights) : Controller
{
    private const string ListUrl = "/Sales/Shipments";

    [HttpGet("")]
    [HasPermission(SalesPermissions.Shipments.Read)]
    public async Task<IActionResult> Index(ListRequest list, ShipmentListFilter filter, string? export)
    {
        var rows = await queries.ShipmentsAsync(filter);
        if (export is not null)
        {
            return await rights.HasAsync(SalesPermissions.Shipments.Export) ? ListExport.Export(rows, ShipmentQueries.List, list, export) : Forbid();
        }

        var searched = string.IsNullOrWhiteSpace(list.Search) ? rows : ShipmentQueries.List.Search!(rows, list.Search.Trim());
        return View(new ShipmentListViewModel(await ListEngine.PageAsync(rows, ShipmentQueries.List, list, HttpContext.RequestAborted), filter,
            await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(searched, HttpContext.RequestAborted), ShipmentQueries.Statuses,
            await queries.ThirdPartyNameAsync(filter.ThirdParty, HttpContext.RequestAborted)));
    }

    [HttpGet("{id:long}")]
    [HasPermission(SalesPermissions.Shipments.Read)]
    public async Task<IActionResult> Show(long id) =>
        await queries.CardAsync(id, HttpContext.RequestAborted) is { } card ? View(card) : NotFound();

    /// <summary>"Create shipment" on a validated order: what is left per line, a warehouse per line.</summary>
    [HttpGet("new")]
    [HasPermission(SalesPermissions.Shipments.Write)]
    public async Task<IActionResult> Create(long order)
    {
        try
        {
            var o = await orders.GetAsync(order, HttpContext.RequestAborted);
            if (!o.IsOpenForShipping)
            {
                this.Error($"{o.Reference} is {SalesOrder.Label(o.Status).ToLowerInvariant()}: only a validated order that is not delivered can be shipped.");
                return Redirect($"/Sales/Orders/{order}");
            }

            return View(await queries.FormAsync(o, null, HttpContext.RequestAborted));
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    [HttpPost("new")]
    [HasPermission(SalesPermissions.Shipments.Write)]
    public async Task<IActionResult> Create(long order, ShipmentForm form)
    {
        try
        {
            if (await validator.ValidateIntoAsync(form, ModelState))
            {
                try
                {
                    var id = await administration.CreateFromOrderAsync(order, form, HttpContext.RequestAborted);
                    this.Success("Draft shipment created: check it, then validate it.");
                    return Redirect($"{ListUrl}/{id}");
                }
                catch (DomainException ex) when (ex is not NotFoundException)
                {
                    ModelState.AddDomainError(ex);
                }
            }

            var o = await orders.GetAsync(order, HttpContext.RequestAborted);
            return View(await queries.FormAsync(o, form, HttpContext.RequestAborted));
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    [HttpPost("{id:long}/validate")]
    [HasPermission(SalesPermissions.Shipments.Validate)]
    public async Task<IActionResult> Validate(long id)
    {
        string? number = null;
        var result = await Act(id, async () => number = await administration.ValidateAsync(id, HttpContext.RequestAborted), "");
        if (number is not null)
        {
            this.Success($"Shipment validated as {number}.");
        }

        return result;
    }

    [HttpPost("{id:long}/close")]
    [HasPermission(SalesPermissions.Shipments.Close)]
    public Task<IActionResult> Close(long id) => Act(id, () => administration.CloseAsync(id, HttpContext.RequestAborted), "Shipment closed as delivered.");

    [HttpPost("{id:long}/cancel")]
    [HasPermission(SalesPermissions.Shipments.Close)]
    public Task<IActionResult> Cancel(long id) => Act(id, () => administration.CancelAsync(id, HttpContext.RequestAborted), "Shipment cancelled: its stock is back.");

    [HttpPost("{id:long}/delete")]
    [HasPermission(SalesPermissions.Shipments.Delete)]
    public async Task<IActionResult> Delete(long id)
    {
        try
        {
            await administration.DeleteAsync(id, HttpContext.RequestAborted);
            this.Success("Draft shipment deleted.");
            return Redirect(ListUrl);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            this.Error(ex.Message);
            return Redirect($"{ListUrl}/{id}");
        }
    }

    /// <summary>The delivery note: a validated shipment's stored one is rewritten (the Documents tab keeps it); a draft's is only shown.</summary>
    [HttpGet("{id:long}/pdf")]
    [HasPermission(SalesPermissions.Shipments.Read)]
    public async Task<IActionResult> Pdf(long id)
    {
        if (await queries.ShipmentAsync(id) is null)
        {
            return NotFound();
        }

        if (await pdfs.PdfAsync(Public.SalesRecordTypes.Shipment, id, HttpContext.RequestAborted) is not { } f)
        {
            return NotFound();
        }

        await db.SaveGeneratedFileAsync(HttpContext.RequestAborted);
        return File(f.Pdf, "application/pdf", f.FileName);
    }

    private Task<IActionResult> Act(long id, Func<Task> action, string done) => this.ActOnCardAsync($"{ListUrl}/{id}", action, done);
}
