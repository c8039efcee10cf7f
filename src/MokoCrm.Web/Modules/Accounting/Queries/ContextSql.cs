using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using MokoCrm.Web.Platform.Data;
using Npgsql;

namespace MokoCrm.Web.Modules.Accounting.Queries;

/// <summary>
/// Plain ADO.NET on the context's own connection, for the report pages that are the hot paths: EF's query pipeline
/// cost several times a page's own index range there (bench: accounting). Parameters are positional ($1, $2 ...).
/// </summary>
internal static class ContextSql
{
    public static async Task<List<T>> ReadAsync<T>(AppDbContext db, string sql, IReadOnlyList<NpgsqlParameter> parameters, Func<NpgsqlDataReader, T> map,
        CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }

        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            if (db.Database.CurrentTransaction?.GetDbTransaction() is NpgsqlTransaction transaction)
            {
                command.Transaction = transaction;
            }

            foreach (var parameter in parameters)
            {
                command.Parameters.Add(parameter);
            }

            var rows = new List<T>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(map(reader));
            }

            return rows;
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    public static NpgsqlParameter<T> Value<T>(T value) => new() { TypedValue = value };
}
