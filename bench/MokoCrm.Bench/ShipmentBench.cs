using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Web.Modules.Crm.Features;
using MokoCrm.Web.Modules.Products.Domain;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Sales.Features;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Features;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using Npgsql;
using static MokoCrm.Bench.PlainChain;

namespace MokoCrm.Bench;

/// <summary>
/// The proposal → order → shipment chain as the screens run it, one transaction per action: draft proposal, 1 product
/// line, validate, sign, create order, validate order, create shipment, validate shipment (number, shipped quantity,
/// stock out through the ledger, order delivered, timeline, outbox). Against the same rows written by hand-written SQL
/// in as many transactions, in the same run.
/// </summary>
internal static class ShipmentBench
{
    private const int Workers = 4;

    private const string Plain = "bench_ship";

    public static async Task<string> RunAsync(WebApplication app, string connectionString, TimeSpan duration)
    {
        await Sql.ExecuteAsync(connectionString, PlainChain.Schema(Plain, "PR", "SO", "SH"));
        // One product per worker: parallel shipments of one product are serialized by its stock lock, by design.
        long customer, warehouse;
        var products = new long[Workers];
        await using (var scope = app.Services.CreateAsyncScope())
        {
            customer = await scope.ServiceProvider.GetRequiredService<ThirdPartyAdministration>()
                .CreateAsync(new ThirdPartyForm { Name = "Bench Shipping Customer", IsCustomer = true, CountryCode = "FR" });
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var items = Enumerable.Range(0, Workers).Select(i =>
            {
                var p = new Product($"BENCH-SHIP-{i}", "Bench shipped item", ProductType.Product);
                p.SetPrice(6.36m, PriceBase.ExclTax, 20m, null);
                p.SetStockManaged(true);
                return p;
            }).ToList();
            var w = new Warehouse("BENCH-W", "Bench warehouse");
            db.AddRange(items);
            db.Add(w);
            await db.SaveChangesAsync();
            warehouse = w.Id;
            for (var i = 0; i < Workers; i++)
            {
                products[i] = items[i].Id;
            }
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<StockLedger>().MoveAsync(
                products.Select(p => new StockMove(p, warehouse, 100_000_000m, StockMovementKind.In, "Bench opening stock") { UnitPrice = 3m }).ToList());
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Shipping chains per second (proposal + product line + validate + sign + order + validate order + shipment + validate shipment with stock out = 8 transactions), {duration.TotalSeconds:0.#} s per cell after as long a warm-up, {Environment.ProcessorCount} cores");
        report.AppendLine();
        report.AppendLine("| parallel | app use cases /s | plain SQL /s | ratio |");
        report.AppendLine("|---:|---:|---:|---:|");
        Console.WriteLine(report);

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        foreach (var parallel in new[] { 1, 4 })
        {
            var real = await Measure.RunAsync(parallel, duration, worker => () => ChainAsync(app, customer, products[worker], warehouse, today));
            var plain = await Measure.RunAsync(parallel, duration, worker => () => PlainChainAsync(dataSource, customer, worker, today));
            var line = string.Create(CultureInfo.InvariantCulture, $"| {parallel} | {real.PerSecond:0.0} | {plain.PerSecond:0.0} | {real.PerSecond / plain.PerSecond:0.00} |");
            report.AppendLine(line);
            Console.WriteLine(line);
        }

        return report.ToString();
    }

    private static async Task ChainAsync(WebApplication app, long customer, long product, long warehouse, DateOnly today)
    {
        async Task<T> InScope<T>(Func<IServiceProvider, Task<T>> step)
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await step(scope.ServiceProvider);
        }

        var id = await InScope(s => s.GetRequiredService<ProposalAdministration>().CreateAsync(new ProposalForm { ThirdPartyId = customer, Date = today }));
        await InScope(s => s.GetRequiredService<ProposalAdministration>().AddLineAsync(id, new LineForm { Kind = LineKind.Product, ProductId = product, Quantity = 2m }));
        await InScope(s => s.GetRequiredService<ProposalAdministration>().ValidateAsync(id));
        await InScope(async s => { await s.GetRequiredService<ProposalAdministration>().SignAsync(id, null); return 0; });
        var order = await InScope(s => s.GetRequiredService<OrderAdministration>().CreateFromProposalAsync(id));
        var line = await InScope(async s =>
        {
            await s.GetRequiredService<OrderAdministration>().ValidateAsync(order);
            return (await s.GetRequiredService<OrderAdministration>().GetAsync(order, default)).Lines[0].Id;
        });
        var shipment = await InScope(s => s.GetRequiredService<ShipmentAdministration>().CreateFromOrderAsync(order, new ShipmentForm
        {
            Date = today, Lines = [new ShipmentLineForm { OrderLineId = line, Quantity = 2m, WarehouseId = warehouse }],
        }));
        await InScope(s => s.GetRequiredService<ShipmentAdministration>().ValidateAsync(shipment));
    }

    private static async Task PlainChainAsync(NpgsqlDataSource dataSource, long customer, long product, DateOnly today)
    {
        var id = await TxAsync(dataSource, async (c, t) =>
        {
            var proposal = (long)(await SqlAsync(c, t, "INSERT INTO bench_ship.documents (kind, third_party_id, date, status) VALUES ('proposal', $1, $2, 'Draft') RETURNING id", customer, today))!;
            await SqlAsync(c, t, "INSERT INTO bench_ship.audit (record_id, action, changes) VALUES ($1, 'created', '[]')", proposal);
            return proposal;
        });
        var amounts = LineCalculator.Compute(2m, 6.36m, 0m, 20m);
        await TxAsync(dataSource, async (c, t) =>
        {
            await SqlAsync(c, t, """
                INSERT INTO bench_ship.lines (document_id, position, product_id, description, quantity, unit_price, vat_rate, total_excl, total_vat, total_incl)
                VALUES ($1, 1, $5, 'Bench shipped item', 2, 6.36, 20, $2, $3, $4)
                """, id, amounts.TotalExclTax, amounts.TotalVat, amounts.TotalInclTax, product);
            await SqlAsync(c, t, """
                UPDATE bench_ship.documents d SET total_excl = s.e, total_vat = s.v, total_incl = s.i
                FROM (SELECT sum(total_excl) e, sum(total_vat) v, sum(total_incl) i FROM bench_ship.lines WHERE document_id = $1) s WHERE d.id = $1
                """, id);
            await SqlAsync(c, t, "INSERT INTO bench_ship.audit (record_id, action, changes) VALUES ($1, 'updated', '[]')", id);
            return 0;
        });
        await TxAsync(dataSource, async (c, t) => await ValidateAsync(c, t, Plain, id, "PR"));
        await TxAsync(dataSource, async (c, t) =>
        {
            await SqlAsync(c, t, "UPDATE bench_ship.documents SET status = 'Signed' WHERE id = $1", id);
            await SqlAsync(c, t, "INSERT INTO bench_ship.audit (record_id, action, changes) VALUES ($1, 'signed', '[]')", id);
            await SqlAsync(c, t, "INSERT INTO bench_ship.events (record_id, title) VALUES ($1, 'signed')", id);
            return 0;
        });
        var order = await TxAsync(dataSource, async (c, t) => await ConvertAsync(c, t, Plain, id, "order"));
        await TxAsync(dataSource, async (c, t) => await ValidateAsync(c, t, Plain, order, "SO"));
        var shipment = await TxAsync(dataSource, async (c, t) => await ConvertAsync(c, t, Plain, order, "shipment"));
        await TxAsync(dataSource, async (c, t) =>
        {
            await ValidateAsync(c, t, Plain, shipment, "SH");
            await SqlAsync(c, t, "SELECT pg_advisory_xact_lock(21332, $1::int)", (int)product);
            var available = (decimal)(await SqlAsync(c, t, "SELECT quantity FROM bench_ship.levels WHERE product_id = $1 AND warehouse_id = 1", product))!;
            if (available < 2m)
            {
                throw new InvalidOperationException("no stock");
            }

            await SqlAsync(c, t, "UPDATE bench_ship.levels SET quantity = quantity - 2 WHERE product_id = $1 AND warehouse_id = 1", product);
            await SqlAsync(c, t, "INSERT INTO bench_ship.movements (product_id, warehouse_id, quantity, unit_price, origin_id) VALUES ($2, 1, -2, 3, $1)", shipment, product);
            await SqlAsync(c, t, "UPDATE bench_ship.lines SET shipped = shipped + 2 WHERE document_id = $1", order);
            await SqlAsync(c, t, "UPDATE bench_ship.documents SET status = 'Delivered' WHERE id = $1", order);
            return 0;
        });
    }
}
