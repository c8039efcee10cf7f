using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Numbering;
using Npgsql;

namespace MokoCrm.Bench;

/// <summary>Numbers taken per second through INumberingService against a raw UPDATE ... RETURNING, in the same run.</summary>
internal static class NumberingBench
{
    public static async Task<string> RunAsync(WebApplication app, string connectionString, TimeSpan duration)
    {
        await Sql.ExecuteAsync(connectionString, "CREATE TABLE bench_counter (id int PRIMARY KEY, value bigint NOT NULL); INSERT INTO bench_counter VALUES (1, 0)");
        var documentDate = new DateOnly(2026, 11, 27);

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Numbers taken per second, {duration.TotalSeconds:0.#} s per cell after as long a warm-up, {Environment.ProcessorCount} cores, each number in its own committed transaction");
        report.AppendLine();
        report.AppendLine("| validators | INumberingService, scope per number /s | INumberingService, DbContext per validator /s | raw UPDATE ... RETURNING /s | ratio, scope per number | ratio, DbContext per validator |");
        report.AppendLine("|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(report);

        long numbersTaken = 0;
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        foreach (var parallel in new[] { 1, 4, 16 })
        {
            // What a validation pays end to end: a DI scope and DbContext, a transaction, the number, the commit.
            var perScope = await Measure.RunAsync(parallel, duration, _ => async () =>
            {
                await using var scope = app.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                await using var transaction = await db.Database.BeginTransactionAsync();
                await scope.ServiceProvider.GetRequiredService<INumberingService>().NextAsync(NumberedDocumentTypes.Invoice, documentDate);
                await transaction.CommitAsync();
            });

            // The numbering alone: each validator keeps its scope, every number still in its own committed transaction.
            var scopes = new List<AsyncServiceScope>();
            var perContext = await Measure.RunAsync(parallel, duration, _ =>
            {
                var scope = app.Services.CreateAsyncScope();
                lock (scopes)
                {
                    scopes.Add(scope);
                }

                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var numbering = scope.ServiceProvider.GetRequiredService<INumberingService>();
                return async () =>
                {
                    await using var transaction = await db.Database.BeginTransactionAsync();
                    await numbering.NextAsync(NumberedDocumentTypes.Invoice, documentDate);
                    await transaction.CommitAsync();
                };
            });
            foreach (var scope in scopes)
            {
                await scope.DisposeAsync();
            }

            var raw = await Measure.RunAsync(parallel, duration, _ => async () =>
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                await using var command = new NpgsqlCommand("UPDATE bench_counter SET value = value + 1 WHERE id = 1 RETURNING value", connection, transaction);
                await command.ExecuteScalarAsync();
                await transaction.CommitAsync();
            });

            numbersTaken += perScope.Done + perContext.Done;
            var line = string.Create(CultureInfo.InvariantCulture,
                $"| {parallel} | {perScope.PerSecond:0} | {perContext.PerSecond:0} | {raw.PerSecond:0} | {perScope.PerSecond / raw.PerSecond:0.00} | {perContext.PerSecond / raw.PerSecond:0.00} |");
            report.AppendLine(line);
            Console.WriteLine(line);
        }

        // Every number taken must be on the counter: no gap, no double.
        var taken = await Sql.ScalarAsync(connectionString, "SELECT coalesce(sum(value), 0) FROM platform.numbering_counters WHERE prefix = 'IN'");
        var check = $"Counter check: {taken} numbers on the IN counter, {numbersTaken} taken by the bench.";
        report.AppendLine();
        report.AppendLine(check);
        Console.WriteLine(check);
        if (Convert.ToInt64(taken, CultureInfo.InvariantCulture) != numbersTaken)
        {
            throw new InvalidOperationException(check);
        }

        return report.ToString();
    }
}
