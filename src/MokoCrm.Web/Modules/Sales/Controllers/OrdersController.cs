using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Sales.Documents;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Features;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Modules.Sales.Queries;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Documents;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Sales.Controllers;

/// <summary>/Sales/Orders: the list, the card with its lines, the draft form, validation and cancellation.</summary>
[Area("Sales")]
[Route("Sales/Orders")]
public sealed class OrdersController(
    SalesQueries queries,
    OrderAdministration administration,
    RecordPdfs pdfs,
    AppDbContext db,
    IValidator<OrderForm> validator,
    IValidator<LineForm> lineValidator,
    Products.Public.IProductLookup products,
    CurrentUserPermissions rights) : Controller
{
    private const string ListUrl = "/Sales/Orders";

    [HttpGet("")]
    [HasPermission(SalesPermissions.Orders.Read)]
    public async Task<IActionResult> Index(ListRequest list, SalesListFilter filter, string? export)
    {
        var rows = await queries.OrdersAsync(filter);
        if (export is not null)
        {
            return await rights.HasAsync(SalesPermissions.Orders.Export) ? ListExport.Export(rows, SalesQueries.OrderList, list, export) : Forbid();
        }

        var searched = string.IsNullOrWhiteSpace(list.Search) ? rows : SalesQueries.OrderList.Search!(rows, list.Search.Trim());
        return View("~/Modules/Sales/Views/Shared/SalesList.cshtml", new SalesListViewModel("orders",
            await ListEngine.PageAsync(rows, SalesQueries.OrderList, list, HttpContext.RequestAborted), filter,
            await SalesQueries.TotalsAsync(searched, HttpContext.RequestAborted), SalesQueries.OrderStatuses,
            await queries.ThirdPartyNameAsync(filter.ThirdParty, HttpContext.RequestAborted)));
    }

    /// <summary>What the line form fills in when a product is picked: its label, price excl. tax and VAT rate.</summary>
    [HttpGet("product-defaults/{productId:long}")]
    [HasPermission(SalesPermissions.Orders.Write)]
    public async Task<IActionResult> ProductDefaults(long productId) =>
        await products.FindAsync(productId, HttpContext.RequestAborted) is { } p
            ? Json(new { label = p.Label, price = p.SalePrice, vat = p.VatRate })
            : NotFound();

    [HttpGet("{id:long}")]
    [HasPermission(SalesPermissions.Orders.Read)]
    public async Task<IActionResult> Show(long id, long? editLine) =>
        await queries.OrderCardAsync(id, editLine, HttpContext.RequestAborted) is { } card ? View(card) : NotFound();

    [HttpGet("new")]
    [HasPermission(SalesPermissions.Orders.Write)]
    public Task<IActionResult> Create(long? thirdParty) => EditView(null, new OrderForm { ThirdPartyId = thirdParty, Date = Today() });

    [HttpPost("new")]
    [HasPermission(SalesPermissions.Orders.Write)]
    public async Task<IActionResult> Create(OrderForm form)
    {
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                var id = await administration.CreateAsync(form, HttpContext.RequestAborted);
                this.Success("Draft order created: add its lines.");
                return Redirect($"{ListUrl}/{id}");
            }
            catch (DomainException ex) when (ex is not NotFoundException)
            {
                ModelState.AddDomainError(ex);
            }
        }

        return await EditView(null, form);
    }

    [HttpGet("{id:long}/edit")]
    [HasPermission(SalesPermissions.Orders.Write)]
    public async Task<IActionResult> Edit(long id) =>
        await queries.OrderFormAsync(id, HttpContext.RequestAborted) is { } form ? await EditView(id, form) : NotFound();

    [HttpPost("{id:long}/edit")]
    [HasPermission(SalesPermissions.Orders.Write)]
    public async Task<IActionResult> Edit(long id, OrderForm form)
    {
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                await administration.UpdateAsync(id, form, HttpContext.RequestAborted);
                this.Success("Order saved.");
                return Redirect($"{ListUrl}/{id}");
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

    [HttpPost("{id:long}/lines")]
    [HasPermission(SalesPermissions.Orders.Write)]
    public Task<IActionResult> AddLine(long id, LineForm line) =>
        LineAction(id, line, () => administration.AddLineAsync(id, line, HttpContext.RequestAborted), "Line added.");

    [HttpPost("{id:long}/lines/{lineId:long}")]
    [HasPermission(SalesPermissions.Orders.Write)]
    public Task<IActionResult> ChangeLine(long id, long lineId, LineForm line) =>
        LineAction(id, line, () => administration.ChangeLineAsync(id, lineId, line, HttpContext.RequestAborted), "Line saved.", lineId);

    [HttpPost("{id:long}/lines/{lineId:long}/delete")]
    [HasPermission(SalesPermissions.Orders.Write)]
    public Task<IActionResult> DeleteLine(long id, long lineId) =>
        Act(id, () => administration.RemoveLineAsync(id, lineId, HttpContext.RequestAborted), "Line deleted.");

    [HttpPost("{id:long}/lines/{lineId:long}/move")]
    [HasPermission(SalesPermissions.Orders.Write)]
    public Task<IActionResult> MoveLine(long id, long lineId, int delta) =>
        Act(id, () => administration.MoveLineAsync(id, lineId, delta, HttpContext.RequestAborted), "Line moved.");

    [HttpPost("{id:long}/validate")]
    [HasPermission(SalesPermissions.Orders.Validate)]
    public async Task<IActionResult> Validate(long id, long? warehouseId)
    {
        string? number = null;
        var result = await Act(id, async () => number = await administration.ValidateAsync(id, warehouseId, HttpContext.RequestAborted), "");
        if (number is not null)
        {
            this.Success($"Order validated as {number}.");
        }

        return result;
    }

    [HttpPost("{id:long}/cancel")]
    [HasPermission(SalesPermissions.Orders.Close)]
    public Task<IActionResult> Cancel(long id) => Act(id, () => administration.CancelAsync(id, HttpContext.RequestAborted), "Order cancelled.");

    [HttpPost("{id:long}/delete")]
    [HasPermission(SalesPermissions.Orders.Delete)]
    public async Task<IActionResult> Delete(long id)
    {
        try
        {
            await administration.DeleteAsync(id, HttpContext.RequestAborted);
            this.Success("Draft order deleted.");
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

    /// <summary>The PDF: the stored one is rewritten (validated documents) so the Documents tab keeps it; a draft's is only shown.</summary>
    [HttpGet("{id:long}/pdf")]
    [HasPermission(SalesPermissions.Orders.Read)]
    public async Task<IActionResult> Pdf(long id)
    {
        if (await queries.OrderAsync(id) is null)
        {
            return NotFound();
        }

        if (await pdfs.PdfAsync(SalesRecordTypes.Order, id, HttpContext.RequestAborted) is not { } f)
        {
            return NotFound();
        }

        await db.SaveGeneratedFileAsync(HttpContext.RequestAborted);
        return File(f.Pdf, "application/pdf", f.FileName);
    }

    private async Task<IActionResult> EditView(long? id, OrderForm form) =>
        View("~/Modules/Sales/Views/Shared/SalesEdit.cshtml", await queries.EditViewModelAsync("order", id, form, form.ThirdPartyId, null, HttpContext.RequestAborted));

    private async Task<IActionResult> LineAction(long id, LineForm line, Func<Task> action, string done, long? lineId = null)
    {
        var result = await lineValidator.ValidateAsync(line, HttpContext.RequestAborted);
        var errors = result.Errors.Select(e => e.ErrorMessage).Concat(ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage)).Distinct().ToList();
        if (errors.Count > 0)
        {
            this.Error(string.Join(" ", errors));
            return Redirect($"{ListUrl}/{id}{(lineId is { } l ? $"?editLine={l}" : "")}");
        }

        return await Act(id, action, done);
    }

    private Task<IActionResult> Act(long id, Func<Task> action, string done) => this.ActOnCardAsync($"{ListUrl}/{id}", action, done);

    private static DateOnly Today() => DateOnly.FromDateTime(DateTime.UtcNow);
}
