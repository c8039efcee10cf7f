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

internal sealed class NumberingService(AppDbContext db, IFiscalCalendar fiscalCalendar) : INumberingService
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

        // One round trip reads the mask and creates or bumps the counter of its prefix; the counter row then stays
        // locked until commit or rollback, so a parallel validation of the same prefix waits here instead of reading
        // the same value. The mask is read on every call, never cached by type: an edit made on another node applies
        // to the very next number. The prefix is the mask's text before its first '{', as NumberMask.Prefix.
        var fiscalYear = fiscalCalendar.FiscalYearOf(documentDate);

        // Plain ADO.NET on the context's own connection and transaction: this is the hot path of every validation,
        // and EF's raw-SQL query pipeline costs several times the round trip itself here.
        var transaction = db.Database.CurrentTransaction.GetDbTransaction();
        await using var command = new NpgsqlCommand(TakeNumberSql, (NpgsqlConnection)transaction.Connection!, (NpgsqlTransaction)transaction);
        command.Parameters.Add(new NpgsqlParameter<string>("document_type", documentType));
        command.Parameters.Add(new NpgsqlParameter<int>("fiscal_year", fiscalYear));
        string maskText, prefix;
        long value;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException($"There is no numbering mask for document type '{documentType}'.");
            }

            (maskText, prefix, value) = (reader.GetString(0), reader.GetString(1), reader.GetInt64(2));
        }

        var mask = ParsedMasks.GetOrAdd(maskText, NumberMask.Parse);
        if (mask.Prefix != prefix)
        {
            // Only a mask written around NumberMask (raw SQL) could get here; the number is refused, the transaction too.
            throw new InvalidOperationException($"The numbering mask '{mask.Text}' of '{documentType}' has a prefix the database reads differently.");
        }

        return mask.Format(documentDate, value);
    }

    private const string TakeNumberSql = """
        WITH m AS (SELECT mask FROM platform.numbering_masks WHERE document_type = @document_type),
        taken AS (
            INSERT INTO platform.numbering_counters AS c (prefix, fiscal_year, value)
            SELECT substring(m.mask from '^[^{]+'), @fiscal_year, 1 FROM m
            ON CONFLICT (prefix, fiscal_year) DO UPDATE SET value = c.value + 1
            RETURNING c.prefix, c.value)
        SELECT m.mask, taken.prefix, taken.value FROM m CROSS JOIN taken
        """;
}
