using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Sales.Features;
using MokoCrm.Web.Modules.Sales.Queries;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Sales.Controllers;

/// <summary>/Sales/Payments: the list, the card, the payment form over a customer's open invoices, cancellation.</summary>
[Area("Sales")]
[Route("Sales/Payments")]
public sealed class PaymentsController(
    BillingQueries queries,
    SalesQueries sales,
    PaymentAdministration administration,
    IValidator<PaymentForm> validator,
    CurrentCrmVisibility visibility,
    CurrentUserPermissions rights) : Controller
{
    private const string ListUrl = "/Sales/Payments";

    [HttpGet("")]
    [HasPermission(SalesPermissions.Payments.Read)]
    public async Task<IActionResult> Index(ListRequest list, PaymentListFilter filter, string? export)
    {
        var rows = await queries.PaymentsAsync(filter);
        if (export is not null)
        {
            return await rights.HasAsync(SalesPermissions.Payments.Export) ? ListExport.Export(rows, BillingQueries.PaymentList, list, export) : Forbid();
        }

        var ct = HttpContext.RequestAborted;
        var searched = string.IsNullOrWhiteSpace(list.Search) ? rows : BillingQueries.PaymentList.Search!(rows, list.Search.Trim());
        var count = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(searched, ct);
        var total = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SumAsync(searched, r => r.Amount, ct);
        return View(new PaymentListViewModel(await ListEngine.PageAsync(rows, BillingQueries.PaymentList, list, ct), filter, count, total,
            await sales.ThirdPartyNameAsync(filter.ThirdParty, ct), await queries.RepChoicesAsync(ct)));
    }

    [HttpGet("{id:long}")]
    [HasPermission(SalesPermissions.Payments.Read)]
    public async Task<IActionResult> Show(long id) =>
        await queries.PaymentCardAsync(id, HttpContext.RequestAborted) is { } card ? View(card) : NotFound();

    [HttpGet("new")]
    [HasPermission(SalesPermissions.Payments.Write)]
    public async Task<IActionResult> Create(long? thirdParty, long? invoice)
    {
        if (thirdParty is { } party && !await visibility.CanSeeThirdPartyAsync(party))
        {
            return NotFound();
        }

        var vm = await queries.PaymentFormAsync(new PaymentForm { ThirdPartyId = thirdParty, Date = DateOnly.FromDateTime(DateTime.UtcNow) }, HttpContext.RequestAborted);
        if (invoice is { } chosen && vm.Open.FirstOrDefault(r => r.Id == chosen) is { } row)
        {
            vm.Form.Amount = row.Remaining;
            vm.Form.Shares[chosen] = row.Remaining;
        }

        vm.Form.BankAccountId ??= vm.Banks.FirstOrDefault()?.Id;
        return View("New", vm);
    }

    [HttpPost("new")]
    [HasPermission(SalesPermissions.Payments.Write)]
    public async Task<IActionResult> Create(PaymentForm form)
    {
        if (form.ThirdPartyId is { } party && !await visibility.CanSeeThirdPartyAsync(party))
        {
            return NotFound();
        }

        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                var id = await administration.RecordAsync(form, HttpContext.RequestAborted);
                this.Success("Payment recorded.");
                return Redirect($"{ListUrl}/{id}");
            }
            catch (DomainException ex) when (ex is not NotFoundException)
            {
                ModelState.AddDomainError(ex);
            }
        }

        return View("New", await queries.PaymentFormAsync(form, HttpContext.RequestAborted));
    }

    [HttpPost("{id:long}/cancel")]
    [HasPermission(SalesPermissions.Payments.Cancel)]
    public async Task<IActionResult> Cancel(long id)
    {
        try
        {
            var reversal = await administration.CancelAsync(id, HttpContext.RequestAborted);
            this.Success("Payment cancelled by a reversing payment.");
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
