using Npgsql;

namespace MokoCrm.Testing;

/// <summary>
/// One migrated and seeded template database per test process and kind of app factory, then a
/// CREATE DATABASE ... TEMPLATE copy for each test class: fast, and classes never see each other's data.
/// </summary>
public static class TestDatabases
{
    private static readonly Dictionary<string, Task<string>> Templates = [];
    private static readonly Lock Gate = new();

    /// <summary>Returns the name of the template for <paramref name="key"/>, building it once with <paramref name="build"/>.</summary>
    public static Task<string> TemplateAsync(string key, Func<string, Task> build)
    {
        lock (Gate)
        {
            if (!Templates.TryGetValue(key, out var template))
            {
                template = BuildTemplateAsync(key, build);
                Templates[key] = template;
            }

            return template;
        }
    }

    private static async Task<string> BuildTemplateAsync(string key, Func<string, Task> build)
    {
        var name = $"tmpl_{Sanitize(key)}_{Guid.NewGuid().ToString("N")[..8]}";
        await ExecuteAsync($"CREATE DATABASE {name}");
        await build(await TestDatabaseServer.ConnectionStringForAsync(name));
        NpgsqlConnection.ClearAllPools(); // a template must have no open connections to be copied
        return name;
    }

    /// <summary>Creates a fresh copy of the template and returns its connection string.</summary>
    public static async Task<string> CopyAsync(string template, string hint)
    {
        var name = $"t_{Sanitize(hint)}_{Guid.NewGuid().ToString("N")[..8]}";
        await ExecuteAsync($"CREATE DATABASE {name} TEMPLATE {template}");
        return await TestDatabaseServer.ConnectionStringForAsync(name);
    }

    public static async Task DropAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        await ExecuteAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(await TestDatabaseServer.MaintenanceConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string Sanitize(string text)
    {
        var clean = new string(text.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
        return clean.Length > 30 ? clean[..30] : clean;
    }
}
