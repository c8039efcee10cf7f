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
/// 127.0.0.1, driven by an HttpClient with the admin's API key, once through the Dolibarr-compatible API and once
/// through the native /api/v1: third party, proposal, 5 product lines, validate, sign, order, validate, shipment,
/// validate, invoice, validate, payment. Chains per second, 1 and 4 in parallel, and p95 per call.
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
        app.UsePlatform();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address));
    }

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

        // Catalogue and stock over the API too: one stocked product per worker (a shipment locks its product's stock).
        var warehouse = (await api.PostAsync("setup", "/api/v1/warehouses", new { reference = "BENCH-API", label = "Bench API warehouse" }))["id"]!.GetValue<long>();
        var products = new long[Workers];
        for (var i = 0; i < Workers; i++)
        {
            products[i] = (await api.PostAsync("setup", "/api/index.php/products", new { @ref = $"BENCH-API-{i}", label = "Bench API item", price = 6.36, tva_tx = 20, seuil_stock_alerte = 0 }))
                .GetValue<long>();
            await api.PostAsync("setup", "/api/index.php/stockmovements", new { product_id = products[i], warehouse_id = warehouse, qty = 100_000_000, price = 3, movementlabel = "Bench opening stock" });
        }

        var transfer = (await api.GetAsync("setup", "/api/index.php/setup/dictionary/payment_types")).AsArray().First(t => t!["code"]!.GetValue<string>() == "VIR")!["id"]!.GetValue<long>();
        api.Reset();

        var report = new StringBuilder();
        var header = new StringBuilder();
        header.AppendLine(CultureInfo.InvariantCulture, $"Sales chains per second over HTTP (Kestrel on 127.0.0.1, one API key, JSON in and out): third party, proposal, {Lines} product lines, validate, sign, order, validate, shipment, validate, invoice, validate, payment = {Calls} calls per chain, {duration.TotalSeconds:0.#} s per cell after as long a warm-up, {Environment.ProcessorCount} cores, load average {Machine.LoadAverage()} at the start. Target (issue 8): 30 chains/s sequential, 60 with 4 in parallel, 0 errors.");
        header.AppendLine();
        header.AppendLine("| API | parallel | chains/s | calls/s | errors | target |");
        header.AppendLine("|---|---:|---:|---:|---:|---:|");
        report.Append(header);
        Console.WriteLine(header);

        var steps = new List<(string Api, int Parallel, IReadOnlyDictionary<string, Timing> Steps)>();
        var chain = 0;
        foreach (var (name, run) in new (string, Func<int, Task>)[]
        {
            ("Dolibarr /api/index.php", worker => DolibarrChainAsync(api, Interlocked.Increment(ref chain), products[worker], warehouse, bank, transfer)),
            ("native /api/v1", worker => NativeChainAsync(api, Interlocked.Increment(ref chain), products[worker], warehouse, bank)),
        })
        {
            foreach (var parallel in new[] { 1, 4 })
            {
                var result = await Measure.RunAsync(parallel, duration, worker => () => ChainOrErrorAsync(run, worker), afterWarmUp: api.Reset);
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {parallel} | {result.PerSecond:0.0} | {result.PerSecond * Calls:0} | {api.Errors} | {(parallel == 1 ? 30 : 60)} |");
                report.AppendLine(line);
                Console.WriteLine(line);
                steps.Add((name, parallel, api.Timings()));
                if (api.FirstError is { } error)
                {
                    Console.WriteLine($"First error: {error}");
                    report.AppendLine(CultureInfo.InvariantCulture, $"\nFirst error: {error}\n");
                }

                api.Reset();
            }
        }

        var perStep = new StringBuilder();
        perStep.AppendLine();
        perStep.AppendLine(CultureInfo.InvariantCulture, $"Load average at the end: {Machine.LoadAverage()}.");
        perStep.AppendLine();
        perStep.AppendLine("p50 / p95 per call, ms");
        perStep.AppendLine();
        perStep.AppendLine("| API | parallel | " + string.Join(" | ", steps[0].Steps.Keys) + " |");
        perStep.AppendLine("|---|---:|" + string.Concat(steps[0].Steps.Keys.Select(_ => "---:|")));
        foreach (var (name, parallel, timings) in steps)
        {
            perStep.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {parallel} | {string.Join(" | ", timings.Values)} |"));
        }

        report.Append(perStep);
        Console.WriteLine(perStep);
        return report.ToString();
    }

    private const int Calls = 12;

    /// <summary>A refused call is counted by <see cref="Api"/> and ends its chain; the loop carries on with the next chain.</summary>
    private static async Task ChainOrErrorAsync(Func<int, Task> run, int worker)
    {
        try
        {
            await run(worker);
        }
        catch (ChainFailed)
        {
        }
    }

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

    private static async Task NativeChainAsync(Api api, int chain, long product, long warehouse, long bank)
    {
        const string Root = "/api/v1";
        var customer = (await api.PostAsync("third party", $"{Root}/third-parties", new { name = $"Bench API customer {chain}", isCustomer = true, countryCode = "FR" }))["id"]!.GetValue<long>();
        var proposal = (await api.PostAsync("proposal", $"{Root}/proposals", new { thirdPartyId = customer }))["id"]!.GetValue<long>();
        for (var i = 0; i < Lines; i++)
        {
            await api.PostAsync("lines", $"{Root}/proposals/{proposal}/lines", new { kind = "product", productId = product, quantity = 1 });
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

        public int Errors => _errors;

        public string? FirstError { get; private set; }

        public void Reset()
        {
            _timings = new ConcurrentDictionary<string, ConcurrentBag<double>>();
            _errors = 0;
            FirstError = null;
        }

        /// <summary>p50 / p95 per step, in the order of the chain (the order of first use).</summary>
        public IReadOnlyDictionary<string, Timing> Timings() =>
            StepOrder.Where(_timings.ContainsKey).ToDictionary(s => s, s => Timing.Of(_timings[s].ToList()));

        private static readonly string[] StepOrder =
        [
            "third party", "proposal", "lines", "validate proposal", "sign", "order", "validate order", "shipment", "validate shipment", "invoice", "validate invoice", "payment",
        ];

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
            return JsonNode.Parse(text)!;
        }
    }

    /// <summary>A call of the chain was refused: counted, the chain stops there and the next one starts.</summary>
    internal sealed class ChainFailed : Exception;
}
