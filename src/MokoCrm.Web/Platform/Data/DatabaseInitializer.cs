using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using MokoCrm.Web.Platform.Hosting;
using Npgsql;

namespace MokoCrm.Web.Platform.Data;

/// <summary>Reference data every installation needs (VAT rates, masks, permissions...). Idempotent: runs on every start.</summary>
public interface IReferenceDataSeeder
{
    /// <summary>Lower runs first (platform before modules).</summary>
    int Order { get; }

    Task SeedAsync(AppDbContext db, CancellationToken cancellationToken);
}

/// <summary>Demonstration records a module adds on the first start of an empty database.</summary>
public interface IDemoDataSeeder
{
    int Order { get; }

    Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken);
}

/// <summary>
/// Migrates the database, then seeds reference data and (on the first start of an empty database) demo data.
/// Runs before the web server accepts requests; a session advisory lock keeps several nodes from migrating at once.
/// </summary>
public sealed class DatabaseInitializer(IServiceProvider root, DatabaseSettings settings, IConfiguration configuration, ILogger<DatabaseInitializer> logger) : IHostedService
{
    private const long MigrationLockKey = 0x4D6F6B6F_4D696772; // "MokoMigr"

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = root.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        await using var lockConnection = new NpgsqlConnection(settings.ConnectionString);
        await lockConnection.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLockKey})", lockConnection))
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            // Creating the history table up front spares a fresh database EF's logged error about a missing table.
            var history = db.GetService<IHistoryRepository>();
            await db.Database.ExecuteSqlRawAsync("CREATE SCHEMA IF NOT EXISTS " + ModelConventions.PlatformSchema, cancellationToken);
            await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), cancellationToken);
            var wasEmpty = !(await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any();
            await db.Database.MigrateAsync(cancellationToken);

            foreach (var seeder in scope.ServiceProvider.GetServices<IReferenceDataSeeder>().OrderBy(s => s.Order))
            {
                await seeder.SeedAsync(db, cancellationToken);
                db.ChangeTracker.Clear();
            }

            if (wasEmpty && DemoWanted())
            {
                logger.LogInformation("Empty database: loading demo data (MOKO_DEMO=false turns this off)");
                foreach (var seeder in scope.ServiceProvider.GetServices<IDemoDataSeeder>().OrderBy(s => s.Order))
                {
                    await using var demoScope = root.CreateAsyncScope();
                    await seeder.SeedAsync(demoScope.ServiceProvider, cancellationToken);
                }
            }
        }
        finally
        {
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLockKey})", lockConnection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>The embedded database gets demo data unless MOKO_DEMO=false; an external one only with MOKO_DEMO=true.</summary>
    private bool DemoWanted()
    {
        var flag = configuration["MOKO_DEMO"];
        return bool.TryParse(flag, out var value) ? value : settings.Embedded;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
