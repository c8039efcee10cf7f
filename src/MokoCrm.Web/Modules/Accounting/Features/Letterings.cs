using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;

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
        var documents = new HashSet<(string Source, long Id)> { (source, id) };
        var frontier = documents.ToList();
        while (frontier.Count > 0)
        {
            // A document added by this transaction (the payment being recorded) has no stored share yet.
            var ids = frontier.Where(d => !db.IsAddedHere(d.Source, d.Id)).Select(d => d.Id).Distinct().ToList();
            List<SettlementShare> stored = ids.Count == 0 ? []
                : await db.Set<SettlementShare>().AsNoTracking().Where(s => ids.Contains(s.InvoiceId) || ids.Contains(s.PaymentId)).ToListAsync(cancellationToken);
            var reached = frontier.ToHashSet();
            frontier = stored.Concat(added)
                .Where(s => reached.Contains((s.InvoiceSource, s.InvoiceId)) || reached.Contains((s.PaymentSource, s.PaymentId)))
                .SelectMany(s => new[] { (s.InvoiceSource, s.InvoiceId), (s.PaymentSource, s.PaymentId) })
                .Where(documents.Add).ToList();
        }

        var open = (await PartyLinesAsync(documents, cancellationToken)).Where(l => !l.Lettered).ToList();
        if (open.Count >= 2 && open.Sum(l => l.Debit) == open.Sum(l => l.Credit) && open.Select(l => (l.AccountNumber, l.Subledger)).Distinct().Count() == 1)
        {
            await LetterCoreAsync(open.Select(l => l.Id).ToList(), date, automatic: true, cancellationToken, open);
        }
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
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"lettering:" + account + ":" + subledger}, 0))", cancellationToken);
        var used = await db.Set<Lettering>().AsNoTracking().Where(l => l.AccountNumber == account && l.Subledger == subledger).Select(l => l.Code).ToListAsync(cancellationToken);
        used.AddRange(db.ChangeTracker.Entries<Lettering>().Where(e => e.State == EntityState.Added && e.Entity.AccountNumber == account && e.Entity.Subledger == subledger)
            .Select(e => e.Entity.Code));
        var lettering = new Lettering(account, subledger, LetteringRules.NextCode(used), date, automatic, currentUser.UserId, clock.GetUtcNow(), ids);
        db.Add(lettering);
        return lettering;
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
