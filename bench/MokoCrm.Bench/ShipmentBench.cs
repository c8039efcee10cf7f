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

    private const string Schema = """
        CREATE SCHEMA bench_ship;
        CREATE TABLE bench_ship.counter (prefix text PRIMARY KEY, value bigint NOT NULL);
        INSERT INTO bench_ship.counter VALUES ('PR', 0), ('SO', 0), ('SH', 0);
        CREATE TABLE bench_ship.documents (id bigserial PRIMARY KEY, kind text NOT NULL, number text UNIQUE, third_party_id bigint NOT NULL, date date NOT NULL,
            status text NOT NULL, total_excl numeric(18,2) NOT NULL DEFAULT 0, total_vat numeric(18,2) NOT NULL DEFAULT 0, total_incl numeric(18,2) NOT NULL DEFAULT 0,
            created_at timestamptz NOT NULL DEFAULT now(), validated_at timestamptz);
        CREATE TABLE bench_ship.lines (id bigserial PRIMARY KEY, document_id bigint NOT NULL REFERENCES bench_ship.documents, position int NOT NULL, product_id bigint,
            description text NOT NULL, quantity numeric(18,5) NOT NULL, unit_price numeric(18,5) NOT NULL, vat_rate numeric(6,3) NOT NULL, total_excl numeric(18,2) NOT NULL,
            total_vat numeric(18,2) NOT NULL, total_incl numeric(18,2) NOT NULL, shipped numeric(18,5) NOT NULL DEFAULT 0, warehouse_id bigint);
        CREATE INDEX ON bench_ship.lines (document_id, position);
        CREATE TABLE bench_ship.links (source_id bigint NOT NULL, target_id bigint NOT NULL, kind text NOT NULL, PRIMARY KEY (source_id, target_id));
        CREATE TABLE bench_ship.audit (id bigserial PRIMARY KEY, record_id bigint NOT NULL, action text NOT NULL, changes jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE bench_ship.events (id bigserial PRIMARY KEY, record_id bigint NOT NULL, title text NOT NULL, at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE bench_ship.outbox (id bigserial PRIMARY KEY, type text NOT NULL, payload jsonb NOT NULL);
        CREATE TABLE bench_ship.levels (product_id bigint NOT NULL, warehouse_id bigint NOT NULL, quantity numeric(18,5) NOT NULL, PRIMARY KEY (product_id, warehouse_id));
        CREATE TABLE bench_ship.movements (id bigserial PRIMARY KEY, product_id bigint NOT NULL, warehouse_id bigint NOT NULL, quantity numeric(18,5) NOT NULL,
            unit_price numeric(18,5) NOT NULL, origin_id bigint NOT NULL, at timestamptz NOT NULL DEFAULT now());
        INSERT INTO bench_ship.levels SELECT p, 1, 100000000 FROM generate_series(0, 3) AS p;
        """;

    public static async Task<string> RunAsync(WebApplication app, string connectionString, TimeSpan duration)
    {
        await Sql.ExecuteAsync(connectionString, Schema);
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
        async Task<long> Tx(Func<NpgsqlConnection, NpgsqlTransaction, Task<long>> work)
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var tx = await connection.BeginTransactionAsync();
            var result = await work(connection, tx);
            await tx.CommitAsync();
            return result;
        }

        static async Task<object?> Run(NpgsqlConnection c, NpgsqlTransaction t, string sql, params object[] values)
        {
            await using var command = new NpgsqlCommand(sql, c, t);
            foreach (var v in values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = v });
            }

            return await command.ExecuteScalarAsync();
        }

        var id = await Tx(async (c, t) =>
        {
            var proposal = (long)(await Run(c, t, "INSERT INTO bench_ship.documents (kind, third_party_id, date, status) VALUES ('proposal', $1, $2, 'Draft') RETURNING id", customer, today))!;
            await Run(c, t, "INSERT INTO bench_ship.audit (record_id, action, changes) VALUES ($1, 'created', '[]')", proposal);
            return proposal;
        });
        var amounts = LineCalculator.Compute(2m, 6.36m, 0m, 20m);
        await Tx(async (c, t) =>
        {
            await Run(c, t, """
                INSERT INTO bench_ship.lines (document_id, position, product_id, description, quantity, unit_price, vat_rate, total_excl, total_vat, total_incl)
                VALUES ($1, 1, $5, 'Bench shipped item', 2, 6.36, 20, $2, $3, $4)
                """, id, amounts.TotalExclTax, amounts.TotalVat, amounts.TotalInclTax, product);
            await Run(c, t, """
                UPDATE bench_ship.documents d SET total_excl = s.e, total_vat = s.v, total_incl = s.i
                FROM (SELECT sum(total_excl) e, sum(total_vat) v, sum(total_incl) i FROM bench_ship.lines WHERE document_id = $1) s WHERE d.id = $1
                """, id);
            await Run(c, t, "INSERT INTO bench_ship.audit (record_id, action, changes) VALUES ($1, 'updated', '[]')", id);
            return 0;
        });
        await Tx(async (c, t) => await ValidateAsync(c, t, id, "PR"));
        await Tx(async (c, t) =>
        {
            await Run(c, t, "UPDATE bench_ship.documents SET status = 'Signed' WHERE id = $1", id);
            await Run(c, t, "INSERT INTO bench_ship.audit (record_id, action, changes) VALUES ($1, 'signed', '[]')", id);
            await Run(c, t, "INSERT INTO bench_ship.events (record_id, title) VALUES ($1, 'signed')", id);
            return 0;
        });
        var order = await Tx(async (c, t) => await ConvertAsync(c, t, id, "order"));
        await Tx(async (c, t) => await ValidateAsync(c, t, order, "SO"));
        var shipment = await Tx(async (c, t) => await ConvertAsync(c, t, order, "shipment"));
        await Tx(async (c, t) =>
        {
            await ValidateAsync(c, t, shipment, "SH");
            await Run(c, t, "SELECT pg_advisory_xact_lock(21332, $1::int)", (int)product);
            var available = (decimal)(await Run(c, t, "SELECT quantity FROM bench_ship.levels WHERE product_id = $1 AND warehouse_id = 1", product))!;
            if (available < 2m)
            {
                throw new InvalidOperationException("no stock");
            }

            await Run(c, t, "UPDATE bench_ship.levels SET quantity = quantity - 2 WHERE product_id = $1 AND warehouse_id = 1", product);
            await Run(c, t, "INSERT INTO bench_ship.movements (product_id, warehouse_id, quantity, unit_price, origin_id) VALUES ($2, 1, -2, 3, $1)", shipment, product);
            await Run(c, t, "UPDATE bench_ship.lines SET shipped = shipped + 2 WHERE document_id = $1", order);
            await Run(c, t, "UPDATE bench_ship.documents SET status = 'Delivered' WHERE id = $1", order);
            return 0;
        });

        static async Task<long> ConvertAsync(NpgsqlConnection c, NpgsqlTransaction t, long from, string kind)
        {
            var o = (long)(await Run(c, t, """
                INSERT INTO bench_ship.documents (kind, third_party_id, date, status, total_excl, total_vat, total_incl)
                SELECT $2, third_party_id, date, 'Draft', total_excl, total_vat, total_incl FROM bench_ship.documents WHERE id = $1 RETURNING id
                """, from, kind))!;
            await Run(c, t, """
                INSERT INTO bench_ship.lines (document_id, position, product_id, description, quantity, unit_price, vat_rate, total_excl, total_vat, total_incl, warehouse_id)
                SELECT $2, position, product_id, description, quantity, unit_price, vat_rate, total_excl, total_vat, total_incl, 1 FROM bench_ship.lines WHERE document_id = $1
                """, from, o);
            await Run(c, t, "INSERT INTO bench_ship.links (source_id, target_id, kind) VALUES ($1, $2, 'converted')", from, o);
            await Run(c, t, "INSERT INTO bench_ship.audit (record_id, action, changes) VALUES ($1, 'created', '[]')", o);
            return o;
        }

        static async Task<long> ValidateAsync(NpgsqlConnection c, NpgsqlTransaction t, long document, string prefix)
        {
            var n = (long)(await Run(c, t, "UPDATE bench_ship.counter SET value = value + 1 WHERE prefix = $1 RETURNING value", prefix))!;
            await Run(c, t, "UPDATE bench_ship.documents SET number = $2, status = 'Validated', validated_at = now() WHERE id = $1", document, $"{prefix}-{n:D6}");
            await Run(c, t, "INSERT INTO bench_ship.audit (record_id, action, changes) VALUES ($1, 'validated', '[]')", document);
            await Run(c, t, "INSERT INTO bench_ship.events (record_id, title) VALUES ($1, 'validated')", document);
            await Run(c, t, "INSERT INTO bench_ship.outbox (type, payload) VALUES ('pdf', jsonb_build_object('id', $1::bigint))", document);
            return n;
        }
    }
}
