using System.Globalization;
using MokoCrm.Bench;
using MokoCrm.Web.Platform.Hosting;
using Npgsql;

// Measures the hot paths of the platform on a real PostgreSQL and prints tables (also saved under bench/results).
// MOKO_BENCH_DB: connection string of a server whose user may create databases; otherwise a throwaway cluster.
// MOKO_BENCH_ONLY=numbering|sales|list runs one part; see bench/README.md for the other settings.
var seconds = double.TryParse(Environment.GetEnvironmentVariable("MOKO_BENCH_SECONDS"), CultureInfo.InvariantCulture, out var s) ? s : 2;
var rows = int.TryParse(Environment.GetEnvironmentVariable("MOKO_BENCH_ROWS"), CultureInfo.InvariantCulture, out var r) ? r : 1_000_000;
var repeat = int.TryParse(Environment.GetEnvironmentVariable("MOKO_BENCH_REPEAT"), CultureInfo.InvariantCulture, out var n) ? Math.Max(n, 5) : 50;
var only = Environment.GetEnvironmentVariable("MOKO_BENCH_ONLY");
var runNumbering = string.IsNullOrEmpty(only) || only.Equals("numbering", StringComparison.OrdinalIgnoreCase);
var runList = string.IsNullOrEmpty(only) || only.Equals("list", StringComparison.OrdinalIgnoreCase);
var runSales = string.IsNullOrEmpty(only) || only.Equals("sales", StringComparison.OrdinalIgnoreCase);

EmbeddedPostgres? cluster = null;
var server = Environment.GetEnvironmentVariable("MOKO_BENCH_DB");
if (string.IsNullOrWhiteSpace(server))
{
    var root = Path.Combine(Path.GetTempPath(), $"moko-bench-{Environment.ProcessId}");
    Console.WriteLine($"Starting a throwaway PostgreSQL cluster in {root} ...");
    cluster = EmbeddedPostgres.Start(root, throwaway: true);
    server = cluster.ConnectionString("postgres");
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
        await using var app = await BenchApp.StartAsync(connectionString, withModules: true);
        var report = await SalesBench.RunAsync(app, connectionString, TimeSpan.FromSeconds(seconds));
        var file = Path.Combine(results, $"sales-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
        await File.WriteAllTextAsync(file, report);
        Console.WriteLine($"Saved {file}");
        Console.WriteLine();
    }

    if (runList)
    {
        await ListBench.SeedAsync(connectionString, rows);
        var report = await ListBench.RunAsync(connectionString, repeat);
        var file = Path.Combine(results, $"list-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
        await File.WriteAllTextAsync(file, report);
        Console.WriteLine($"Saved {file}");
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
    else
    {
        await Sql.ExecuteAsync(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
    }
}
