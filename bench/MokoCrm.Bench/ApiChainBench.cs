using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Web;
using MokoCrm.Web.Platform;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.Bench;

/// <summary>
/// The sales chain over HTTP (MOKO_BENCH_ONLY=api): the whole app (Program.cs's composition and pipeline) on Kestrel at
/// 127.0.0.1, driven by an HttpClient with the admin's API key, through the Dolibarr-compatible API and through the
/// native /api/v1. The issue chain is issue 8's: proposal for an existing customer, 5 lines (one call each), validate,
/// sign, order, validate, invoice, validate, pay. The long chain adds a new third party and a shipment with its
/// validation. Chains per second, 1 and 4 in parallel, CPU per chain, p50/p95 per call, SQL round trips per call.
/// </summary>
internal static class ApiChainBench
{
    private const int Workers = 4;
    private const int Lines = 5;

    public static async Task<(WebApplication App, Uri Address)> StartAsync(string connectionString)
    {
        var builder = BenchApp.Builder(connectionString);
        // One key drives the whole bench: its rate limit (100 requests/s by default) would be the figure measured.
        builder.Configuration["Moko:Api:RequestsPerSecond"] = "1000000";
        builder.Configuration["Moko:Api:Burst"] = "1000000";
        // The request line of every call would flood the console (the app writes it at Information).
        builder.Configuration["Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware"] = "Warning";
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddPlatform();
        builder.Services.AddModules();
        var app = builder.Build();
        UseRoundTripWatch(app);
        app.UsePlatform();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address));
    }

    /// <summary>Set while a few chains are watched: each request carrying <see cref="StepHeader"/> counts its SQL round trips under that step.</summary>
    private static volatile RoundTrips? watching;

    private const string StepHeader = "X-Bench-Step";

    /// <summary>First in the pipeline (before UsePlatform): the server side of a watched call counts its round trips under the client's step name.</summary>
    private static void UseRoundTripWatch(WebApplication app) =>
        app.Use(async (context, next) =>
        {
            if (watching is { } trips && context.Request.Headers.TryGetValue(StepHeader, out var step))
            {
                await trips.WatchAsync(step.ToString(), async () =>
                {
                    await next();
                    return 0;
                });
                return;
            }

            await next();
        });

    private sealed record Variant(string Name, string[] Steps, Func<Api, int, Task> Run);

    public static async Task<string> RunAsync(WebApplication app, Uri address, TimeSpan duration)
    {
        string key;
        long bank;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var admin = await db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync();
            key = await scope.ServiceProvider.GetRequiredService<ApiKeys>().CreateAsync(admin, "Bench");
            var account = new BankAccount { Label = "Bench API bank", AccountingAccount = "512" };
            db.Add(account);
            await db.SaveChangesAsync();
            bank = account.Id;
        }

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = address };
        http.DefaultRequestHeaders.Add("DOLAPIKEY", key);
        var api = new Api(http);

        // Catalogue, stock and customers over the API too: one stocked product (a shipment locks its product's stock) and
        // one customer per worker. The issue's chain starts from an existing customer; the long chain makes its own.
        var warehouse = (await api.PostAsync("setup", "/api/v1/warehouses", new { reference = "BENCH-API", label = "Bench API warehouse" }))["id"]!.GetValue<long>();
        var products = new long[Workers];
        var customers = new long[Workers];
        for (var i = 0; i < Workers; i++)
        {
            products[i] = (await api.PostAsync("setup", "/api/index.php/products", new { @ref = $"BENCH-API-{i}", label = "Bench API item", price = 6.36, tva_tx = 20, seuil_stock_alerte = 0 }))
                .GetValue<long>();
            await api.PostAsync("setup", "/api/index.php/stockmovements", new { product_id = products[i], warehouse_id = warehouse, qty = 100_000_000, price = 3, movementlabel = "Bench opening stock" });
            customers[i] = (await api.PostAsync("setup", "/api/index.php/thirdparties", new { name = $"Bench API customer of worker {i}", client = 1 })).GetValue<long>();
        }

        var transfer = (await api.GetAsync("setup", "/api/index.php/setup/dictionary/payment_types")).AsArray().First(t => t!["code"]!.GetValue<string>() == "VIR")!["id"]!.GetValue<long>();
        api.Reset();

        var chain = 0;
        var variants = new Variant[]
        {
            new("Dolibarr, issue chain", IssueSteps, (a, worker) => DolibarrIssueChainAsync(a, Interlocked.Increment(ref chain), customers[worker], products[worker], bank, transfer)),
            new("native, issue chain", IssueSteps, (a, worker) => NativeIssueChainAsync(a, Interlocked.Increment(ref chain), customers[worker], products[worker], bank)),
            new("Dolibarr, long chain", DolibarrLongSteps, (a, worker) => DolibarrChainAsync(a, Interlocked.Increment(ref chain), products[worker], warehouse, bank, transfer)),
            new("native, long chain", NativeLongSteps, (a, worker) => NativeChainAsync(a, Interlocked.Increment(ref chain), products[worker], warehouse, bank)),
        };

        var report = new StringBuilder();
        var header = new StringBuilder();
        header.AppendLine(CultureInfo.InvariantCulture, $"Sales chains per second over HTTP (Kestrel on 127.0.0.1, one API key, JSON in and out), {duration.TotalSeconds:0.#} s per cell after as long a warm-up, {Environment.ProcessorCount} cores, load average {Machine.LoadAverage()} at the start.");
        header.AppendLine(CultureInfo.InvariantCulture, $"- issue chain (issue 8's): proposal for an existing customer, {Lines} lines one call each, validate, sign, order, validate, invoice, validate, pay = {IssueSteps.Length - 1 + Lines} calls. Target: 30 chains/s sequential, 60 with 4 in parallel, 0 errors.");
        header.AppendLine(CultureInfo.InvariantCulture, $"- long chain (more than the issue asks): + a new third party first, + a shipment of the lines and its validation (stock out) before the invoice; Dolibarr sends the {Lines} lines in one POST {{id}}/lines (= {DolibarrLongSteps.Length} calls), native in {Lines} calls (= {NativeLongSteps.Length - 1 + Lines}).");
        header.AppendLine("CPU ms per chain: this process (app and client) + the bench's PostgreSQL, measured over the cell: it swings much less with the machine's load than chains/s.");
        header.AppendLine();
        header.AppendLine("| chain | parallel | chains/s | calls/s | CPU ms/chain (app + db) | errors | target |");
        header.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        report.Append(header);
        Console.WriteLine(header);

        // MOKO_BENCH_API_FLOOR=only: the per-call floor alone (a quick before/after of the pipeline, without the chains).
        var floorOnly = string.Equals(Environment.GetEnvironmentVariable("MOKO_BENCH_API_FLOOR"), "only", StringComparison.OrdinalIgnoreCase);
        var steps = new List<(string Name, int Parallel, IReadOnlyDictionary<string, Timing> Steps)>();
        foreach (var variant in floorOnly ? [] : variants)
        {
            var issue = variant.Steps == IssueSteps;
            foreach (var parallel in new[] { 1, 4 })
            {
                (TimeSpan App, TimeSpan? Server) cpuStart = default;
                var result = await Measure.RunAsync(parallel, duration, worker => () => ChainOrErrorAsync(variant.Run, api, worker), afterWarmUp: () =>
                {
                    api.Reset();
                    cpuStart = Cpu.Now();
                });
                var cpuEnd = Cpu.Now();
                var chains = result.PerSecond * duration.TotalSeconds;
                var cpu = (cpuEnd.App - cpuStart.App + (cpuEnd.Server - cpuStart.Server ?? TimeSpan.Zero)).TotalMilliseconds / Math.Max(1, chains);
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"| {variant.Name} | {parallel} | {result.PerSecond:0.0} | {api.Calls / duration.TotalSeconds:0} | {cpu:0} | {api.Errors} | {(issue ? (parallel == 1 ? "30" : "60") : "")} |");
                report.AppendLine(line);
                Console.WriteLine(line);
                steps.Add((variant.Name, parallel, api.Timings()));
                if (api.FirstError is { } error)
                {
                    Console.WriteLine($"First error: {error}");
                    report.AppendLine(CultureInfo.InvariantCulture, $"\nFirst error: {error}\n");
                }

                api.Reset();
            }
        }

        report.Append(await FloorAsync(api, customers[0], products[0], duration));

        var perStep = new StringBuilder();
        perStep.AppendLine();
        perStep.AppendLine(CultureInfo.InvariantCulture, $"Load average at the end: {Machine.LoadAverage()}.");
        perStep.AppendLine();
        perStep.AppendLine("p50 / p95 per call, ms (line: each of the single-line calls; lines: Dolibarr's one array call)");
        perStep.AppendLine();
        var columns = StepOrder.Where(s => steps.Any(r => r.Steps.ContainsKey(s))).ToList();
        perStep.AppendLine("| chain | parallel | " + string.Join(" | ", columns) + " |");
        perStep.AppendLine("|---|---:|" + string.Concat(columns.Select(_ => "---:|")));
        foreach (var (name, parallel, timings) in steps)
        {
            perStep.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {parallel} | {string.Join(" | ", columns.Select(c => timings.TryGetValue(c, out var t) ? t.ToString() : "—"))} |"));
        }

        // Where the time goes: SQL round trips per HTTP call (commands sent by the server while answering it, COMMITs not
        // counted), averaged over a few chains run alone (MOKO_BENCH_TRACE=1 prints the statements).
        const int samples = 5;
        perStep.AppendLine();
        perStep.AppendLine(CultureInfo.InvariantCulture, $"SQL round trips per HTTP call (server side, {samples} chains alone, COMMITs not counted):");
        perStep.AppendLine();
        foreach (var variant in floorOnly ? [] : variants)
        {
            using var trips = new RoundTrips();
            watching = trips;
            api.Watch = true;
            try
            {
                for (var i = 0; i < samples; i++)
                {
                    await ChainOrErrorAsync(variant.Run, api, i % Workers);
                }
            }
            finally
            {
                api.Watch = false;
                watching = null;
            }

            var calls = variant.Steps.Sum(s => s == "line" ? Lines : 1);
            var perCall = string.Join(", ", variant.Steps.Select(s => string.Create(CultureInfo.InvariantCulture,
                $"{s} {(double)trips.Counts.GetValueOrDefault(s) / samples / (s == "line" ? Lines : 1):0.#}")));
            perStep.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"- {variant.Name}: {(double)trips.Total / samples:0.#} per chain of {calls} calls ({perCall}; line is per call)."));
        }

        api.Reset();
        report.Append(perStep);
        Console.WriteLine(perStep);
        return report.ToString();
    }

    /// <summary>
    /// What a call costs the app besides a feature handler's work: calls that do (almost) nothing but cross the pipeline
    /// (Kestrel, the middlewares, the key, the rate limit, the right, MVC, the answer's JSON) and the bench's HttpClient,
    /// one at a time. GET status reads nothing; GET a proposal (5 lines) is one read of the document and its answer in
    /// each API's shape. CPU µs per call is this process (app and client) + the bench's PostgreSQL.
    /// </summary>
    private static async Task<string> FloorAsync(Api api, long customer, long product, TimeSpan duration)
    {
        var proposal = (await api.PostAsync("setup", "/api/index.php/proposals", new { socid = customer, lines = Enumerable.Range(0, Lines).Select(_ => new { fk_product = product, qty = 1 }).ToArray() }))
            .GetValue<long>();
        api.Reset();
        var calls = new (string Name, string Url)[]
        {
            ("GET status (no read)", "/api/index.php/status"),
            ("GET proposal, Dolibarr (1 read)", $"/api/index.php/proposals/{proposal}"),
            ("GET proposal, native (1 read)", $"/api/v1/proposals/{proposal}"),
        };
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine("Per-call floor (one call at a time: the pipeline, the key, the right, MVC and JSON around at most one read; CPU of this process, app and client, + PostgreSQL):");
        text.AppendLine();
        text.AppendLine("| call | calls/s | CPU µs/call (app + db) | app | db | KB allocated/call (app and client) | p50 / p95 ms | errors |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, url) in calls)
        {
            (TimeSpan App, TimeSpan? Server) cpuStart = default;
            long allocatedStart = 0;
            var result = await Measure.RunAsync(1, duration, _ => async () =>
            {
                try
                {
                    await api.GetAsync(name, url);
                }
                catch (ChainFailed)
                {
                }
            }, afterWarmUp: () =>
            {
                api.Reset();
                cpuStart = Cpu.Now();
                allocatedStart = GC.GetTotalAllocatedBytes();
            });
            var cpuEnd = Cpu.Now();
            var allocated = (GC.GetTotalAllocatedBytes() - allocatedStart) / 1024.0;
            var done = result.PerSecond * duration.TotalSeconds;
            var app = (cpuEnd.App - cpuStart.App).TotalMilliseconds * 1000 / Math.Max(1, done);
            var db = (cpuEnd.Server - cpuStart.Server ?? TimeSpan.Zero).TotalMilliseconds * 1000 / Math.Max(1, done);
            var timing = api.Timings().TryGetValue(name, out var t) ? t.ToString() : "—";
            var line = string.Create(CultureInfo.InvariantCulture, $"| {name} | {result.PerSecond:0} | {app + db:0} | {app:0} | {db:0} | {allocated / Math.Max(1, done):0.0} | {timing} | {api.Errors} |");
            text.AppendLine(line);
            Console.WriteLine(line);
            if (api.FirstError is { } error)
            {
                Console.WriteLine($"First error: {error}");
            }

            api.Reset();
        }

        return text.ToString();
    }

    private static readonly string[] IssueSteps = ["proposal", "line", "validate proposal", "sign", "order", "validate order", "invoice", "validate invoice", "payment"];

    private static readonly string[] DolibarrLongSteps = ["third party", "proposal", "lines", "validate proposal", "sign", "order", "validate order", "shipment", "validate shipment", "invoice", "validate invoice", "payment"];

    private static readonly string[] NativeLongSteps = ["third party", "proposal", "line", "validate proposal", "sign", "order", "validate order", "shipment", "validate shipment", "invoice", "validate invoice", "payment"];

    private static readonly string[] StepOrder =
    [
        "third party", "proposal", "line", "lines", "validate proposal", "sign", "order", "validate order", "shipment", "validate shipment", "invoice", "validate invoice", "payment",
    ];

    /// <summary>A refused call is counted by <see cref="Api"/> and ends its chain; the loop carries on with the next chain.</summary>
    private static async Task ChainOrErrorAsync(Func<Api, int, Task> run, Api api, int worker)
    {
        try
        {
            await run(api, worker);
        }
        catch (ChainFailed)
        {
        }
    }

    /// <summary>Issue 8's chain through the Dolibarr-compatible API: the customer exists, each line is one POST {id}/line.</summary>
    private static async Task DolibarrIssueChainAsync(Api api, int chain, long socid, long product, long bank, long transfer)
    {
        const string Root = "/api/index.php";
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var proposal = (await api.PostAsync("proposal", $"{Root}/proposals", new { socid, date = now })).GetValue<long>();
        for (var i = 0; i < Lines; i++)
        {
            await api.PostAsync("line", $"{Root}/proposals/{proposal}/line", new { fk_product = product, qty = 1 });
        }

        await api.PostAsync("validate proposal", $"{Root}/proposals/{proposal}/validate", new { notrigger = 0 });
        await api.PostAsync("sign", $"{Root}/proposals/{proposal}/close", new { status = 2 });
        var order = (await api.PostAsync("order", $"{Root}/orders/createfromproposal/{proposal}", new { }))["id"]!.GetValue<long>();
        await api.PostAsync("validate order", $"{Root}/orders/{order}/validate", new { idwarehouse = 0, notrigger = 0 });
        var invoice = (await api.PostAsync("invoice", $"{Root}/invoices/createfromorder/{order}", new { }))["id"]!.GetValue<long>();
        await api.PostAsync("validate invoice", $"{Root}/invoices/{invoice}/validate", new { idwarehouse = 0, notrigger = 0 });
        await api.PostAsync("payment", $"{Root}/invoices/{invoice}/payments", new { datepaye = now, paymentid = transfer, closepaidinvoices = "yes", accountid = bank, num_payment = $"BENCH-{chain}" });
    }

    /// <summary>Issue 8's chain through /api/v1: the customer exists, each line is one POST {id}/lines.</summary>
    private static async Task NativeIssueChainAsync(Api api, int chain, long customer, long product, long bank)
    {
        const string Root = "/api/v1";
        var proposal = (await api.PostAsync("proposal", $"{Root}/proposals", new { thirdPartyId = customer }))["id"]!.GetValue<long>();
        for (var i = 0; i < Lines; i++)
        {
            await api.PostAsync("line", $"{Root}/proposals/{proposal}/lines", new { kind = "product", productId = product, quantity = 1 });
        }

        await api.PostAsync("validate proposal", $"{Root}/proposals/{proposal}/validate", new { });
        await api.PostAsync("sign", $"{Root}/proposals/{proposal}/sign", new { });
        var order = (await api.PostAsync("order", $"{Root}/proposals/{proposal}/create-order", new { }))["id"]!.GetValue<long>();
        await api.PostAsync("validate order", $"{Root}/orders/{order}/validate", new { });
        var invoice = (await api.PostAsync("invoice", $"{Root}/orders/{order}/create-invoice", new { }))["id"]!.GetValue<long>();
        await api.PostAsync("validate invoice", $"{Root}/invoices/{invoice}/validate", new { });
        await api.PostAsync("payment", $"{Root}/invoices/{invoice}/pay", new { bankAccountId = bank, reference = $"BENCH-{chain}" });
    }

    /// <summary>The long chain through the Dolibarr-compatible API: a new third party, the lines in one array call, a shipment.</summary>
    private static async Task DolibarrChainAsync(Api api, int chain, long product, long warehouse, long bank, long transfer)
    {
        const string Root = "/api/index.php";
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var socid = (await api.PostAsync("third party", $"{Root}/thirdparties", new { name = $"Bench API customer {chain}", client = 1 })).GetValue<long>();
        var proposal = (await api.PostAsync("proposal", $"{Root}/proposals", new { socid, date = now })).GetValue<long>();
        await api.PostAsync("lines", $"{Root}/proposals/{proposal}/lines", Enumerable.Range(0, Lines).Select(_ => new { fk_product = product, qty = 1 }).ToArray());
        await api.PostAsync("validate proposal", $"{Root}/proposals/{proposal}/validate", new { notrigger = 0 });
        await api.PostAsync("sign", $"{Root}/proposals/{proposal}/close", new { status = 2 });
        var order = (await api.PostAsync("order", $"{Root}/orders/createfromproposal/{proposal}", new { }))["id"]!.GetValue<long>();
        var lines = (await api.PostAsync("validate order", $"{Root}/orders/{order}/validate", new { idwarehouse = 0, notrigger = 0 }))["lines"]!.AsArray()
            .Select(l => new { origin_line_id = l!["id"]!.GetValue<long>(), qty = 1 }).ToArray();
        var shipment = (await api.PostAsync("shipment", $"{Root}/shipments", new { socid, origin_id = order, origin_type = "commande", entrepot_id = warehouse, lines })).GetValue<long>();
        await api.PostAsync("validate shipment", $"{Root}/shipments/{shipment}/validate", new { notrigger = 0 });
        var invoice = (await api.PostAsync("invoice", $"{Root}/invoices/createfromorder/{order}", new { }))["id"]!.GetValue<long>();
        await api.PostAsync("validate invoice", $"{Root}/invoices/{invoice}/validate", new { idwarehouse = 0, notrigger = 0 });
        await api.PostAsync("payment", $"{Root}/invoices/{invoice}/payments", new { datepaye = now, paymentid = transfer, closepaidinvoices = "yes", accountid = bank, num_payment = $"BENCH-{chain}" });
    }

    /// <summary>The long chain through /api/v1: a new third party, the lines one call each, a shipment.</summary>
    private static async Task NativeChainAsync(Api api, int chain, long product, long warehouse, long bank)
    {
        const string Root = "/api/v1";
        var customer = (await api.PostAsync("third party", $"{Root}/third-parties", new { name = $"Bench API customer {chain}", isCustomer = true, countryCode = "FR" }))["id"]!.GetValue<long>();
        var proposal = (await api.PostAsync("proposal", $"{Root}/proposals", new { thirdPartyId = customer }))["id"]!.GetValue<long>();
        for (var i = 0; i < Lines; i++)
        {
            await api.PostAsync("line", $"{Root}/proposals/{proposal}/lines", new { kind = "product", productId = product, quantity = 1 });
        }

        await api.PostAsync("validate proposal", $"{Root}/proposals/{proposal}/validate", new { });
        await api.PostAsync("sign", $"{Root}/proposals/{proposal}/sign", new { });
        var order = (await api.PostAsync("order", $"{Root}/proposals/{proposal}/create-order", new { }))["id"]!.GetValue<long>();
        var lines = (await api.PostAsync("validate order", $"{Root}/orders/{order}/validate", new { }))["lines"]!.AsArray()
            .Select(l => new { orderLineId = l!["id"]!.GetValue<long>(), quantity = 1, warehouseId = warehouse }).ToArray();
        var shipment = (await api.PostAsync("shipment", $"{Root}/orders/{order}/create-shipment", new { lines }))["id"]!.GetValue<long>();
        await api.PostAsync("validate shipment", $"{Root}/shipments/{shipment}/validate", new { });
        var invoice = (await api.PostAsync("invoice", $"{Root}/orders/{order}/create-invoice", new { }))["id"]!.GetValue<long>();
        await api.PostAsync("validate invoice", $"{Root}/invoices/{invoice}/validate", new { });
        await api.PostAsync("payment", $"{Root}/invoices/{invoice}/pay", new { bankAccountId = bank, reference = $"BENCH-{chain}" });
    }

    /// <summary>JSON calls timed per step; a refused call counts as an error and ends its chain.</summary>
    private sealed class Api(HttpClient http)
    {
        private ConcurrentDictionary<string, ConcurrentBag<double>> _timings = new();
        private int _errors;
        private long _calls;

        public int Errors => _errors;

        public string? FirstError { get; private set; }

        public void Reset()
        {
            _timings = new ConcurrentDictionary<string, ConcurrentBag<double>>();
            _errors = 0;
            Interlocked.Exchange(ref _calls, 0);
            FirstError = null;
        }

        /// <summary>p50 / p95 per step.</summary>
        public IReadOnlyDictionary<string, Timing> Timings() => _timings.ToDictionary(t => t.Key, t => Timing.Of(t.Value.ToList()));

        /// <summary>Calls answered since the last reset (the calls/s column).</summary>
        public long Calls => Interlocked.Read(ref _calls);

        /// <summary>Sends each call's step name to the server, whose round trips are then counted under it.</summary>
        public bool Watch { get; set; }

        public Task<JsonNode> PostAsync(string step, string url, object body) => SendAsync(step, HttpMethod.Post, url, body);

        public Task<JsonNode> GetAsync(string step, string url) => SendAsync(step, HttpMethod.Get, url, null);

        private async Task<JsonNode> SendAsync(string step, HttpMethod method, string url, object? body)
        {
            var clock = Stopwatch.StartNew();
            using var request = new HttpRequestMessage(method, url);
            if (body is not null)
            {
                request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, MediaTypeHeaderValue.Parse("application/json"));
            }

            if (Watch)
            {
                request.Headers.Add(StepHeader, step);
            }

            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            clock.Stop();
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref _errors);
                FirstError ??= $"{method} {url}: {(int)response.StatusCode} {text}";
                throw new ChainFailed();
            }

            _timings.GetOrAdd(step, _ => []).Add(clock.Elapsed.TotalMilliseconds);
            Interlocked.Increment(ref _calls);
            return JsonNode.Parse(text)!;
        }
    }

    /// <summary>A call of the chain was refused: counted, the chain stops there and the next one starts.</summary>
    internal sealed class ChainFailed : Exception;
}
