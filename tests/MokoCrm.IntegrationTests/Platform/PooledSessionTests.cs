using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Modules.Accounting.Features;
using MokoCrm.Web.Modules.Products.Domain;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Features;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using Npgsql;

namespace MokoCrm.IntegrationTests.Platform;

/// <summary>
/// The app's pooled connections are not reset when a scope gives them back (<c>No Reset On Close</c>,
/// <see cref="AppDbContextOptions.WithoutSessionReset"/>, ADR 0017): whatever session state a request left, the next
/// request on that connection would inherit. The app leaves none: settings only for the transaction
/// (<c>set_config(..., true)</c>), transaction-scoped advisory locks, no temporary tables, no LISTEN, no cursors.
/// </summary>
public sealed class PooledSessionTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    /// <summary>
    /// What a session can carry from one use to the next: settings changed for the session (SET without LOCAL,
    /// search_path, roles), session advisory locks, temporary tables, LISTEN channels, open cursors, a changed user.
    /// One text, empty when the session is as it was opened.
    /// </summary>
    private const string SessionStateSql = """
        SELECT concat_ws('; ',
            (SELECT 'settings: ' || string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings WHERE source = 'session'),
            (SELECT 'advisory locks: ' || count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'advisory' HAVING count(*) > 0),
            (SELECT 'temporary relations: ' || count(*) FROM pg_class WHERE relnamespace = pg_my_temp_schema() HAVING count(*) > 0),
            (SELECT 'listening: ' || string_agg(c, ', ') FROM pg_listening_channels() AS c),
            (SELECT 'cursors: ' || string_agg(name, ', ') FROM pg_cursors WHERE name <> ''),
            CASE WHEN current_user <> session_user THEN 'role: ' || current_user END)
        """;

    [Fact]
    public async Task After_the_apps_own_work_every_pooled_connection_is_as_it_was_opened()
    {
        // A spread of what requests do: stock moves (one, several, refused: their plan setting), postings (their plan
        // setting, the journal's row lock), an EF save and a rolled-back transaction, reads outside a transaction.
        var product = await AddAsync(new Product("POOL-1", "Pooled session item", ProductType.Product), p => p.SetStockManaged(true));
        var warehouse = await AddAsync(new Warehouse("POOL-W", "Pooled session depot"));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var ledger = scope.ServiceProvider.GetRequiredService<StockLedger>();
            await ledger.MoveAsync([new StockMove(product, warehouse, 4, StockMovementKind.In, "In") { UnitPrice = 3 }]);
            await ledger.MoveAsync([new StockMove(product, warehouse, 1, StockMovementKind.In, "In") { UnitPrice = 3 }, new StockMove(product, warehouse, -2, StockMovementKind.Out, "Out")]);
            await Should.ThrowAsync<DomainException>(() => ledger.MoveAsync([new StockMove(product, warehouse, -99, StockMovementKind.Out, "Too many")]));
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var engine = scope.ServiceProvider.GetRequiredService<PostingEngine>();
            await using (var tx = await db.Database.BeginTransactionAsync())
            {
                await engine.PostAsync(defaults => PostingBuilders.Salary(new SalaryPosting(940_001, "POOL-1", new DateOnly(2026, 9, 30), "Pool", "admin", 1500m, 1200m), defaults));
                await db.SaveChangesAsync();
                await tx.CommitAsync();
            }

            await using (var tx = await db.Database.BeginTransactionAsync())
            {
                await engine.PostAsync(defaults => PostingBuilders.Salary(new SalaryPosting(940_002, "POOL-2", new DateOnly(2026, 9, 30), "Pool", "admin", 1500m, 1200m), defaults));
                await tx.RollbackAsync();
            }

            (await db.Set<StockLevel>().CountAsync(l => l.ProductId == product)).ShouldBe(1);
        }

        // Every idle connection of the app's pool, held at once so the pool hands each out (and opens fresh ones after).
        var connectionString = await ConnectionStringAsync();
        new NpgsqlConnectionStringBuilder(connectionString).NoResetOnClose.ShouldBeTrue();
        var connections = new List<NpgsqlConnection>();
        try
        {
            var reused = 0;
            for (var i = 0; i < 12; i++)
            {
                var connection = new NpgsqlConnection(connectionString);
                connections.Add(connection);
                await connection.OpenAsync();
                (await ScalarAsync<string>(connection, SessionStateSql)).ShouldBeEmpty();
                reused += await ScalarAsync<long>(connection, "SELECT count(*) FROM pg_prepared_statements") > 0 ? 1 : 0;
            }

            // The connections the app used (their prepared statements say so) were among those checked.
            reused.ShouldBeGreaterThan(0);
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_session_setting_left_on_a_pooled_connection_is_seen_by_the_check_and_kept_by_the_next_open()
    {
        // A pool of one connection with the app's settings: the next open gets the same session back, unreset; the check
        // above sees what a careless SET or session lock would leave. With the reset (Npgsql's default) it is gone.
        foreach (var reset in new[] { false, true })
        {
            var connectionString = new NpgsqlConnectionStringBuilder(await ConnectionStringAsync())
            {
                MaxPoolSize = 1, ApplicationName = "pooled-session-" + reset, NoResetOnClose = !reset,
            }.ConnectionString;
            int backend;
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                backend = connection.ProcessID;
                await ScalarAsync<string>(connection, "SELECT set_config('statement_timeout', '17s', false)");
                await ScalarAsync<string>(connection, "SELECT pg_advisory_lock(4242)::text");
            }

            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                connection.ProcessID.ShouldBe(backend);
                var state = await ScalarAsync<string>(connection, SessionStateSql);
                if (reset)
                {
                    state.ShouldBeEmpty();
                }
                else
                {
                    state.ShouldBe("settings: statement_timeout=17000; advisory locks: 1");
                }

                await ScalarAsync<string>(connection, "SELECT pg_advisory_unlock_all()::text");
                await ScalarAsync<string>(connection, "SELECT set_config('statement_timeout', '0', false)");
            }

            NpgsqlConnection.ClearPool(new NpgsqlConnection(connectionString));
        }
    }

    private async Task<string> ConnectionStringAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetConnectionString()!;
    }

    private async Task<long> AddAsync<T>(T entity, Action<T>? then = null)
        where T : Entity
    {
        then?.Invoke(entity);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Add(entity);
        await db.SaveChangesAsync();
        return entity.Id;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
