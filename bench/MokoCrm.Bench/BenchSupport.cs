using System.Diagnostics;
using System.Globalization;
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
        var builder = Builder(connectionString);
        builder.AddPlatform();
        modules?.Invoke(builder.Services);
        var app = builder.Build();
        await app.Services.GetServices<IHostedService>().OfType<DatabaseInitializer>().Single().StartAsync(CancellationToken.None);
        return app;
    }

    /// <summary>The app's builder on the bench database: no demo data, no log file, no outbox poll.</summary>
    public static WebApplicationBuilder Builder(string connectionString)
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
        return builder;
    }
}

internal static class Measure
{
    /// <summary>
    /// Runs one loop per worker (<paramref name="operationOfWorker"/> builds each worker's operation) for <paramref name="duration"/>, after a
    /// warm-up of the same length: on 2 cores the tiered JIT otherwise makes whichever row runs first look slow.
    /// <paramref name="afterWarmUp"/> runs between the two (e.g. to forget the timings of the warm-up).
    /// </summary>
    public static async Task<(long Done, double PerSecond)> RunAsync(
        int parallel, TimeSpan duration, Func<int, Func<Task>> operationOfWorker, Func<Task>? setUp = null, Action? afterWarmUp = null)
    {
        if (setUp is not null)
        {
            await setUp();
        }

        var operations = Enumerable.Range(0, parallel).Select(operationOfWorker).ToList();
        var warmUp = await LoopAsync(operations, duration);
        afterWarmUp?.Invoke();
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

internal static class Machine
{
    /// <summary>/proc/loadavg's three figures (the machine is shared: a figure reads with the load it was taken under).</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
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

/// <summary>
/// Counts the database round trips of the flows it is asked to watch, from Npgsql's own activities (one per command or
/// batch sent; BEGIN goes out with the first command, COMMIT is not an activity). An AsyncLocal marks the watched
/// flow, so the app's background work is not counted. With MOKO_BENCH_TRACE=1 the statements are printed too.
/// </summary>
internal sealed class RoundTrips : IDisposable
{
    private static readonly bool Trace = Environment.GetEnvironmentVariable("MOKO_BENCH_TRACE") == "1";
    private readonly AsyncLocal<string?> step = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> counts = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> compilations = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TimeSpan> databaseTime = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TimeSpan> wallTime = new();
    private readonly ActivityListener listener;
    private readonly IDisposable efSubscription;

    public RoundTrips()
    {
        // EF announces each LINQ query it has to compile (a miss in its query cache) on its DiagnosticSource.
        efSubscription = DiagnosticListener.AllListeners.Subscribe(new Observer<DiagnosticListener>(source =>
        {
            if (source.Name == "Microsoft.EntityFrameworkCore")
            {
                source.Subscribe(new Observer<KeyValuePair<string, object?>>(e =>
                {
                    if (e.Key.EndsWith("QueryCompilationStarting", StringComparison.Ordinal) && step.Value is { } name)
                    {
                        compilations.AddOrUpdate(name, 1, (_, n) => n + 1);
                        if (Trace)
                        {
                            Console.WriteLine($"[{name}] COMPILE {e.Value}");
                        }
                    }
                }));
            }
        }));

        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (step.Value is { } name)
                {
                    counts.AddOrUpdate(name, 1, (_, n) => n + 1);
                    databaseTime.AddOrUpdate(name, activity.Duration, (_, t) => t + activity.Duration);
                    if (Trace)
                    {
                        var sql = activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement") ?? activity.DisplayName;
                        Console.WriteLine($"[{name}] {sql?.ToString()?.ReplaceLineEndings(" ")}");
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
    }

    /// <summary>Steps in the order they were first watched, with their command counts.</summary>
    public IReadOnlyDictionary<string, int> Counts => counts;

    public int Total => counts.Values.Sum();

    /// <summary>Time spent in the watched steps, and the part of it spent waiting for the database's answers.</summary>
    public (TimeSpan Wall, TimeSpan Database) TimeOf(string name) =>
        (wallTime.GetValueOrDefault(name), databaseTime.GetValueOrDefault(name));

    /// <summary>LINQ queries EF had to compile while watched: once warm, any is a query that misses EF's cache every time.</summary>
    public IReadOnlyDictionary<string, int> Compilations => compilations;

    /// <summary>
    /// The three lines the chain tables print after <paramref name="samples"/> watched chains of
    /// <paramref name="commits"/> transactions: round trips per step, EF query compilations, ms per step (whole / DB).
    /// </summary>
    public IReadOnlyList<string> ChainSummary(IReadOnlyList<string> stepNames, int samples, int commits)
    {
        var perStep = string.Join(", ", counts.OrderBy(c => IndexOf(stepNames, c.Key)).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {(double)c.Value / samples:0.#}")));
        var times = string.Join(", ", stepNames.Select(n => (n, t: TimeOf(n))).Select(x => string.Create(CultureInfo.InvariantCulture,
            $"{x.n} {x.t.Wall.TotalMilliseconds / samples:0.0}/{x.t.Database.TotalMilliseconds / samples:0.0}")));
        return
        [
            string.Create(CultureInfo.InvariantCulture, $"Round trips per chain: {(double)Total / samples:0.#} commands + {commits} COMMITs ({perStep})."),
            string.Create(CultureInfo.InvariantCulture, $"Query compilations per warm chain: {(double)Compilations.Values.Sum() / samples:0.#} ({string.Join(", ", Compilations.Select(c => $"{c.Key} {(double)c.Value / samples:0.#}"))})."),
            string.Create(CultureInfo.InvariantCulture, $"Milliseconds per step, whole / waiting for the database, one chain alone: {times}."),
        ];

        static int IndexOf(IReadOnlyList<string> names, string name)
        {
            for (var i = 0; i < names.Count; i++)
            {
                if (names[i] == name)
                {
                    return i;
                }
            }

            return names.Count;
        }
    }

    /// <summary>Runs <paramref name="operation"/> with its round trips counted under <paramref name="name"/>.</summary>
    public async Task<T> WatchAsync<T>(string name, Func<Task<T>> operation)
    {
        var outer = step.Value;
        step.Value = name;
        var clock = Stopwatch.StartNew();
        try
        {
            return await operation();
        }
        finally
        {
            wallTime.AddOrUpdate(name, clock.Elapsed, (_, t) => t + clock.Elapsed);
            step.Value = outer;
        }
    }

    public void Dispose()
    {
        listener.Dispose();
        efSubscription.Dispose();
    }

    private sealed class Observer<T>(Action<T> next) : IObserver<T>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(T value) => next(value);
    }
}
