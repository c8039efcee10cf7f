using MokoCrm.Web.Platform.Hosting;
using Npgsql;
using Testcontainers.PostgreSql;

namespace MokoCrm.Testing;

/// <summary>
/// The PostgreSQL server of a test run: MOKO_TEST_DB when set (a connection string whose user may create databases),
/// else one throwaway cluster from the installed binaries, else a Testcontainers container where Docker runs.
/// Never an in-memory or SQLite stand-in.
/// </summary>
public static class TestDatabaseServer
{
    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    /// <summary>Connection string to the server's maintenance database ("postgres").</summary>
    public static Task<string> MaintenanceConnectionStringAsync() => Server.Value;

    public static async Task<string> ConnectionStringForAsync(string database)
    {
        var builder = new NpgsqlConnectionStringBuilder(await Server.Value) { Database = database };
        return builder.ConnectionString;
    }

    private static async Task<string> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable("MOKO_TEST_DB");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        string? binariesMissing = null;
        try
        {
            EmbeddedPostgres.FindBinDirectory();
        }
        catch (InvalidOperationException ex)
        {
            binariesMissing = ex.Message;
        }

        if (binariesMissing is null)
        {
            var root = Path.Combine(Path.GetTempPath(), $"moko-test-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}");
            var cluster = EmbeddedPostgres.Start(root, throwaway: true);
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                NpgsqlConnection.ClearAllPools();
                cluster.StopAndDelete();
            };
            return cluster.ConnectionString("postgres");
        }

        try
        {
            var container = new PostgreSqlBuilder("postgres:16-alpine").Build();
            await container.StartAsync();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => container.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return container.GetConnectionString();
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException(
                $"No PostgreSQL for the tests: MOKO_TEST_DB is not set, {binariesMissing} and Docker is not usable ({ex.Message}).", ex);
        }
    }
}
