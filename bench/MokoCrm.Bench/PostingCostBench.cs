using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Web.Modules.Accounting;
using MokoCrm.Web.Modules.Agenda;
using MokoCrm.Web.Modules.Crm;
using MokoCrm.Web.Modules.Crm.Features;
using MokoCrm.Web.Modules.Products;
using MokoCrm.Web.Modules.Sales;
using MokoCrm.Web.Modules.Sales.Features;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Modules.Stock;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Events;

namespace MokoCrm.Bench;

/// <summary>
/// The cost of posting (issue 7): customer invoices validated per second through the real use case
/// (<see cref="InvoiceAdministration.ValidateAsync"/>: number, totals frozen, events, audit, and the VT entry in the same
/// transaction) by the full composition, against the same composition without the accounting handler of
/// <see cref="InvoiceValidated"/>. Drafts (3 lines at two VAT rates) are prepared before each cell, outside the clock.
/// </summary>
internal static class PostingCostBench
{
    private const string PostingHandler = "PostSalesJournalOnInvoiceValidated";

    /// <summary>Turns per cell: with and without posting alternate, so the machine's load drifts on both alike.</summary>
    private const int Turns = 6;

    public static async Task<WebApplication> StartAsync(string connectionString, bool withPosting) =>
        await BenchApp.StartAsync(connectionString, services =>
        {
            services.AddCrm();
            services.AddAgenda();
            services.AddProducts();
            services.AddStock();
            services.AddSales();
            services.AddAccounting();
            if (!withPosting)
            {
                var handler = services.Single(d => d.ServiceType == typeof(IDomainEventHandler<InvoiceValidated>) && d.ImplementationType?.Name == PostingHandler);
                services.Remove(handler);
            }
        });

    public static async Task<string> RunAsync(WebApplication withPosting, WebApplication withoutPosting, string connectionString, TimeSpan duration)
    {
        long customer;
        await using (var scope = withPosting.Services.CreateAsyncScope())
        {
            customer = await scope.ServiceProvider.GetRequiredService<ThirdPartyAdministration>()
                .CreateAsync(new ThirdPartyForm { Name = "Posting Bench Customer", IsCustomer = true, CountryCode = "FR" });
        }

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Invoice validations per second (number, events, audit; with or without the VT posting in the same transaction), {duration.TotalSeconds:0.#} s per cell in {Turns} turns taken alternately with the other cell of its row, after a warm-up of each, {Environment.ProcessorCount} cores");
        report.AppendLine();
        report.AppendLine("| parallel | with posting /s | without posting /s | ratio (target >= 0.7) | load average |");
        report.AppendLine("|---:|---:|---:|---:|---|");
        Console.WriteLine(report);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var parallel in new[] { 1, 4 })
        {
            var withDrafts = new ConcurrentQueue<long>();
            var withoutDrafts = new ConcurrentQueue<long>();
            await PrepareAsync(withPosting, customer, today, withDrafts, duration);
            await PrepareAsync(withoutPosting, customer, today, withoutDrafts, duration);
            var load = Machine.LoadAverage();
            var (with, without) = await Measure.InTurnsAsync(parallel, duration, Turns, () => ValidateAsync(withPosting, withDrafts), () => ValidateAsync(withoutPosting, withoutDrafts));
            var line = string.Create(CultureInfo.InvariantCulture, $"| {parallel} | {with:0.0} | {without:0.0} | {with / without:0.00} | {load} → {Machine.LoadAverage()} |");
            Console.WriteLine(line);
            report.AppendLine(line);
        }

        // Where the time goes: round trips, time and CPU per validation alone, with and without the posting. CPU time
        // (this process, and the bench's PostgreSQL cluster) holds much better than wall time on a loaded machine.
        var samples = int.TryParse(Environment.GetEnvironmentVariable("MOKO_BENCH_POSTING_SAMPLES"), CultureInfo.InvariantCulture, out var n) ? Math.Max(n, 10) : 100;
        using (var trips = new RoundTrips())
        {
            foreach (var (name, app) in new[] { ("with posting", withPosting), ("without posting", withoutPosting) })
            {
                var drafts = new ConcurrentQueue<long>();
                await PrepareAsync(app, customer, today, drafts, samples);
                var before = Cpu.Now();
                for (var i = 0; i < samples; i++)
                {
                    await trips.WatchAsync(name, async () => { await ValidateAsync(app, drafts); return 0; });
                }

                var after = Cpu.Now();
                var server = after.Server - before.Server is { } s ? string.Create(CultureInfo.InvariantCulture, $", PostgreSQL {s.TotalMilliseconds / samples:0.00} ms") : "";
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"One validation alone {name}, mean of {samples}: {(double)trips.Counts[name] / samples:0.#} round trips + COMMIT, {trips.TimeOf(name).Wall.TotalMilliseconds / samples:0.0} ms whole / {trips.TimeOf(name).Database.TotalMilliseconds / samples:0.0} ms waiting for the database; CPU: app {(after.App - before.App).TotalMilliseconds / samples:0.00} ms{server} (load average {Machine.LoadAverage()}).");
                Console.WriteLine(line);
                report.AppendLine().AppendLine(line);
            }
        }

        // Every invoice validated by the full composition has exactly one balanced entry.
        await using (var scope = withPosting.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var unbalanced = await db.Database.SqlQueryRaw<long>(
                "SELECT e.id AS \"Value\" FROM accounting.entries e JOIN accounting.entry_lines l ON l.entry_id = e.id GROUP BY e.id HAVING sum(l.debit) <> sum(l.credit)").CountAsync();
            if (unbalanced > 0)
            {
                throw new InvalidOperationException($"{unbalanced} unbalanced entries after the posting bench.");
            }
        }

        return report.ToString();
    }

    /// <summary>Enough drafts for the warm-up and the measure at up to 300 validations a second (4 validators without posting pass 100 on a quiet machine), made (4 at a time) before the clock starts.</summary>
    private static Task PrepareAsync(WebApplication app, long customer, DateOnly today, ConcurrentQueue<long> drafts, TimeSpan duration) =>
        PrepareAsync(app, customer, today, drafts, (int)(duration.TotalSeconds * 2 * 300));

    private static async Task PrepareAsync(WebApplication app, long customer, DateOnly today, ConcurrentQueue<long> drafts, int needed)
    {
        drafts.Clear();
        await Parallel.ForAsync(0, needed, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (_, _) =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var invoices = scope.ServiceProvider.GetRequiredService<InvoiceAdministration>();
            var id = await invoices.CreateAsync(new InvoiceForm { ThirdPartyId = customer, Date = today });
            await invoices.AddLineAsync(id, new LineForm { Kind = LineKind.Free, Description = "Consulting", Quantity = 2, UnitPrice = 450m, VatRate = 20m });
            await invoices.AddLineAsync(id, new LineForm { Kind = LineKind.Free, Description = "Books", Quantity = 3, UnitPrice = 12.5m, VatRate = 5.5m });
            await invoices.AddLineAsync(id, new LineForm { Kind = LineKind.Free, Description = "Travel", Quantity = 1, UnitPrice = 80m, VatRate = 20m });
            drafts.Enqueue(id);
        });
    }

    private static async Task ValidateAsync(WebApplication app, ConcurrentQueue<long> drafts)
    {
        if (!drafts.TryDequeue(out var id))
        {
            throw new InvalidOperationException("The posting bench ran out of prepared drafts: raise the number prepared.");
        }

        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<InvoiceAdministration>().ValidateAsync(id);
    }
}
