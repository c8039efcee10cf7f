using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using MokoCrm.Web.Platform.Data;
using Npgsql;

namespace MokoCrm.Web.Platform.Jobs;

/// <summary>
/// Work that runs on a schedule (recurring invoices, reminders). Each run happens on exactly one node: the runner
/// holds a PostgreSQL advisory lock named after the job while it runs, and the due time lives in the database.
/// A job must be idempotent per period (it is told when it last succeeded) so a crash mid-run is safe to retry.
/// </summary>
public interface IScheduledJob
{
    /// <summary>Stable name: the lock key and the row in platform.job_runs.</summary>
    string Name { get; }

    TimeSpan Interval { get; }

    /// <summary>Runs in its own DI scope (its own DbContext). <paramref name="lastSucceededAt"/> lets it catch up missed periods.</summary>
    Task RunAsync(IServiceProvider services, DateTimeOffset? lastSucceededAt, CancellationToken cancellationToken);
}

/// <summary>When a job last ran, how it ended, and when it is due again.</summary>
public sealed class JobRun
{
    public string Name { get; set; } = "";

    public DateTimeOffset NextRunAt { get; set; }

    public DateTimeOffset? LastStartedAt { get; set; }

    public DateTimeOffset? LastSucceededAt { get; set; }

    public string? LastError { get; set; }
}

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> builder)
    {
        builder.ToTable("job_runs");
        builder.HasKey(j => j.Name);
        builder.Property(j => j.Name).HasMaxLength(100);
    }
}

public sealed class JobOptions
{
    public const string Section = "Moko:Jobs";

    public bool Enabled { get; set; } = true;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Runs the due jobs once. Several nodes may call it at the same moment: each job still runs once.</summary>
public sealed class JobRunner(IServiceProvider root, IEnumerable<IScheduledJob> jobs, Hosting.DatabaseSettings database, TimeProvider clock, ILogger<JobRunner> logger)
{
    /// <summary>Returns the names of the jobs this call ran.</summary>
    public async Task<IReadOnlyList<string>> RunDueAsync(CancellationToken cancellationToken)
    {
        var ran = new List<string>();
        foreach (var job in jobs)
        {
            if (await TryRunAsync(job, cancellationToken))
            {
                ran.Add(job.Name);
            }
        }

        return ran;
    }

    private async Task<bool> TryRunAsync(IScheduledJob job, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Transaction-scoped lock: released by commit, rollback or a dropped connection, so a dead node never blocks.
        await using (var take = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock(@key)", connection, transaction))
        {
            take.Parameters.AddWithValue("key", LockKey(job.Name));
            if (await take.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return false;
            }
        }

        var now = clock.GetUtcNow();
        DateTimeOffset? lastSucceeded = null;
        await using (var read = new NpgsqlCommand("SELECT next_run_at, last_succeeded_at FROM platform.job_runs WHERE name = @name", connection, transaction))
        {
            read.Parameters.AddWithValue("name", job.Name);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetFieldValue<DateTimeOffset>(0) > now)
                {
                    return false;
                }

                lastSucceeded = reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1);
            }
        }

        string? error = null;
        try
        {
            await using var scope = root.CreateAsyncScope();
            await job.RunAsync(scope.ServiceProvider, lastSucceeded, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            error = ex.Message;
            logger.LogError(ex, "Scheduled job {Job} failed; it runs again at its next time", job.Name);
        }

        await using (var write = new NpgsqlCommand(
            """
            INSERT INTO platform.job_runs (name, next_run_at, last_started_at, last_succeeded_at, last_error)
            VALUES (@name, @next, @started, @succeeded, @error)
            ON CONFLICT (name) DO UPDATE SET next_run_at = excluded.next_run_at, last_started_at = excluded.last_started_at,
                last_succeeded_at = COALESCE(excluded.last_succeeded_at, job_runs.last_succeeded_at), last_error = excluded.last_error
            """, connection, transaction))
        {
            write.Parameters.AddWithValue("name", job.Name);
            write.Parameters.AddWithValue("next", now + job.Interval);
            write.Parameters.AddWithValue("started", now);
            write.Parameters.AddWithValue("succeeded", error is null ? now : DBNull.Value);
            write.Parameters.AddWithValue("error", (object?)error ?? DBNull.Value);
            await write.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>A stable 64-bit key from the job's name (advisory locks take numbers).</summary>
    internal static long LockKey(string name) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("moko-job:" + name)), 0);
}

/// <summary>Polls for due jobs on every node; the advisory lock keeps each run on one node.</summary>
internal sealed class JobWorker(JobRunner runner, IOptions<JobOptions> options, ILogger<JobWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await runner.RunDueAsync(stoppingToken);
                await Task.Delay(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Scheduled jobs poll failed");
                await Task.Delay(options.Value.PollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}

public static class JobServices
{
    public static IServiceCollection AddScheduledJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<JobOptions>(configuration.GetSection(JobOptions.Section));
        services.AddSingleton<JobRunner>();
        services.AddHostedService<JobWorker>();
        return services;
    }
}
