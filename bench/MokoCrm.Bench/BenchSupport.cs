using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MokoCrm.Web.Platform;
using MokoCrm.Web.Platform.Data;
using Npgsql;

namespace MokoCrm.Bench;

/// <summary>The app's real composition (AddPlatform), migrated and seeded, without the web server or the outbox poll.</summary>
internal static class BenchApp
{
    public static async Task<WebApplication> StartAsync(string connectionString, Action<IServiceCollection>? modules = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Bench",
            ApplicationName = typeof(PlatformModule).Assembly.GetName().Name,
        });
        builder.Configuration["ConnectionStrings:Default"] = connectionString;
        builder.Configuration["MOKO_DEMO"] = "false";
        builder.Configuration["Moko:LogToFile"] = "false";
        builder.Configuration["Moko:Outbox:Enabled"] = "false";
        builder.AddPlatform();
        modules?.Invoke(builder.Services);
        var app = builder.Build();
        await app.Services.GetServices<IHostedService>().OfType<DatabaseInitializer>().Single().StartAsync(CancellationToken.None);
        return app;
    }
}

internal static class Measure
{
    /// <summary>/proc/loadavg's three figures (the machine is shared: a ratio reads with the load it was taken under).</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>
    /// Runs one loop per worker (<paramref name="operationOfWorker"/> builds each worker's operation) for <paramref name="duration"/>, after a
    /// warm-up of the same length: on 2 cores the tiered JIT otherwise makes whichever row runs first look slow.
    /// </summary>
    public static async Task<(long Done, double PerSecond)> RunAsync(int parallel, TimeSpan duration, Func<int, Func<Task>> operationOfWorker, Func<Task>? setUp = null)
    {
        if (setUp is not null)
        {
            await setUp();
        }

        var operations = Enumerable.Range(0, parallel).Select(operationOfWorker).ToList();
        var warmUp = await LoopAsync(operations, duration);
        var measured = await LoopAsync(operations, duration);
        return (warmUp.Done + measured.Done, measured.PerSecond);
    }

    private static async Task<(long Done, double PerSecond)> LoopAsync(IReadOnlyList<Func<Task>> operations, TimeSpan duration)
    {
        long done = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(operations.Select(operation => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                await operation();
                Interlocked.Increment(ref done);
            }
        })));
        clock.Stop();
        return (done, done / clock.Elapsed.TotalSeconds);
    }
}

internal static class Sql
{
    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}

/// <summary>Percentiles of repeated runs, in milliseconds.</summary>
internal sealed record Timing(double P50, double P95)
{
    public static Timing Of(IReadOnlyList<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        double At(double quantile) => sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Timing(At(0.50), At(0.95));
    }

    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{P50:0.00} / {P95:0.00}");
}
