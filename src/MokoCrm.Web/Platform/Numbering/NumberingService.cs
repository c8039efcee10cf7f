using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using MokoCrm.Web.Platform.Data;
using Npgsql;


namespace MokoCrm.Web.Platform.Numbering;

/// <summary>Gives reference numbers (PR2611-0001) that are unique and gap-free.</summary>
public interface INumberingService
{
    /// <summary>
    /// Takes the next number of <paramref name="documentType"/> for a document dated <paramref name="documentDate"/>.
    /// Must run inside the transaction that saves the numbered record: an explicit one
    /// (<c>await using var tx = await db.Database.BeginTransactionAsync()</c>) or, from a domain event handler, the one
    /// SaveChanges already runs in. The counter row stays locked until that transaction ends, so parallel actions
    /// wait for each other instead of sharing a number, and a rollback gives the number back.
    /// </summary>
    Task<string> NextAsync(string documentType, DateOnly documentDate, CancellationToken cancellationToken = default);
}

internal sealed class NumberingService(AppDbContext db) : INumberingService
{
    // Masks are few and rarely edited; an edited mask is a new text, so caching by text never serves a stale mask.
    private static readonly ConcurrentDictionary<string, NumberMask> ParsedMasks = new(StringComparer.Ordinal);

    public async Task<string> NextAsync(string documentType, DateOnly documentDate, CancellationToken cancellationToken = default)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException(
                $"A {documentType} number was asked for outside a transaction. Take numbers inside the transaction that saves the numbered record " +
                "(or from a domain event handler), otherwise a failed save would leave a gap.");
        }

        // One statement reads the mask and bumps (or creates) the counter of its prefix; the counter row then stays
        // locked until commit or rollback, so a parallel validation of the same prefix waits here instead of reading
        // the same value. The mask is read on every call, never cached by type: an edit made on another node applies
        // to the very next number. The prefix is the mask's text before its first '{', as NumberMask.Prefix.
        // The fiscal year is worked out in the same statement from the company's start month (FiscalYearSql), read
        // fresh each time like the mask: a separate query for it cost one more round trip per number.
        // Plain ADO.NET on the context's own connection and transaction: this is the hot path of every validation,
        // and EF's raw-SQL query pipeline costs several times the round trip itself here. The usual case is a plain
        // UPDATE of an existing counter; only the first number of a prefix and fiscal year needs the INSERT.
        var transaction = db.Database.CurrentTransaction.GetDbTransaction();
        var taken = await TryTakeAsync(BumpCounterSql, transaction, documentType, documentDate, cancellationToken)
                    ?? await TryTakeAsync(CreateOrBumpCounterSql, transaction, documentType, documentDate, cancellationToken)
                    ?? throw new InvalidOperationException($"There is no numbering mask for document type '{documentType}'.");
        var (maskText, prefix, value) = taken;

        var mask = ParsedMasks.GetOrAdd(maskText, NumberMask.Parse);
        if (mask.Prefix != prefix)
        {
            // Only a mask written around NumberMask (raw SQL) could get here; the number is refused, the transaction too.
            throw new InvalidOperationException($"The numbering mask '{mask.Text}' of '{documentType}' has a prefix the database reads differently.");
        }

        return mask.Format(documentDate, value);
    }

    private static async Task<(string Mask, string Prefix, long Value)?> TryTakeAsync(
        string sql, System.Data.Common.DbTransaction transaction, string documentType, DateOnly documentDate, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)transaction.Connection!, (NpgsqlTransaction)transaction);
        command.Parameters.Add(new NpgsqlParameter<string>("document_type", documentType));
        command.Parameters.Add(new NpgsqlParameter<int>("year", documentDate.Year));
        command.Parameters.Add(new NpgsqlParameter<int>("month", documentDate.Month));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetString(0), reader.GetString(1), reader.GetInt64(2)) : null;
    }

    /// <summary>
    /// FiscalCalendar.FiscalYearOf in SQL: the calendar year the fiscal year starts in, with January when the company
    /// has no profile yet. NumberingTests check both against each other with a start month other than January.
    /// </summary>
    private const string FiscalYearSql = """
        (@year - CASE WHEN @month >= coalesce(
            (SELECT fiscal_year_start_month FROM platform.company_profile ORDER BY id LIMIT 1), 1) THEN 0 ELSE 1 END)
        """;

    private static readonly string BumpCounterSql = $$"""
        UPDATE platform.numbering_counters AS c SET value = c.value + 1
        FROM platform.numbering_masks AS m
        WHERE m.document_type = @document_type AND c.prefix = substring(m.mask from '^[^{]+') AND c.fiscal_year = {{FiscalYearSql}}
        RETURNING m.mask, c.prefix, c.value
        """;

    // ON CONFLICT covers two validations racing for the very first number: the second waits, then bumps.
    private static readonly string CreateOrBumpCounterSql = $$"""
        WITH m AS (SELECT mask FROM platform.numbering_masks WHERE document_type = @document_type),
        taken AS (
            INSERT INTO platform.numbering_counters AS c (prefix, fiscal_year, value)
            SELECT substring(m.mask from '^[^{]+'), {{FiscalYearSql}}, 1 FROM m
            ON CONFLICT (prefix, fiscal_year) DO UPDATE SET value = c.value + 1
            RETURNING c.prefix, c.value)
        SELECT m.mask, taken.prefix, taken.value FROM m CROSS JOIN taken
        """;
}
