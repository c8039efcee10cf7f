using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Setup;
using MokoCrm.Web.Platform.Setup.Domain;
using MokoCrm.Web.Platform.Setup.Features;
using MokoCrm.Web.Platform.Web;

namespace MokoCrm.Web.Modules.Accounting.Controllers;

public sealed record PeriodsViewModel(IReadOnlyList<FiscalYear> Years, IReadOnlyList<LockedPeriod> LockedPeriods, LockedPeriodForm Period);

/// <summary>
/// /Accounting/Periods: the accountants' screen over the fiscal calendar of Platform/Setup (docs/adr/0008): close
/// and reopen fiscal years, lock and unlock periods, with the accounting right instead of the setup right.
/// </summary>
[Area("Accounting")]
[Route("Accounting/Periods")]
public sealed class PeriodsController(SetupQueries queries, SetupAdministration setup, IValidator<LockedPeriodForm> validator) : Controller
{
    private const string PeriodsUrl = "/Accounting/Periods";

    [HttpGet("")]
    [HasPermission(AccountingPermissions.Periods.Close)]
    public async Task<IActionResult> Index() => View(await ModelAsync(new LockedPeriodForm()));

    [HttpPost("lock")]
    [HasPermission(AccountingPermissions.Periods.Close)]
    public async Task<IActionResult> Lock([Bind(Prefix = "Period")] LockedPeriodForm form)
    {
        var result = await validator.ValidateAsync(form);
        foreach (var error in result.Errors)
        {
            ModelState.AddModelError("Period." + error.PropertyName, error.ErrorMessage);
        }

        if (!ModelState.IsValid)
        {
            return View("Index", await ModelAsync(form));
        }

        await setup.LockPeriodAsync(form, HttpContext.RequestAborted);
        this.Success($"Period {form.FromDate:yyyy-MM-dd} – {form.ToDate:yyyy-MM-dd} locked: nothing can be posted into it any more.");
        return Redirect(PeriodsUrl);
    }

    [HttpPost("locked/{id:long}/unlock")]
    [HasPermission(AccountingPermissions.Periods.Close)]
    public async Task<IActionResult> Unlock(long id)
    {
        try
        {
            await setup.UnlockPeriodAsync(id, HttpContext.RequestAborted);
            this.Success("Period unlocked.");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return Redirect(PeriodsUrl);
    }

    [HttpPost("years/{id:long}/close")]
    [HasPermission(AccountingPermissions.Periods.Close)]
    public Task<IActionResult> Close(long id) => SetStatus(id, FiscalYearStatus.Closed, "Fiscal year closed.");

    [HttpPost("years/{id:long}/reopen")]
    [HasPermission(AccountingPermissions.Periods.Close)]
    public Task<IActionResult> Reopen(long id) => SetStatus(id, FiscalYearStatus.Open, "Fiscal year reopened.");

    private async Task<IActionResult> SetStatus(long id, FiscalYearStatus status, string message)
    {
        try
        {
            await setup.SetFiscalYearStatusAsync(id, status, HttpContext.RequestAborted);
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

        return Redirect(PeriodsUrl);
    }

    private async Task<PeriodsViewModel> ModelAsync(LockedPeriodForm form) => new(await queries.FiscalYearsAsync(), await queries.LockedPeriodsAsync(), form);
}
