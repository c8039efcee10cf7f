using System.Globalization;
using MokoCrm.Bench;
using MokoCrm.Web.Modules.Accounting;
using MokoCrm.Web.Modules.Agenda;
using MokoCrm.Web.Modules.Crm;
using MokoCrm.Web.Modules.Products;
using MokoCrm.Web.Modules.Purchasing;
using MokoCrm.Web.Modules.Sales;
using MokoCrm.Web.Modules.Stock;
using MokoCrm.Web.Platform.Hosting;
using Npgsql;

// Measures the hot paths of the platform on a real PostgreSQL and prints tables (also saved under bench/results).
// MOKO_BENCH_DB: connection string of a server whose user may create databases; otherwise a throwaway cluster.
// MOKO_BENCH_ONLY=numbering|sales|shipping|billing|purchasing|api|list|crm|stock|manufacturing|accounting|posting runs one part; see bench/README.md for the other settings.
var seconds = double.TryParse(Environment.GetEnvironmentVariable("MOKO_BENCH_SECONDS"), CultureInfo.InvariantCulture, out var s) ? s : 2;
var rows = int.TryParse(Environment.GetEnvironmentVariable("MOKO_BENCH_ROWS"), CultureInfo.InvariantCulture, out var r) ? r : 1_000_000;
var repeat = int.TryParse(Environment.GetEnvironmentVariable("MOKO_BENCH_REPEAT"), CultureInfo.InvariantCulture, out var n) ? Math.Max(n, 5) : 50;
var only = Environment.GetEnvironmentVariable("MOKO_BENCH_ONLY");
var runNumbering = string.IsNullOrEmpty(only) || only.Equals("numbering", StringComparison.OrdinalIgnoreCase);
var runList = string.IsNullOrEmpty(only) || only.Equals("list", StringComparison.OrdinalIgnoreCase);
var runCrm = string.IsNullOrEmpty(only) || only.Equals("crm", StringComparison.OrdinalIgnoreCase);
var runStock = string.IsNullOrEmpty(only) || only.Equals("stock", StringComparison.OrdinalIgnoreCase);
var runManufacturing = string.IsNullOrEmpty(only) || only.Equals("manufacturing", StringComparison.OrdinalIgnoreCase);
var runSales = string.IsNullOrEmpty(only) || only.Equals("sales", StringComparison.OrdinalIgnoreCase);
var runShipping = string.IsNullOrEmpty(only) || only.Equals("shipping", StringComparison.OrdinalIgnoreCase);
var runBilling = string.IsNullOrEmpty(only) || only.Equals("billing", StringComparison.OrdinalIgnoreCase);
var runPurchasing = string.IsNullOrEmpty(only) || only.Equals("purchasing", StringComparison.OrdinalIgnoreCase);
var runApi = string.IsNullOrEmpty(only) || only.Equals("api", StringComparison.OrdinalIgnoreCase);
var invoices = int.TryParse(Environment.GetEnvironmentVariable("MOKO_BENCH_INVOICES"), CultureInfo.InvariantCulture, out var iv) ? iv : 1_000_000;
var runAccounting = string.IsNullOrEmpty(only) || only.Equals("accounting", StringComparison.OrdinalIgnoreCase);
var runPosting = string.IsNullOrEmpty(only) || only.Equals("posting", StringComparison.OrdinalIgnoreCase);
var ledgerLines = int.TryParse(Environment.GetEnvironmentVariable("MOKO_BENCH_LEDGER_LINES"), CultureInfo.InvariantCulture, out var l) ? l : 5_000_000;
var movements = int.TryParse(Environment.GetEnvironmentVariable("MOKO_BENCH_MOVEMENTS"), CultureInfo.InvariantCulture, out var mv) ? mv : 1_000_000;

EmbeddedPostgres? cluster = null;
var server = Environment.GetEnvironmentVariable("MOKO_BENCH_DB");
if (string.IsNullOrWhiteSpace(server))
{
    var root = Path.Combine(Path.GetTempPath(), $"moko-bench-{Environment.ProcessId}");
    Console.WriteLine($"Starting a throwaway PostgreSQL cluster in {root} ...");
    cluster = EmbeddedPostgres.Start(root, throwaway: true);
    server = cluster.ConnectionString("postgres");
    Cpu.ClusterDataDirectory = cluster.DataDirectory;
}

var database = $"moko_bench_{DateTime.UtcNow:yyyyMMddHHmmss}";
await Sql.ExecuteAsync(server, $"CREATE DATABASE {database}");
var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = 64 }.ConnectionString;
var started = DateTime.UtcNow;
try
{
    var results = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "results"));
    Directory.CreateDirectory(results);

    if (runNumbering)
    {
        await using var app = await BenchApp.StartAsync(connectionString);
        var report = await NumberingBench.RunAsync(app, connectionString, TimeSpan.FromSeconds(seconds));
        var file = Path.Combine(results, $"numbering-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
        await File.WriteAllTextAsync(file, report);
        Console.WriteLine($"Saved {file}");
        Console.WriteLine();
    }

    if (runSales)
    {
        await using var app = await BenchApp.StartAsync(connectionString, services =>
        {
            services.AddCrm();
            services.AddAgenda();
            services.AddProducts();
            services.AddStock();
            services.AddSales();
        });
        var report = await SalesBench.RunAsync(app, connectionString, TimeSpan.FromSeconds(seconds));
        var file = Path.Combine(results, $"sales-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
        await File.WriteAllTextAsync(file, report);
        Console.WriteLine($"Saved {file}");
        Console.WriteLine();
    }

    if (runShipping)
    {
        await using var app = await BenchApp.StartAsync(connectionString, services =>
        {
            services.AddCrm();
            services.AddAgenda();
            services.AddProducts();
            services.AddStock();
            services.AddSales();
        });
        var report = await ShipmentBench.RunAsync(app, connectionString, TimeSpan.FromSeconds(seconds));
        var file = Path.Combine(results, $"shipping-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
        await File.WriteAllTextAsync(file, report);
        Console.WriteLine($"Saved {file}");
        Console.WriteLine();
    }

    if (runBilling)
    {
        await using var app = await BenchApp.StartAsync(connectionString, services =>
        {
            services.AddCrm();
            services.AddAgenda();
            services.AddProducts();
            services.AddStock();
            services.AddAccounting();
            services.AddSales();
        });
        var report = await BillingBench.RunAsync(app, connectionString, TimeSpan.FromSeconds(seconds), invoices, repeat);
        var file = Path.Combine(results, $"billing-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
        await File.WriteAllTextAsync(file, report);
        Console.WriteLine($"Saved {file}");
        Console.WriteLine();
    }

    if (runPurchasing)
    {
        await using var app = await BenchApp.StartAsync(connectionString, services =>
        {
            services.AddCrm();
            services.AddAgenda();
            services.AddProducts();
            services.AddStock();
            services.AddAccounting();
            services.AddPurchasing();
        });
        var report = await PurchasingBench.RunAsync(app, connectionString, TimeSpan.FromSeconds(seconds));
        var file = Path.Combine(results, $"purchasing-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
        await File.WriteAllTextAsync(file, report);
        Console.WriteLine($"Saved {file}");
        Console.WriteLine();
    }

    if (runApi)
    {
        var (app, address) = await ApiChainBench.StartAsync(connectionString);
        await using (app)
        {
            var report = await ApiChainBench.RunAsync(app, address, TimeSpan.FromSeconds(seconds));
            var file = Path.Combine(results, $"api-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
            await File.WriteAllTextAsync(file, report);
            Console.WriteLine($"Saved {file}");
            Console.WriteLine();
        }
    }

    if (runList)
    {
        await ListBench.SeedAsync(connectionString, rows);
        var report = await ListBench.RunAsync(connectionString, repeat);
        var file = Path.Combine(results, $"list-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
        await File.WriteAllTextAsync(file, report);
        Console.WriteLine($"Saved {file}");
    }

    if (runCrm)
    {
        await using var app = await BenchApp.StartAsync(connectionString, services => services.AddCrm());
        await CrmBench.SeedAsync(connectionString, 200_000, 500_000);
        var report = await CrmBench.RunAsync(app, connectionString, repeat);
        var file = Path.Combine(results, $"crm-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
        await File.WriteAllTextAsync(file, report);
        Console.WriteLine($"Saved {file}");
    }

    if (runAccounting)
    {
        await using var app = await BenchApp.StartAsync(connectionString);
        await AccountingBench.SeedAsync(connectionString, ledgerLines);
        var report = await AccountingBench.RunAsync(app, connectionString, repeat, ledgerLines);
        var file = Path.Combine(results, $"accounting-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
        await File.WriteAllTextAsync(file, report);
        Console.WriteLine($"Saved {file}");
    }

    if (runPosting)
    {
        await using var withPosting = await PostingCostBench.StartAsync(connectionString, withPosting: true);
        await using var withoutPosting = await PostingCostBench.StartAsync(connectionString, withPosting: false);
        var report = await PostingCostBench.RunAsync(withPosting, withoutPosting, connectionString, TimeSpan.FromSeconds(seconds));
        var file = Path.Combine(results, $"posting-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
        await File.WriteAllTextAsync(file, report);
        Console.WriteLine($"Saved {file}");
    }

    if (runStock || runManufacturing)
    {
        // A database of its own: the stock bench seeds products and warehouses with fixed ids.
        var stockDatabase = database + "_stock";
        await Sql.ExecuteAsync(server, $"CREATE DATABASE {stockDatabase}");
        var stockConnection = new NpgsqlConnectionStringBuilder(server) { Database = stockDatabase, MaxPoolSize = 64 }.ConnectionString;
        try
        {
            await using var app = await StockBench.StartAppAsync(stockConnection);
            await StockBench.SeedAsync(stockConnection, movements);
            if (runStock)
            {
                var report = await StockBench.RunAsync(app, stockConnection, repeat, TimeSpan.FromSeconds(seconds));
                var file = Path.Combine(results, $"stock-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
                await File.WriteAllTextAsync(file, report);
                Console.WriteLine($"Saved {file}");
            }

            if (runManufacturing)
            {
                var report = await ManufacturingBench.RunAsync(app, stockConnection, TimeSpan.FromSeconds(seconds));
                var file = Path.Combine(results, $"manufacturing-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
                await File.WriteAllTextAsync(file, report);
                Console.WriteLine($"Saved {file}");
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            if (cluster is null && Environment.GetEnvironmentVariable("MOKO_BENCH_KEEP_DB") == "1")
            {
                Console.WriteLine($"Kept database {stockDatabase}");
            }
            else if (cluster is null)
            {
                await Sql.ExecuteAsync(server, $"DROP DATABASE IF EXISTS {stockDatabase} WITH (FORCE)");
            }
        }
    }

    Console.WriteLine($"Bench done in {(DateTime.UtcNow - started).TotalSeconds:0} s");
}
finally
{
    NpgsqlConnection.ClearAllPools();
    if (cluster is not null)
    {
        cluster.StopAndDelete();
    }
    else if (Environment.GetEnvironmentVariable("MOKO_BENCH_KEEP_DB") == "1")
    {
        // For reading query plans on the seeded data afterwards (EXPLAIN ANALYZE); drop it by hand.
        Console.WriteLine($"Kept database {database}");
    }
    else
    {
        await Sql.ExecuteAsync(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
    }
}
