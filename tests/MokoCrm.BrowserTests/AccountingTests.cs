using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.BrowserTests;

/// <summary>A salary recorded and paid through the HR screens, then found in the general ledger and the trial balance.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class AccountingTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_admin_records_and_pays_a_salary_then_reads_the_general_ledger_and_the_trial_balance()
    {
        await browser.OnceAsync("accounting-bank", async () =>
        {
            await using var scope = browser.App.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Add(new BankAccount { Label = "Main account", AccountingAccount = "512" });
            await db.SaveChangesAsync();
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Login").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(MokoAppFactory.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.Locator("nav.moko-topbar a.nav-link", new() { HasText = "HR" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New salary" }).First.ClickAsync();
        await page.GetByLabel("Employee").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByLabel("Period from").FillAsync("2026-09-01");
        await page.GetByLabel("to", new() { Exact = true }).FillAsync("2026-09-30");
        await page.GetByLabel("Gross amount").FillAsync("4100");
        await page.GetByLabel("Net to pay").FillAsync("3198");
        await browser.ScreenshotAsync(page, "70-salary-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record salary" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(SalaryUrl());
        await Expect(page.GetByText("Salary recorded and posted in accounting.")).ToBeVisibleAsync();
        await page.GetByLabel("Payment date").FillAsync("2026-10-02");
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay salary" }).ClickAsync();
        await Expect(page.GetByText("Salary paid and posted in the bank journal.")).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "71-salary-paid");

        await page.GotoAsync("/Accounting/GeneralLedger?account=421&from=2026-09-01&to=2026-10-31");
        var ledger = page.GetByRole(AriaRole.Table, new() { Name = "General ledger" });
        await Expect(ledger.GetByText("3,198.00").First).ToBeVisibleAsync();
        await Expect(ledger.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^OD #\\d+$") }).First).ToBeVisibleAsync();
        await Expect(ledger.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^BQ #\\d+$") }).First).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "72-general-ledger-421");

        await page.GotoAsync("/Accounting/TrialBalance?from=2026-09-01&to=2026-10-31");
        await Expect(page.GetByText("Balanced")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "641" })).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "73-trial-balance");

        await page.GotoAsync("/Accounting/Verify?run=true");
        await Expect(page.GetByText("Intact").First).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "74-verify-ledger");
        await page.Context.CloseAsync();
    }

    [GeneratedRegex(@"/Hr/Salaries/\d+$")]
    private static partial Regex SalaryUrl();
}
