using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Modules.Hr;
using MokoCrm.Web.Modules.Hr.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Features;

namespace MokoCrm.IntegrationTests.Modules.Accounting;

public sealed class ExpenseReportTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    private const string Form = "/Hr/ExpenseReports/new";

    private async Task<(long Id, SignedInClient Employee)> DraftAsync(string userName)
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var id = await users.CreateUserAsync(new UserForm { UserName = userName, FullName = "Claire " + userName, Password = userName + "-pass-1" });
            await users.SetUserPermissionsAsync(id, [HrPermissions.ExpenseReports.Read, HrPermissions.ExpenseReports.Write, HrPermissions.ExpenseReports.Approve]);
        }

        var employee = await SignedInClient.AsAsync(app, userName, userName + "-pass-1");
        var me = await app.WithDbAsync(db => db.Set<MokoCrm.Web.Platform.Security.Domain.AppUser>().Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());
        var response = await employee.PostFormAsync(Form, Form, new()
        {
            ["EmployeeUserId"] = me.ToString(System.Globalization.CultureInfo.InvariantCulture), ["PeriodStart"] = "2026-11-01", ["PeriodEnd"] = "2026-11-30",
            ["Lines[0].Date"] = "2026-11-05", ["Lines[0].FeeType"] = "TRAVEL", ["Lines[0].Label"] = "Train Lyon-Paris", ["Lines[0].AmountExclTax"] = "100", ["Lines[0].VatRate"] = "10", ["Lines[0].VatAmount"] = "10",
            ["Lines[1].Date"] = "2026-11-06", ["Lines[1].FeeType"] = "MEALS", ["Lines[1].AmountExclTax"] = "50", ["Lines[1].VatRate"] = "20", ["Lines[1].VatAmount"] = "10",
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return (long.Parse(response.Headers.Location!.ToString().Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture), employee);
    }

    private Task<ExpenseReport> ReportAsync(long id) => app.WithDbAsync(db => db.Set<ExpenseReport>().AsNoTracking().Include(e => e.Lines).SingleAsync(e => e.Id == id));

    [Fact]
    public async Task A_report_is_submitted_with_a_number_approved_by_someone_else_posted_in_ER_and_paid_in_BQ()
    {
        var (id, employee) = await DraftAsync("claire1");
        using (employee)
        {
            await employee.PostFormAsync($"/Hr/ExpenseReports/{id}", $"/Hr/ExpenseReports/{id}/submit", []);
            var submitted = await ReportAsync(id);
            submitted.Status.ShouldBe(ExpenseReportStatus.Submitted);
            submitted.Reference.ShouldNotBeNull().ShouldMatch(@"^ER\d{4}-\d{4}$");

            // The author has the approval right but may not approve their own report.
            await employee.PostFormAsync($"/Hr/ExpenseReports/{id}", $"/Hr/ExpenseReports/{id}/approve", []);
            (await employee.Http.GetStringAsync($"/Hr/ExpenseReports/{id}")).ShouldContain("cannot be approved by its author");
            (await ReportAsync(id)).Status.ShouldBe(ExpenseReportStatus.Submitted);
            (await app.EntriesOfAsync("hr.expense-report", id)).ShouldBeEmpty();
        }

        using var admin = await SignedInClient.AdminAsync(app);
        await admin.PostFormAsync($"/Hr/ExpenseReports/{id}", $"/Hr/ExpenseReports/{id}/approve", []);
        (await ReportAsync(id)).Status.ShouldBe(ExpenseReportStatus.Approved);
        var posted = (await app.EntriesOfAsync("hr.expense-report", id)).ShouldHaveSingleItem();
        posted.JournalCode.ShouldBe("ER");
        posted.Shape().ShouldBe([("625", 150m, 0m, null), ("44566", 10m, 0m, null), ("44566", 10m, 0m, null), ("421", 0m, 170m, "claire1")]);

        var bank = await app.BankIdAsync();
        await admin.PostFormAsync($"/Hr/ExpenseReports/{id}", $"/Hr/ExpenseReports/{id}/pay", new() { ["Date"] = "2026-11-28", ["BankAccountId"] = bank.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        (await ReportAsync(id)).Status.ShouldBe(ExpenseReportStatus.Paid);
        (await app.EntriesOfAsync("hr.expense-report-payment", id)).ShouldHaveSingleItem().Shape().ShouldBe([("421", 170m, 0m, "claire1"), ("512", 0m, 170m, null)]);
    }

    [Fact]
    public async Task A_refusal_needs_a_reason_and_posts_nothing()
    {
        var (id, employee) = await DraftAsync("claire2");
        using (employee)
        {
            await employee.PostFormAsync($"/Hr/ExpenseReports/{id}", $"/Hr/ExpenseReports/{id}/submit", []);
        }

        using var admin = await SignedInClient.AdminAsync(app);
        await admin.PostFormAsync($"/Hr/ExpenseReports/{id}", $"/Hr/ExpenseReports/{id}/refuse", new() { ["reason"] = "" });
        (await admin.Http.GetStringAsync($"/Hr/ExpenseReports/{id}")).ShouldContain("Say why the expense report is refused.");
        await admin.PostFormAsync($"/Hr/ExpenseReports/{id}", $"/Hr/ExpenseReports/{id}/refuse", new() { ["reason"] = "No receipts attached" });

        var report = await ReportAsync(id);
        (report.Status, report.RefusalReason).ShouldBe((ExpenseReportStatus.Refused, "No receipts attached"));
        (await app.EntriesOfAsync("hr.expense-report", id)).ShouldBeEmpty();
    }
}
