using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Purchasing.Documents;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Modules.Purchasing.Features;
using MokoCrm.Web.Modules.Purchasing.Public;
using MokoCrm.Web.Modules.Purchasing.Queries;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Documents;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Purchasing.Controllers;

/// <summary>/Purchasing/Orders: the list, the card with its lines, the draft form, validation, approval, sending, cancellation, the PDF.</summary>
[Area("Purchasing")]
[Route("Purchasing/Orders")]
public sealed class OrdersController(
    PurchasingQueries queries,
    PurchaseOrderAdministration administration,
    RecordPdfs pdfs,
    AppDbContext db,
    IValidator<PurchaseOrderForm> validator,
    IValidator<LineForm> lineValidator,
    IProductLookup products,
    ISupplierPriceLookup supplierPrices,
    CurrentUserPermissions rights) : Controller
{
    private const string ListUrl = "/Purchasing/Orders";

    [HttpGet("")]
    [HasPermission(PurchasingPermissions.Orders.Read)]
    public async Task<IActionResult> Index(ListRequest list, PurchaseListFilter filter, string? export)
    {
        var rows = await queries.OrdersAsync(filter);
        if (export is not null)
        {
            return await rights.HasAsync(PurchasingPermissions.Orders.Export) ? ListExport.Export(rows, PurchasingQueries.OrderList, list, export) : Forbid();
        }

        var searched = string.IsNullOrWhiteSpace(list.Search) ? rows : PurchasingQueries.OrderList.Search!(rows, list.Search.Trim());
        return View("~/Modules/Purchasing/Views/Shared/PurchaseList.cshtml", new PurchaseListViewModel("orders",
            await ListEngine.PageAsync(rows, PurchasingQueries.OrderList, list, HttpContext.RequestAborted), filter,
            await PurchasingQueries.TotalsAsync(searched, HttpContext.RequestAborted), PurchasingQueries.OrderStatuses,
            await queries.SupplierNameAsync(filter.Supplier, HttpContext.RequestAborted)));
    }

    /// <summary>What the line form fills in when a product is picked: its label, the supplier's price (smallest quantity break) and the VAT rate.</summary>
    [HttpGet("{id:long}/product-defaults/{productId:long}")]
    [HasPermission(PurchasingPermissions.Orders.Write)]
    public async Task<IActionResult> ProductDefaults(long id, long productId)
    {
        if (await queries.OrderAsync(id) is not { } order || await products.FindAsync(productId, HttpContext.RequestAborted) is not { } p)
        {
            return NotFound();
        }

        var price = (await supplierPrices.OfProductAsync(productId, order.SupplierId, HttpContext.RequestAborted)).FirstOrDefault();
        return Json(new { label = p.Label, price = price?.UnitPrice, vat = p.VatRate, supplierReference = price?.SupplierReference, minQuantity = price?.MinimumQuantity });
    }

    [HttpGet("{id:long}")]
    [HasPermission(PurchasingPermissions.Orders.Read)]
    public async Task<IActionResult> Show(long id, long? editLine) =>
        await queries.OrderCardAsync(id, editLine, HttpContext.RequestAborted) is { } card ? View(card) : NotFound();

    [HttpGet("new")]
    [HasPermission(PurchasingPermissions.Orders.Write)]
    public Task<IActionResult> Create(long? supplier) => EditView(null, new PurchaseOrderForm { SupplierId = supplier, Date = Today() });

    [HttpPost("new")]
    [HasPermission(PurchasingPermissions.Orders.Write)]
    public async Task<IActionResult> Create(PurchaseOrderForm form)
    {
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                var id = await administration.CreateAsync(form, HttpContext.RequestAborted);
                this.Success("Draft purchase order created: add its lines.");
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
    [HasPermission(PurchasingPermissions.Orders.Write)]
    public async Task<IActionResult> Edit(long id) =>
        await queries.OrderFormAsync(id, HttpContext.RequestAborted) is { } form ? await EditView(id, form) : NotFound();

    [HttpPost("{id:long}/edit")]
    [HasPermission(PurchasingPermissions.Orders.Write)]
    public async Task<IActionResult> Edit(long id, PurchaseOrderForm form)
    {
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                await administration.UpdateAsync(id, form, HttpContext.RequestAborted);
                this.Success("Purchase order saved.");
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
    [HasPermission(PurchasingPermissions.Orders.Write)]
    public Task<IActionResult> AddLine(long id, LineForm line) =>
        LineAction(id, line, () => administration.AddLineAsync(id, line, HttpContext.RequestAborted), "Line added.");

    [HttpPost("{id:long}/lines/{lineId:long}")]
    [HasPermission(PurchasingPermissions.Orders.Write)]
    public Task<IActionResult> ChangeLine(long id, long lineId, LineForm line) =>
        LineAction(id, line, () => administration.ChangeLineAsync(id, lineId, line, HttpContext.RequestAborted), "Line saved.", lineId);

    [HttpPost("{id:long}/lines/{lineId:long}/delete")]
    [HasPermission(PurchasingPermissions.Orders.Write)]
    public Task<IActionResult> DeleteLine(long id, long lineId) =>
        Act(id, () => administration.RemoveLineAsync(id, lineId, HttpContext.RequestAborted), "Line deleted.");

    [HttpPost("{id:long}/lines/{lineId:long}/move")]
    [HasPermission(PurchasingPermissions.Orders.Write)]
    public Task<IActionResult> MoveLine(long id, long lineId, int delta) =>
        Act(id, () => administration.MoveLineAsync(id, lineId, delta, HttpContext.RequestAborted), "Line moved.");

    [HttpPost("{id:long}/validate")]
    [HasPermission(PurchasingPermissions.Orders.Validate)]
    public async Task<IActionResult> Validate(long id)
    {
        string? number = null;
        var result = await Act(id, async () => number = await administration.ValidateAsync(id, HttpContext.RequestAborted), "");
        if (number is not null)
        {
            this.Success($"Purchase order validated as {number}: it now waits for approval.");
        }

        return result;
    }

    [HttpPost("{id:long}/approve")]
    [HasPermission(PurchasingPermissions.Orders.Approve)]
    public async Task<IActionResult> Approve(long id)
    {
        bool? approved = null;
        var result = await Act(id, async () => approved = await administration.ApproveAsync(id, HttpContext.RequestAborted), "");
        if (approved is { } done)
        {
            this.Success(done ? "Purchase order approved: it can be sent to the supplier." : "First approval recorded: the order's amount needs a second approver.");
        }

        return result;
    }

    [HttpPost("{id:long}/refuse")]
    [HasPermission(PurchasingPermissions.Orders.Approve)]
    public Task<IActionResult> Refuse(long id, string? reason) =>
        Act(id, () => administration.RefuseAsync(id, reason, HttpContext.RequestAborted), "Purchase order refused.");

    [HttpPost("{id:long}/send")]
    [HasPermission(PurchasingPermissions.Orders.Send)]
    public Task<IActionResult> Send(long id, SendOrderForm form) =>
        Act(id, () => administration.SendAsync(id, form, HttpContext.RequestAborted), "Purchase order marked as sent to the supplier.");

    [HttpPost("{id:long}/cancel")]
    [HasPermission(PurchasingPermissions.Orders.Close)]
    public Task<IActionResult> Cancel(long id) => Act(id, () => administration.CancelAsync(id, HttpContext.RequestAborted), "Purchase order cancelled.");

    [HttpPost("{id:long}/delete")]
    [HasPermission(PurchasingPermissions.Orders.Delete)]
    public async Task<IActionResult> Delete(long id)
    {
        try
        {
            await administration.DeleteAsync(id, HttpContext.RequestAborted);
            this.Success("Draft purchase order deleted.");
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

    /// <summary>The PDF to send to the supplier: the stored one is rewritten (validated orders) so the Documents tab keeps it; a draft's is only shown.</summary>
    [HttpGet("{id:long}/pdf")]
    [HasPermission(PurchasingPermissions.Orders.Read)]
    public async Task<IActionResult> Pdf(long id)
    {
        if (await queries.OrderAsync(id) is null)
        {
            return NotFound();
        }

        if (await pdfs.PdfAsync(PurchasingRecordTypes.Order, id, HttpContext.RequestAborted) is not { } f)
        {
            return NotFound();
        }

        await db.SaveGeneratedFileAsync(HttpContext.RequestAborted);
        return File(f.Pdf, "application/pdf", f.FileName);
    }

    private async Task<IActionResult> EditView(long? id, PurchaseOrderForm form) =>
        View("Edit", await queries.EditViewModelAsync(id, form, HttpContext.RequestAborted));

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
