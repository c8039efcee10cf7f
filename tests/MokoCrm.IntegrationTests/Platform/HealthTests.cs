using System.Net;
using MokoCrm.Testing;

namespace MokoCrm.IntegrationTests.Platform;

public sealed class HealthTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task The_app_is_live_and_ready_on_a_real_database()
    {
        using var client = app.CreateClient();

        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");

        live.StatusCode.ShouldBe(HttpStatusCode.OK);
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Fact]
    public async Task Every_migration_is_applied_to_the_test_database()
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM platform.__ef_migrations_history", connection);

        var applied = (long)(await command.ExecuteScalarAsync())!;

        applied.ShouldBeGreaterThan(0);
    }
}
