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
    /// warm-up of at least the same length that goes on until the JIT is quiet (see <see cref="WarmUpAsync"/>): the
    /// figures are those of the process in its steady state, as a server runs, not of the tiered JIT's first minutes.
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
        var warmUp = await WarmUpAsync(operations, duration);
        afterWarmUp?.Invoke();
        var measured = await LoopAsync(operations, duration);
        return (warmUp + measured.Done, measured.PerSecond);
    }

    /// <summary>
    /// Loops for <paramref name="duration"/>, then for further slices of half that while the last slice still had the
    /// JIT compile more than a few methods, for <see cref="MaxWarmUp"/> at most. The tiered JIT compiles a method
    /// again, optimised, only after 30 calls and a quiet spell, in the background, and with dynamic PGO twice (an
    /// instrumented tier first): a chain calls most of its methods once, and EF Core, Npgsql and the app bring thousands
    /// of them, so a fixed two seconds (about 20 chains on a quiet machine, a handful on a loaded one) measured mostly
    /// unoptimised code and the JIT's own CPU (2,000 to 5,000 methods compiled every 2 s for the first ~40 s of the
    /// billing part on a loaded 2-core machine), and the cell of one worker, which runs first, paid most of it.
    /// </summary>
    private static async Task<long> WarmUpAsync(IReadOnlyList<Func<Task>> operations, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        var done = (await LoopAsync(operations, duration)).Done;
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        var slices = 0;
        for (var fresh = long.MaxValue; fresh > QuietJit && clock.Elapsed < MaxWarmUp; slices++)
        {
            done += (await LoopAsync(operations, duration / 2)).Done;
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            (fresh, compiled) = (now - compiled, now);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  (warm-up {clock.Elapsed.TotalSeconds:0.0} s, {done} runs, {slices} extra slices until the JIT was quiet)"));
        return done;
    }

    /// <summary>Methods compiled in a warm-up slice below which the JIT counts as quiet.</summary>
    private const long QuietJit = 10;

    /// <summary>The longest warm-up (the bench stays bounded even if something compiles code on every run).</summary>
    private static readonly TimeSpan MaxWarmUp = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Two variants measured in turns (A B B A ..., <paramref name="rounds"/> turns of each, <paramref name="duration"/>
    /// in all per variant) after a warm-up of each: on a shared machine the load drifts within seconds, and measuring
    /// one variant after the other would hand one of them a quieter stretch.
    /// </summary>
    public static async Task<(double PerSecondA, double PerSecondB)> InTurnsAsync(int parallel, TimeSpan duration, int rounds, Func<Task> a, Func<Task> b)
    {
        var operationsA = Enumerable.Repeat(a, parallel).ToList();
        var operationsB = Enumerable.Repeat(b, parallel).ToList();
        await LoopAsync(operationsA, duration / 2);
        await LoopAsync(operationsB, duration / 2);
        var slice = duration / rounds;
        (long Done, double Seconds) totalA = (0, 0), totalB = (0, 0);
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (operations, isA) in round % 2 == 0 ? new[] { (operationsA, true), (operationsB, false) } : [(operationsB, false), (operationsA, true)])
            {
                var clock = Stopwatch.StartNew();
                var (done, _) = await LoopAsync(operations, slice);
                var seconds = clock.Elapsed.TotalSeconds;
                if (isA)
                {
                    totalA = (totalA.Done + done, totalA.Seconds + seconds);
                }
                else
                {
                    totalB = (totalB.Done + done, totalB.Seconds + seconds);
                }
            }
        }

        return (totalA.Done / totalA.Seconds, totalB.Done / totalB.Seconds);
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

/// <summary>
/// CPU time spent by this process and by the bench's own PostgreSQL cluster (its postmaster and every child, from
/// /proc): on a shared machine wall times swing with the load, CPU seconds per operation much less.
/// </summary>
internal static class Cpu
{
    /// <summary>The throwaway cluster's data folder (null with MOKO_BENCH_DB: the server's CPU is not read).</summary>
    public static string? ClusterDataDirectory { get; set; }

    public static (TimeSpan App, TimeSpan? Server) Now() => (Process.GetCurrentProcess().TotalProcessorTime, ServerTime());

    private static TimeSpan? ServerTime()
    {
        var pidFile = ClusterDataDirectory is null ? null : Path.Combine(ClusterDataDirectory, "postmaster.pid");
        if (pidFile is null || !File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).First(), out var postmaster))
        {
            return null;
        }

        long ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                // /proc/<pid>/stat: "pid (comm) state ppid ... utime(14) stime(15)"; comm may hold spaces, so split after ')'.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var pid = int.Parse(Path.GetFileName(directory), System.Globalization.CultureInfo.InvariantCulture);
                if (pid == postmaster || int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == postmaster)
                {
                    ticks += long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // Not a process folder, or a process that ended meanwhile.
            }
        }

        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
    }
}

/// <summary>
/// What the measured part of a cell cost per operation: CPU of this process (the app's code, EF, Npgsql and the thread
/// pool: the bench's own loop is negligible) and of the bench's PostgreSQL, bytes allocated, and garbage collections.
/// On a shared machine wall-clock rates swing with the load; these much less, so a change shows in them first.
/// </summary>
internal sealed class CellCost
{
    /// <summary>The line that explains the per-chain columns under a chain table's title.</summary>
    public const string Legend = "Per chain: CPU ms of this process / CPU ms of PostgreSQL / KB allocated / garbage collections per 100 chains (gen0-gen1-gen2) / GC pause ms, over the measured part of the cell.";

    private (TimeSpan App, TimeSpan? Server) _cpu;
    private long _allocated;
    private int _gen0;
    private int _gen1;
    private int _gen2;
    private TimeSpan _paused;
    private long _done;

    /// <summary>Counts one operation; pass it as the cell's operation wrapper.</summary>
    public Func<Task> Counting(Func<Task> operation) => async () =>
    {
        await operation();
        Interlocked.Increment(ref _done);
    };

    /// <summary>Starts over (call it as the cell's afterWarmUp).</summary>
    public void Start()
    {
        Interlocked.Exchange(ref _done, 0);
        _cpu = Cpu.Now();
        _allocated = GC.GetTotalAllocatedBytes();
        (_gen0, _gen1, _gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        _paused = GC.GetTotalPauseDuration();
    }

    /// <summary>Per operation since <see cref="Start"/>: "app CPU ms / PostgreSQL CPU ms / allocated KB / GCs per 100 (gen0/1/2) / GC pause ms".</summary>
    public string PerOperation()
    {
        var done = Math.Max(Interlocked.Read(ref _done), 1);
        var cpu = Cpu.Now();
        var server = cpu.Server - _cpu.Server is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s.TotalMilliseconds / done:0.0}") : "n/a";
        return string.Create(CultureInfo.InvariantCulture,
            $"{(cpu.App - _cpu.App).TotalMilliseconds / done:0.0} / {server} / {(GC.GetTotalAllocatedBytes() - _allocated) / 1024.0 / done:0} / " +
            $"{100.0 * (GC.CollectionCount(0) - _gen0) / done:0}-{100.0 * (GC.CollectionCount(1) - _gen1) / done:0}-{100.0 * (GC.CollectionCount(2) - _gen2) / done:0} / " +
            $"{(GC.GetTotalPauseDuration() - _paused).TotalMilliseconds / done:0.0}");
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
                        Console.WriteLine($"[{name}] {activity.Duration.TotalMilliseconds:0.00} ms {sql?.ToString()?.ReplaceLineEndings(" ")}");
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
