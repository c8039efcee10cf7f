using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Features;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;
using Npgsql;

namespace MokoCrm.Bench;

/// <summary>
/// Manufacturing (issue 4), on the stock bench's database: productions of one unit per transaction through
/// <see cref="ManufacturingOrderAdministration.ProduceAsync"/> (locks, shortage check, 3 components out at their
/// average cost, the product in at the consumed cost, the order updated) against plain SQL writing the same rows
/// (4 movement INSERTs, 4 level UPDATEs, 1 order UPDATE) without locks, checks or costs.
/// </summary>
internal static class ManufacturingBench
{
    private const int Components = 3;

    private const int RoundTripSamples = 10;

    public static async Task<string> RunAsync(WebApplication app, string connectionString, TimeSpan duration)
    {
        var services = app.Services;
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"## Manufacturing ({duration.TotalSeconds:0} s per cell)").AppendLine();
        report.AppendLine("| productions of 1 unit, one transaction each | app (ledger, costs, order), productions/s | plain SQL, same rows, /s | ratio |");
        report.AppendLine("|---|---|---|---|");
        foreach (var parallel in new[] { 1, 4 })
        {
            // One order per writer, each with components of its own (no lock shared between writers), stocked plenty.
            var orders = new List<long>();
            for (var w = 0; w < parallel; w++)
            {
                orders.Add(await OrderAsync(services, 9_000 + (parallel * 10) + w));
            }

            var viaApp = await Measure.RunAsync(parallel, duration, worker => async () =>
            {
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ManufacturingOrderAdministration>().ProduceAsync(orders[worker], "1");
            });
            var plain = await Measure.RunAsync(parallel, duration, worker => async () =>
            {
                var product = 9_000 + (parallel * 10) + worker;
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                await using var batch = new NpgsqlBatch(connection, transaction);
                foreach (var (id, quantity) in ComponentsOf(product).Select(c => ((long)c, -1m)).Append(((long)product, 1m)))
                {
                    var insert = new NpgsqlBatchCommand(
                        """
                        INSERT INTO stock.stock_movements (id, date, product_id, warehouse_id, quantity, unit_price, kind, label, created_at)
                        VALUES (nextval('bench_movement_ids'), current_date, $1, 1, $2, 5, 'Correction', 'Plain production', now())
                        """);
                    insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
                    insert.Parameters.Add(new NpgsqlParameter<decimal> { TypedValue = quantity });
                    batch.BatchCommands.Add(insert);
                    var update = new NpgsqlBatchCommand("UPDATE stock.stock_levels SET quantity = quantity + $2 WHERE product_id = $1 AND warehouse_id = 1");
                    update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
                    update.Parameters.Add(new NpgsqlParameter<decimal> { TypedValue = quantity });
                    batch.BatchCommands.Add(update);
                }

                var order = new NpgsqlBatchCommand("UPDATE stock.manufacturing_orders SET quantity_produced = quantity_produced WHERE id = $1");
                order.Parameters.Add(new NpgsqlParameter<long> { TypedValue = orders[worker] });
                batch.BatchCommands.Add(order);
                await batch.ExecuteNonQueryAsync();
                await transaction.CommitAsync();
            }, setUp: () => Sql.ExecuteAsync(connectionString, "CREATE SEQUENCE IF NOT EXISTS bench_movement_ids START 900000000"));
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {parallel} writer(s) | {viaApp.PerSecond:N0} | {plain.PerSecond:N0} | {viaApp.PerSecond / plain.PerSecond:0.00} |");
            Console.WriteLine(report.ToString().Split('\n').Reverse().Skip(1).First());
        }

        // Round trips of one production, counted from Npgsql's own activities (one per command or batch it sends, on
        // this flow only: an AsyncLocal marks it, so the app's background work is not counted). BEGIN goes out with
        // the first command; the COMMIT is not an activity, hence the + 1.
        var counted = await OrderAsync(services, 9_099);
        var commands = 0;
        var counting = new AsyncLocal<bool>();
        using (var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = _ =>
            {
                if (counting.Value)
                {
                    Interlocked.Increment(ref commands);
                }
            },
        })
        {
            ActivitySource.AddActivityListener(listener);
            counting.Value = true;
            for (var i = 0; i < RoundTripSamples; i++)
            {
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ManufacturingOrderAdministration>().ProduceAsync(counted, "1");
            }

            counting.Value = false;
        }

        report.AppendLine().AppendLine(CultureInfo.InvariantCulture,
            $"Round trips per production: {(double)commands / RoundTripSamples:0.#} commands + 1 COMMIT (Npgsql activities over {RoundTripSamples} productions).");

        // The plain rows broke the invariant on purpose (levels only); undo them, then the ledger's own must hold.
        await Sql.ExecuteAsync(connectionString, """
            UPDATE stock.stock_levels l SET quantity = l.quantity - p.total
            FROM (SELECT product_id, warehouse_id, sum(quantity) AS total FROM stock.stock_movements WHERE label = 'Plain production' GROUP BY 1, 2) p
            WHERE l.product_id = p.product_id AND l.warehouse_id = p.warehouse_id;
            DELETE FROM stock.stock_movements WHERE label = 'Plain production';
            """);
        var breaches = await Sql.ScalarAsync(connectionString, """
            SELECT count(*) FROM (SELECT product_id, warehouse_id, sum(quantity) AS total FROM stock.stock_movements GROUP BY 1, 2) m
            FULL JOIN stock.stock_levels l USING (product_id, warehouse_id) WHERE coalesce(m.total, 0) <> coalesce(l.quantity, 0)
            """);
        report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Invariant level == Σ movements after the run: {breaches} breach(es).");
        Console.WriteLine(report);
        return report.ToString();
    }

    /// <summary>Components of the bench product <paramref name="product"/>: three products of its own.</summary>
    private static IEnumerable<int> ComponentsOf(int product) => Enumerable.Range(1, Components).Select(i => (product * 10) % StockBench.Products + i);

    /// <summary>A validated bill (3 components, 1 each), the components stocked in warehouse 1, a big validated order.</summary>
    private static async Task<long> OrderAsync(IServiceProvider services, int product)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var bom = new Bom($"Bench bill {product}", product, 1, null);
        foreach (var component in ComponentsOf(product))
        {
            bom.AddComponent(component, 1, 0);
        }

        bom.Validate(null, DateTime.UtcNow);
        db.Add(bom);
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<StockLedger>().MoveAsync(ComponentsOf(product)
            .Select(c => new StockMove(c, 1, 1_000_000, StockMovementKind.In, "Bench components") { UnitPrice = 4.25m }).ToList());
        var orders = scope.ServiceProvider.GetRequiredService<ManufacturingOrderAdministration>();
        var id = await orders.CreateAsync(new ManufacturingOrderForm { BomId = bom.Id, Quantity = "1000000", ConsumeWarehouseId = 1, ProduceWarehouseId = 1 });
        await orders.ValidateAsync(id);
        return id;
    }
}
