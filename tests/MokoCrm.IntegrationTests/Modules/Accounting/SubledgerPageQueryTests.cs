using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Modules.Accounting.Features;
using MokoCrm.Web.Modules.Accounting.Queries;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Web.Lists;
using Npgsql;

namespace MokoCrm.IntegrationTests.Modules.Accounting;

/// <summary>
/// The customer subledger list page (the screen's query, <see cref="ReportQueries.SubledgerPageAsync"/>) against what
/// it must stay: its figures are an independent SUM over the ledger lines (not over the period balances it reads), for
/// whole months and partial ones; and its statement reads the period balances and lines of the page's own third
/// parties only, whatever plan PostgreSQL makes of it (custom, as the app's sessions ask, or generic, as a prepared
/// statement gets after five runs by default): a page that aggregated every third party before paging, or a plan that
/// read every line, was the 50x-the-plain-SQL subledger page of the accounting bench.
/// </summary>
public sealed class SubledgerPageQueryTests(SubledgerPageQueryTests.Scenario scenario) : IClassFixture<SubledgerPageQueryTests.Scenario>
{
    private const int Customers = 40;

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
            var drafts = new List<Func<AccountDefaults, PostingDraft>>();
            void Invoice(string code, DateOnly date, decimal amount)
            {
                var n = ++id;
                drafts.Add(d => PostingBuilders.CustomerInvoice(new InvoicePosting("sq.invoice", n, $"SQ-I{n}", date, "Name " + code, code, null, [Line(amount)], DueDate: date.AddDays(30)), d));
            }

            void Payment(string code, DateOnly date, decimal amount)
            {
                var n = ++id;
                drafts.Add(d => PostingBuilders.CustomerPayment(new PaymentPosting("sq.payment", n, $"SQ-P{n}", date, "Name " + code, code, "512", amount, bank), d));
            }

            // Each customer: an opening invoice (2024), invoices on both sides of every month edge the ranges below cut,
            // a payment in February for every other one; one more settled before the ranges (nothing to show).
            for (var i = 0; i < Customers; i++)
            {
                var code = $"SQ-{i:00}";
                Invoice(code, new(2024, 12, 10), 10m + i);
                Invoice(code, new(2025, 1, 3), 20m);
                Invoice(code, new(2025, 1, 25), 3m + i);
                Invoice(code, new(2025, 2, 14), 7m);
                Invoice(code, new(2025, 3, 5), 11m);
                Invoice(code, new(2025, 3, 28), 1m + i);
                if (i % 2 == 0)
                {
                    Payment(code, new(2025, 2, 10), 25m + i);
                }
            }

            Invoice("SQ-ZZ", new(2024, 5, 2), 30m);
            Payment("SQ-ZZ", new(2024, 5, 20), 36m);

            // Many postings per transaction: the engine posts each in the business action's transaction, as handlers do.
            foreach (var chunk in drafts.Chunk(50))
            {
                await using var scope = App.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var engine = scope.ServiceProvider.GetRequiredService<PostingEngine>();
                await using var tx = await db.Database.BeginTransactionAsync();
                foreach (var draft in chunk)
                {
                    await engine.PostAsync(draft(await engine.DefaultsAsync()));
                }

                await db.SaveChangesAsync();
                await tx.CommitAsync();
            }
        }

        public async Task DisposeAsync() => await ((IAsyncLifetime)App).DisposeAsync();
    }

    private async Task<T> WithReportsAsync<T>(Func<ReportQueries, SubledgerKind, Task<T>> read)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var reports = scope.ServiceProvider.GetRequiredService<ReportQueries>();
        return await read(reports, (await reports.KindAsync("customers"))!);
    }

    private static DateOnly Date(string text) => DateOnly.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>Per customer, straight off the lines: opening (every line before the range), debit and credit of the range; the ones with nothing left out; in the database's order of codes.</summary>
    private async Task<List<(string Code, string Name, decimal Opening, decimal Debit, decimal Credit, decimal Closing)>> FromLinesAsync(string[] accounts, DateOnly from, DateOnly to)
    {
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT subledger, coalesce(max(subledger_label), ''), coalesce(sum(debit - credit) FILTER (WHERE entry_date < $2), 0),
                   coalesce(sum(debit) FILTER (WHERE entry_date >= $2), 0), coalesce(sum(credit) FILTER (WHERE entry_date >= $2), 0)
            FROM accounting.entry_lines
            WHERE account_number = ANY($1) AND subledger LIKE 'SQ-%' AND entry_date <= $3
            GROUP BY subledger
            HAVING coalesce(sum(debit - credit) FILTER (WHERE entry_date < $2), 0) <> 0 OR coalesce(sum(debit) FILTER (WHERE entry_date >= $2), 0) <> 0
                OR coalesce(sum(credit) FILTER (WHERE entry_date >= $2), 0) <> 0
            ORDER BY subledger
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = accounts });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = to });
        var rows = new List<(string, string, decimal, decimal, decimal, decimal)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetDecimal(2), reader.GetDecimal(3), reader.GetDecimal(4),
                reader.GetDecimal(2) + reader.GetDecimal(3) - reader.GetDecimal(4)));
        }

        return rows;
    }

    private static (string, string, decimal, decimal, decimal, decimal) Shape(SubledgerRow r) => (r.Code, r.Name, r.Opening, r.Debit, r.Credit, r.Closing);

    [Theory]
    [InlineData("2025-01-01", "2025-03-31")] // whole months: period balances only
    [InlineData("2025-01-02", "2025-03-20")] // partial first and last months: their days from the lines
    [InlineData("2025-01-26", "2025-02-12")] // partial months on both sides of one month edge
    [InlineData("2025-02-05", "2025-02-20")] // inside one month
    [InlineData("2025-03-01", "2025-03-27")] // a whole first month start, a partial last month
    public async Task Every_page_of_the_screen_equals_the_sum_over_the_lines(string fromText, string toText)
    {
        var (from, to) = (Date(fromText), Date(toText));
        var accounts = await WithReportsAsync((_, k) => Task.FromResult(k.Accounts));
        var expected = await FromLinesAsync(accounts, from, to);
        expected.Count.ShouldBeGreaterThan(Customers / 2);
        expected.ShouldNotContain(x => x.Code == "SQ-ZZ");

        // The screen's pages (at least 100 rows: the controller's minimum) and smaller ones walked by cursor.
        var screen = await WithReportsAsync((r, k) => r.SubledgerPageAsync(k, from, to, new ListRequest { Size = 100 }));
        screen.Rows.Select(Shape).ShouldBe(expected);
        screen.CountIsLowerBound.ShouldBeFalse();
        screen.Count.ShouldBe(expected.Count);

        var walked = new List<SubledgerRow>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await WithReportsAsync((r, k) => r.SubledgerPageAsync(k, from, to, new ListRequest { Size = 7, After = after }));
            page.Rows.Count.ShouldBeLessThanOrEqualTo(7);
            walked.AddRange(page.Rows);
            after = page.HasNext ? page.NextCursor : null;
            pages++;
        }
        while (after is not null && pages < 50);

        walked.Select(Shape).ShouldBe(expected);
        var descending = await WithReportsAsync((r, k) => r.SubledgerPageAsync(k, from, to, new ListRequest { Size = 100, Descending = true }));
        descending.Rows.Select(Shape).ShouldBe(expected.AsEnumerable().Reverse());
    }

    [Theory]
    [InlineData("2025-01-01", "2025-03-31", false)]
    [InlineData("2025-01-02", "2025-03-20", false)]
    [InlineData("2025-01-01", "2025-03-31", true)]
    [InlineData("2025-01-02", "2025-03-20", true)]
    public async Task A_page_reads_the_balances_and_lines_of_its_own_customers_only(string fromText, string toText, bool generic)
    {
        var (from, to) = (Date(fromText), Date(toText));
        var kind = await WithReportsAsync((_, k) => Task.FromResult(k));
        kind.Accounts.Length.ShouldBe(1); // as installed: the ordered stream of the balances' index
        var statement = ReportQueries.SubledgerPageStatement(kind, from, to, new ListRequest { Size = 3 }).ShouldNotBeNull();

        // A connection of its own with the app's session settings (JIT off, custom plans), not pooled: a prepared
        // statement left on it by a failure goes with it.
        string appConnectionString;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            appConnectionString = scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetConnectionString()!;
        }

        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(appConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        var (balances, lines) = await CountAsync(connection, kind.Accounts);
        balances.ShouldBeGreaterThan(Customers * 4);
        lines.ShouldBeGreaterThan(Customers * 6);

        // On tables this small a sequential scan is the cheapest plan whatever the indexes: take it off, so the plan is
        // the one PostgreSQL makes on a ledger of millions of lines, and an index path must exist for every read.
        await Execute(connection, "SET enable_seqscan = off");
        JsonElement plan;
        if (!generic)
        {
            plan = await ExplainAsync(connection, statement.Sql, statement.Parameters);
        }
        else
        {
            // A prepared statement planned once for any values (what PostgreSQL may switch to after five runs).
            await Execute(connection, "SET plan_cache_mode = force_generic_plan");
            var types = string.Join(", ", statement.Parameters.Select(p => p.Value switch
            {
                string[] => "text[]",
                DateOnly => "date",
                string => "text",
                var other => throw new InvalidOperationException($"No SQL type for {other?.GetType()}"),
            }));
            await Execute(connection, $"PREPARE subledger_page_under_test ({types}) AS {statement.Sql}");
            plan = await ExplainAsync(connection, $"EXECUTE subledger_page_under_test ({string.Join(", ", statement.Parameters.Select(p => Literal(p.Value)))})", []);
        }

        var reads = Reads(plan).ToList();
        reads.ShouldNotContain(r => r.Node == "Seq Scan", string.Join("; ", reads));
        var balancesRead = reads.Where(r => r.Relation == "subledger_period_balances").Sum(r => r.Rows);
        var linesRead = reads.Where(r => r.Relation == "entry_lines").Sum(r => r.Rows);

        // A page of 3 (and the one more that tells a next page exists) out of 40 customers: a tenth of their months and
        // lines, where aggregating every customer before paging reads them all. Half leaves room for plan changes.
        balancesRead.ShouldBeGreaterThan(0);
        balancesRead.ShouldBeLessThan(balances / 2, string.Join("; ", reads));
        linesRead.ShouldBeLessThan(lines / 2, string.Join("; ", reads));

        // The measure tells a page from the whole: the same statement for a page of every customer reads all their months.
        if (!generic)
        {
            var everyone = ReportQueries.SubledgerPageStatement(kind, from, to, new ListRequest { Size = 500 })!;
            Reads(await ExplainAsync(connection, everyone.Sql, everyone.Parameters)).Where(r => r.Relation == "subledger_period_balances").Sum(r => r.Rows)
                .ShouldBeGreaterThanOrEqualTo(balances);
        }
    }

    private static string Literal(object? value) => value switch
    {
        string[] texts => $"ARRAY[{string.Join(", ", texts.Select(Quote))}]::text[]",
        DateOnly date => "DATE '" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'",
        string text => Quote(text),
        _ => throw new InvalidOperationException($"No SQL literal for {value?.GetType()}"),
    };

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<(long Balances, long Lines)> CountAsync(NpgsqlConnection connection, string[] accounts)
    {
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM accounting.subledger_period_balances WHERE account_number = ANY($1)),
                   (SELECT count(*) FROM accounting.entry_lines WHERE account_number = ANY($1) AND subledger IS NOT NULL)
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = accounts });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async Task<JsonElement> ExplainAsync(NpgsqlConnection connection, string sql, IReadOnlyList<NpgsqlParameter> parameters)
    {
        await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter.Clone());
        }

        var json = (string)(await command.ExecuteScalarAsync())!;
        return JsonDocument.Parse(json).RootElement[0].GetProperty("Plan").Clone();
    }

    /// <summary>Every scan of the plan with the rows it went through (returned and filtered out, over all its loops).</summary>
    private static IEnumerable<(string Node, string Relation, double Rows)> Reads(JsonElement node)
    {
        if (node.TryGetProperty("Relation Name", out var relation))
        {
            double Number(string name) => node.TryGetProperty(name, out var value) ? value.GetDouble() : 0;
            var loops = Math.Max(1, Number("Actual Loops"));
            yield return (node.GetProperty("Node Type").GetString()!, relation.GetString()!,
                (Number("Actual Rows") + Number("Rows Removed by Filter") + Number("Rows Removed by Index Recheck")) * loops);
        }

        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                foreach (var read in Reads(child))
                {
                    yield return read;
                }
            }
        }
    }
}
