using Npgsql;

namespace MokoCrm.Web.Platform.Hosting;

/// <summary>How the app reaches its database, decided once at start-up.</summary>
public sealed class DatabaseSettings
{
    public required string ConnectionString { get; init; }

    /// <summary>True when the app runs its own embedded cluster (demo data is then loaded on a first start by default).</summary>
    public bool Embedded { get; init; }

    /// <summary>
    /// Uses ConnectionStrings:Default when set; otherwise starts the embedded cluster in the data folder, creates the
    /// database on first use and stops the cluster when the app stops.
    /// </summary>
    public static DatabaseSettings Resolve(WebApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetConnectionString("Default");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new DatabaseSettings { ConnectionString = configured };
        }

        var root = Path.Combine(MokoPaths.DataDirectory(builder.Configuration), "pg");
        var server = EmbeddedPostgres.Start(root);
        // Stop the cluster however the process ends: normal shutdown, Ctrl+C, or a failed start-up.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            NpgsqlConnection.ClearAllPools();
            server.Stop();
        };
        builder.Services.AddSingleton(server);
        builder.Services.AddHostedService<EmbeddedPostgresLifetime>();

        const string database = "mokocrm";
        using (var connection = new NpgsqlConnection(server.ConnectionString("postgres")))
        {
            connection.Open();
            using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", database);
            if (exists.ExecuteScalar() is null)
            {
                using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
                create.ExecuteNonQuery();
            }
        }

        NpgsqlConnection.ClearAllPools();
        Console.WriteLine($"MokoCRM: embedded PostgreSQL running in {server.Root}");
        return new DatabaseSettings { ConnectionString = server.ConnectionString(database), Embedded = true };
    }
}

/// <summary>Stops the embedded cluster when the app stops, after the web server has drained.</summary>
internal sealed class EmbeddedPostgresLifetime(EmbeddedPostgres server, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopped.Register(() =>
        {
            NpgsqlConnection.ClearAllPools();
            server.Stop();
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
