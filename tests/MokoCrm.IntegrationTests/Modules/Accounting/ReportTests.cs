using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Accounting;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Modules.Accounting.Features;
using MokoCrm.Web.Modules.Accounting.Queries;
using MokoCrm.Web.Modules.Hr;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Features;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.IntegrationTests.Modules.Accounting;

/// <summary>
/// A mixed scenario posted through the engine as the sales and purchasing handlers do (invoices at two VAT rates with
/// due dates, a payment, a supplier invoice and a part payment, an invoice of the previous year), then every report's
/// figures, the FEC file and the rights.
/// </summary>
public sealed class ReportTests(ReportTests.Scenario scenario) : IClassFixture<ReportTests.Scenario>
{
    private MokoAppFactory App => scenario.App;

    public sealed class Scenario : IAsyncLifetime
    {
        public MokoAppFactory App { get; } = new();

        public long BankId { get; private set; }

        public async Task InitializeAsync()
        {
            await App.InitializeAsync();
            BankId = await App.WithDbAsync(async db =>
            {
                db.Add(new Account("5123", "Bank reports", AccountType.Asset, "512"));
                var bank = new BankAccount { Label = "Reports bank", AccountingAccount = "5123" };
                db.Add(bank);
                await db.SaveChangesAsync();
                return bank.Id;
            });

            static InvoicePostingLine Line(decimal amount, decimal rate) => new(IsService: true, ProductAccount: null, amount, rate, decimal.Round(amount * rate / 100m, 2));
            await App.PostAsync(d => PostingBuilders.CustomerInvoice(new InvoicePosting("test.invoice", 1, "IN2501-0001", new(2025, 1, 10), "Acme", "CU-A", null,
                [Line(1000m, 20m), Line(100m, 5.5m)], DueDate: new(2025, 2, 9)), d));
            await App.PostAsync(d => PostingBuilders.CustomerInvoice(new InvoicePosting("test.invoice", 2, "IN2503-0002", new(2025, 3, 1), "Acme", "CU-A", null,
                [Line(500m, 20m)], DueDate: new(2025, 3, 31)), d));
            await App.PostAsync(d => PostingBuilders.CustomerInvoice(new InvoicePosting("test.invoice", 3, "IN2412-0003", new(2024, 12, 1), "Beta", "CU-B", null,
                [Line(200m, 20m)], DueDate: new(2024, 12, 31)), d));
            await App.PostAsync(d => PostingBuilders.CustomerPayment(new PaymentPosting("test.payment", 1, "PAY2503-0001", new(2025, 3, 15), "Acme", "CU-A", "5123", 1305.50m, BankId), d));
            await App.PostAsync(d => PostingBuilders.SupplierInvoice(new InvoicePosting("test.supplier-invoice", 1, "SI2502-0001", new(2025, 2, 1), "Xeno", "SU-X", null,
                [new InvoicePostingLine(false, null, 300m, 20m, 60m)], DueDate: new(2025, 3, 3)), d));
            await App.PostAsync(d => PostingBuilders.SupplierPayment(new PaymentPosting("test.supplier-payment", 1, "SP2503-0001", new(2025, 3, 20), "Xeno", "SU-X", "5123", 100m, BankId), d));
        }


        public async Task DisposeAsync() => await ((IAsyncLifetime)App).DisposeAsync();
    }

    private async Task<T> WithReportsAsync<T>(Func<ReportQueries, Task<T>> read)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<ReportQueries>());
    }

    [Fact]
    public async Task The_ledger_balances_and_the_posting_lines_carry_due_dates_vat_and_bank_lines()
    {
        var (debit, credit) = await App.WithDbAsync(async db => (await db.Set<JournalEntryLine>().SumAsync(l => l.Debit), await db.Set<JournalEntryLine>().SumAsync(l => l.Credit)));
        debit.ShouldBe(credit);
        var vatLines = await App.WithDbAsync(db => db.Set<JournalEntryLine>().Where(l => l.VatRate != null).OrderBy(l => l.EntryDate).ThenBy(l => l.VatRate).ToListAsync());
        vatLines.Select(l => (l.AccountNumber, l.VatRate, l.VatBase)).ShouldContain(("44571", (decimal?)5.5m, (decimal?)100m));
        var bankLines = await App.WithDbAsync(db => db.Set<BankLine>().Where(b => b.BankAccountId == scenario.BankId).OrderBy(b => b.Date).Select(b => b.Amount).ToListAsync());
        bankLines.ShouldBe([1305.50m, -100m]);
        var supplierLine = await App.WithDbAsync(db => db.Set<JournalEntryLine>().SingleAsync(l => l.AccountNumber == "401" && l.Credit == 360m));
        (supplierLine.Subledger, supplierLine.SubledgerLabel, supplierLine.DueDate).ShouldBe(("SU-X", "Xeno", new DateOnly(2025, 3, 3)));
    }

    [Fact]
    public async Task Subledgers_show_each_third_party_with_opening_movements_and_closing_balance()
    {
        var customers = await WithReportsAsync(async r => await r.Subledgers((await r.KindAsync("customers"))!, new(2025, 1, 1), new(2025, 4, 30)).OrderBy(x => x.Code).ToListAsync());
        customers.Select(c => (c.Code, c.Name, c.Opening, c.Debit, c.Credit, c.Closing)).ShouldBe(
        [
            ("CU-A", "Acme", 0m, 1905.50m, 1305.50m, 600m),
            ("CU-B", "Beta", 240m, 0m, 0m, 240m),
        ]);
        // A range ending mid-month reads the partial month from the lines.
        var partial = await WithReportsAsync(async r => await r.Subledgers((await r.KindAsync("customers"))!, new(2025, 1, 5), new(2025, 3, 10)).OrderBy(x => x.Code).ToListAsync());
        partial.Single(c => c.Code == "CU-A").Debit.ShouldBe(1905.50m);
        partial.Single(c => c.Code == "CU-A").Credit.ShouldBe(0m);
        var suppliers = await WithReportsAsync(async r => await r.Subledgers((await r.KindAsync("suppliers"))!, new(2025, 1, 1), new(2025, 4, 30)).ToListAsync());
        suppliers.ShouldHaveSingleItem().Closing.ShouldBe(-260m);

        using var client = await SignedInClient.AdminAsync(App);
        var page = await client.Http.GetStringAsync("/Accounting/Subledgers/customers?from=2025-01-01&to=2025-04-30");
        page.ShouldContain("Acme");
        page.ShouldContain("1,905.50");
        var detail = await client.Http.GetStringAsync("/Accounting/Subledgers/customers/CU-A?from=2025-01-01&to=2025-04-30");
        detail.ShouldContain("IN2503-0002");
        detail.ShouldContain("2025-03-31");
        var csv = await client.Http.GetStringAsync("/Accounting/Subledgers/customers?from=2025-01-01&to=2025-04-30&export=csv");
        csv.ShouldContain("CU-B,Beta,240.00,");
    }

    [Fact]
    public async Task The_aged_balances_settle_the_oldest_invoices_first_and_bucket_the_rest_by_due_date()
    {
        var aged = await WithReportsAsync(async r => await r.AgedAsync((await r.KindAsync("customers"))!, new(2025, 4, 15)));
        aged.Select(a => (a.Subledger, a.NotDue, a.Days0To30, a.Days31To60, a.Days61To90, a.Over90)).ShouldBe(
        [
            ("CU-A", 0m, 600m, 0m, 0m, 0m),
            ("CU-B", 0m, 0m, 0m, 0m, 240m),
        ]);
        var before = await WithReportsAsync(async r => await r.AgedAsync((await r.KindAsync("customers"))!, new(2025, 3, 5)));
        before.Single(a => a.Subledger == "CU-A").ShouldSatisfyAllConditions(a => a.NotDue.ShouldBe(600m), a => a.Days0To30.ShouldBe(1305.50m));
        var payables = await WithReportsAsync(async r => await r.AgedAsync((await r.KindAsync("suppliers"))!, new(2025, 4, 15)));
        payables.ShouldHaveSingleItem().ShouldSatisfyAllConditions(p => p.Days31To60.ShouldBe(260m), p => p.Name.ShouldBe("Xeno"));

        using var client = await SignedInClient.AdminAsync(App);
        (await client.Http.GetStringAsync("/Accounting/Aged/customers?on=2025-04-15")).ShouldContain("840.00");
        (await client.Http.GetStringAsync("/Accounting/Aged/suppliers?on=2025-04-15&export=csv")).ShouldContain("SU-X,Xeno,0,0,260.00,0,0,260.00");
    }

    [Fact]
    public async Task The_vat_report_gives_collected_and_deductible_per_rate_and_month()
    {
        var vat = await WithReportsAsync(async r => await (await r.VatAsync(new(2025, 1, 1), new(2025, 4, 30), "44571", "44566")).OrderBy(v => v.Period).ThenBy(v => v.Rate).ToListAsync());
        vat.Select(v => (v.Period, v.Rate, v.CollectedBase, v.Collected, v.DeductibleBase, v.Deductible)).ShouldBe(
        [
            (new DateOnly(2025, 1, 1), "20 %", 1000m, 200m, 0m, 0m),
            (new DateOnly(2025, 1, 1), "5.5 %", 100m, 5.50m, 0m, 0m),
            (new DateOnly(2025, 2, 1), "20 %", 0m, 0m, 300m, 60m),
            (new DateOnly(2025, 3, 1), "20 %", 500m, 100m, 0m, 0m),
        ]);
        using var client = await SignedInClient.AdminAsync(App);
        var page = await client.Http.GetStringAsync("/Accounting/Vat?from=2025-01-01&to=2025-04-30");
        page.ShouldContain("305.50");
        page.ShouldContain("VAT due: 245.50");
    }

    [Fact]
    public async Task The_income_statement_and_balance_sheet_agree_with_the_ledger()
    {
        var income = await WithReportsAsync(r => r.IncomeStatementAsync(new(2025, 1, 1), new(2025, 4, 30)));
        income.Select(i => (i.Section, i.Account, i.Amount)).ShouldBe([("Income", "706", 1600m), ("Expenses", "607", 300m)]);

        var sheet = await WithReportsAsync(r => r.BalanceSheetAsync(new(2025, 4, 30)));
        decimal Section(string s) => sheet.Where(r => r.Section == s).Sum(r => r.Amount);
        Section("Assets").ShouldBe(840m + 1205.50m + 60m);
        Section("Liabilities").ShouldBe(260m + 345.50m);
        Section("Equity").ShouldBe(1500m);
        Section("Assets").ShouldBe(Section("Liabilities") + Section("Equity"));

        using var client = await SignedInClient.AdminAsync(App);
        (await client.Http.GetStringAsync("/Accounting/IncomeStatement?from=2025-01-01&to=2025-04-30")).ShouldContain("1,300.00");
        (await client.Http.GetStringAsync("/Accounting/BalanceSheet?to=2025-04-30")).ShouldContain("Balanced");
        (await client.Http.GetStringAsync("/Accounting/BalanceSheet?to=2025-04-30&export=csv")).ShouldContain("Assets,411,Customers,840.00");
        var home = await client.Http.GetStringAsync("/Accounting");
        foreach (var link in new[] { "/Accounting/Subledgers/customers", "/Accounting/Vat", "/Accounting/Aged/suppliers", "/Accounting/Fec", "/Accounting/BalanceSheet", "/Accounting/BankAccounts" })
        {
            home.ShouldContain(link);
        }
    }

    [Fact]
    public async Task The_fec_file_has_the_18_columns_one_line_per_entry_line_in_date_order()
    {
        using var client = await SignedInClient.AdminAsync(App);
        var response = await client.GetAsync("/Accounting/Fec?from=2025-01-01&to=2025-12-31&download=true");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileName!.Trim('"').ShouldMatch(@"^\d{9}FEC20251231\.txt$");
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].Split('\t').ShouldBe(FecExport.Columns);
        FecExport.Columns.Length.ShouldBe(18);
        lines.Skip(1).ShouldAllBe(l => l.Split('\t').Length == 18);
        var expected = await App.WithDbAsync(db => db.Set<JournalEntryLine>().CountAsync(l => l.EntryDate >= new DateOnly(2025, 1, 1) && l.EntryDate <= new DateOnly(2025, 12, 31)));
        (lines.Length - 1).ShouldBe(expected);
        var first = lines[1].Split('\t');
        first[0].ShouldBe("VT");
        first[3].ShouldBe("20250110");
        first[4].ShouldBe("411");
        first[5].ShouldBe("Customers");
        (first[6], first[7], first[8], first[11], first[12]).ShouldBe(("CU-A", "Acme", "IN2501-0001", "1305,50", "0,00"));
        var dates = lines.Skip(1).Select(l => l.Split('\t')[3]).ToList();
        dates.ShouldBe(dates.OrderBy(d => d, StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task A_sales_user_gets_403_on_the_reports_and_a_reader_cannot_export()
    {
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var sales = await users.CreateUserAsync(new UserForm { UserName = "repsales", FullName = "Sales rep", Password = "repsales-pass-1" });
            await users.SetUserPermissionsAsync(sales, [HrPermissions.ExpenseReports.Read]);
            var readerId = await users.CreateUserAsync(new UserForm { UserName = "repreader", FullName = "Reader", Password = "repreader-pass-1" });
            await users.SetUserPermissionsAsync(readerId, [AccountingPermissions.Ledger.Read]);
        }

        using var salesUser = await SignedInClient.AsAsync(App, "repsales", "repsales-pass-1");
        foreach (var url in new[] { "/Accounting", "/Accounting/Vat", "/Accounting/Aged/customers", "/Accounting/BankAccounts", "/Accounting/IncomeStatement", "/Accounting/Fec?download=true" })
        {
            (await salesUser.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, url);
        }

        using var reader = await SignedInClient.AsAsync(App, "repreader", "repreader-pass-1");
        (await reader.GetAsync("/Accounting/Vat")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reader.GetAsync("/Accounting/Vat?export=csv")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reader.GetAsync("/Accounting/Fec?download=true")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var bank = await reader.Http.GetStringAsync($"/Accounting/BankAccounts/{scenario.BankId}?from=2025-01-01&to=2025-12-31");
        bank.ShouldNotContain("Reconcile ticked lines");
        var post = await reader.PostWithTokenAsync($"/Accounting/BankAccounts/{scenario.BankId}/reconcile",
            new Dictionary<string, string> { ["StatementReference"] = "x", ["LineIds[0]"] = "1" }, SignedInClient.TokenIn(bank));
        post.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
