using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Purchasing.Features;
using MokoCrm.Web.Modules.Purchasing.Queries;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Purchasing.Controllers;

/// <summary>/Purchasing/Invoices: supplier invoices and credit notes: the list, the form from orders and receptions, the card, validation.</summary>
[Area("Purchasing")]
[Route("Purchasing/Invoices")]
public sealed class InvoicesController(
    SupplierInvoiceQueries queries,
    SupplierInvoiceAdministration administration,
    IValidator<SupplierInvoiceForm> validator,
    IValidator<LineForm> lineValidator,
    Products.Public.IProductLookup products,
    Products.Public.ISupplierPriceLookup supplierPrices,
    CurrentUserPermissions rights) : Controller
{
    private const string ListUrl = "/Purchasing/Invoices";

    [HttpGet("")]
    [HasPermission(PurchasingPermissions.Invoices.Read)]
    public async Task<IActionResult> Index(ListRequest list, PurchaseListFilter filter, string? export)
    {
        var rows = await queries.InvoicesAsync(filter);
        if (export is not null)
        {
            return await rights.HasAsync(PurchasingPermissions.Invoices.Export) ? ListExport.Export(rows, SupplierInvoiceQueries.InvoiceList, list, export) : Forbid();
        }

        var searched = string.IsNullOrWhiteSpace(list.Search) ? rows : SupplierInvoiceQueries.InvoiceList.Search!(rows, list.Search.Trim());
        return View("~/Modules/Purchasing/Views/Shared/PurchaseList.cshtml", new PurchaseListViewModel("invoices",
            await ListEngine.PageAsync(rows, SupplierInvoiceQueries.InvoiceList, list, HttpContext.RequestAborted), filter,
            await PurchasingQueries.TotalsAsync(searched, HttpContext.RequestAborted), SupplierInvoiceQueries.InvoiceStatuses,
            null));
    }

    /// <summary>The form: the supplier first, then its orders and receptions left to bill (an order or reception given ticked).</summary>
    [HttpGet("new")]
    [HasPermission(PurchasingPermissions.Invoices.Write)]
    public async Task<IActionResult> Create(long? supplier, long? order, long? reception) =>
        View(await queries.InvoiceFormAsync(new SupplierInvoiceForm
        {
            SupplierId = supplier, Date = DateOnly.FromDateTime(DateTime.UtcNow),
            OrderIds = order is { } o ? [o] : [], ReceptionIds = reception is { } r ? [r] : [],
        }, HttpContext.RequestAborted));

    [HttpPost("new")]
    [HasPermission(PurchasingPermissions.Invoices.Write)]
    public async Task<IActionResult> Create(SupplierInvoiceForm form)
    {
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                var id = await administration.CreateAsync(form, HttpContext.RequestAborted);
                this.Success("Draft supplier invoice created: check its lines against the supplier's invoice, then validate it.");
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

        return View(await queries.InvoiceFormAsync(form, HttpContext.RequestAborted));
    }

    /// <summary>What the line form fills in when a product is picked: its label, the supplier's price and the VAT rate.</summary>
    [HttpGet("{id:long}/product-defaults/{productId:long}")]
    [HasPermission(PurchasingPermissions.Invoices.Write)]
    public async Task<IActionResult> ProductDefaults(long id, long productId)
    {
        if (await queries.InvoiceAsync(id) is not { } invoice || await products.FindAsync(productId, HttpContext.RequestAborted) is not { } p)
        {
            return NotFound();
        }

        var price = (await supplierPrices.OfProductAsync(productId, invoice.SupplierId, HttpContext.RequestAborted)).FirstOrDefault();
        return Json(new { label = p.Label, price = price?.UnitPrice, vat = p.VatRate });
    }

    [HttpGet("{id:long}")]
    [HasPermission(PurchasingPermissions.Invoices.Read)]
    public async Task<IActionResult> Show(long id, long? editLine) =>
        await queries.InvoiceCardAsync(id, editLine, HttpContext.RequestAborted) is { } card ? View(card) : NotFound();

    [HttpPost("{id:long}/lines")]
    [HasPermission(PurchasingPermissions.Invoices.Write)]
    public Task<IActionResult> AddLine(long id, LineForm line) =>
        LineAction(id, line, () => administration.AddLineAsync(id, line, HttpContext.RequestAborted), "Line added.");

    [HttpPost("{id:long}/lines/{lineId:long}")]
    [HasPermission(PurchasingPermissions.Invoices.Write)]
    public Task<IActionResult> ChangeLine(long id, long lineId, LineForm line) =>
        LineAction(id, line, () => administration.ChangeLineAsync(id, lineId, line, HttpContext.RequestAborted), "Line saved.", lineId);

    [HttpPost("{id:long}/lines/{lineId:long}/delete")]
    [HasPermission(PurchasingPermissions.Invoices.Write)]
    public Task<IActionResult> DeleteLine(long id, long lineId) =>
        Act(id, () => administration.RemoveLineAsync(id, lineId, HttpContext.RequestAborted), "Line deleted.");

    [HttpPost("{id:long}/lines/{lineId:long}/move")]
    [HasPermission(PurchasingPermissions.Invoices.Write)]
    public Task<IActionResult> MoveLine(long id, long lineId, int delta) =>
        Act(id, () => administration.MoveLineAsync(id, lineId, delta, HttpContext.RequestAborted), "Line moved.");

    [HttpPost("{id:long}/validate")]
    [HasPermission(PurchasingPermissions.Invoices.Validate)]
    public async Task<IActionResult> Validate(long id)
    {
        SupplierInvoiceValidation? done = null;
        var result = await Act(id, async () => done = await administration.ValidateAsync(id, HttpContext.RequestAborted), "");
        if (done is not null)
        {
            this.Success($"Supplier invoice validated as {done.Number} and posted to the purchases journal.");
            if (done.Warnings.Count > 0)
            {
                this.Warning("Billed beyond what was received: " + string.Join(" ", done.Warnings));
            }
        }

        return result;
    }

    /// <summary>"Classify abandoned": the confirmation page (reason from the list, note) of an unpaid invoice with nothing paid.</summary>
    [HttpGet("{id:long}/abandon")]
    [HasPermission(PurchasingPermissions.Invoices.Close)]
    public async Task<IActionResult> Abandon(long id)
    {
        if (await queries.InvoiceCardAsync(id, null, HttpContext.RequestAborted) is not { } card)
        {
            return NotFound();
        }

        var invoice = card.Invoice;
        if (invoice.Kind != Domain.SupplierInvoiceKind.Invoice || invoice.Status != Domain.SupplierInvoiceStatus.Validated || invoice.AmountSettled != 0m)
        {
            this.Error($"Only an unpaid supplier invoice with nothing paid on it can be abandoned; {invoice.Reference} is not one.");
            return Redirect($"{ListUrl}/{id}");
        }

        return View(card);
    }

    [HttpPost("{id:long}/abandon")]
    [HasPermission(PurchasingPermissions.Invoices.Close)]
    public Task<IActionResult> Abandon(long id, SupplierInvoiceAbandonForm form) =>
        Act(id, () => administration.AbandonAsync(id, form, HttpContext.RequestAborted), "Supplier invoice abandoned; its purchases journal entry is reversed.");

    /// <summary>Uses a validated credit note of the supplier on this unpaid invoice, up to what is left to pay.</summary>
    [HttpPost("{id:long}/use-credit")]
    [HasPermission(PurchasingPermissions.Payments.Write)]
    public async Task<IActionResult> UseCredit(long id, long creditNoteId)
    {
        decimal? used = null;
        var result = await Act(id, async () => used = await administration.UseCreditAsync(id, creditNoteId, HttpContext.RequestAborted), "");
        if (used is { } amount)
        {
            this.Success($"Credit of {amount:N2} used on the supplier invoice.");
        }

        return result;
    }

    [HttpPost("{id:long}/credit-note")]
    [HasPermission(PurchasingPermissions.Invoices.Write)]
    public async Task<IActionResult> CreditNote(long id, string? supplierCreditNoteNumber)
    {
        try
        {
            var credit = await administration.CreateCreditNoteAsync(id, supplierCreditNoteNumber, HttpContext.RequestAborted);
            this.Success("Draft credit note created from the invoice: adjust its lines, then validate it.");
            return Redirect($"{ListUrl}/{credit}");
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

    [HttpPost("{id:long}/delete")]
    [HasPermission(PurchasingPermissions.Invoices.Write)]
    public async Task<IActionResult> Delete(long id)
    {
        try
        {
            await administration.DeleteAsync(id, HttpContext.RequestAborted);
            this.Success("Draft supplier invoice deleted.");
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
}
