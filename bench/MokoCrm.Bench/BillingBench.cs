using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Web.Modules.Crm.Features;
using MokoCrm.Web.Modules.Products.Domain;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Sales.Documents;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Features;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Modules.Sales.Queries;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Features;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Setup.Domain;
using MokoCrm.Web.Platform.Web.Lists;
using Npgsql;
using static MokoCrm.Bench.PlainChain;

namespace MokoCrm.Bench;

/// <summary>
/// The billing end of the sales chain (MOKO_BENCH_ONLY=billing): the whole chain up to the payment per second against
/// plain SQL; the invoice list over a million invoices filtered by customer and status against the SQL one would
/// write; a 50-line invoice PDF.
/// </summary>
internal static class BillingBench
{
    private const int Workers = 4;
    private const int Customers = 200;

    /// <summary>Seeded invoices take ids from here up, far above what the ids' hi-lo sequence hands out in the run.</summary>
    private const long SeedIdBase = 1_000_000_000;

    private const string Plain = "bench_bill";

    public static async Task<string> RunAsync(WebApplication app, string connectionString, TimeSpan duration, int invoices, int repeat)
    {
        var report = new StringBuilder();
        await ChainTableAsync(app, connectionString, duration, report);
        report.AppendLine();
        await ListTableAsync(app, connectionString, invoices, repeat, report);
        report.AppendLine();
        await PdfTableAsync(app, repeat, report);
        return report.ToString();
    }

    // ----- the whole chain, up to the payment -----

    private static async Task ChainTableAsync(WebApplication app, string connectionString, TimeSpan duration, StringBuilder report)
    {
        await Sql.ExecuteAsync(connectionString, PlainChain.Schema(Plain, "PR", "SO", "SH", "IN", "PAY"));
        // One customer and one product per worker: a payment locks its customer's open invoices and a shipment its
        // product's stock, by design; workers of one customer would queue on each other.
        var customers = new long[Workers];
        var products = new long[Workers];
        long warehouse, bank;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            for (var i = 0; i < Workers; i++)
            {
                customers[i] = await scope.ServiceProvider.GetRequiredService<ThirdPartyAdministration>()
                    .CreateAsync(new ThirdPartyForm { Name = $"Bench Billing Customer {i}", IsCustomer = true, CountryCode = "FR" });
            }

            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var items = Enumerable.Range(0, Workers).Select(i =>
            {
                var p = new Product($"BENCH-BILL-{i}", "Bench billed item", ProductType.Product);
                p.SetPrice(6.36m, PriceBase.ExclTax, 20m, null);
                p.SetStockManaged(true);
                return p;
            }).ToList();
            var w = new Warehouse("BENCH-BW", "Bench billing warehouse");
            var b = new BankAccount { Label = "Bench billing bank", AccountingAccount = "512" };
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

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<StockLedger>().MoveAsync(
                products.Select(p => new StockMove(p, warehouse, 100_000_000m, StockMovementKind.In, "Bench opening stock") { UnitPrice = 3m }).ToList());
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var header = new StringBuilder();
        header.AppendLine(CultureInfo.InvariantCulture, $"Sales chains per second, proposal to payment (proposal + product line + validate + sign + order + validate order + shipment + validate shipment + invoice + validate invoice + payment = 11 transactions), {duration.TotalSeconds:0.#} s per cell after as long a warm-up, {Environment.ProcessorCount} cores, load average {Machine.LoadAverage()} at the start");
        header.AppendLine(CellCost.Legend);
        header.AppendLine();
        header.AppendLine("| parallel | app use cases /s | plain SQL /s | ratio | app, per chain | plain SQL, per chain |");
        header.AppendLine("|---:|---:|---:|---:|---:|---:|");
        report.Append(header);
        Console.WriteLine(header);

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        foreach (var parallel in new[] { 1, 4 })
        {
            var realCost = new CellCost();
            var real = await Measure.RunAsync(parallel, duration, worker => realCost.Counting(() => ChainAsync(app, customers[worker], products[worker], warehouse, bank, today)), afterWarmUp: realCost.Start);
            var realPerChain = realCost.PerOperation();
            var plainCost = new CellCost();
            var plain = await Measure.RunAsync(parallel, duration, worker => plainCost.Counting(() => PlainChainAsync(dataSource, customers[worker], worker, today)), afterWarmUp: plainCost.Start);
            var plainPerChain = plainCost.PerOperation();
            var line = string.Create(CultureInfo.InvariantCulture, $"| {parallel} | {real.PerSecond:0.0} | {plain.PerSecond:0.0} | {real.PerSecond / plain.PerSecond:0.00} | {realPerChain} | {plainPerChain} |");
            report.AppendLine(line);
            Console.WriteLine(line);
        }

        var end = $"Load average at the end of the chain cells: {Machine.LoadAverage()}.";
        report.AppendLine().AppendLine(end);
        Console.WriteLine(end);

        // Where the time goes: round trips per step of one chain, averaged over a few chains.
        const int samples = 5;
        using var trips = new RoundTrips();
        for (var i = 0; i < samples; i++)
        {
            await ChainAsync(app, customers[0], products[0], warehouse, bank, today, trips);
        }

        foreach (var text in trips.ChainSummary(StepNames, samples, commits: StepNames.Length))
        {
            report.AppendLine().AppendLine(text);
            Console.WriteLine(text);
        }
    }

    private static async Task ChainAsync(WebApplication app, long customer, long product, long warehouse, long bank, DateOnly today, RoundTrips? trips = null)
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
        var invoice = await InScope(s => s.GetRequiredService<InvoiceAdministration>().CreateFromOrdersAsync(new InvoiceFromOrdersForm { OrderIds = [order] }));
        var total = await InScope(async s =>
        {
            await s.GetRequiredService<InvoiceAdministration>().ValidateAsync(invoice);
            return await s.GetRequiredService<AppDbContext>().Set<Invoice>().Where(i => i.Id == invoice).Select(i => i.TotalInclTax).SingleAsync();
        });
        await InScope(s => s.GetRequiredService<PaymentAdministration>().RecordAsync(new PaymentForm
        {
            ThirdPartyId = customer, Date = today, Amount = total, BankAccountId = bank, Shares = { [invoice] = total },
        }));
    }

    private static readonly string[] StepNames =
    [
        "proposal", "line", "validate proposal", "sign", "order", "validate order", "shipment", "validate shipment",
        "invoice", "validate invoice", "payment",
    ];

    private static async Task PlainChainAsync(NpgsqlDataSource dataSource, long customer, long product, DateOnly today)
    {
        var id = await TxAsync(dataSource, async (c, t) =>
        {
            var proposal = (long)(await SqlAsync(c, t, "INSERT INTO bench_bill.documents (kind, third_party_id, date, status) VALUES ('proposal', $1, $2, 'Draft') RETURNING id", customer, today))!;
            await SqlAsync(c, t, "INSERT INTO bench_bill.audit (record_id, action, changes) VALUES ($1, 'created', '[]')", proposal);
            return proposal;
        });
        var amounts = LineCalculator.Compute(2m, 6.36m, 0m, 20m);
        await TxAsync(dataSource, async (c, t) =>
        {
            await SqlAsync(c, t, """
                INSERT INTO bench_bill.lines (document_id, position, product_id, description, quantity, unit_price, vat_rate, total_excl, total_vat, total_incl)
                VALUES ($1, 1, $5, 'Bench billed item', 2, 6.36, 20, $2, $3, $4)
                """, id, amounts.TotalExclTax, amounts.TotalVat, amounts.TotalInclTax, product);
            await SqlAsync(c, t, """
                UPDATE bench_bill.documents d SET total_excl = s.e, total_vat = s.v, total_incl = s.i
                FROM (SELECT sum(total_excl) e, sum(total_vat) v, sum(total_incl) i FROM bench_bill.lines WHERE document_id = $1) s WHERE d.id = $1
                """, id);
            await SqlAsync(c, t, "INSERT INTO bench_bill.audit (record_id, action, changes) VALUES ($1, 'updated', '[]')", id);
            return 0;
        });
        await TxAsync(dataSource, async (c, t) => await ValidateAsync(c, t, Plain, id, "PR"));
        await TxAsync(dataSource, async (c, t) =>
        {
            await SqlAsync(c, t, "UPDATE bench_bill.documents SET status = 'Signed' WHERE id = $1", id);
            await SqlAsync(c, t, "INSERT INTO bench_bill.audit (record_id, action, changes) VALUES ($1, 'signed', '[]')", id);
            await SqlAsync(c, t, "INSERT INTO bench_bill.events (record_id, title) VALUES ($1, 'signed')", id);
            return 0;
        });
        var order = await TxAsync(dataSource, async (c, t) => await ConvertAsync(c, t, Plain, id, "order"));
        await TxAsync(dataSource, async (c, t) => await ValidateAsync(c, t, Plain, order, "SO"));
        var shipment = await TxAsync(dataSource, async (c, t) => await ConvertAsync(c, t, Plain, order, "shipment"));
        await TxAsync(dataSource, async (c, t) =>
        {
            await ValidateAsync(c, t, Plain, shipment, "SH");
            await SqlAsync(c, t, "SELECT pg_advisory_xact_lock(21333, $1::int)", (int)product);
            var available = (decimal)(await SqlAsync(c, t, "SELECT quantity FROM bench_bill.levels WHERE product_id = $1 AND warehouse_id = 1", product))!;
            if (available < 2m)
            {
                throw new InvalidOperationException("no stock");
            }

            await SqlAsync(c, t, "UPDATE bench_bill.levels SET quantity = quantity - 2 WHERE product_id = $1 AND warehouse_id = 1", product);
            await SqlAsync(c, t, "INSERT INTO bench_bill.movements (product_id, warehouse_id, quantity, unit_price, origin_id) VALUES ($2, 1, -2, 3, $1)", shipment, product);
            await SqlAsync(c, t, "UPDATE bench_bill.lines SET shipped = shipped + 2 WHERE document_id = $1", order);
            await SqlAsync(c, t, "UPDATE bench_bill.documents SET status = 'Delivered' WHERE id = $1", order);
            return 0;
        });
        var invoice = await TxAsync(dataSource, async (c, t) =>
        {
            var i = await ConvertAsync(c, t, Plain, order, "invoice");
            await SqlAsync(c, t, "UPDATE bench_bill.lines SET invoiced = invoiced + quantity WHERE document_id = $1", order);
            return i;
        });
        await TxAsync(dataSource, async (c, t) =>
        {
            await ValidateAsync(c, t, Plain, invoice, "IN");
            var entry = (long)(await SqlAsync(c, t, "INSERT INTO bench_bill.entries (journal, date, source_id, label) VALUES ('VT', $2, $1, 'Invoice') RETURNING id", invoice, today))!;
            await SqlAsync(c, t, """
                INSERT INTO bench_bill.entry_lines (entry_id, account, debit, credit)
                SELECT $1, '411', total_incl, 0 FROM bench_bill.documents WHERE id = $2
                UNION ALL SELECT $1, '706', 0, total_excl FROM bench_bill.documents WHERE id = $2
                UNION ALL SELECT $1, '44571', 0, total_vat FROM bench_bill.documents WHERE id = $2
                """, entry, invoice);
            await SqlAsync(c, t, "UPDATE bench_bill.documents SET status = 'Billed' WHERE id = $1", order);
            return 0;
        });
        await TxAsync(dataSource, (c, t) => PayAsync(c, t, Plain, customer, invoice, today, "512", "411"));
    }

    // ----- the invoice list over many invoices -----

    private static async Task ListTableAsync(WebApplication app, string connectionString, int invoices, int repeat, StringBuilder report)
    {
        var customers = new List<long>(Customers);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var parties = scope.ServiceProvider.GetRequiredService<ThirdPartyAdministration>();
            for (var i = 0; i < Customers; i++)
            {
                customers.Add(await parties.CreateAsync(new ThirdPartyForm { Name = $"Bench Invoiced Customer {i:D3}", IsCustomer = true, CountryCode = "FR" }));
            }
        }

        var seed = Stopwatch.StartNew();
        var ids = string.Join(",", customers);
        await using (var seedConnection = new NpgsqlConnection(connectionString))
        {
            await seedConnection.OpenAsync();
            await using var insert = new NpgsqlCommand($"""
            INSERT INTO sales.invoices (id, kind, number, third_party_id, date, due_date, status, total_excl_tax, total_vat, total_incl_tax, amount_settled, created_at)
            SELECT {SeedIdBase} + g, 'Standard', 'BI' || lpad(g::text, 8, '0'), (ARRAY[{ids}])[1 + g % {Customers}],
                   DATE '2020-01-01' + (g % 2000), DATE '2020-01-31' + (g % 2000),
                   (ARRAY['Unpaid', 'Paid', 'Paid', 'Paid', 'Abandoned'])[1 + (g / {Customers}) % 5],
                   (g % 997) * 10, (g % 997) * 2, (g % 997) * 12, 0, now()
            FROM generate_series(1, {invoices}) AS g
            """, seedConnection) { CommandTimeout = 0 };
            await insert.ExecuteNonQueryAsync();
            await using var analyze = new NpgsqlCommand("VACUUM ANALYZE sales.invoices", seedConnection) { CommandTimeout = 0 };
            await analyze.ExecuteNonQueryAsync();
        }

        seed.Stop();
        Console.WriteLine($"Seeded {invoices:N0} invoices in {seed.Elapsed.TotalSeconds:0} s");

        var customer = customers[Customers / 2];
        var header = new StringBuilder();
        header.AppendLine(CultureInfo.InvariantCulture, $"Invoice list over {invoices:N0} invoices ({Customers} customers), filtered by customer and status Unpaid, first page of 50 with count and totals; p50 / p95 ms of {repeat} runs after {repeat / 5} warm-up runs");
        header.AppendLine();
        header.AppendLine("| case | app (BillingQueries + ListEngine + totals) | plain SQL | p95 ratio (app / SQL) |");
        header.AppendLine("|---|---:|---:|---:|");
        report.Append(header);
        Console.WriteLine(header);

        async Task AppPageAsync()
        {
            await using var scope = app.Services.CreateAsyncScope();
            var rows = await scope.ServiceProvider.GetRequiredService<BillingQueries>().InvoicesAsync(new InvoiceListFilter { ThirdParty = customer, Status = "Unpaid" });
            var page = await ListEngine.PageAsync(rows, BillingQueries.InvoiceList, new ListRequest());
            var totals = await BillingQueries.TotalsAsync(rows, default);
            if (page.Rows.Count == 0 || totals.Count == 0)
            {
                throw new InvalidOperationException("the filtered list is empty");
            }
        }

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        async Task PlainPageAsync()
        {
            await using var c = await dataSource.OpenConnectionAsync();
            await using (var page = new NpgsqlCommand("""
                SELECT i.id, coalesce(i.number, '(PROV' || i.id || ')'), i.third_party_id, t.name, i.date, i.due_date, i.kind, i.total_excl_tax, i.total_incl_tax,
                       CASE WHEN i.status = 'Unpaid' THEN i.total_incl_tax - i.amount_settled ELSE 0 END, i.status
                FROM sales.invoices i JOIN crm.third_parties t ON t.id = i.third_party_id
                WHERE i.third_party_id = $1 AND i.status = 'Unpaid' ORDER BY i.date DESC, i.id DESC LIMIT 51
                """, c))
            {
                page.Parameters.Add(new NpgsqlParameter { Value = customer });
                await using var reader = await page.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                }
            }

            await using var totals = new NpgsqlCommand("""
                SELECT count(*), sum(total_excl_tax), sum(total_incl_tax), sum(total_incl_tax - amount_settled)
                FROM sales.invoices WHERE third_party_id = $1 AND status = 'Unpaid'
                """, c);
            totals.Parameters.Add(new NpgsqlParameter { Value = customer });
            await totals.ExecuteScalarAsync();
        }

        var app95 = await TimeAsync(AppPageAsync, repeat);
        var sql95 = await TimeAsync(PlainPageAsync, repeat);
        var line = string.Create(CultureInfo.InvariantCulture, $"| customer + Unpaid, page 1 | {app95} | {sql95} | {app95.P95 / sql95.P95:0.00} |");
        report.AppendLine(line);
        Console.WriteLine(line);
    }

    // ----- a 50-line invoice PDF -----

    private static async Task PdfTableAsync(WebApplication app, int repeat, StringBuilder report)
    {
        long invoice;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var customer = await scope.ServiceProvider.GetRequiredService<ThirdPartyAdministration>()
                .CreateAsync(new ThirdPartyForm { Name = "Bench Pdf Customer", IsCustomer = true, CountryCode = "FR", Address = "1 rue du Banc", PostalCode = "75001", Town = "Paris" });
            var invoices = scope.ServiceProvider.GetRequiredService<InvoiceAdministration>();
            invoice = await invoices.CreateAsync(new InvoiceForm { ThirdPartyId = customer, Date = DateOnly.FromDateTime(DateTime.UtcNow), Kind = InvoiceKind.Standard });
        }

        for (var i = 1; i <= 50; i++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var n = i;
            await scope.ServiceProvider.GetRequiredService<InvoiceAdministration>().AddLineAsync(invoice, new LineForm
            {
                Kind = LineKind.Free, Description = $"Consulting day {n}, on site, with travel and the report", Quantity = n % 7 + 1, UnitPrice = 123.45m + n, VatRate = n % 3 == 0 ? 10m : 20m,
            });
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<InvoiceAdministration>().ValidateAsync(invoice);
        }

        async Task RenderAsync()
        {
            await using var scope = app.Services.CreateAsyncScope();
            var file = await scope.ServiceProvider.GetRequiredService<InvoicePdf>().RenderAsync(invoice, default) ?? throw new InvalidOperationException("no PDF");
            if (file.Pdf.Length < 1000)
            {
                throw new InvalidOperationException("PDF too small");
            }
        }

        var timing = await TimeAsync(RenderAsync, repeat);
        var header = new StringBuilder();
        header.AppendLine(CultureInfo.InvariantCulture, $"Invoice PDF with 50 lines (read the invoice, render with PDFsharp, in a request's scope; not stored): p50 / p95 ms of {repeat} runs after {repeat / 5} warm-up runs");
        header.AppendLine();
        header.AppendLine("| case | p50 / p95 ms | target |");
        header.AppendLine("|---|---:|---|");
        header.AppendLine(CultureInfo.InvariantCulture, $"| 50-line invoice PDF | {timing} | median < 20 ms |");
        report.Append(header);
        Console.WriteLine(header);
    }

    private static async Task<Timing> TimeAsync(Func<Task> run, int repeat)
    {
        for (var i = 0; i < Math.Max(repeat / 5, 1); i++)
        {
            await run();
        }

        var times = new List<double>(repeat);
        for (var i = 0; i < repeat; i++)
        {
            var clock = Stopwatch.StartNew();
            await run();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        return Timing.Of(times);
    }
}
