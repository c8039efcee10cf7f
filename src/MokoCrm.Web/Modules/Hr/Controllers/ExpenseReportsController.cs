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

/// <summary>/Hr/ExpenseReports: draft → submitted → approved (by someone else) → paid, or refused with a reason.</summary>
[Area("Hr")]
[Route("Hr/ExpenseReports")]
public sealed class ExpenseReportsController(ExpenseReportQueries queries, SalaryQueries people, ExpenseReportAdministration administration,
    IValidator<ExpenseReportForm> validator, IValidator<SalaryPaymentForm> paymentValidator, ICurrentUser currentUser) : Controller
{
    [HttpGet("")]
    [HasPermission(HrPermissions.ExpenseReports.Read)]
    public async Task<IActionResult> Index(ListRequest list, ExpenseReportStatus? status, string? export)
    {
        var rows = queries.Reports(status);
        return export is not null
            ? ListExport.Export(rows, ExpenseReportQueries.List, list, export)
            : View(new ExpenseReportListViewModel(await ListEngine.PageAsync(rows, ExpenseReportQueries.List, list, HttpContext.RequestAborted), status?.ToString()));
    }

    [HttpGet("{id:long}")]
    [HasPermission(HrPermissions.ExpenseReports.Read)]
    public async Task<IActionResult> Show(long id)
    {
        var card = await queries.CardAsync(id, HttpContext.RequestAborted);
        return card is null ? NotFound() : View(card);
    }

    [HttpGet("new")]
    [HasPermission(HrPermissions.ExpenseReports.Write)]
    public Task<IActionResult> Create()
    {
        var today = DateOnly.FromDateTime(DateTime.Today);
        var start = new DateOnly(today.Year, today.Month, 1);
        return EditView(new ExpenseReportForm
        {
            EmployeeUserId = currentUser.UserId, PeriodStart = start, PeriodEnd = start.AddMonths(1).AddDays(-1),
            Lines = [new() { Date = today, VatRate = 20 }, new() { Date = today, VatRate = 20 }, new() { Date = today, VatRate = 20 }],
        });
    }

    [HttpPost("new")]
    [HasPermission(HrPermissions.ExpenseReports.Write)]
    public async Task<IActionResult> Create(ExpenseReportForm form)
    {
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                var id = await administration.CreateAsync(form, HttpContext.RequestAborted);
                this.Success("Expense report saved as a draft.");
                return Redirect($"/Hr/ExpenseReports/{id}");
            }
            catch (DomainException ex)
            {
                ModelState.AddDomainError(ex);
            }
        }

        while (form.Lines.Count < 3)
        {
            form.Lines.Add(new ExpenseLineForm());
        }

        return await EditView(form);
    }

    [HttpPost("{id:long}/submit")]
    [HasPermission(HrPermissions.ExpenseReports.Write)]
    public Task<IActionResult> Submit(long id) => Act(id, () => administration.SubmitAsync(id, HttpContext.RequestAborted), "Expense report submitted for approval.");

    [HttpPost("{id:long}/approve")]
    [HasPermission(HrPermissions.ExpenseReports.Approve)]
    public Task<IActionResult> Approve(long id) => Act(id, () => administration.ApproveAsync(id, HttpContext.RequestAborted), "Expense report approved and posted in ER.");

    [HttpPost("{id:long}/refuse")]
    [HasPermission(HrPermissions.ExpenseReports.Approve)]
    public Task<IActionResult> Refuse(long id, string? reason) => Act(id, () => administration.RefuseAsync(id, reason ?? "", HttpContext.RequestAborted), "Expense report refused.");

    [HttpPost("{id:long}/pay")]
    [HasPermission(HrPermissions.ExpenseReports.Pay)]
    public async Task<IActionResult> Pay(long id, SalaryPaymentForm form)
    {
        if (!await paymentValidator.ValidateIntoAsync(form, ModelState))
        {
            this.Error(string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage)));
            return Redirect($"/Hr/ExpenseReports/{id}");
        }

        return await Act(id, () => administration.PayAsync(id, form, HttpContext.RequestAborted), "Expense report paid and posted in the bank journal.");
    }

    private async Task<IActionResult> Act(long id, Func<Task> action, string success)
    {
        try
        {
            await action();
            this.Success(success);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            this.Error(ex.Message);
        }

        return Redirect($"/Hr/ExpenseReports/{id}");
    }

    private async Task<IActionResult> EditView(ExpenseReportForm form)
    {
        ViewData["Employees"] = await people.EmployeesAsync(HttpContext.RequestAborted);
        return View("Edit", form);
    }
}
