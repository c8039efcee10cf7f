using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Accounting;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Modules.Accounting.Features;
using MokoCrm.Web.Modules.Hr;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Features;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.BrowserTests;

/// <summary>A salary recorded and paid through the HR screens, then found in the general ledger and the trial balance.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class AccountingTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_admin_records_and_pays_a_salary_then_reads_the_general_ledger_and_the_trial_balance()
    {
        await EnsureBankAsync();
        var page = await SignInAsync("admin", MokoAppFactory.AdminPassword);

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
        await Expect(ledger.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^BQ\\w* #\\d+$") }).First).ToBeVisibleAsync();
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

    [Fact]
    public async Task An_employee_submits_an_expense_report_and_another_person_approves_and_pays_it_then_the_books_show_it()
    {
        await EnsureBankAsync();
        await browser.OnceAsync("accounting-employee", async () =>
        {
            await using var scope = browser.App.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var id = await users.CreateUserAsync(new UserForm { UserName = "claire", FullName = "Claire Dubois", Password = "claire-pass-1" });
            await users.SetUserPermissionsAsync(id, [HrPermissions.ExpenseReports.Read, HrPermissions.ExpenseReports.Write, HrPermissions.ExpenseReports.Approve]);
        });

        var employee = await SignInAsync("claire", "claire-pass-1");
        await employee.GotoAsync("/Hr/ExpenseReports/new");
        await employee.GetByLabel("Amount excl. tax of line 1").FillAsync("100");
        await employee.GetByLabel("VAT rate of line 1").FillAsync("10");
        await employee.GetByLabel("VAT of line 1").FillAsync("10");
        await employee.GetByLabel("Label of line 1").FillAsync("Train Lyon-Paris");
        await employee.GetByLabel("Fee type of line 2").SelectOptionAsync("MEALS");
        await employee.GetByLabel("Amount excl. tax of line 2").FillAsync("50");
        await employee.GetByLabel("VAT of line 2").FillAsync("10");
        await browser.ScreenshotAsync(employee, "75-expense-report-form");
        await employee.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await employee.GetByRole(AriaRole.Button, new() { Name = "Submit for approval" }).ClickAsync();
        await Expect(employee.GetByText("Expense report submitted for approval.")).ToBeVisibleAsync();
        await employee.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(employee.GetByText("cannot be approved by its author")).ToBeVisibleAsync();
        await browser.ScreenshotAsync(employee, "76-expense-report-author-cannot-approve");
        var url = employee.Url;
        await employee.Context.CloseAsync();

        var manager = await SignInAsync("admin", MokoAppFactory.AdminPassword);
        await manager.GotoAsync(url);
        await manager.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(manager.GetByText("Expense report approved and posted in ER.")).ToBeVisibleAsync();
        await manager.GetByRole(AriaRole.Button, new() { Name = "Pay expense report" }).ClickAsync();
        await Expect(manager.GetByText("Expense report paid and posted in the bank journal.")).ToBeVisibleAsync();
        await browser.ScreenshotAsync(manager, "77-expense-report-paid");

        await manager.GotoAsync("/Accounting/Entries?journal=ER");
        await Expect(manager.GetByText("Claire Dubois").First).ToBeVisibleAsync();
        await manager.GetByText("Claire Dubois").First.ClickAsync();
        await Expect(manager.GetByRole(AriaRole.Cell, new() { Name = "44566" }).First).ToBeVisibleAsync();
        await browser.ScreenshotAsync(manager, "78-expense-report-entry");

        // The books after the payment (in the journal of the bank chosen, BQ or BQ2 ...): the general ledger of 421 shows both entries, the trial balance balances, the
        // VAT report has the deductible VAT per rate, and the bank account shows the payment, which is reconciled.
        await manager.GotoAsync("/Accounting");
        await browser.ScreenshotAsync(manager, "81-accounting-home");
        await manager.GetByRole(AriaRole.Link, new() { Name = "General ledger" }).First.ClickAsync();
        await manager.GetByLabel("Account", new() { Exact = true }).SelectOptionAsync("421");
        await manager.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        var ledger = manager.GetByRole(AriaRole.Table, new() { Name = "General ledger" });
        await Expect(ledger.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^ER #\\d+$") }).First).ToBeVisibleAsync();
        await Expect(ledger.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^BQ\\w* #\\d+$") }).First).ToBeVisibleAsync();
        await Expect(ledger.GetByText("Claire Dubois").First).ToBeVisibleAsync();
        await browser.ScreenshotAsync(manager, "82-general-ledger-421-expense-report");

        await manager.GotoAsync("/Accounting/TrialBalance");
        await Expect(manager.GetByText("Balanced")).ToBeVisibleAsync();
        await Expect(manager.GetByRole(AriaRole.Link, new() { Name = "44566" })).ToBeVisibleAsync();
        await browser.ScreenshotAsync(manager, "83-trial-balance");

        await manager.GotoAsync("/Accounting/Vat");
        await Expect(manager.GetByRole(AriaRole.Cell, new() { Name = "10 %" }).First).ToBeVisibleAsync();
        await Expect(manager.GetByTestId("vat-deductible")).Not.ToHaveTextAsync("0.00");
        await browser.ScreenshotAsync(manager, "84-vat-report");

        await manager.GotoAsync("/Accounting/BankAccounts");
        await browser.ScreenshotAsync(manager, "85-bank-accounts");
        await manager.GetByRole(AriaRole.Link, new() { Name = "Main account" }).First.ClickAsync();
        var lines = manager.GetByRole(AriaRole.Table, new() { Name = "Bank lines" });
        var payment = lines.GetByRole(AriaRole.Row).Filter(new() { HasText = "Claire Dubois" }).First;
        await Expect(payment.GetByRole(AriaRole.Cell, new() { Name = "170.00", Exact = true })).ToBeVisibleAsync();
        await payment.GetByRole(AriaRole.Checkbox).CheckAsync();
        await manager.GetByLabel("Bank statement reference").FillAsync("STMT-2026-11");
        await browser.ScreenshotAsync(manager, "86-bank-account-reconcile");
        await manager.GetByRole(AriaRole.Button, new() { Name = "Reconcile ticked lines" }).ClickAsync();
        await Expect(manager.GetByText("1 line(s) reconciled with statement STMT-2026-11.")).ToBeVisibleAsync();
        await Expect(lines.GetByRole(AriaRole.Row).Filter(new() { HasText = "Claire Dubois" }).First.GetByText("STMT-2026-11")).ToBeVisibleAsync();
        await browser.ScreenshotAsync(manager, "87-bank-account-reconciled");

        await manager.GotoAsync("/Accounting/Entries/new");
        await browser.ScreenshotAsync(manager, "79-manual-entry-form");
        await manager.GotoAsync("/Accounting/Settings");
        await browser.ScreenshotAsync(manager, "80-account-settings");
        await manager.Context.CloseAsync();
    }

    [Fact]
    public async Task The_admin_letters_an_invoice_line_with_its_payment_on_the_customer_subledger_and_unletters_it()
    {
        // An invoice and its payment posted for a customer of its own (unique code: the browser suite shares one
        // database), without payment shares, so nothing is lettered automatically.
        var code = "CU-LET-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await using (var scope = browser.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var engine = scope.ServiceProvider.GetRequiredService<PostingEngine>();
            await using var tx = await db.Database.BeginTransactionAsync();
            var defaults = await engine.DefaultsAsync();
            var date = new DateOnly(2026, 11, 10);
            var source = Random.Shared.NextInt64(1_000_000, long.MaxValue);
            await engine.PostAsync(PostingBuilders.CustomerInvoice(new InvoicePosting("browser.invoice", source, "INV-" + code, date, "Lettering Browser SA", code, null,
                [new InvoicePostingLine(true, null, 100m, 20m, 20m)]), defaults));
            await engine.PostAsync(PostingBuilders.CustomerPayment(new PaymentPosting("browser.payment", source, "PAY-" + code, date.AddDays(5), "Lettering Browser SA", code,
                "512", 120m), defaults));
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        }

        var page = await SignInAsync("admin", MokoAppFactory.AdminPassword);
        await page.GotoAsync($"/Accounting/Subledgers/customers/{code}?from=2026-11-01&to=2026-11-30");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = $"Letter INV-{code}" }).CheckAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = $"Letter PAY-{code}" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Letter ticked lines" }).ClickAsync();
        await Expect(page.GetByText("2 lines lettered AA.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Unletter AA" }).First).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "83-customer-subledger-lettered");

        await page.GetByRole(AriaRole.Button, new() { Name = "Unletter AA" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = $"Letter PAY-{code}" })).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "84-customer-subledger-unlettered");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_treasurer_moves_money_between_two_bank_accounts_then_cancels_the_mistaken_transfer_and_both_balances_follow()
    {
        // Two bank accounts of their own (the browser suite shares one database) and a treasurer who may read the
        // books and transfer, nothing else.
        await browser.OnceAsync("accounting-transfer", async () =>
        {
            await using var scope = browser.App.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Add(new Account("5127", "Bank Transfer savings", AccountType.Asset, "512"));
            db.Add(new Account("5128", "Bank Transfer current", AccountType.Asset, "512"));
            db.Add(new BankAccount { Label = "Transfer savings", AccountingAccount = "5127", JournalCode = "BQTS" });
            db.Add(new BankAccount { Label = "Transfer current", AccountingAccount = "5128", JournalCode = "BQTC" });
            await db.SaveChangesAsync();
            var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var id = await users.CreateUserAsync(new UserForm { UserName = "treasurer", FullName = "Tess Treasurer", Password = "treasurer-pass-1" });
            await users.SetUserPermissionsAsync(id, [AccountingPermissions.Ledger.Read, AccountingPermissions.Bank.Transfer]);
        });

        var page = await SignInAsync("treasurer", "treasurer-pass-1");
        await page.GotoAsync("/Accounting/BankAccounts");
        await page.GetByRole(AriaRole.Link, new() { Name = "Transfer between accounts" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Transfer between bank accounts" })).ToBeVisibleAsync();

        // Bad input is answered field by field and nothing is posted.
        await page.GetByRole(AriaRole.Button, new() { Name = "Transfer", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Choose the account the money leaves.")).ToBeVisibleAsync();
        await Expect(page.GetByText("Choose the account the money goes to.")).ToBeVisibleAsync();
        await Expect(page.GetByText("Enter the amount.")).ToBeVisibleAsync();
        var savings = await BankOptionAsync(page, "Transfer savings");
        var current = await BankOptionAsync(page, "Transfer current");
        await page.GetByLabel("From").SelectOptionAsync(savings);
        await page.GetByLabel("To", new() { Exact = true }).SelectOptionAsync(savings);
        await page.GetByLabel("Amount").FillAsync("-5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Transfer", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Choose two different bank accounts.")).ToBeVisibleAsync();
        await Expect(page.GetByText("The amount must be positive.")).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "88-bank-transfer-refused");

        await page.GetByLabel("To", new() { Exact = true }).SelectOptionAsync(current);
        await page.GetByLabel("Date").FillAsync("2026-11-12");
        await page.GetByLabel("Amount").FillAsync("250.40");
        await page.GetByLabel("Label").FillAsync("Top up the current account");
        await browser.ScreenshotAsync(page, "89-bank-transfer-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Transfer", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/Accounting/BankAccounts$"));
        await Expect(page.GetByText(new Regex(@"Transfer posted \(BQTC \d+\)\."))).ToBeVisibleAsync();
        var accounts = page.GetByRole(AriaRole.Table, new() { Name = "Bank accounts" });
        await Expect(accounts.GetByRole(AriaRole.Row).Filter(new() { HasText = "Transfer savings" }).GetByRole(AriaRole.Cell, new() { Name = "-250.40", Exact = true })).ToBeVisibleAsync();
        await Expect(accounts.GetByRole(AriaRole.Row).Filter(new() { HasText = "Transfer current" }).GetByRole(AriaRole.Cell, new() { Name = "250.40", Exact = true })).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "90-bank-transfer-balances");

        // Each account shows its own bank line of the transfer.
        await accounts.GetByRole(AriaRole.Link, new() { Name = "Transfer current" }).ClickAsync();
        var lines = page.GetByRole(AriaRole.Table, new() { Name = "Bank lines" });
        await Expect(lines.GetByRole(AriaRole.Row).Filter(new() { HasText = "Top up the current account" }).GetByRole(AriaRole.Cell, new() { Name = "250.40", Exact = true }).First).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "91-bank-transfer-line");

        // A mistaken transfer is cancelled from its entry: a mirror entry and a bank line back on each account.
        await lines.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^VIR-\\d+$") }).First.ClickAsync();
        await page.GetByLabel("Reason").FillAsync("Sent to the wrong account");
        await browser.ScreenshotAsync(page, "92-bank-transfer-entry");
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel transfer" }).ClickAsync();
        await Expect(page.GetByText("Transfer cancelled.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(@"^entry \d+$") }).ClickAsync();
        await Expect(page.GetByText("Sent to the wrong account")).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "93-bank-transfer-cancelled");
        await page.GotoAsync("/Accounting/BankAccounts");
        await Expect(accounts.GetByRole(AriaRole.Row).Filter(new() { HasText = "Transfer savings" }).GetByRole(AriaRole.Cell, new() { Name = "0.00", Exact = true }).First).ToBeVisibleAsync();
        await Expect(accounts.GetByRole(AriaRole.Row).Filter(new() { HasText = "Transfer current" }).GetByRole(AriaRole.Cell, new() { Name = "0.00", Exact = true }).First).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>The value of a bank account's option on the transfer form (its text also shows the ledger account and balance).</summary>
    private static async Task<string> BankOptionAsync(IPage page, string label) =>
        (await page.Locator("#FromBankAccountId option", new() { HasText = label }).GetAttributeAsync("value"))!;

    private Task EnsureBankAsync() => browser.OnceAsync("accounting-bank", async () =>
    {
        await using var scope = browser.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Add(new BankAccount { Label = "Main account", AccountingAccount = "512" });
        await db.SaveChangesAsync();
    });

    private async Task<IPage> SignInAsync(string userName, string password)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Login").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        return page;
    }

    [GeneratedRegex(@"/Hr/Salaries/\d+$")]
    private static partial Regex SalaryUrl();
}
