using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.Web.Modules.Accounting.Features;

/// <summary>The verdict on one journal: intact, or the first entry where the chain breaks and why.</summary>
public sealed record JournalVerification(string JournalCode, string JournalLabel, long EntriesChecked, long? BrokenEntryId, long? BrokenSequence, string? Problem)
{
    public bool Intact => Problem is null;
}

/// <summary>
/// Walks each journal's entries in sequence order and recomputes every hash: an edited entry or line, an inserted
/// or a deleted entry anywhere (last ones included, thanks to the journal's head) is reported with the first entry
/// where the chain breaks.
/// </summary>
public sealed class LedgerVerifier(AppDbContext db)
{
    private const int Batch = 2000;

    public async Task<IReadOnlyList<JournalVerification>> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var journals = await db.Set<Journal>().AsNoTracking().OrderBy(j => j.Code).ToListAsync(cancellationToken);
        var results = new List<JournalVerification>();
        foreach (var journal in journals)
        {
            results.Add(await VerifyAsync(journal, cancellationToken));
        }

        return results;
    }

    private async Task<JournalVerification> VerifyAsync(Journal journal, CancellationToken cancellationToken)
    {
        var expected = 1L;
        var previousHash = "";
        long? lastId = null;
        while (true)
        {
            var after = expected - 1;
            var entries = await db.Set<JournalEntry>().AsNoTracking().Include(e => e.Lines).AsSplitQuery()
                .Where(e => e.JournalCode == journal.Code && e.Sequence > after).OrderBy(e => e.Sequence).Take(Batch).ToListAsync(cancellationToken);
            foreach (var entry in entries)
            {
                JournalVerification Broken(string problem) => new(journal.Code, journal.Label, expected - 1, entry.Id, entry.Sequence, problem);
                if (entry.Sequence != expected)
                {
                    return Broken($"Entry {journal.Code} #{expected} is missing: the sequence jumps to #{entry.Sequence} (an entry was deleted).");
                }

                if (entry.PreviousHash != previousHash)
                {
                    return Broken($"Entry {journal.Code} #{entry.Sequence} does not follow the entry before it (an entry was inserted, deleted or changed before it).");
                }

                var hash = LedgerHash.Compute(entry.JournalCode, entry.Sequence, entry.EntryDate, entry.Label, entry.SourceType, entry.SourceId, entry.Kind,
                    entry.Reference, entry.Reason, entry.ReversesEntryId,
                    entry.Lines.Select(l => l.ToHashed()), entry.PreviousHash);
                if (hash != entry.Hash)
                {
                    return Broken($"Entry {journal.Code} #{entry.Sequence} was changed after it was posted: its content no longer matches its hash.");
                }

                previousHash = entry.Hash;
                lastId = entry.Id;
                expected++;
            }

            if (entries.Count < Batch)
            {
                break;
            }
        }

        var last = expected - 1;
        if (journal.LastSequence != last || journal.LastHash != previousHash)
        {
            return new JournalVerification(journal.Code, journal.Label, last, lastId, journal.LastSequence,
                $"The journal {journal.Code} ends at entry #{journal.LastSequence} but only #{last} is there: its last entries were deleted or replaced.");
        }

        return new JournalVerification(journal.Code, journal.Label, last, null, null, null);
    }
}
