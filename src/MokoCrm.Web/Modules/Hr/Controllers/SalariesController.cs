using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Hr.Domain;
using MokoCrm.Web.Modules.Hr.Features;
using MokoCrm.Web.Modules.Hr.Queries;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Hr.Controllers;

/// <summary>/Hr/Salaries: salaries of employees, recorded and paid (each posted by accounting in the same transaction).</summary>
[Area("Hr")]
[Route("Hr/Salaries")]
public sealed class SalariesController(SalaryQueries queries, SalaryAdministration administration, IValidator<SalaryForm> validator,
    IValidator<SalaryPaymentForm> paymentValidator) : Controller
{
    [HttpGet("")]
    [HasPermission(HrPermissions.Salaries.Read)]
    public async Task<IActionResult> Index(ListRequest list, SalaryStatus? status, string? export)
    {
        var rows = queries.Salaries(status);
        return export is not null
            ? ListExport.Export(rows, SalaryQueries.List, list, export)
            : View(new SalaryListViewModel(await ListEngine.PageAsync(rows, SalaryQueries.List, list, HttpContext.RequestAborted), status?.ToString()));
    }

    [HttpGet("{id:long}")]
    [HasPermission(HrPermissions.Salaries.Read)]
    public async Task<IActionResult> Show(long id)
    {
        var card = await queries.CardAsync(id, HttpContext.RequestAborted);
        return card is null ? NotFound() : View(card);
    }

    [HttpGet("new")]
    [HasPermission(HrPermissions.Salaries.Write)]
    public Task<IActionResult> Create()
    {
        var today = DateOnly.FromDateTime(DateTime.Today);
        var start = new DateOnly(today.Year, today.Month, 1);
        return EditView(new SalaryForm { PeriodStart = start, PeriodEnd = start.AddMonths(1).AddDays(-1) });
    }

    [HttpPost("new")]
    [HasPermission(HrPermissions.Salaries.Write)]
    public async Task<IActionResult> Create(SalaryForm form)
    {
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                var id = await administration.RecordAsync(form, HttpContext.RequestAborted);
                this.Success("Salary recorded and posted in accounting.");
                return Redirect($"/Hr/Salaries/{id}");
            }
            catch (DomainException ex)
            {
                ModelState.AddDomainError(ex);
            }
        }

        return await EditView(form);
    }

    [HttpPost("{id:long}/pay")]
    [HasPermission(HrPermissions.Salaries.Pay)]
    public async Task<IActionResult> Pay(long id, SalaryPaymentForm form)
    {
        if (await paymentValidator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                await administration.PayAsync(id, form, HttpContext.RequestAborted);
                this.Success("Salary paid and posted in the bank journal.");
                return Redirect($"/Hr/Salaries/{id}");
            }
            catch (NotFoundException)
            {
                return NotFound();
            }
            catch (DomainException ex)
            {
                this.Error(ex.Message);
                return Redirect($"/Hr/Salaries/{id}");
            }
        }

        this.Error(string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage)));
        return Redirect($"/Hr/Salaries/{id}");
    }

    private async Task<IActionResult> EditView(SalaryForm form)
    {
        ViewData["Employees"] = await queries.EmployeesAsync(HttpContext.RequestAborted);
        return View("Edit", form);
    }
}
