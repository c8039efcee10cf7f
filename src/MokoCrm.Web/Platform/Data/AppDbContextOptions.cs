using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MokoCrm.Web.Platform.Data;

/// <summary>The one place the context's provider options are set (app, design time, tests, benchmarks).</summary>
public static class AppDbContextOptions
{
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(WithoutSessionReset(Prepared(WithoutJit(connectionString))), npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history", ModelConventions.PlatformSchema))
            .UseSnakeCaseNamingConvention()
            // MigrationsTests reports a model without its migration, naming the differences; start-up only logs it.
            .ConfigureWarnings(w => w
                .Log(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning)
                // The lists' bounded count (Take(10001).Count()) needs no order: counting is order-free.
                .Ignore(Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.RowLimitingOperationWithoutOrderByWarning));

    /// <summary>
    /// The app's sessions run with PostgreSQL's JIT off. JIT compiles a plan whose estimated cost is high, and the
    /// planner costs a LIMITed stream (a list's page, the subledger's codes read in order) as the whole range: the
    /// customer subledger page then took about 120 ms of compilation for 4 ms of work (bench, 5,000,000 lines). The
    /// app's queries are pages and indexed aggregates, where compiling never pays. A connection string that already
    /// sets jit keeps its choice.
    /// </summary>
    public static string WithoutJit(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Options?.Contains("jit", StringComparison.Ordinal) != true)
        {
            builder.Options = $"{builder.Options} -c jit=off".Trim();
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// The app's pooled connections are given back without Npgsql's session reset (<c>No Reset On Close</c>). With
    /// prepared statements on a connection, Npgsql resets it with seven statements (SET SESSION AUTHORIZATION DEFAULT,
    /// RESET ALL, CLOSE ALL, UNLISTEN *, pg_advisory_unlock_all(), DISCARD SEQUENCES, DISCARD TEMP), sent before the
    /// next statement on every open after a close: once per scope, and once more for each query EF runs outside a
    /// transaction. The app leaves no session state to reset: settings only for a transaction (<c>set_config(..., true)</c>,
    /// <see cref="GenericPlans"/>), transaction-scoped advisory locks, no temporary tables, LISTEN, cursors held open,
    /// roles or currval/lastval; code that needs session state uses a connection of its own, as the migration lock
    /// does (the raw connection string: another pool, still reset). An open transaction is still rolled back on close.
    /// PooledSessionTests checks every pooled connection after the app's work (ADR 0017). A connection string that
    /// already sets it keeps its choice.
    /// </summary>
    public static string WithoutSessionReset(string connectionString)
    {
        if (connectionString.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase) || connectionString.Contains("NoResetOnClose", StringComparison.OrdinalIgnoreCase))
        {
            return connectionString;
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }.ConnectionString;
    }

    /// <summary>Statements Npgsql keeps prepared per connection once used a few times (its automatic preparation).</summary>
    public const int AutoPrepared = 100;

    /// <summary>
    /// The app's sessions let Npgsql prepare the statements they repeat: EF sends the same few hundred statements with
    /// new parameters, and PostgreSQL parsed each one again. Prepared, a sales chain cost PostgreSQL and Npgsql less
    /// CPU (bench, ADR 0017). Prepared statements live on the pooled connection, which Npgsql resets without dropping
    /// them; the schema only changes through migrations at start-up, before any statement is prepared. A connection
    /// string that already sets it keeps its choice.
    /// Plans stay custom (plan_cache_mode=force_custom_plan): after five runs PostgreSQL may switch a prepared
    /// statement to one generic plan for every parameter value, and for the report pages (date ranges, an account's
    /// codes streamed under a LIMIT) that plan read the whole range: the customer subledger page went from 4 ms to
    /// 180 ms (bench, 5,000,000 lines). Parsing is saved; each run is still planned for its own values, as unprepared.
    /// </summary>
    public static string Prepared(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = AutoPrepared;
            if (builder.Options?.Contains("plan_cache_mode", StringComparison.Ordinal) != true)
            {
                builder.Options = $"{builder.Options} -c plan_cache_mode=force_custom_plan".Trim();
            }
        }

        return builder.ConnectionString;
    }
}
