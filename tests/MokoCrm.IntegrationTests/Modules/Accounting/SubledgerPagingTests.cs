using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Modules.Accounting.Queries;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.IntegrationTests.Modules.Accounting;

/// <summary>
/// The subledger list and a subledger's lines are paged in SQL: walking every page by its cursor gives exactly the
/// rows of the whole aggregate (opening, movements, closing; third parties with nothing left out), and a third
/// party's running balance goes on across pages as the window over the whole range computes it.
/// </summary>
public sealed class SubledgerPagingTests(SubledgerPagingTests.Scenario scenario) : IClassFixture<SubledgerPagingTests.Scenario>
{
    private MokoAppFactory App => scenario.App;

    public sealed class Scenario : IAsyncLifetime
    {
        public MokoAppFactory App { get; } = new();

        public async Task InitializeAsync()
        {
            await App.InitializeAsync();
            var bank = await App.BankIdAsync();
            static InvoicePostingLine Line(decimal amount) => new(IsService: true, ProductAccount: null, amount, 20m, decimal.Round(amount * 0.2m, 2));
            var id = 0;
            async Task InvoiceAsync(string code, DateOnly date, decimal amount) =>
                await App.PostAsync(d => PostingBuilders.CustomerInvoice(new InvoicePosting("paging.invoice", ++id, $"PG-{id}", date, "Name " + code, code, null, [Line(amount)],
                    DueDate: date.AddDays(30)), d));
            async Task PaymentAsync(string code, DateOnly date, decimal amount) =>
                await App.PostAsync(d => PostingBuilders.CustomerPayment(new PaymentPosting("paging.payment", ++id, $"PP-{id}", date, "Name " + code, code, "512", amount, bank), d));

            // PG-A: an opening balance (2024), invoices on the 3rd and the 20th of months, a payment mid-range.
            await InvoiceAsync("PG-A", new(2024, 11, 5), 100m);
            for (var month = 1; month <= 6; month++)
            {
                await InvoiceAsync("PG-A", new(2025, month, 3), 10m * month);
                await InvoiceAsync("PG-A", new(2025, month, 20), 5m);
            }

            await PaymentAsync("PG-A", new(2025, 4, 10), 60m);
            await InvoiceAsync("PG-B", new(2025, 2, 14), 50m);
            await InvoiceAsync("PG-C", new(2024, 6, 1), 70m); // opening only
            await InvoiceAsync("PG-D", new(2024, 3, 1), 25m); // settled before the range: nothing to show
            await PaymentAsync("PG-D", new(2024, 3, 20), 30m);
            await InvoiceAsync("PG-E", new(2025, 6, 28), 40m); // only in the partial last month
            await InvoiceAsync("PG-F", new(2025, 9, 1), 40m); // after the range
            await InvoiceAsync("PG-G", new(2025, 1, 2), 15m); // only in the partial first month
        }


        public async Task DisposeAsync() => await ((IAsyncLifetime)App).DisposeAsync();
    }

    private async Task<T> WithReportsAsync<T>(Func<ReportQueries, SubledgerKind, Task<T>> read)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var reports = scope.ServiceProvider.GetRequiredService<ReportQueries>();
        return await read(reports, (await reports.KindAsync("customers"))!);
    }

    private static (string, string, decimal, decimal, decimal, decimal) Shape(SubledgerRow r) => (r.Code, r.Name, r.Opening, r.Debit, r.Credit, r.Closing);

    [Theory]
    [InlineData("2025-01-01", "2025-06-30", false)] // whole months: period balances only
    [InlineData("2025-01-02", "2025-06-27", false)] // partial first and last months: their days come from the lines
    [InlineData("2025-02-10", "2025-02-25", false)] // inside one month
    [InlineData("2025-01-01", "2025-06-30", true)] // a sub-account under 411: the codes come from the recursive walk
    [InlineData("2025-01-02", "2025-06-27", true)]
    public async Task Walking_the_subledger_list_by_cursor_gives_the_whole_aggregate_in_code_order(string fromText, string toText, bool withSubAccount)
    {
        var (from, to) = (DateOnly.Parse(fromText, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(toText, System.Globalization.CultureInfo.InvariantCulture));
        async Task<T> WithReportsAsync<T>(Func<ReportQueries, SubledgerKind, Task<T>> read) =>
            await this.WithReportsAsync((r, k) => read(r, withSubAccount ? k with { Accounts = [.. k.Accounts, "41199"] } : k));
        var expected = await WithReportsAsync(async (r, k) => await r.Subledgers(k, from, to).Where(x => x.Code.StartsWith("PG-")).OrderBy(x => x.Code).ToListAsync());
        expected.ShouldNotBeEmpty();
        expected.ShouldNotContain(x => x.Code == "PG-D" || x.Code == "PG-F");

        var walked = new List<SubledgerRow>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await WithReportsAsync((r, k) => r.SubledgerPageAsync(k, from, to, new ListRequest { Size = 2, After = after }));
            page.Rows.Count.ShouldBeLessThanOrEqualTo(2);
            page.HasPrevious.ShouldBe(after is not null);
            walked.AddRange(page.Rows);
            after = page.HasNext ? page.NextCursor : null;
            pages++;
        }
        while (after is not null && pages < 50);

        walked.Where(x => x.Code.StartsWith("PG-", StringComparison.Ordinal)).Select(Shape).ShouldBe(expected.Select(Shape));

        // Backwards from the end (the "last" link), then descending: the same rows in the other order.
        var last = await WithReportsAsync((r, k) => r.SubledgerPageAsync(k, from, to, new ListRequest { Size = 2, Last = true }));
        last.Rows.Select(Shape).ShouldBe(walked.TakeLast(last.Rows.Count).Select(Shape));
        last.HasNext.ShouldBeFalse();
        var descending = await WithReportsAsync((r, k) => r.SubledgerPageAsync(k, from, to, new ListRequest { Size = 500, Descending = true }));
        descending.Rows.Select(Shape).ShouldBe(walked.AsEnumerable().Reverse().Select(Shape));
        descending.CountIsLowerBound.ShouldBeFalse();
        descending.Count.ShouldBe(walked.Count);
    }

    [Fact]
    public async Task The_figures_of_a_page_are_those_of_the_ledger()
    {
        var page = await WithReportsAsync((r, k) => r.SubledgerPageAsync(k, new(2025, 1, 2), new(2025, 6, 27), new ListRequest { Size = 500 }));
        var a = page.Rows.Single(x => x.Code == "PG-A");
        // Opening: the 2024 invoice (120). Jan 3rd .. Jun 20th: Σ 12 × month + 6 × 6 = 252 + 36; the payment 60.
        (a.Name, a.Opening, a.Debit, a.Credit, a.Closing).ShouldBe(("Name PG-A", 120m, 288m, 60m, 348m));
        page.Rows.Single(x => x.Code == "PG-C").ShouldSatisfyAllConditions(c => c.Opening.ShouldBe(84m), c => c.Debit.ShouldBe(0m));
        page.Rows.Single(x => x.Code == "PG-G").Debit.ShouldBe(18m);
        page.Rows.ShouldNotContain(x => x.Code == "PG-E"); // dated the 28th, after the range
    }

    [Fact]
    public async Task A_third_partys_lines_carry_their_running_balance_across_pages()
    {
        var (from, to) = (new DateOnly(2025, 2, 1), new DateOnly(2025, 12, 31));
        var (opening, whole) = await WithReportsAsync(async (r, k) =>
        {
            var before = await r.SubledgerBalanceBeforeAsync(k, "PG-A", from);
            return (before, await r.SubledgerLines(k, "PG-A", from, to, before).OrderBy(l => l.Date).ThenBy(l => l.Id).ToListAsync());
        });
        opening.ShouldBe(120m + 12m + 6m);
        whole.Count.ShouldBe(11);

        var walked = new List<SubledgerLineRow>();
        (DateOnly? Date, long Id, decimal Balance) cursor = (null, 0, opening);
        var more = true;
        while (more)
        {
            var (lines, hasMore) = await WithReportsAsync((r, k) => r.SubledgerLinesPageAsync(k, "PG-A", from, to, cursor.Date, cursor.Id, cursor.Balance, 3));
            lines.Count.ShouldBeLessThanOrEqualTo(3);
            walked.AddRange(lines);
            more = hasMore;
            cursor = (lines[^1].Date, lines[^1].Id, lines[^1].Balance);
        }

        walked.Select(l => (l.Id, l.Debit, l.Credit, l.Balance)).ShouldBe(whole.Select(l => (l.Id, l.Debit, l.Credit, l.Balance)));
        walked[^1].Balance.ShouldBe(opening + walked.Sum(l => l.Debit - l.Credit));

        // The screen: 100 lines a page, so one page here, with the opening line and the closing balance.
        using var client = await SignedInClient.AdminAsync(App);
        var screen = await client.Http.GetStringAsync("/Accounting/Subledgers/customers/PG-A?from=2025-02-01&to=2025-12-31");
        screen.ShouldContain("Opening balance");
        screen.ShouldContain(walked[^1].Balance.ToString("N2", System.Globalization.CultureInfo.GetCultureInfo("en-US")));
        screen.ShouldNotContain("Next page");
        var list = await client.Http.GetStringAsync("/Accounting/Subledgers/customers?from=2025-01-01&to=2025-06-30&size=2");
        list.ShouldContain("Name PG-A");
        list.ShouldNotContain("PG-F");
    }
}
