using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Purchasing.Features;
using MokoCrm.Web.Modules.Purchasing.Queries;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Purchasing.Controllers;

/// <summary>/Purchasing/Payments: supplier payments over open invoices, their cards and their cancellation by a reversing payment.</summary>
[Area("Purchasing")]
[Route("Purchasing/Payments")]
public sealed class PaymentsController(
    SupplierInvoiceQueries queries,
    SupplierPaymentAdministration administration,
    IValidator<SupplierPaymentForm> validator) : Controller
{
    private const string ListUrl = "/Purchasing/Payments";

    [HttpGet("")]
    [HasPermission(PurchasingPermissions.Payments.Read)]
    public async Task<IActionResult> Index(ListRequest list, PurchaseListFilter filter, string? export)
    {
        var rows = await queries.PaymentsAsync(filter);
        if (export is not null)
        {
            return ListExport.Export(rows, SupplierInvoiceQueries.PaymentList, list, export);
        }

        var searched = string.IsNullOrWhiteSpace(list.Search) ? rows : SupplierInvoiceQueries.PaymentList.Search!(rows, list.Search.Trim());
        return View("~/Modules/Purchasing/Views/Shared/PurchaseList.cshtml", new PurchaseListViewModel("payments",
            await ListEngine.PageAsync(rows, SupplierInvoiceQueries.PaymentList, list, HttpContext.RequestAborted), filter,
            await PurchasingQueries.TotalsAsync(searched, HttpContext.RequestAborted), [], null));
    }

    /// <summary>The form over the supplier's open invoices (the invoice given proposed for its remaining amount).</summary>
    [HttpGet("new")]
    [HasPermission(PurchasingPermissions.Payments.Write)]
    public async Task<IActionResult> Create(long? supplier, long? invoice)
    {
        var form = new SupplierPaymentForm { SupplierId = supplier, Date = DateOnly.FromDateTime(DateTime.UtcNow) };
        if (invoice is { } i && await queries.InvoiceAsync(i) is { } inv)
        {
            form.SupplierId = inv.SupplierId;
            form.PaymentMethodId = inv.PaymentMethodId;
            form.Shares = [new SupplierPaymentShareForm { InvoiceId = inv.Id, Amount = inv.Remaining }];
        }

        var view = await queries.PaymentFormAsync(form, HttpContext.RequestAborted);
        form.BankAccountId ??= view.BankAccounts.FirstOrDefault()?.Id;
        return View(view);
    }

    [HttpPost("new")]
    [HasPermission(PurchasingPermissions.Payments.Write)]
    public async Task<IActionResult> Create(SupplierPaymentForm form)
    {
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                var id = await administration.PayAsync(form, HttpContext.RequestAborted);
                this.Success("Supplier payment recorded and posted to the bank journal.");
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

        return View(await queries.PaymentFormAsync(form, HttpContext.RequestAborted));
    }

    [HttpGet("{id:long}")]
    [HasPermission(PurchasingPermissions.Payments.Read)]
    public async Task<IActionResult> Show(long id) =>
        await queries.PaymentCardAsync(id, HttpContext.RequestAborted) is { } card ? View(card) : NotFound();

    [HttpPost("{id:long}/cancel")]
    [HasPermission(PurchasingPermissions.Payments.Write)]
    public async Task<IActionResult> Cancel(long id)
    {
        try
        {
            var reversal = await administration.CancelAsync(id, HttpContext.RequestAborted);
            this.Success("Payment cancelled by a reversing payment: its invoices are unpaid again.");
            return Redirect($"{ListUrl}/{reversal}");
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
}
