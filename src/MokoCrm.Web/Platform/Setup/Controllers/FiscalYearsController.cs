using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Setup.Domain;
using MokoCrm.Web.Platform.Setup.Features;
using MokoCrm.Web.Platform.Web;

namespace MokoCrm.Web.Platform.Setup.Controllers;

/// <summary>/Setup/FiscalYears: fiscal years (open, closed) and locked periods nothing may be dated in.</summary>
[Area("Setup")]
[Route("Setup/FiscalYears")]
public sealed class FiscalYearsController(SetupQueries queries, SetupAdministration setup, IValidator<FiscalYearForm> yearValidator,
    IValidator<LockedPeriodForm> periodValidator) : Controller
{
    [HttpGet("")]
    [HasPermission(PlatformPermissions.SetupRead)]
    public async Task<IActionResult> Index() => View(await ModelAsync(new FiscalYearForm(), new LockedPeriodForm()));

    [HttpPost("new")]
    [HasPermission(PlatformPermissions.SetupWrite)]
    public async Task<IActionResult> Create([Bind(Prefix = "Year")] FiscalYearForm form)
    {
        var result = await yearValidator.ValidateAsync(form);
        foreach (var error in result.Errors)
        {
            ModelState.AddModelError("Year." + error.PropertyName, error.ErrorMessage);
        }

        if (ModelState.IsValid)
        {
            try
            {
                await setup.AddFiscalYearAsync(form, HttpContext.RequestAborted);
                this.Success($"Fiscal year {form.Label} added.");
                return Redirect("/Setup/FiscalYears");
            }
            catch (DomainException ex)
            {
                ModelState.AddModelError("Year", ex.Message);
            }
        }

        return View("Index", await ModelAsync(form, new LockedPeriodForm()));
    }

    [HttpPost("{id:long}/close")]
    [HasPermission(PlatformPermissions.SetupWrite)]
    public Task<IActionResult> Close(long id) => SetStatus(id, FiscalYearStatus.Closed, "Fiscal year closed: nothing can be dated in it any more.");

    [HttpPost("{id:long}/reopen")]
    [HasPermission(PlatformPermissions.SetupWrite)]
    public Task<IActionResult> Reopen(long id) => SetStatus(id, FiscalYearStatus.Open, "Fiscal year reopened.");

    [HttpPost("locked-periods/new")]
    [HasPermission(PlatformPermissions.SetupWrite)]
    public async Task<IActionResult> Lock([Bind(Prefix = "Period")] LockedPeriodForm form)
    {
        var result = await periodValidator.ValidateAsync(form);
        foreach (var error in result.Errors)
        {
            ModelState.AddModelError("Period." + error.PropertyName, error.ErrorMessage);
        }

        if (ModelState.IsValid)
        {
            await setup.LockPeriodAsync(form, HttpContext.RequestAborted);
            this.Success($"Period {form.FromDate:yyyy-MM-dd} – {form.ToDate:yyyy-MM-dd} locked.");
            return Redirect("/Setup/FiscalYears");
        }

        return View("Index", await ModelAsync(new FiscalYearForm(), form));
    }

    [HttpPost("locked-periods/{id:long}/unlock")]
    [HasPermission(PlatformPermissions.SetupWrite)]
    public async Task<IActionResult> Unlock(long id)
    {
        try
        {
            await setup.UnlockPeriodAsync(id, HttpContext.RequestAborted);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        this.Success("Period unlocked.");
        return Redirect("/Setup/FiscalYears");
    }

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

        return Redirect("/Setup/FiscalYears");
    }

    private async Task<FiscalYearsViewModel> ModelAsync(FiscalYearForm year, LockedPeriodForm period) =>
        new(await queries.FiscalYearsAsync(), await queries.LockedPeriodsAsync(), year, period, (await queries.CompanyAsync()).FiscalYearStartMonth);
}

public sealed record FiscalYearsViewModel(IReadOnlyList<FiscalYear> Years, IReadOnlyList<LockedPeriod> LockedPeriods, FiscalYearForm Year, LockedPeriodForm Period, int StartMonth);
