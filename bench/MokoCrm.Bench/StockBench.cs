using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MokoCrm.Web.Modules.Products;
using MokoCrm.Web.Modules.Stock;
using MokoCrm.Web.Modules.Stock.Features;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Modules.Stock.Queries;
using MokoCrm.Web.Platform;
using MokoCrm.Web.Platform.Data;
using Npgsql;
using NpgsqlTypes;

namespace MokoCrm.Bench;

/// <summary>
/// Stock (issue 4): 1,000,000 movements over 10,000 products and 20 warehouses seeded with binary COPY (levels and
/// valuations computed from them), then the stock-by-warehouse report and the valuation through the app's queries
/// against plain SQL, and movements written through the ledger (levels and average cost in step) against plain
/// INSERTs of the same rows.
/// </summary>
internal static class StockBench
{
    public const int Products = 10_000;
    public const int Warehouses = 20;

    public static async Task<WebApplication> StartAppAsync(string connectionString)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Bench", ApplicationName = typeof(PlatformModule).Assembly.GetName().Name });
        builder.Configuration["ConnectionStrings:Default"] = connectionString;
        builder.Configuration["MOKO_DEMO"] = "false";
        builder.Configuration["Moko:LogToFile"] = "false";
        builder.Configuration["Moko:Outbox:Enabled"] = "false";
        builder.AddPlatform();
        builder.Services.AddProducts();
        builder.Services.AddStock();
        var app = builder.Build();
        await app.Services.GetServices<IHostedService>().OfType<DatabaseInitializer>().Single().StartAsync(CancellationToken.None);
        return app;
    }

    public static async Task SeedAsync(string connectionString, int movements)
    {
        var clock = Stopwatch.StartNew();
        await Sql.ExecuteAsync(connectionString, $"""
            INSERT INTO products.products (id, reference, label, type, on_sale, on_purchase, price_base, sale_price, sale_price_incl_tax, vat_rate,
                sale_account, purchase_account, stock_managed, archived, stock_alert_level)
            SELECT i, 'BP-' || lpad(i::text, 6, '0'), 'Bench product ' || i, 'Product', true, true, 'ExclTax', 10, 12, 20, '707', '607', true, false,
                   CASE WHEN i % 10 = 0 THEN 500 END
            FROM generate_series(1, {Products}) AS i;
            INSERT INTO stock.warehouses (id, reference, label, status, is_default)
            SELECT i, 'BW-' || lpad(i::text, 2, '0'), 'Bench warehouse ' || i, 'Open', i = 1 FROM generate_series(1, {Warehouses}) AS i;
            """);

        // Fixed seed: every run has the same data. Mostly priced inputs, some outputs; a correction per negative level.
        var random = new Random(20261128);
        var kinds = new[] { "In", "In", "In", "Out", "Correction" };
        var start = new DateOnly(2024, 1, 1);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var import = await connection.BeginBinaryImportAsync(
                "COPY stock.stock_movements (id, date, product_id, warehouse_id, quantity, unit_price, kind, label, created_at) FROM STDIN (FORMAT BINARY)");
            var created = DateTime.UtcNow;
            for (var id = 1; id <= movements; id++)
            {
                var kind = kinds[random.Next(kinds.Length)];
                var quantity = kind == "Out" ? -random.Next(1, 4) : random.Next(1, 20);
                await import.StartRowAsync();
                await import.WriteAsync((long)id, NpgsqlDbType.Bigint);
                await import.WriteAsync(start.AddDays(random.Next(0, 1000)), NpgsqlDbType.Date);
                await import.WriteAsync((long)random.Next(1, Products + 1), NpgsqlDbType.Bigint);
                await import.WriteAsync((long)random.Next(1, Warehouses + 1), NpgsqlDbType.Bigint);
                await import.WriteAsync((decimal)quantity, NpgsqlDbType.Numeric);
                await import.WriteAsync(Math.Round(5m + (decimal)random.NextDouble() * 20m, 5), NpgsqlDbType.Numeric);
                await import.WriteAsync(kind, NpgsqlDbType.Varchar);
                await import.WriteAsync("Bench movement", NpgsqlDbType.Varchar);
                await import.WriteAsync(created, NpgsqlDbType.TimestampTz);
            }

            await import.CompleteAsync();
        }

        // Levels and valuations as the ledger would have left them (the average cost here is the priced inputs' mean).
        await Sql.ExecuteAsync(connectionString, $"""
            INSERT INTO stock.stock_movements (id, date, product_id, warehouse_id, quantity, unit_price, kind, label, created_at)
            SELECT {movements} + row_number() OVER (), DATE '2026-11-01', product_id, warehouse_id, -total, 0, 'Correction', 'Bench: no negative stock', now()
            FROM (SELECT product_id, warehouse_id, sum(quantity) AS total FROM stock.stock_movements GROUP BY product_id, warehouse_id) t WHERE total < 0;
            INSERT INTO stock.stock_levels (product_id, warehouse_id, quantity)
            SELECT product_id, warehouse_id, sum(quantity) FROM stock.stock_movements GROUP BY product_id, warehouse_id;
            INSERT INTO stock.product_valuations (id, product_id, total_quantity, average_cost)
            SELECT product_id, product_id, sum(quantity),
                   round(coalesce(sum(quantity * unit_price) FILTER (WHERE quantity > 0) / nullif(sum(quantity) FILTER (WHERE quantity > 0), 0), 0), 5)
            FROM stock.stock_movements GROUP BY product_id;
            SELECT setval('products.products_hilo', {Products + 1000});
            SELECT setval('stock.warehouses_hilo', {Warehouses + 1000});
            SELECT setval('stock.stock_movements_hilo', {movements + 1_000_000});
            SELECT setval('stock.product_valuations_hilo', {Products + 1000});
            """);
        await Sql.ExecuteAsync(connectionString, "VACUUM ANALYZE stock.stock_movements");
        await Sql.ExecuteAsync(connectionString, "VACUUM ANALYZE stock.stock_levels");
        await Sql.ExecuteAsync(connectionString, "VACUUM ANALYZE stock.product_valuations");
        Console.WriteLine($"Stock seed: {movements:N0} movements, {Products:N0} products, {Warehouses} warehouses in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    public static async Task<string> RunAsync(WebApplication app, string connectionString, int repeat, TimeSpan duration)
    {
        var services = app.Services;
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"## Stock ({repeat} timed runs per report cell, {duration.TotalSeconds:0} s per throughput cell)").AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Load average at the start: {Machine.LoadAverage()}.").AppendLine();
        report.AppendLine("| report | app p50 / p95 ms | plain SQL, same tables | naive GROUP BY over movements | app ÷ plain (p95) | app ÷ naive (p95) |");
        report.AppendLine("|---|---|---|---|---|---|");

        async Task ReportRow(string name, Func<StockQueries, Task<object>> viaApp, string plain, string naive)
        {
            // The app and the plain query in turns (app, plain, plain, app, ...): on a shared machine the load drifts
            // within seconds, and timing all of one then all of the other handed one side a quieter stretch (the
            // stock-by-warehouse p95 ratio read 0.81x to 1.65x from run to run with the same queries on both sides).
            var (viaAppTiming, plainTiming) = await TimeInTurnsAsync(repeat, async () =>
            {
                await using var scope = services.CreateAsyncScope();
                return await viaApp(scope.ServiceProvider.GetRequiredService<StockQueries>());
            }, () => RowsAsync(connectionString, plain));
            var naiveTiming = await TimeAsync(Math.Max(5, repeat / 5), () => RowsAsync(connectionString, naive));
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {viaAppTiming} | {plainTiming} | {naiveTiming} | {viaAppTiming.P95 / plainTiming.P95:0.00}x | {viaAppTiming.P95 / naiveTiming.P95:0.00}x |");
        }

        await ReportRow("stock by warehouse (qty, value per warehouse)",
            async q => await q.WarehouseTotalsAsync(),
            """
            SELECT w.id, w.reference, w.label, t.products, t.quantity, round(t.value, 2)
            FROM (SELECT l.warehouse_id, count(*) AS products, sum(l.quantity) AS quantity, sum(l.quantity * v.average_cost) AS value
                  FROM stock.stock_levels l JOIN stock.product_valuations v ON v.product_id = l.product_id
                  WHERE l.quantity <> 0 GROUP BY l.warehouse_id) t
            JOIN stock.warehouses w ON w.id = t.warehouse_id ORDER BY w.reference
            """,
            """
            SELECT m.warehouse_id, count(DISTINCT m.product_id), sum(m.quantity), sum(m.quantity * v.average_cost)
            FROM stock.stock_movements m JOIN stock.product_valuations v ON v.product_id = m.product_id GROUP BY m.warehouse_id
            """);
        await ReportRow("valuation (value of all stock)",
            async q => await q.TotalValueAsync(),
            "SELECT round(sum(total_quantity * average_cost), 2) FROM stock.product_valuations",
            """
            SELECT round(sum(m.quantity * v.average_cost), 2)
            FROM (SELECT product_id, sum(quantity) AS quantity FROM stock.stock_movements GROUP BY product_id) m
            JOIN stock.product_valuations v ON v.product_id = m.product_id
            """);

        report.AppendLine().AppendLine("| movement inserts, one transaction per document | ledger (levels + average cost in step), movements/s | plain INSERT, rows/s | ratio | load average |");
        report.AppendLine("|---|---|---|---|---|");
        foreach (var (parallel, lines) in new[] { (1, 1), (4, 1), (1, 20), (4, 20) })
        {
            await Sql.ExecuteAsync(connectionString, "CREATE SEQUENCE IF NOT EXISTS bench_movement_ids START 900000000");
            var (ledger, plain) = await InTurnsAsync(parallel, duration, worker =>
            {
                var random = new Random(worker);
                var turn = 0;
                var places = new List<(long Product, long Warehouse)>();
                return async () =>
                {
                    // A document of `lines` priced inputs somewhere, then one taking a unit of each back out: every
                    // move takes its product's lock, checks the stock and updates the level and the valuation.
                    if (turn++ % 2 == 0)
                    {
                        var warehouse = random.Next(1, Warehouses + 1);
                        // `lines` distinct products: the movements/s column counts `lines` per document.
                        var products = new HashSet<long>();
                        while (products.Count < lines)
                        {
                            products.Add(random.Next(1, Products + 1));
                        }

                        places = products.Select(p => (p, (long)warehouse)).ToList();
                    }

                    var moves = places.Select(p => turn % 2 == 1
                        ? new StockMove(p.Product, p.Warehouse, 2, StockMovementKind.In, "Bench in") { UnitPrice = 11.5m }
                        : new StockMove(p.Product, p.Warehouse, -1, StockMovementKind.Out, "Bench out")).ToList();
                    await using var scope = services.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<StockLedger>().MoveAsync(moves);
                };
            }, worker =>
            {
                var random = new Random(1000 + worker);
                return async () =>
                {
                    await using var connection = new NpgsqlConnection(connectionString);
                    await connection.OpenAsync();
                    await using var transaction = await connection.BeginTransactionAsync();
                    await using var batch = new NpgsqlBatch(connection, transaction);
                    for (var i = 0; i < lines; i++)
                    {
                        var command = new NpgsqlBatchCommand(
                            """
                            INSERT INTO stock.stock_movements (id, date, product_id, warehouse_id, quantity, unit_price, kind, label, created_at)
                            VALUES (nextval('bench_movement_ids'), current_date, $1, $2, 2, 11.5, 'In', 'Plain insert', now())
                            """);
                        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = random.Next(1, Products + 1) });
                        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = random.Next(1, Warehouses + 1) });
                        batch.BatchCommands.Add(command);
                    }

                    await batch.ExecuteNonQueryAsync();
                    await transaction.CommitAsync();
                };
            });
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {parallel} writer(s), {lines} line(s) | {ledger * lines:N0} | {plain * lines:N0} | {ledger / plain:0.00} | {Machine.LoadAverage()} |");
            Console.WriteLine(report.ToString().Split('\n').Reverse().Skip(1).First());
        }

        // Where a single-line document's time goes, one document alone: round trips, and CPU of this process and of the
        // bench's PostgreSQL per document (CPU holds much better than wall time on a loaded machine), ledger and plain.
        var samples = int.TryParse(Environment.GetEnvironmentVariable("MOKO_BENCH_STOCK_SAMPLES"), CultureInfo.InvariantCulture, out var wanted) ? Math.Max(wanted, 10) : 400;
        using (var trips = new RoundTrips())
        {
            var ledgerRandom = new Random(77);
            var plainRandom = new Random(78);
            foreach (var (name, operation) in new (string, Func<int, Task>)[]
            {
                ("ledger", async i =>
                {
                    var product = ledgerRandom.Next(1, Products + 1);
                    await using var scope = services.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<StockLedger>().MoveAsync([new StockMove(product, 1, 2, StockMovementKind.In, "Bench in") { UnitPrice = 11.5m }]);
                }),
                ("plain INSERT", async i =>
                {
                    await using var connection = new NpgsqlConnection(connectionString);
                    await connection.OpenAsync();
                    await using var transaction = await connection.BeginTransactionAsync();
                    await using var command = new NpgsqlCommand(
                        """
                        INSERT INTO stock.stock_movements (id, date, product_id, warehouse_id, quantity, unit_price, kind, label, created_at)
                        VALUES (nextval('bench_movement_ids'), current_date, $1, $2, 2, 11.5, 'In', 'Plain insert', now())
                        """, connection, transaction);
                    command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = plainRandom.Next(1, Products + 1) });
                    command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = 1 });
                    await command.ExecuteNonQueryAsync();
                    await transaction.CommitAsync();
                }),
            })
            {
                for (var i = 0; i < samples / 4; i++)
                {
                    await operation(i);
                }

                var before = Cpu.Now();
                for (var i = 0; i < samples; i++)
                {
                    await trips.WatchAsync(name, async () => { await operation(i); return 0; });
                }

                var after = Cpu.Now();
                var server = after.Server - before.Server is { } s ? string.Create(CultureInfo.InvariantCulture, $", PostgreSQL {s.TotalMilliseconds / samples:0.000} ms") : "";
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"One single-line document alone, {name}, mean of {samples}: {(double)trips.Counts.GetValueOrDefault(name) / samples:0.#} round trips + COMMIT, {trips.TimeOf(name).Wall.TotalMilliseconds / samples:0.000} ms whole / {trips.TimeOf(name).Database.TotalMilliseconds / samples:0.000} ms waiting for the database; CPU: app {(after.App - before.App).TotalMilliseconds / samples:0.000} ms{server} (load average {Machine.LoadAverage()}).");
                Console.WriteLine(line);
                report.AppendLine().AppendLine(line);
            }
        }

        // The plain rows broke the invariant on purpose; the ledger's own must hold.
        await Sql.ExecuteAsync(connectionString, "DELETE FROM stock.stock_movements WHERE label = 'Plain insert'");
        var breaches = await Sql.ScalarAsync(connectionString, """
            SELECT count(*) FROM (SELECT product_id, warehouse_id, sum(quantity) AS total FROM stock.stock_movements GROUP BY 1, 2) m
            FULL JOIN stock.stock_levels l USING (product_id, warehouse_id) WHERE coalesce(m.total, 0) <> coalesce(l.quantity, 0)
            """);
        report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Invariant level == Σ movements after the run: {breaches} breach(es).");
        Console.WriteLine(report);
        return report.ToString();
    }

    private static async Task<object> RowsAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
        }

        return rows;
    }

    /// <summary>
    /// Times two operations in turns (a b b a a b ...) after a warm-up of each, so that both see the same stretches of
    /// the machine's load.
    /// </summary>
    private static async Task<(Timing A, Timing B)> TimeInTurnsAsync(int repeat, Func<Task<object>> a, Func<Task<object>> b)
    {
        for (var i = 0; i < Math.Max(2, repeat / 5); i++)
        {
            await a();
            await b();
        }

        var timesA = new double[repeat];
        var timesB = new double[repeat];
        for (var i = 0; i < repeat; i++)
        {
            var aFirst = i % 2 == 0;
            var first = await Time(aFirst ? a : b);
            var second = await Time(aFirst ? b : a);
            (aFirst ? timesA : timesB)[i] = first;
            (aFirst ? timesB : timesA)[i] = second;
        }

        return (Timing.Of(timesA), Timing.Of(timesB));

        static async Task<double> Time(Func<Task<object>> operation)
        {
            var clock = Stopwatch.StartNew();
            await operation();
            return clock.Elapsed.TotalMilliseconds;
        }
    }

    /// <summary>
    /// Operations per second of two kinds of worker loops (A: <paramref name="a"/>, B: <paramref name="b"/>, each built
    /// per worker), <paramref name="parallel"/> workers of one kind at a time, measured in turns (A B B A A B B A, a
    /// quarter of <paramref name="duration"/> each, so each kind gets <paramref name="duration"/> in all) after a
    /// warm-up of each: the load of a shared machine drifts within seconds, and one cell after the other handed one
    /// side a quieter stretch.
    /// </summary>
    private static async Task<(double A, double B)> InTurnsAsync(int parallel, TimeSpan duration, Func<int, Func<Task>> a, Func<int, Func<Task>> b)
    {
        var operationsA = Enumerable.Range(0, parallel).Select(a).ToList();
        var operationsB = Enumerable.Range(0, parallel).Select(b).ToList();
        await LoopAsync(operationsA, duration / 2);
        await LoopAsync(operationsB, duration / 2);
        (long Done, double Seconds) totalA = (0, 0), totalB = (0, 0);
        foreach (var isA in new[] { true, false, false, true, true, false, false, true })
        {
            var (done, seconds) = await LoopAsync(isA ? operationsA : operationsB, duration / 4);
            if (isA)
            {
                totalA = (totalA.Done + done, totalA.Seconds + seconds);
            }
            else
            {
                totalB = (totalB.Done + done, totalB.Seconds + seconds);
            }
        }

        return (totalA.Done / totalA.Seconds, totalB.Done / totalB.Seconds);

        static async Task<(long Done, double Seconds)> LoopAsync(IReadOnlyList<Func<Task>> operations, TimeSpan duration)
        {
            long done = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(operations.Select(operation => Task.Run(async () =>
            {
                while (clock.Elapsed < duration)
                {
                    await operation();
                    Interlocked.Increment(ref done);
                }
            })));
            return (done, clock.Elapsed.TotalSeconds);
        }
    }

    private static async Task<Timing> TimeAsync(int repeat, Func<Task<object>> operation)
    {
        for (var i = 0; i < Math.Max(2, repeat / 5); i++)
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
