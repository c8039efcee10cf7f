using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Data;

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

        // Read on every call (no cache by document type): an edit made on another node applies to the very next number.
        var maskText = await db.Set<NumberingMask>().AsNoTracking()
                           .Where(m => m.DocumentType == documentType)
                           .Select(m => m.Mask)
                           .SingleOrDefaultAsync(cancellationToken)
                       ?? throw new InvalidOperationException($"There is no numbering mask for document type '{documentType}'.");
        var mask = ParsedMasks.GetOrAdd(maskText, NumberMask.Parse);
        var fiscalYear = fiscalCalendar.FiscalYearOf(documentDate);

        // One statement creates the counter on first use or bumps it, and keeps its row locked until commit or
        // rollback: a parallel validation of the same prefix waits here rather than reading the same value.
        var taken = await db.Database.SqlQuery<long>($"""
            INSERT INTO platform.numbering_counters AS c (prefix, fiscal_year, value)
            VALUES ({mask.Prefix}, {fiscalYear}, 1)
            ON CONFLICT (prefix, fiscal_year) DO UPDATE SET value = c.value + 1
            RETURNING c.value AS "Value"
            """).ToListAsync(cancellationToken);

        return mask.Format(documentDate, taken.Single());
    }
}
