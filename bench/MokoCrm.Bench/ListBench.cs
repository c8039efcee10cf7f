using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using MokoCrm.Web.Platform.Web.Lists;
using Npgsql;
using NpgsqlTypes;

namespace MokoCrm.Bench;

/// <summary>A document-like row of the bench's own table (bench.documents), seeded by binary COPY.</summary>
public sealed class BenchDocument
{
    public long Id { get; set; }

    public string Number { get; set; } = "";

    public string ThirdParty { get; set; } = "";

    public DateOnly Date { get; set; }

    public string Status { get; set; } = "";

    public decimal Amount { get; set; }
}

/// <summary>What the list shows: a projection built with an object initialiser, as the app's screens do.</summary>
public sealed class DocumentRow
{
    public long Id { get; init; }

    public string Number { get; init; } = "";

    public string ThirdParty { get; init; } = "";

    public DateOnly Date { get; init; }

    public string Status { get; init; } = "";

    public decimal Amount { get; init; }
}

/// <summary>
/// The bench's own tiny context: the list code under test takes any IQueryable, so the app's whole model is not needed
/// to page one table, and the app's migrations stay untouched.
/// </summary>
public sealed class BenchListContext(DbContextOptions<BenchListContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<BenchDocument>(b =>
    {
        b.ToTable("documents", "bench");
        b.Property(d => d.Id).HasColumnName("id").ValueGeneratedNever();
        b.Property(d => d.Number).HasColumnName("number");
        b.Property(d => d.ThirdParty).HasColumnName("third_party");
        b.Property(d => d.Date).HasColumnName("date");
        b.Property(d => d.Status).HasColumnName("status");
        b.Property(d => d.Amount).HasColumnName("amount").HasPrecision(18, 2);
    });

    public IQueryable<DocumentRow> Rows => Set<BenchDocument>().AsNoTracking().Select(d => new DocumentRow
    {
        Id = d.Id, Number = d.Number, ThirdParty = d.ThirdParty, Date = d.Date, Status = d.Status, Amount = d.Amount,
    });
}

/// <summary>
/// ListEngine.PageAsync on a million rows against the keyset SQL one would write by hand, in the same run. Each case is
/// repeated after a warm-up and reported as p50/p95; the ListEngine figure includes its bounded count, whose own cost
/// (and the hand-written count) are shown too so the comparison is like for like.
/// </summary>
internal static class ListBench
{
    private const int PageSize = 50;
    private const int DeepPage = 1000;

    private static readonly string[] Statuses = ["draft", "validated", "paid", "cancelled"];

    public static readonly ListDefinition<DocumentRow> Documents = new ListDefinition<DocumentRow>("documents", d => d.Id)
        .Column("number", "Number", d => d.Number)
        .Column("third_party", "Third party", d => d.ThirdParty)
        .Column("date", "Date", d => d.Date)
        .Column("status", "Status", d => d.Status)
        .Column("amount", "Amount", d => d.Amount, c => { c.Total = true; c.Format = "N2"; })
        .SortedBy("date", descending: true);

    public static async Task SeedAsync(string connectionString, int rows)
    {
        var clock = Stopwatch.StartNew();
        await Sql.ExecuteAsync(connectionString, """
            CREATE SCHEMA bench;
            CREATE TABLE bench.documents (
                id bigint PRIMARY KEY,
                number text NOT NULL,
                third_party text NOT NULL,
                date date NOT NULL,
                status text NOT NULL,
                amount numeric(18,2) NOT NULL);
            """);

        // Fixed seed: every run pages the same data, so runs compare.
        var random = new Random(20261127);
        var start = new DateOnly(2015, 1, 1);
        var days = new DateOnly(2026, 12, 31).DayNumber - start.DayNumber + 1;
        var thirdParties = Enumerable.Range(1, 5000).Select(i => $"Customer {i:00000} SARL").ToArray();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var import = await connection.BeginBinaryImportAsync(
                "COPY bench.documents (id, number, third_party, date, status, amount) FROM STDIN (FORMAT BINARY)");
            for (var id = 1L; id <= rows; id++)
            {
                var date = start.AddDays(random.Next(days));
                var roll = random.Next(100);
                var status = roll < 20 ? Statuses[0] : roll < 70 ? Statuses[1] : roll < 95 ? Statuses[2] : Statuses[3];
                await import.StartRowAsync();
                await import.WriteAsync(id, NpgsqlDbType.Bigint);
                await import.WriteAsync($"IN{date:yyMM}-{id:0000000}", NpgsqlDbType.Text);
                await import.WriteAsync(thirdParties[random.Next(thirdParties.Length)], NpgsqlDbType.Text);
                await import.WriteAsync(date, NpgsqlDbType.Date);
                await import.WriteAsync(status, NpgsqlDbType.Text);
                await import.WriteAsync(Math.Round((decimal)random.Next(1_000, 10_000_000) / 100m, 2), NpgsqlDbType.Numeric);
            }

            await import.CompleteAsync();
        }

        // The indexes a real document list has: one per sortable column with id as the tie-breaker, the status filter
        // with the default sort, the number lookup. VACUUM sets the visibility map so counts can be index-only scans.
        await Sql.ExecuteAsync(connectionString, """
            CREATE INDEX documents_date_id ON bench.documents (date, id);
            CREATE INDEX documents_amount_id ON bench.documents (amount, id);
            CREATE INDEX documents_status_date_id ON bench.documents (status, date, id);
            CREATE UNIQUE INDEX documents_number ON bench.documents (number);
            """);
        await Sql.ExecuteAsync(connectionString, "VACUUM ANALYZE bench.documents");
        Console.WriteLine($"Seeded {rows:N0} rows with binary COPY and indexed them in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    public static async Task<string> RunAsync(string connectionString, int repeat)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);

        // Two compiled-query caches: the walk to page 1,000 fills one, the measurements use the other, so a deep page
        // is measured with cursors the EF query cache has never seen (as for users who each stand somewhere else).
        var walking = Options(connectionString, new MemoryCache(new MemoryCacheOptions()));
        var measuring = Options(connectionString, new MemoryCache(new MemoryCacheOptions()));

        var walk = Stopwatch.StartNew();
        var deepCursors = await WalkAsync(walking, DeepPage, repeat * 2);
        walk.Stop();
        Console.WriteLine($"Walked to page {DeepPage + repeat * 2} with ListEngine next cursors in {walk.Elapsed.TotalSeconds:0.0} s " +
                          $"({walk.Elapsed.TotalMilliseconds / (DeepPage + repeat * 2):0.00} ms a page, count included)");

        var cases = new List<Case>
        {
            new("first page (date desc)", _ => new ListRequest { Size = PageSize }, Filter: null,
                "ORDER BY date DESC, id DESC LIMIT @size", _ => []),
            new($"page {DeepPage:N0} by its cursor (date desc)", i => new ListRequest { Size = PageSize, After = deepCursors[i].Token }, Filter: null,
                "WHERE (date, id) < (@date, @id) ORDER BY date DESC, id DESC LIMIT @size",
                i => [new NpgsqlParameter<DateOnly>("date", deepCursors[i].Date), new NpgsqlParameter<long>("id", deepCursors[i].Id)]),
            new("last page (reverse order)", _ => new ListRequest { Size = PageSize, Last = true }, Filter: null,
                "ORDER BY date ASC, id ASC LIMIT @size", _ => [], Reverse: true),
            new("status = validated, by amount", _ => new ListRequest { Size = PageSize, Sort = "amount" }, Filter: "validated",
                "WHERE status = 'validated' ORDER BY amount, id LIMIT @size", _ => []),
            new("first page + totals row", _ => new ListRequest { Size = PageSize }, Filter: null,
                "ORDER BY date DESC, id DESC LIMIT @size", _ => [], Totals: true),
        };

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"List of {await Sql.ScalarAsync(connectionString, "SELECT count(*) FROM bench.documents"):N0} documents, pages of {PageSize}, " +
            $"{repeat} timed runs per cell after {repeat / 5} warm-up runs, {Environment.ProcessorCount} cores, times in ms (p50 / p95)");
        report.AppendLine();
        report.AppendLine("| case | ListEngine (page + count) | of which bounded count | plain SQL page | plain SQL page + count | ratio to plain page + count (p50 / p95) | ratio to plain page alone (p50 / p95) |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(report);

        foreach (var item in cases)
        {
            // The last deep cursor is used by neither the warm-up nor the timed runs.
            await CheckSameRowsAsync(measuring, dataSource, item, deepCursors.Count - 1);

            // Timed run i uses deep cursor i, warm-up runs the cursors after them: each one is new to the query cache.
            var warmUp = Math.Max(1, repeat / 5);
            var engine = await TimeAsync(warmUp, repeat, i => EngineAsync(measuring, item, i));
            var count = await TimeAsync(warmUp, repeat, _ => EngineCountAsync(measuring, item));
            var plain = await TimeAsync(warmUp, repeat, i => PlainAsync(dataSource, item, i, withCount: false));
            var plainWithCount = await TimeAsync(warmUp, repeat, i => PlainAsync(dataSource, item, i, withCount: true));
            var line = string.Create(CultureInfo.InvariantCulture,
                $"| {item.Name} | {engine} | {count} | {plain} | {plainWithCount} | {engine.P50 / plainWithCount.P50:0.00} / {engine.P95 / plainWithCount.P95:0.00} | {engine.P50 / plain.P50:0.00} / {engine.P95 / plain.P95:0.00} |");
            report.AppendLine(line);
            Console.WriteLine(line);
        }

        report.AppendLine();
        report.AppendLine("Plain SQL: NpgsqlCommand on a pooled data source, the keyset query written by hand (row-value cursor comparison); " +
                          "'page + count' adds the same bounded count the ListEngine runs (SELECT count(*) FROM (... LIMIT 10001)).");
        report.AppendLine("The totals row is the page's sum (ListPage.Totals); its plain SQL twin returns sum(amount) OVER () with the page.");
        return report.ToString();
    }

    private static DbContextOptions<BenchListContext> Options(string connectionString, IMemoryCache cache) =>
        new DbContextOptionsBuilder<BenchListContext>().UseNpgsql(connectionString).UseMemoryCache(cache).Options;

    private sealed record DeepCursor(string Token, DateOnly Date, long Id);

    private sealed record Case(
        string Name, Func<int, ListRequest> Request, string? Filter, string Sql, Func<int, NpgsqlParameter[]> Parameters,
        bool Reverse = false, bool Totals = false)
    {
        public IQueryable<DocumentRow> Query(BenchListContext db) => Filter is null ? db.Rows : db.Rows.Where(d => d.Status == Filter);
    }

    /// <summary>Follows next cursors from the first page; keeps the cursor that opens each page from <paramref name="from"/> on.</summary>
    private static async Task<List<DeepCursor>> WalkAsync(DbContextOptions<BenchListContext> options, int from, int pages)
    {
        var cursors = new List<DeepCursor>(pages);
        string? after = null;
        for (var page = 1; page < from + pages; page++)
        {
            await using var db = new BenchListContext(options);
            var result = await ListEngine.PageAsync(db.Rows, Documents, new ListRequest { Size = PageSize, After = after });
            after = result.NextCursor ?? throw new InvalidOperationException($"The list ended at page {page}: seed more rows.");
            if (page + 1 >= from)
            {
                var last = result.Rows[^1];
                cursors.Add(new DeepCursor(after, last.Date, last.Id));
            }
        }

        return cursors;
    }

    private static async Task<ListPage<DocumentRow>> EngineAsync(DbContextOptions<BenchListContext> options, Case item, int run)
    {
        // A context per page, as a request scope has.
        await using var db = new BenchListContext(options);
        var page = await ListEngine.PageAsync(item.Query(db), Documents, item.Request(run));
        if (item.Totals && page.Totals is null)
        {
            throw new InvalidOperationException("The totals row is missing.");
        }

        return page;
    }

    private static async Task<int> EngineCountAsync(DbContextOptions<BenchListContext> options, Case item)
    {
        // The same bounded count PageAsync runs, on its own.
        await using var db = new BenchListContext(options);
        return await item.Query(db).Take(ListEngine.CountLimit + 1).CountAsync();
    }

    private static async Task<List<long>> PlainAsync(NpgsqlDataSource dataSource, Case item, int run, bool withCount)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var select = item.Totals
            ? $"SELECT id, number, third_party, date, status, amount, sum(amount) OVER () FROM (SELECT * FROM bench.documents {item.Sql}) AS page"
            : $"SELECT id, number, third_party, date, status, amount FROM bench.documents {item.Sql}";
        var ids = new List<long>(PageSize + 1);
        await using (var command = new NpgsqlCommand(select, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<int>("size", PageSize + 1));
            command.Parameters.AddRange(item.Parameters(run));
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetInt64(0));
                _ = reader.GetString(1);
                _ = reader.GetString(2);
                _ = reader.GetFieldValue<DateOnly>(3);
                _ = reader.GetString(4);
                _ = reader.GetDecimal(5);
                if (item.Totals)
                {
                    _ = reader.GetDecimal(6);
                }
            }
        }

        if (ids.Count > PageSize)
        {
            ids.RemoveAt(ids.Count - 1);
        }

        if (item.Reverse)
        {
            ids.Reverse();
        }

        if (withCount)
        {
            var where = item.Filter is null ? "" : "WHERE status = @status";
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM (SELECT 1 FROM bench.documents {where} LIMIT {ListEngine.CountLimit + 1}) AS probe", connection);
            if (item.Filter is not null)
            {
                count.Parameters.Add(new NpgsqlParameter<string>("status", item.Filter));
            }

            await count.ExecuteScalarAsync();
        }

        return ids;
    }

    /// <summary>A figure is only worth comparing if both sides return the same page.</summary>
    private static async Task CheckSameRowsAsync(DbContextOptions<BenchListContext> options, NpgsqlDataSource dataSource, Case item, int run)
    {
        var engine = (await EngineAsync(options, item, run)).Rows.Select(r => r.Id).ToList();
        var plain = await PlainAsync(dataSource, item, run, withCount: false);
        if (!engine.SequenceEqual(plain) || engine.Count != PageSize)
        {
            throw new InvalidOperationException($"'{item.Name}': ListEngine and plain SQL return different pages.");
        }
    }

    private static async Task<Timing> TimeAsync<T>(int warmUp, int repeat, Func<int, Task<T>> operation)
    {
        for (var i = 0; i < warmUp; i++)
        {
            await operation(repeat + i);
        }

        var times = new double[repeat];
        for (var i = 0; i < repeat; i++)
        {
            var clock = Stopwatch.StartNew();
            await operation(i);
            times[i] = clock.Elapsed.TotalMilliseconds;
        }

        return Timing.Of(times);
    }
}
