using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using Npgsql;

namespace MokoCrm.Web.Modules.Accounting.Features;

public sealed class LetterForm
{
    public List<long> LineIds { get; set; } = [];

    public DateOnly? Date { get; set; }
}

/// <summary>
/// Letters and unletters lines of a third party's account (DOMAIN.md §8, ADR 0015). By hand: the ticked lines, which
/// must balance. Automatically (customer and supplier invoices alike): an invoice that becomes paid with the payments
/// and credit notes that settled it (and, through those, the other invoices they settled), when that set balances; a
/// cancelled payment is unlettered and lettered with its reversal. Works on the lines the posting transaction has just added as well as on stored ones.
/// </summary>
public sealed class Letterings(AppDbContext db, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Lettering> LetterAsync(LetterForm form, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var date = form.Date ?? DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var lettering = await LetterCoreAsync(form.LineIds.Distinct().ToList(), date, automatic: false, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return lettering;
    }

    public async Task UnletterAsync(long letteringId, CancellationToken cancellationToken = default)
    {
        var lettering = await db.Set<Lettering>().Include(l => l.Lines).SingleOrDefaultAsync(l => l.Id == letteringId, cancellationToken)
            ?? throw new DomainException("This lettering does not exist (any more).");
        db.Remove(lettering);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Records how a payment was shared among invoices (what automatic lettering follows).</summary>
    internal void RecordShares(string paymentSource, long paymentId, string invoiceSource, IEnumerable<(long InvoiceId, decimal Amount)> shares)
    {
        foreach (var (invoiceId, amount) in shares)
        {
            db.Add(new SettlementShare(paymentSource, paymentId, invoiceSource, invoiceId, amount));
        }
    }

    /// <summary>
    /// A document (an invoice, a credit note) was just settled: gathers everything that settled it and everything
    /// those settled in turn (payments, credit notes used, the other invoices they paid ...), and letters their
    /// unlettered third-party lines when they balance on one account and third party. Anything else (a part still
    /// open) is left for later or for a person. The shares may come from different sources (customer payments and
    /// credit notes used; supplier payments): the graph is walked on (source, id).
    /// </summary>
    internal async Task LetterSettledAsync(string source, long id, DateOnly date, CancellationToken cancellationToken)
    {
        var added = db.ChangeTracker.Entries<SettlementShare>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        var documents = new HashSet<(string Source, long Id)>();
        var edges = new List<SettlementShare>(added);
        var frontier = Reach(edges, documents, [(source, id)]);
        var stored = new List<PartyLine>();
        while (frontier.Count > 0)
        {
            // One round trip per ring of the graph: the stored shares of the documents just reached and their party
            // lines. A document added by this transaction (the payment being recorded) has no stored share yet, but its
            // posting may be stored already (the posting engine writes it in SQL).
            var shareIds = frontier.Where(d => !db.IsAddedHere(d.Source, d.Id)).Select(d => d.Id).Distinct().ToArray();
            var (shares, lines) = await SharesAndPartyLinesAsync(shareIds, frontier.Select(d => d.Id).Distinct().ToArray(),
                frontier.Select(d => d.Source).Distinct().ToArray(), cancellationToken);
            stored.AddRange(lines.Where(l => frontier.Contains((l.SourceType, l.SourceId))));
            edges.AddRange(shares);
            frontier = Reach(edges, documents, frontier);
        }

        var open = PartyLines(documents, stored).Where(l => !l.Lettered).ToList();
        if (open.Count >= 2 && open.Sum(l => l.Debit) == open.Sum(l => l.Credit) && open.Select(l => (l.AccountNumber, l.Subledger)).Distinct().Count() == 1)
        {
            await LetterCoreAsync(open.Select(l => l.Id).ToList(), date, automatic: true, cancellationToken, open);
        }
    }

    /// <summary>
    /// Adds to <paramref name="documents"/> the <paramref name="start"/> documents and everything the known shares
    /// (<paramref name="edges"/>) reach from them; returns the documents new to it.
    /// </summary>
    private static HashSet<(string Source, long Id)> Reach(List<SettlementShare> edges, HashSet<(string Source, long Id)> documents, IEnumerable<(string Source, long Id)> start)
    {
        var found = new HashSet<(string Source, long Id)>();
        var queue = new Queue<(string Source, long Id)>(start);
        foreach (var d in queue)
        {
            if (documents.Add(d))
            {
                found.Add(d);
            }
        }

        var seen = new HashSet<(string Source, long Id)>(queue);
        while (queue.Count > 0)
        {
            var d = queue.Dequeue();
            foreach (var s in edges)
            {
                var other = (s.InvoiceSource, s.InvoiceId) == d ? (s.PaymentSource, s.PaymentId) : (s.PaymentSource, s.PaymentId) == d ? (s.InvoiceSource, s.InvoiceId) : default;
                if (other.Item1 is not null && seen.Add(other))
                {
                    queue.Enqueue(other);
                    if (documents.Add(other))
                    {
                        found.Add(other);
                    }
                }
            }
        }

        return found;
    }

    /// <summary>
    /// In one round trip: the stored shares that name one of <paramref name="shareIds"/> (as invoice or payment), and
    /// the third-party lines (those with a subledger) of the postings of <paramref name="ids"/> in
    /// <paramref name="sources"/>, with whether each is lettered already. Sources and ids are matched apart (a superset
    /// when two sources share an id); callers match pairs.
    /// </summary>
    private async Task<(List<SettlementShare> Shares, List<PartyLine> Lines)> SharesAndPartyLinesAsync(long[] shareIds, long[] ids, string[] sources,
        CancellationToken cancellationToken)
    {
        var shares = new List<SettlementShare>();
        var lines = new List<PartyLine>();
        await WithBatchAsync(async batch =>
        {
            batch.BatchCommands.Add(Command("SELECT payment_source, payment_id, invoice_source, invoice_id, amount FROM accounting.settlement_shares WHERE invoice_id = ANY($1) OR payment_id = ANY($1)", shareIds));
            batch.BatchCommands.Add(Command("""
                SELECT e.source_type, e.source_id, l.id, l.account_number, l.subledger, l.debit, l.credit,
                       EXISTS (SELECT 1 FROM accounting.lettered_lines AS x WHERE x.entry_line_id = l.id)
                FROM accounting.entries AS e JOIN accounting.entry_lines AS l ON l.entry_id = e.id
                WHERE e.source_type = ANY($1) AND e.source_id = ANY($2) AND e.kind = 'Posting' AND l.subledger IS NOT NULL
                """, sources, ids));
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                shares.Add(new SettlementShare(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3), reader.GetDecimal(4)));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                lines.Add(new PartyLine(reader.GetString(0), reader.GetInt64(1),
                    new LetterableLine(reader.GetInt64(2), reader.GetString(3), reader.GetString(4), reader.GetDecimal(5), reader.GetDecimal(6), reader.GetBoolean(7))));
            }
        }, cancellationToken);
        return (shares, lines);
    }

    /// <summary>A stored third-party line with the document its posting belongs to.</summary>
    private sealed record PartyLine(string SourceType, long SourceId, LetterableLine Line);

    /// <summary>The third-party lines of the documents: those just added by the posting engine, and the stored ones read; lettered here counts.</summary>
    private List<LetterableLine> PartyLines(IReadOnlySet<(string Source, long Id)> documents, IEnumerable<PartyLine> stored)
    {
        var letteredNow = db.ChangeTracker.Entries<Lettering>().Where(e => e.State == EntityState.Added).SelectMany(e => e.Entity.Lines).Select(l => l.EntryLineId).ToHashSet();
        var added = db.ChangeTracker.Entries<JournalEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)
            .Where(e => documents.Contains((e.SourceType, e.SourceId)) && e.Kind == EntryKind.Posting)
            .SelectMany(e => e.Lines).Where(l => l.Subledger != null)
            .Select(l => new LetterableLine(l.Id, l.AccountNumber, l.Subledger, l.Debit, l.Credit, letteredNow.Contains(l.Id)));
        return added.Concat(stored.Where(l => documents.Contains((l.SourceType, l.SourceId))).Select(l => l.Line with { Lettered = l.Line.Lettered || letteredNow.Contains(l.Line.Id) }))
            .DistinctBy(l => l.Id).ToList();
    }

    /// <summary>
    /// A cancelled payment: its letterings are undone, its shares forgotten, and it is lettered with its reversal
    /// (<paramref name="paymentIds"/>: the payment, and the reversing payment when that is a source of its own, as in
    /// Purchasing; Sales reverses within the payment's own source).
    /// </summary>
    internal async Task PaymentCancelledAsync(string paymentSource, IReadOnlyCollection<long> paymentIds, DateOnly date, CancellationToken cancellationToken)
    {
        var lines = await PartyLinesAsync(paymentIds.Select(id => (paymentSource, id)).ToHashSet(), cancellationToken, includeReversals: true);
        var ids = lines.Select(l => l.Id).ToList();

        // Deleted in SQL, in the cancelling transaction: the payment's line is lettered again below, and EF cannot
        // track a deleted and an added row of one key in the same SaveChanges.
        var letteringIds = await db.Set<LetteredLine>().Where(l => ids.Contains(l.EntryLineId)).Select(l => l.LetteringId).Distinct().ToListAsync(cancellationToken);
        await db.Set<LetteredLine>().Where(l => letteringIds.Contains(l.LetteringId)).ExecuteDeleteAsync(cancellationToken);
        await db.Set<Lettering>().Where(l => letteringIds.Contains(l.Id)).ExecuteDeleteAsync(cancellationToken);
        await db.Set<SettlementShare>().Where(s => s.PaymentSource == paymentSource && paymentIds.Contains(s.PaymentId)).ExecuteDeleteAsync(cancellationToken);
        if (lines.Count >= 2 && lines.Sum(l => l.Debit) == lines.Sum(l => l.Credit) && lines.Sum(l => l.Debit) != 0)
        {
            await LetterCoreAsync(ids, date, automatic: true, cancellationToken);
        }
    }

    /// <param name="known">The lines, when the caller has just read them in this transaction.</param>
    private async Task<Lettering> LetterCoreAsync(IReadOnlyCollection<long> ids, DateOnly date, bool automatic, CancellationToken cancellationToken,
        IReadOnlyList<LetterableLine>? known = null)
    {
        var lines = known ?? await LinesAsync(ids, cancellationToken);
        if (lines.Count != ids.Count)
        {
            throw new DomainException("Some of the selected lines do not exist.");
        }

        LetteringRules.Check(lines);
        var account = lines[0].AccountNumber;
        var subledger = lines[0].Subledger!;

        // Codes are per account and third party: one lettering at a time for them, so two never take the same code.
        // Lock and read in one round trip, as two statements: the read takes its snapshot after the lock is granted,
        // so it sees the codes of a lettering that held the lock before.
        var used = new List<string>();
        await WithBatchAsync(async batch =>
        {
            batch.BatchCommands.Add(Command("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", "lettering:" + account + ":" + subledger));
            batch.BatchCommands.Add(Command("SELECT code FROM accounting.letterings WHERE account_number = $1 AND subledger = $2", account, subledger));
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                used.Add(reader.GetString(0));
            }
        }, cancellationToken);
        used.AddRange(db.ChangeTracker.Entries<Lettering>().Where(e => e.State == EntityState.Added && e.Entity.AccountNumber == account && e.Entity.Subledger == subledger)
            .Select(e => e.Entity.Code));
        var lettering = new Lettering(account, subledger, LetteringRules.NextCode(used), date, automatic, currentUser.UserId, clock.GetUtcNow(), ids);
        db.Add(lettering);
        return lettering;
    }

    /// <summary>Runs a batch of raw statements on the context's connection, in its transaction when it has one.</summary>
    private async Task WithBatchAsync(Func<NpgsqlBatch, Task> run, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var batch = new NpgsqlBatch(connection, db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction);
            await run(batch);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    /// <summary>The lines asked for, stored or just added by the posting engine, and whether each is already lettered.</summary>
    private async Task<List<LetterableLine>> LinesAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        var added = db.ChangeTracker.Entries<JournalEntryLine>().Where(e => e.State == EntityState.Added && ids.Contains(e.Entity.Id)).Select(e => e.Entity).ToList();
        var stored = await db.Set<JournalEntryLine>().AsNoTracking().Where(l => ids.Contains(l.Id)).ToListAsync(cancellationToken);
        var lettered = await db.Set<LetteredLine>().AsNoTracking().Where(l => ids.Contains(l.EntryLineId)).Select(l => l.EntryLineId).ToListAsync(cancellationToken);
        var letteredNow = db.ChangeTracker.Entries<Lettering>().Where(e => e.State == EntityState.Added).SelectMany(e => e.Entity.Lines).Select(l => l.EntryLineId);
        var taken = lettered.Concat(letteredNow).ToHashSet();
        return added.Concat(stored).DistinctBy(l => l.Id)
            .Select(l => new LetterableLine(l.Id, l.AccountNumber, l.Subledger, l.Debit, l.Credit, taken.Contains(l.Id)))
            .ToList();
    }

    /// <summary>
    /// The third-party lines (those with a subledger) of the postings of some documents, stored or just added, with
    /// whether each is lettered already: one query whatever the number of documents and sources.
    /// </summary>
    private async Task<List<LetterableLine>> PartyLinesAsync(IReadOnlySet<(string Source, long Id)> documents, CancellationToken cancellationToken,
        bool includeReversals = false)
    {
        var letteredNow = db.ChangeTracker.Entries<Lettering>().Where(e => e.State == EntityState.Added).SelectMany(e => e.Entity.Lines).Select(l => l.EntryLineId).ToHashSet();
        var added = db.ChangeTracker.Entries<JournalEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)
            .Where(e => documents.Contains((e.SourceType, e.SourceId)) && (includeReversals || e.Kind == EntryKind.Posting))
            .SelectMany(e => e.Lines).Where(l => l.Subledger != null)
            .Select(l => new LetterableLine(l.Id, l.AccountNumber, l.Subledger, l.Debit, l.Credit, letteredNow.Contains(l.Id)));

        // Sources and ids are matched apart in SQL (a superset when two sources share an id), then as pairs here.
        var sources = documents.Select(d => d.Source).Distinct().ToList();
        var ids = documents.Select(d => d.Id).Distinct().ToList();
        var stored = await db.Set<JournalEntry>().AsNoTracking()
            .Where(e => sources.Contains(e.SourceType) && ids.Contains(e.SourceId) && (includeReversals || e.Kind == EntryKind.Posting))
            .SelectMany(e => e.Lines.Where(l => l.Subledger != null).Select(l => new
            {
                e.SourceType, e.SourceId, l.Id, l.AccountNumber, l.Subledger, l.Debit, l.Credit,
                Lettered = db.Set<LetteredLine>().Any(x => x.EntryLineId == l.Id),
            }))
            .ToListAsync(cancellationToken);
        return added.Concat(stored.Where(l => documents.Contains((l.SourceType, l.SourceId)))
                .Select(l => new LetterableLine(l.Id, l.AccountNumber, l.Subledger, l.Debit, l.Credit, l.Lettered || letteredNow.Contains(l.Id))))
            .DistinctBy(l => l.Id).ToList();
    }
}
