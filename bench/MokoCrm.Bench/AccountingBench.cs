using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Web.Modules.Accounting.Queries;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Web.Lists;
using Npgsql;
using NpgsqlTypes;

namespace MokoCrm.Bench;

/// <summary>
/// Trial balance and general ledger over millions of ledger lines (seeded by binary COPY into the app's own
/// accounting tables), through the app's LedgerQueries, against the plain SQL one would write over the lines.
/// </summary>
internal static class AccountingBench
{
    private const int LedgerPage = 100;

    public static async Task SeedAsync(string connectionString, int lines)
    {
        var clock = Stopwatch.StartNew();

        // Indexes are dropped for the load and rebuilt after it (much faster than maintaining them row by row).
        var indexes = new List<string>();
        var foreignKeys = new List<(string Table, string Name, string Definition)>();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var read = new NpgsqlCommand(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'accounting' AND tablename IN ('entries', 'entry_lines') AND indexname NOT LIKE 'pk_%'", connection);
            await using (var reader = await read.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    indexes.Add(reader.GetString(1));
                }
            }

            // Foreign keys too: re-adding one validates it in a single join instead of a lookup per copied row.
            await using (var fks = new NpgsqlCommand("""
                SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
                WHERE contype = 'f' AND conrelid IN ('accounting.entries'::regclass, 'accounting.entry_lines'::regclass)
                """, connection))
            await using (var reader = await fks.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    foreignKeys.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
                }
            }

            foreach (var (table, name, _) in foreignKeys)
            {
                await using var drop = new NpgsqlCommand($"ALTER TABLE {table} DROP CONSTRAINT \"{name}\"", connection);
                await drop.ExecuteNonQueryAsync();
            }

            // The app's reference seeders are not composed here (AddPlatform only): the journals and accounts the data uses.
            await using (var reference = new NpgsqlCommand("""
                INSERT INTO accounting.journals (id, code, label, last_sequence, last_hash) VALUES
                    (1, 'VT', 'Sales', 0, ''), (2, 'AC', 'Purchases', 0, ''), (3, 'BQ', 'Bank', 0, ''), (4, 'OD', 'Miscellaneous', 0, ''), (5, 'ER', 'Expense reports', 0, '')
                ON CONFLICT DO NOTHING;
                INSERT INTO accounting.accounts (id, number, label, type, enabled) VALUES
                    (1, '401', 'Suppliers', 'Liability', true), (2, '411', 'Customers', 'Asset', true), (3, '44566', 'VAT deductible', 'Asset', true),
                    (4, '44571', 'VAT collected', 'Liability', true), (5, '512', 'Bank', 'Asset', true), (6, '604', 'Purchases of services', 'Expense', true),
                    (7, '607', 'Purchases of goods', 'Expense', true), (8, '706', 'Services sold', 'Income', true), (9, '707', 'Goods sold', 'Income', true)
                ON CONFLICT DO NOTHING;
                """, connection))
            {
                await reference.ExecuteNonQueryAsync();
            }

            foreach (var name in await NamesAsync(connection))
            {
                await using var drop = new NpgsqlCommand($"DROP INDEX accounting.\"{name}\"", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }

        var random = new Random(20261128);
        var start = new DateOnly(2025, 1, 1);
        var days = new DateOnly(2026, 12, 31).DayNumber - start.DayNumber + 1;
        var sequences = new Dictionary<string, long> { ["VT"] = 0, ["BQ"] = 0, ["AC"] = 0 };
        long entryId = 10_000_000, lineId = 10_000_000, written = 0;
        await using (var entriesConnection = new NpgsqlConnection(connectionString))
        await using (var linesConnection = new NpgsqlConnection(connectionString))
        {
            await entriesConnection.OpenAsync();
            await linesConnection.OpenAsync();
            await using var entries = await entriesConnection.BeginBinaryImportAsync(
                "COPY accounting.entries (id, journal_code, sequence, entry_date, label, source_type, source_id, kind, reference, previous_hash, hash, posted_at, to_review) FROM STDIN (FORMAT BINARY)");
            await using var rows = await linesConnection.BeginBinaryImportAsync(
                "COPY accounting.entry_lines (id, entry_id, line_number, journal_code, entry_date, account_number, subledger, debit, credit, label, to_review, due_date, subledger_label, vat_rate, vat_base) FROM STDIN (FORMAT BINARY)");
            var posted = DateTimeOffset.UtcNow;
            while (written < lines)
            {
                var date = start.AddDays(random.Next(days));
                var roll = random.Next(10);
                var amount = Math.Round((decimal)(random.NextDouble() * 5000 + 10), 2);
                var vat = Math.Round(amount * 0.2m, 2);
                var party = $"CU{random.Next(1, 20000):00000}";
                (string Journal, (string Account, decimal Debit, decimal Credit, string? Sub)[] Lines) entry = roll switch
                {
                    < 4 => ("VT", [("411", amount + vat, 0, party), (roll < 2 ? "706" : "707", 0, amount, null), ("44571", 0, vat, null)]),
                    < 7 => ("BQ", [("512", amount, 0, null), ("411", 0, amount, party)]),
                    _ => ("AC", [(roll < 9 ? "607" : "604", amount, 0, null), ("44566", vat, 0, null), ("401", 0, amount + vat, "SU" + party[2..])]),
                };
                var id = ++entryId;
                var sequence = ++sequences[entry.Journal];
                await entries.StartRowAsync();
                await entries.WriteAsync(id, NpgsqlDbType.Bigint);
                await entries.WriteAsync(entry.Journal, NpgsqlDbType.Varchar);
                await entries.WriteAsync(sequence, NpgsqlDbType.Bigint);
                await entries.WriteAsync(date, NpgsqlDbType.Date);
                await entries.WriteAsync($"Bench {entry.Journal} {sequence}", NpgsqlDbType.Varchar);
                await entries.WriteAsync("bench." + entry.Journal, NpgsqlDbType.Varchar);
                await entries.WriteAsync(id, NpgsqlDbType.Bigint);
                await entries.WriteAsync("Posting", NpgsqlDbType.Varchar);
                await entries.WriteAsync($"{entry.Journal}-{sequence}", NpgsqlDbType.Varchar);
                await entries.WriteAsync("", NpgsqlDbType.Varchar);
                await entries.WriteAsync("", NpgsqlDbType.Varchar);
                await entries.WriteAsync(posted, NpgsqlDbType.TimestampTz);
                await entries.WriteAsync(false, NpgsqlDbType.Boolean);
                var number = 0;
                foreach (var (account, debit, credit, sub) in entry.Lines)
                {
                    await rows.StartRowAsync();
                    await rows.WriteAsync(++lineId, NpgsqlDbType.Bigint);
                    await rows.WriteAsync(id, NpgsqlDbType.Bigint);
                    await rows.WriteAsync(++number, NpgsqlDbType.Integer);
                    await rows.WriteAsync(entry.Journal, NpgsqlDbType.Varchar);
                    await rows.WriteAsync(date, NpgsqlDbType.Date);
                    await rows.WriteAsync(account, NpgsqlDbType.Varchar);
                    if (sub is null)
                    {
                        await rows.WriteNullAsync();
                    }
                    else
                    {
                        await rows.WriteAsync(sub, NpgsqlDbType.Varchar);
                    }

                    await rows.WriteAsync(debit, NpgsqlDbType.Numeric);
                    await rows.WriteAsync(credit, NpgsqlDbType.Numeric);
                    await rows.WriteAsync("Bench line", NpgsqlDbType.Varchar);
                    await rows.WriteAsync(false, NpgsqlDbType.Boolean);
                    // The optional fields the reports read: due date and name on third-party lines, rate and base on VAT lines.
                    if (sub is not null && entry.Journal != "BQ")
                    {
                        await rows.WriteAsync(date.AddDays(30), NpgsqlDbType.Date);
                        await rows.WriteAsync("Party " + sub, NpgsqlDbType.Varchar);
                    }
                    else
                    {
                        await rows.WriteNullAsync();
                        await rows.WriteNullAsync();
                    }

                    if (account.StartsWith("445", StringComparison.Ordinal))
                    {
                        await rows.WriteAsync(20m, NpgsqlDbType.Numeric);
                        await rows.WriteAsync(amount, NpgsqlDbType.Numeric);
                    }
                    else
                    {
                        await rows.WriteNullAsync();
                        await rows.WriteNullAsync();
                    }

                    written++;
                }
            }

            await entries.CompleteAsync();
            await rows.CompleteAsync();
        }

        Console.WriteLine($"Copied {written:N0} lines in {entryId - 10_000_000:N0} entries in {clock.Elapsed.TotalSeconds:0} s; rebuilding indexes ...");
        var sql = new StringBuilder();
        foreach (var definition in indexes)
        {
            sql.Append(definition).Append(";\n");
        }

        foreach (var (table, name, definition) in foreignKeys)
        {
            sql.Append(CultureInfo.InvariantCulture, $"ALTER TABLE {table} ADD CONSTRAINT \"{name}\" {definition};\n");
        }

        sql.Append("""
            UPDATE accounting.journals j SET last_sequence = s.n FROM (SELECT journal_code, max(sequence) AS n FROM accounting.entries GROUP BY journal_code) s WHERE s.journal_code = j.code;
            INSERT INTO accounting.account_period_balances (account_number, period_start, debit, credit)
            SELECT account_number, date_trunc('month', entry_date)::date, sum(debit), sum(credit) FROM accounting.entry_lines GROUP BY 1, 2
            ON CONFLICT (account_number, period_start) DO UPDATE SET debit = excluded.debit, credit = excluded.credit;
            INSERT INTO accounting.subledger_period_balances (account_number, subledger, period_start, debit, credit, label)
            SELECT account_number, subledger, date_trunc('month', entry_date)::date, sum(debit), sum(credit), max(subledger_label)
            FROM accounting.entry_lines WHERE subledger IS NOT NULL GROUP BY 1, 2, 3
            ON CONFLICT (account_number, subledger, period_start) DO UPDATE SET debit = excluded.debit, credit = excluded.credit;
            INSERT INTO accounting.vat_period_balances (account_number, period_start, vat_rate, debit, credit, base_on_debit, base_on_credit, base_total)
            SELECT account_number, date_trunc('month', entry_date)::date, coalesce(vat_rate, -1), sum(debit), sum(credit),
                   coalesce(sum(vat_base) FILTER (WHERE debit > 0), 0), coalesce(sum(vat_base) FILTER (WHERE credit > 0), 0), coalesce(sum(vat_base), 0)
            FROM accounting.entry_lines WHERE account_number LIKE '445%' GROUP BY 1, 2, 3
            ON CONFLICT (account_number, period_start, vat_rate) DO UPDATE SET debit = excluded.debit, credit = excluded.credit,
                base_on_debit = excluded.base_on_debit, base_on_credit = excluded.base_on_credit, base_total = excluded.base_total;
            """);
        // Index builds over millions of rows take longer than the default 30 s command timeout.
        var patient = new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString;
        await Sql.ExecuteAsync(patient, sql.ToString());
        foreach (var table in new[] { "entries", "entry_lines", "account_period_balances", "subledger_period_balances", "vat_period_balances" })
        {
            await Sql.ExecuteAsync(patient, $"VACUUM ANALYZE accounting.{table}");
        }
        Console.WriteLine($"Accounting seed done in {clock.Elapsed.TotalSeconds:0} s");

        static async Task<List<string>> NamesAsync(NpgsqlConnection connection)
        {
            var names = new List<string>();
            await using var command = new NpgsqlCommand(
                "SELECT indexname FROM pg_indexes WHERE schemaname = 'accounting' AND tablename IN ('entries', 'entry_lines') AND indexname NOT LIKE 'pk_%'", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }

            return names;
        }
    }

    private sealed record Case(string Name, Func<LedgerQueries, Task<object>> App, Func<NpgsqlDataSource, Task<object>> Plain)
    {
        public Func<ReportQueries, Task<object>>? Report { get; init; }
    }

    private static readonly SubledgerKind Customers = new("customers", "Customers", "411", 1) { Accounts = ["411"] };

    public static async Task<string> RunAsync(WebApplication app, string connectionString, int repeat, int lines)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var year = (From: new DateOnly(2026, 1, 1), To: new DateOnly(2026, 12, 31));
        var partial = (From: new DateOnly(2026, 3, 15), To: new DateOnly(2026, 9, 10));
        var middle = await MiddleCursorAsync(dataSource, "411", year.From, year.To);

        Case[] cases =
        [
            new("Trial balance, year 2026 (whole months)",
                async q => await q.TrialBalance(year.From, year.To, null).OrderBy(r => r.Number).ToListAsync(),
                d => PlainTrialBalanceAsync(d, year.From, year.To)),
            new("Trial balance, 2026-03-15..2026-09-10",
                async q => await q.TrialBalance(partial.From, partial.To, null).OrderBy(r => r.Number).ToListAsync(),
                d => PlainTrialBalanceAsync(d, partial.From, partial.To)),
            new("Trial balance screen (ListEngine page + count + totals), year",
                async q =>
                {
                    var page = await ListEngine.PageAsync(q.TrialBalance(year.From, year.To, null), LedgerQueries.TrialBalanceList, new ListRequest { Size = 200 });
                    return (page.Rows.Count, await q.TrialBalanceTotalsAsync(year.From, year.To, null));
                },
                d => PlainTrialBalanceAsync(d, year.From, year.To)),
            new("General ledger 411 first page (opening + page + totals), 2026",
                async q =>
                {
                    var opening = await q.BalanceBeforeAsync("411", year.From);
                    var page = await q.LedgerPageAsync("411", year.From, year.To, null, 0, opening, LedgerPage);
                    return (page.Lines.Count, await q.PeriodTotalsAsync("411", year.From, year.To));
                },
                d => PlainLedgerAsync(d, "411", year.From, year.To, null, 0, withBalances: true)),
            new("General ledger 411 first page alone, 2026",
                async q => (await q.LedgerPageAsync("411", year.From, year.To, null, 0, 0m, LedgerPage)).Lines.Count,
                d => PlainLedgerAsync(d, "411", year.From, year.To, null, 0, withBalances: false)),
            new("General ledger 411 page in the middle of 2026 (cursor)",
                async q => (await q.LedgerPageAsync("411", year.From, year.To, middle.Date, middle.Id, 0m, LedgerPage)).Lines.Count,
                d => PlainLedgerAsync(d, "411", year.From, year.To, middle.Date, middle.Id, withBalances: false)),
            new("Customer subledger, year 2026 (first page of 100, as the screen)", _ => Task.FromResult<object>(0),
                d => PlainSubledgerAsync(d, year.From, year.To))
            {
                Report = async r => (await r.SubledgerPageAsync(Customers, year.From, year.To, new ListRequest { Size = 100 })).Rows.Count,
            },
            new("Customer subledger, 2026-03-15..2026-09-10 (first page, as the screen)", _ => Task.FromResult<object>(0),
                d => PlainSubledgerAsync(d, partial.From, partial.To))
            {
                Report = async r => (await r.SubledgerPageAsync(Customers, partial.From, partial.To, new ListRequest { Size = 100 })).Rows.Count,
            },
            new("VAT report, year 2026 (per month and rate)", _ => Task.FromResult<object>(0),
                d => PlainVatAsync(d, year.From, year.To))
            {
                Report = async r => (await (await r.VatAsync(year.From, year.To, "44571", "44566")).ToListAsync()).Count,
            },
            new("Aged receivables on 2026-12-31 (open items, oldest settled first)", _ => Task.FromResult<object>(0),
                d => PlainAgedAsync(d, year.To))
            {
                Report = async r => (await r.AgedAsync(Customers, year.To)).Count,
            },
            new("(reference) Aged receivables against the naive per-column sum of every line (not the same result: no settlement)", _ => Task.FromResult<object>(0),
                d => NaiveAgedAsync(d, year.To))
            {
                Report = async r => (await r.AgedAsync(Customers, year.To)).Count,
            },
            new("(EF floor: a DI scope, a context and a one-row query)",
                async q => await q.AccountChoicesAsync(false),
                async d => { await using var c = d.CreateCommand("SELECT number, label FROM accounting.accounts ORDER BY number LIMIT 2000"); await using var r = await c.ExecuteReaderAsync(); while (await r.ReadAsync()) { } return 0; }),
        ];

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"## Accounting reports over {lines:N0} ledger lines");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"{repeat} timed runs per cell after {Math.Max(1, repeat / 5)} warm-up runs, {Environment.ProcessorCount} cores, times in ms (p50 / p95), load average {Machine.LoadAverage()} at the start");
        report.AppendLine();
        report.AppendLine("| case | app (LedgerQueries / ReportQueries) | plain SQL over the lines | ratio p95 (target <= 1.5) | load average after |");
        report.AppendLine("|---|---|---|---|---|");
        // MOKO_BENCH_CASES=subledger,vat (case-insensitive parts of the case names) times only those rows, for iterating on one report.
        var chosen = (Environment.GetEnvironmentVariable("MOKO_BENCH_CASES") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var item in cases.Where(c => chosen.Length == 0 || chosen.Any(part => c.Name.Contains(part, StringComparison.OrdinalIgnoreCase))))
        {
            var warmUp = Math.Max(1, repeat / 5);
            var appTiming = await TimeAsync(warmUp, repeat, async () =>
            {
                await using var scope = app.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var ledger = new LedgerQueries(db);
                return item.Report is { } report ? await report(new ReportQueries(db, ledger)) : await item.App(ledger);
            });
            var plainTiming = await TimeAsync(warmUp, repeat, () => item.Plain(dataSource));
            var line = string.Create(CultureInfo.InvariantCulture, $"| {item.Name} | {appTiming} | {plainTiming} | {appTiming.P95 / plainTiming.P95:0.00}x | {Machine.LoadAverage()} |");
            Console.WriteLine(line);
            report.AppendLine(line);
        }

        await CheckTrialBalanceAsync(app, dataSource, partial.From, partial.To);
        await CheckVatAsync(app, dataSource, year.From, year.To);
        await CheckVatAsync(app, dataSource, partial.From, partial.To);
        await CheckAgedAsync(app, dataSource, year.To);
        await CheckAgedAsync(app, dataSource, new DateOnly(2026, 6, 15));
        return report.ToString();
    }

    /// <summary>The app's trial balance must equal the plain aggregate, account for account.</summary>
    private static async Task CheckTrialBalanceAsync(WebApplication app, NpgsqlDataSource dataSource, DateOnly from, DateOnly to)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var rows = await new LedgerQueries(scope.ServiceProvider.GetRequiredService<AppDbContext>()).TrialBalance(from, to, null).ToListAsync();
        var plain = (List<(string, decimal, decimal)>)await PlainTrialBalanceAsync(dataSource, from, to);
        var mine = rows.Where(r => r.Debit != 0 || r.Credit != 0).Select(r => (r.Number, r.Debit, r.Credit)).OrderBy(r => r.Number, StringComparer.Ordinal).ToList();
        if (!mine.SequenceEqual(plain.OrderBy(r => r.Item1, StringComparer.Ordinal)))
        {
            throw new InvalidOperationException("The trial balance differs from the plain SQL aggregate.");
        }

        Console.WriteLine($"Checked: the trial balance equals the plain aggregate on {mine.Count} accounts.");
    }

    /// <summary>Per customer over the range: the GROUP BY one would write over the lines (opening from all earlier lines).</summary>
    private static async Task<object> PlainSubledgerAsync(NpgsqlDataSource dataSource, DateOnly from, DateOnly to)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT subledger, sum(debit - credit) FILTER (WHERE entry_date < $1), sum(debit) FILTER (WHERE entry_date >= $1), sum(credit) FILTER (WHERE entry_date >= $1)
            FROM accounting.entry_lines WHERE account_number = '411' AND subledger IS NOT NULL AND entry_date <= $2
            GROUP BY subledger ORDER BY subledger LIMIT 101
            """);
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = to });
        return await CountAsync(command);
    }

    private static async Task<object> PlainVatAsync(NpgsqlDataSource dataSource, DateOnly from, DateOnly to)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT date_trunc('month', entry_date), vat_rate, account_number, sum(credit - debit), sum(vat_base)
            FROM accounting.entry_lines WHERE account_number IN ('44571', '44566') AND entry_date BETWEEN $1 AND $2 GROUP BY 1, 2, 3
            """);
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = to });
        return await CountAsync(command);
    }

    /// <summary>
    /// The aged balance as one would write it over the lines, with the same result as the report: each customer's
    /// balance from all its lines, its charges newest due first with a running sum (a window per customer), the ones
    /// the balance covers (the last partly; a balance beyond every charge goes to the oldest; none: due on the date),
    /// summed per age column (not due, 0–30, 31–60, 61–90, over 90 days late).
    /// </summary>
    private static async Task<object> PlainAgedAsync(NpgsqlDataSource dataSource, DateOnly asOf)
    {
        await using var command = dataSource.CreateCommand("""
            WITH lines AS (
                SELECT subledger, coalesce(due_date, entry_date) AS due, id, debit, credit FROM accounting.entry_lines
                WHERE account_number = '411' AND subledger IS NOT NULL AND entry_date <= $1
            ), bal AS (
                SELECT subledger, sum(debit - credit) AS balance FROM lines GROUP BY subledger HAVING sum(debit - credit) > 0
            ), charges AS (
                SELECT subledger, due, debit AS amount,
                       sum(debit) OVER (PARTITION BY subledger ORDER BY due DESC, id DESC) AS running,
                       row_number() OVER (PARTITION BY subledger ORDER BY due DESC, id DESC) AS n, count(*) OVER (PARTITION BY subledger) AS total
                FROM lines WHERE debit > 0
            ), open AS (
                SELECT b.subledger, $1 - coalesce(c.due, $1) AS late,
                       CASE WHEN c.due IS NULL THEN b.balance WHEN c.running >= b.balance THEN b.balance - (c.running - c.amount)
                            WHEN c.n = c.total THEN c.amount + b.balance - c.running ELSE c.amount END AS amount
                FROM bal b LEFT JOIN charges c ON c.subledger = b.subledger AND c.running - c.amount < b.balance
            )
            SELECT subledger, sum(amount) FILTER (WHERE late <= 0), sum(amount) FILTER (WHERE late BETWEEN 1 AND 30), sum(amount) FILTER (WHERE late BETWEEN 31 AND 60),
                   sum(amount) FILTER (WHERE late BETWEEN 61 AND 90), sum(amount) FILTER (WHERE late > 90)
            FROM open GROUP BY subledger
            """);
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = asOf });
        var rows = new List<(string, decimal, decimal, decimal, decimal, decimal)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            decimal At(int i) => reader.IsDBNull(i) ? 0m : reader.GetDecimal(i);
            rows.Add((reader.GetString(0), At(1), At(2), At(3), At(4), At(5)));
        }

        return rows;
    }

    /// <summary>
    /// The naive aged balance the bench used before (kept as a reference row): every customer line up to the date,
    /// summed per customer and age column of its due date. Cheaper, but a different result: payments are not set
    /// against the oldest charges, they only lower the column of their own date.
    /// </summary>
    private static async Task<object> NaiveAgedAsync(NpgsqlDataSource dataSource, DateOnly asOf)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT subledger, width_bucket($1 - coalesce(due_date, entry_date), 0, 120, 4), sum(debit - credit)
            FROM accounting.entry_lines WHERE account_number = '411' AND subledger IS NOT NULL AND entry_date <= $1 GROUP BY 1, 2
            """);
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = asOf });
        return await CountAsync(command);
    }

    /// <summary>The app's VAT report must give the plain SQL's VAT per month and rate (collected on 44571, deductible on 44566).</summary>
    private static async Task CheckVatAsync(WebApplication app, NpgsqlDataSource dataSource, DateOnly from, DateOnly to)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rows = await (await new ReportQueries(db, new LedgerQueries(db)).VatAsync(from, to, "44571", "44566")).ToListAsync();
        await using var command = dataSource.CreateCommand("""
            SELECT date_trunc('month', entry_date)::date, sum(credit - debit) FILTER (WHERE account_number = '44571'), sum(debit - credit) FILTER (WHERE account_number = '44566')
            FROM accounting.entry_lines WHERE account_number IN ('44571', '44566') AND entry_date BETWEEN $1 AND $2 GROUP BY 1
            """);
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = to });
        var plain = new List<(DateOnly, decimal, decimal)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plain.Add((reader.GetFieldValue<DateOnly>(0), reader.IsDBNull(1) ? 0m : reader.GetDecimal(1), reader.IsDBNull(2) ? 0m : reader.GetDecimal(2)));
            }
        }

        // The seed writes every VAT line at 20 %: one row per month.
        var mine = rows.Select(r => (r.Period, r.Collected, r.Deductible)).OrderBy(r => r.Period).ToList();
        if (!mine.SequenceEqual(plain.OrderBy(r => r.Item1)))
        {
            throw new InvalidOperationException($"The VAT report over {from}..{to} differs from the plain SQL.");
        }

        Console.WriteLine($"Checked: the VAT report over {from}..{to} equals the plain SQL on {mine.Count} months.");
    }

    /// <summary>The app's aged receivables must equal the plain SQL, customer for customer and column for column.</summary>
    private static async Task CheckAgedAsync(WebApplication app, NpgsqlDataSource dataSource, DateOnly asOf)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rows = await new ReportQueries(db, new LedgerQueries(db)).AgedAsync(Customers, asOf);
        var plain = (List<(string, decimal, decimal, decimal, decimal, decimal)>)await PlainAgedAsync(dataSource, asOf);
        var mine = rows.Select(r => (r.Subledger, r.NotDue, r.Days0To30, r.Days31To60, r.Days61To90, r.Over90)).OrderBy(r => r.Subledger, StringComparer.Ordinal).ToList();
        if (!mine.SequenceEqual(plain.OrderBy(r => r.Item1, StringComparer.Ordinal)))
        {
            throw new InvalidOperationException("The aged receivables differ from the plain SQL.");
        }

        Console.WriteLine($"Checked: the aged receivables equal the plain SQL on {mine.Count} customers.");
    }

    private static async Task<object> CountAsync(NpgsqlCommand command)
    {
        var count = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            count++;
        }

        return count;
    }

    private static async Task<object> PlainTrialBalanceAsync(NpgsqlDataSource dataSource, DateOnly from, DateOnly to)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT account_number, sum(debit), sum(credit) FROM accounting.entry_lines WHERE entry_date BETWEEN $1 AND $2 GROUP BY account_number ORDER BY account_number");
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = to });
        var rows = new List<(string, decimal, decimal)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetDecimal(1), reader.GetDecimal(2)));
        }

        return rows;
    }

    /// <summary>The page as one would write it by hand; with balances, the opening and period sums straight off the lines.</summary>
    private static async Task<object> PlainLedgerAsync(NpgsqlDataSource dataSource, string account, DateOnly from, DateOnly to, DateOnly? afterDate, long afterId, bool withBalances)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("""
            SELECT l.id, l.entry_date, e.journal_code, e.sequence, e.reference, l.label, l.subledger, l.debit, l.credit
            FROM accounting.entry_lines l JOIN accounting.entries e ON e.id = l.entry_id
            WHERE l.account_number = $1 AND l.entry_date BETWEEN $2 AND $3 AND (l.entry_date, l.id) > ($4, $5)
            ORDER BY l.entry_date, l.id LIMIT 101
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = account });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = to });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = afterDate ?? DateOnly.MinValue });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterId });
        var count = 0;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                count++;
            }
        }

        if (withBalances)
        {
            await using var sums = new NpgsqlCommand("""
                SELECT sum(debit - credit) FILTER (WHERE entry_date < $2), sum(debit) FILTER (WHERE entry_date >= $2), sum(credit) FILTER (WHERE entry_date >= $2)
                FROM accounting.entry_lines WHERE account_number = $1 AND entry_date <= $3
                """, connection);
            sums.Parameters.Add(new NpgsqlParameter<string> { TypedValue = account });
            sums.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = from });
            sums.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = to });
            await sums.ExecuteScalarAsync();
        }

        return count;
    }

    private static async Task<(DateOnly Date, long Id)> MiddleCursorAsync(NpgsqlDataSource dataSource, string account, DateOnly from, DateOnly to)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT entry_date, id FROM accounting.entry_lines WHERE account_number = $1 AND entry_date BETWEEN $2 AND $3 ORDER BY entry_date, id OFFSET (SELECT count(*) / 2 FROM accounting.entry_lines WHERE account_number = $1 AND entry_date BETWEEN $2 AND $3) LIMIT 1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = account });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = to });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetFieldValue<DateOnly>(0), reader.GetInt64(1));
    }

    private static async Task<Timing> TimeAsync(int warmUp, int repeat, Func<Task<object>> operation)
    {
        for (var i = 0; i < warmUp; i++)
        {
            await operation();
        }

        var times = new double[repeat];
        for (var i = 0; i < repeat; i++)
        {
            var clock = Stopwatch.StartNew();
            await operation();
            times[i] = clock.Elapsed.TotalMilliseconds;
        }

        return Timing.Of(times);
    }
}
