using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Web.Modules.Crm.Features;
using MokoCrm.Web.Modules.Products.Domain;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Modules.Purchasing.Features;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Setup.Domain;
using Npgsql;
using static MokoCrm.Bench.PlainChain;

namespace MokoCrm.Bench;

/// <summary>
/// The purchasing chain (MOKO_BENCH_ONLY=purchasing): purchase order, one product line, validate, approve, send,
/// reception validated at once (stock in at its cost, average cost), supplier invoice from the reception, validate
/// (AC posting), payment (BQ posting): 9 transactions through the real use cases per chain, 1 and 4 in parallel,
/// against the same rows written by plain SQL in as many transactions, in the same run.
/// </summary>
internal static class PurchasingBench
{
    private const int Workers = 4;
    private const string Plain = "bench_purch";

    private static long _supplierNumbers;

    public static async Task<string> RunAsync(WebApplication app, string connectionString, TimeSpan duration)
    {
        await Sql.ExecuteAsync(connectionString, PlainChain.Schema(Plain, "PO", "RC", "SI", "PAY"));
        // One supplier and one product per worker: a payment locks its supplier's open invoices and a reception its
        // product's stock and cost, by design; workers of one supplier would queue on each other.
        var suppliers = new long[Workers];
        var products = new long[Workers];
        long warehouse, bank;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            for (var i = 0; i < Workers; i++)
            {
                suppliers[i] = await scope.ServiceProvider.GetRequiredService<ThirdPartyAdministration>()
                    .CreateAsync(new ThirdPartyForm { Name = $"Bench Purchasing Supplier {i}", IsSupplier = true, CountryCode = "FR" });
            }

            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var items = Enumerable.Range(0, Workers).Select(i =>
            {
                var p = new Product($"BENCH-PURCH-{i}", "Bench purchased item", ProductType.Product);
                p.SetPrice(6.36m, PriceBase.ExclTax, 20m, null);
                p.SetStockManaged(true);
                return p;
            }).ToList();
            var w = new Warehouse("BENCH-PW", "Bench purchasing warehouse");
            var b = new BankAccount { Label = "Bench purchasing bank", AccountingAccount = "512" };
            db.AddRange(items);
            db.Add(w);
            db.Add(b);
            await db.SaveChangesAsync();
            (warehouse, bank) = (w.Id, b.Id);
            for (var i = 0; i < Workers; i++)
            {
                products[i] = items[i].Id;
            }
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Purchasing chains per second, order to payment (order + product line + validate + approve + send + reception validated + supplier invoice + validate invoice + payment = 9 transactions), {duration.TotalSeconds:0.#} s per cell after as long a warm-up, {Environment.ProcessorCount} cores, load average {Machine.LoadAverage()} at the start");
        report.AppendLine(CellCost.Legend);
        report.AppendLine();
        report.AppendLine("| parallel | app use cases /s | plain SQL /s | ratio | app, per chain | plain SQL, per chain |");
        report.AppendLine("|---:|---:|---:|---:|---:|---:|");
        Console.Write(report);

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        foreach (var parallel in new[] { 1, 4 })
        {
            var realCost = new CellCost();
            var real = await Measure.RunAsync(parallel, duration, worker => realCost.Counting(() => ChainAsync(app, suppliers[worker], products[worker], warehouse, bank, today)), afterWarmUp: realCost.Start);
            var realPerChain = realCost.PerOperation();
            var plainCost = new CellCost();
            var plain = await Measure.RunAsync(parallel, duration, worker => plainCost.Counting(() => PlainChainAsync(dataSource, suppliers[worker], worker, today)), afterWarmUp: plainCost.Start);
            var plainPerChain = plainCost.PerOperation();
            var line = string.Create(CultureInfo.InvariantCulture, $"| {parallel} | {real.PerSecond:0.0} | {plain.PerSecond:0.0} | {real.PerSecond / plain.PerSecond:0.00} | {realPerChain} | {plainPerChain} |");
            report.AppendLine(line);
            Console.WriteLine(line);
        }

        // Where the time goes: round trips per step of one chain, averaged over a few chains (MOKO_BENCH_TRACE=1 prints the statements).
        const int samples = 5;
        using (var trips = new RoundTrips())
        {
            for (var i = 0; i < samples; i++)
            {
                await ChainAsync(app, suppliers[0], products[0], warehouse, bank, today, trips);
            }

            foreach (var text in trips.ChainSummary(StepNames, samples, commits: StepNames.Length))
            {
                report.AppendLine().AppendLine(text);
                Console.WriteLine(text);
            }
        }

        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Load average at the end: {Machine.LoadAverage()}.");
        Console.WriteLine($"Load average at the end: {Machine.LoadAverage()}.");
        return report.ToString();
    }

    private static readonly string[] StepNames =
    [
        "order", "line", "validate", "approve", "send", "reception", "invoice", "validate invoice", "payment",
    ];

    private static async Task ChainAsync(WebApplication app, long supplier, long product, long warehouse, long bank, DateOnly today, RoundTrips? trips = null)
    {
        var steps = 0;
        async Task<T> InScope<T>(Func<IServiceProvider, Task<T>> step)
        {
            async Task<T> Run()
            {
                await using var scope = app.Services.CreateAsyncScope();
                return await step(scope.ServiceProvider);
            }

            steps++;
            return trips is null ? await Run() : await trips.WatchAsync(StepNames[steps - 1], Run);
        }

        var order = await InScope(s => s.GetRequiredService<PurchaseOrderAdministration>().CreateAsync(new PurchaseOrderForm { SupplierId = supplier, Date = today }));
        var line = await InScope(s => s.GetRequiredService<PurchaseOrderAdministration>()
            .AddLineAsync(order, new LineForm { Kind = LineKind.Product, ProductId = product, Quantity = 2m, UnitPrice = 3m }));
        await InScope(s => s.GetRequiredService<PurchaseOrderAdministration>().ValidateAsync(order));
        await InScope(s => s.GetRequiredService<PurchaseOrderAdministration>().ApproveAsync(order));
        await InScope(async s =>
        {
            await s.GetRequiredService<PurchaseOrderAdministration>().SendAsync(order, new SendOrderForm { OrderedOn = today, Method = OrderMethod.Email });
            return 0;
        });
        var reception = await InScope(s => s.GetRequiredService<ReceptionAdministration>().CreateAsync(new ReceptionForm
        {
            OrderId = order, Date = today, ValidateNow = true, Lines = [new ReceptionLineForm { OrderLineId = line, Quantity = 2m, WarehouseId = warehouse }],
        }));
        var number = $"BENCH-{Interlocked.Increment(ref _supplierNumbers)}";
        var invoice = await InScope(s => s.GetRequiredService<SupplierInvoiceAdministration>().CreateAsync(new SupplierInvoiceForm
        {
            SupplierId = supplier, SupplierInvoiceNumber = number, Date = today, ReceptionIds = [reception],
        }));
        var total = await InScope(async s =>
        {
            await s.GetRequiredService<SupplierInvoiceAdministration>().ValidateAsync(invoice);
            return await s.GetRequiredService<AppDbContext>().Set<SupplierInvoice>().Where(i => i.Id == invoice).Select(i => i.TotalInclTax).SingleAsync();
        });
        await InScope(s => s.GetRequiredService<SupplierPaymentAdministration>().PayAsync(new SupplierPaymentForm
        {
            SupplierId = supplier, Date = today, BankAccountId = bank, Shares = [new SupplierPaymentShareForm { InvoiceId = invoice, Amount = total }],
        }));
    }

    private static async Task PlainChainAsync(NpgsqlDataSource dataSource, long supplier, long product, DateOnly today)
    {
        var order = await TxAsync(dataSource, async (c, t) =>
        {
            var id = (long)(await SqlAsync(c, t, $"INSERT INTO {Plain}.documents (kind, third_party_id, date, status) VALUES ('order', $1, $2, 'Draft') RETURNING id", supplier, today))!;
            await SqlAsync(c, t, $"INSERT INTO {Plain}.audit (record_id, action, changes) VALUES ($1, 'created', '[]')", id);
            return id;
        });
        var amounts = LineCalculator.Compute(2m, 3m, 0m, 20m);
        await TxAsync(dataSource, async (c, t) =>
        {
            await SqlAsync(c, t, $"""
                INSERT INTO {Plain}.lines (document_id, position, product_id, description, quantity, unit_price, vat_rate, total_excl, total_vat, total_incl)
                VALUES ($1, 1, $5, 'Bench purchased item', 2, 3, 20, $2, $3, $4)
                """, order, amounts.TotalExclTax, amounts.TotalVat, amounts.TotalInclTax, product);
            await SqlAsync(c, t, $"""
                UPDATE {Plain}.documents d SET total_excl = s.e, total_vat = s.v, total_incl = s.i
                FROM (SELECT sum(total_excl) e, sum(total_vat) v, sum(total_incl) i FROM {Plain}.lines WHERE document_id = $1) s WHERE d.id = $1
                """, order);
            await SqlAsync(c, t, $"INSERT INTO {Plain}.audit (record_id, action, changes) VALUES ($1, 'updated', '[]')", order);
            return 0;
        });
        await TxAsync(dataSource, (c, t) => ValidateAsync(c, t, Plain, order, "PO"));
        foreach (var status in new[] { "Approved", "Ordered" })
        {
            await TxAsync(dataSource, async (c, t) =>
            {
                await SqlAsync(c, t, $"UPDATE {Plain}.documents SET status = $2 WHERE id = $1", order, status);
                await SqlAsync(c, t, $"INSERT INTO {Plain}.audit (record_id, action, changes) VALUES ($1, $2, '[]')", order, status);
                await SqlAsync(c, t, $"INSERT INTO {Plain}.events (record_id, title) VALUES ($1, $2)", order, status);
                return 0;
            });
        }

        // Reception validated at once: the order's received quantity and status, stock in under the product's lock,
        // the movement at the reception's cost and the new average cost.
        var reception = await TxAsync(dataSource, async (c, t) =>
        {
            var id = await ConvertAsync(c, t, Plain, order, "reception");
            await ValidateAsync(c, t, Plain, id, "RC");
            await SqlAsync(c, t, $"UPDATE {Plain}.lines SET received = received + quantity WHERE document_id = $1", order);
            await SqlAsync(c, t, $"UPDATE {Plain}.documents SET status = 'Received' WHERE id = $1", order);
            await SqlAsync(c, t, "SELECT pg_advisory_xact_lock(21334, $1::int)", (int)product);
            await SqlAsync(c, t, $"UPDATE {Plain}.costs SET average = round((quantity * average + 2 * 3) / (quantity + 2), 5), quantity = quantity + 2 WHERE product_id = $1", product);
            await SqlAsync(c, t, $"""
                INSERT INTO {Plain}.levels (product_id, warehouse_id, quantity) VALUES ($1, 1, 2)
                ON CONFLICT (product_id, warehouse_id) DO UPDATE SET quantity = {Plain}.levels.quantity + 2
                """, product);
            await SqlAsync(c, t, $"INSERT INTO {Plain}.movements (product_id, warehouse_id, quantity, unit_price, origin_id) VALUES ($2, 1, 2, 3, $1)", id, product);
            return id;
        });
        var invoice = await TxAsync(dataSource, async (c, t) =>
        {
            var id = await ConvertAsync(c, t, Plain, reception, "supplier-invoice");
            await SqlAsync(c, t, $"INSERT INTO {Plain}.links (source_id, target_id, kind) VALUES ($1, $2, 'converted')", order, id);
            return id;
        });
        await TxAsync(dataSource, async (c, t) =>
        {
            await ValidateAsync(c, t, Plain, invoice, "SI");
            await SqlAsync(c, t, $"UPDATE {Plain}.lines SET invoiced = invoiced + quantity WHERE document_id IN ($1, $2)", order, reception);
            await SqlAsync(c, t, $"UPDATE {Plain}.documents SET billed = true WHERE id = $1", order);
            var entry = (long)(await SqlAsync(c, t, $"INSERT INTO {Plain}.entries (journal, date, source_id, label) VALUES ('AC', $2, $1, 'Supplier invoice') RETURNING id", invoice, today))!;
            await SqlAsync(c, t, $"""
                INSERT INTO {Plain}.entry_lines (entry_id, account, debit, credit)
                SELECT $1, '607', total_excl, 0 FROM {Plain}.documents WHERE id = $2
                UNION ALL SELECT $1, '44566', total_vat, 0 FROM {Plain}.documents WHERE id = $2
                UNION ALL SELECT $1, '401', 0, total_incl FROM {Plain}.documents WHERE id = $2
                """, entry, invoice);
            return 0;
        });
        await TxAsync(dataSource, (c, t) => PayAsync(c, t, Plain, supplier, invoice, today, "401", "512"));
    }
}
