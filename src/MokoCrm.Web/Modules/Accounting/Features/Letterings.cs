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
/// must balance. Automatically: an invoice that becomes paid with the payments that settled it (and, through those
/// payments, the other invoices they paid), when that set balances; a cancelled payment is unlettered and lettered
/// with its reversal. Works on the lines the posting transaction has just added as well as on stored ones.
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
    /// An invoice just became paid: letters it with its payments, and the other invoices those payments paid, when
    /// their unlettered third-party lines balance. Anything else (a part still open) is left for later or for a person.
    /// </summary>
    internal async Task LetterPaidInvoiceAsync(string invoiceSource, long invoiceId, string paymentSource, DateOnly date, CancellationToken cancellationToken)
    {
        var shares = db.ChangeTracker.Entries<SettlementShare>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        var invoices = new HashSet<long> { invoiceId };
        var payments = new HashSet<long>();
        while (true)
        {
            var stored = await db.Set<SettlementShare>().AsNoTracking()
                .Where(s => s.InvoiceSource == invoiceSource && s.PaymentSource == paymentSource && (invoices.Contains(s.InvoiceId) || payments.Contains(s.PaymentId)))
                .ToListAsync(cancellationToken);
            var all = stored.Concat(shares.Where(s => s.InvoiceSource == invoiceSource && s.PaymentSource == paymentSource)).ToList();
            var newPayments = all.Where(s => invoices.Contains(s.InvoiceId)).Select(s => s.PaymentId).Where(payments.Add).ToList();
            var newInvoices = all.Where(s => payments.Contains(s.PaymentId)).Select(s => s.InvoiceId).Where(invoices.Add).ToList();
            if (newPayments.Count == 0 && newInvoices.Count == 0)
            {
                break;
            }
        }

        var lines = (await PartyLinesAsync(invoiceSource, invoices, cancellationToken)).Concat(await PartyLinesAsync(paymentSource, payments, cancellationToken)).ToList();
        var open = lines.Where(l => !l.Lettered).ToList();
        if (open.Count >= 2 && open.Sum(l => l.Debit) == open.Sum(l => l.Credit) && open.Select(l => (l.AccountNumber, l.Subledger)).Distinct().Count() == 1)
        {
            await LetterCoreAsync(open.Select(l => l.Id).ToList(), date, automatic: true, cancellationToken);
        }
    }

    /// <summary>A cancelled payment: its letterings are undone, its shares forgotten, and it is lettered with its reversal.</summary>
    internal async Task PaymentCancelledAsync(string paymentSource, long paymentId, DateOnly date, CancellationToken cancellationToken)
    {
        var lines = await PartyLinesAsync(paymentSource, [paymentId], cancellationToken, includeReversals: true);
        var ids = lines.Select(l => l.Id).ToList();

        // Deleted in SQL, in the cancelling transaction: the payment's line is lettered again below, and EF cannot
        // track a deleted and an added row of one key in the same SaveChanges.
        var letteringIds = await db.Set<LetteredLine>().Where(l => ids.Contains(l.EntryLineId)).Select(l => l.LetteringId).Distinct().ToListAsync(cancellationToken);
        await db.Set<LetteredLine>().Where(l => letteringIds.Contains(l.LetteringId)).ExecuteDeleteAsync(cancellationToken);
        await db.Set<Lettering>().Where(l => letteringIds.Contains(l.Id)).ExecuteDeleteAsync(cancellationToken);
        await db.Set<SettlementShare>().Where(s => s.PaymentSource == paymentSource && s.PaymentId == paymentId).ExecuteDeleteAsync(cancellationToken);
        if (lines.Count >= 2 && lines.Sum(l => l.Debit) == lines.Sum(l => l.Credit) && lines.Sum(l => l.Debit) != 0)
        {
            await LetterCoreAsync(ids, date, automatic: true, cancellationToken);
        }
    }

    private async Task<Lettering> LetterCoreAsync(IReadOnlyCollection<long> ids, DateOnly date, bool automatic, CancellationToken cancellationToken)
    {
        var lines = await LinesAsync(ids, cancellationToken);
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

    /// <summary>The third-party lines (those with a subledger) of the postings of some sources, stored or just added.</summary>
    private async Task<List<LetterableLine>> PartyLinesAsync(string sourceType, IReadOnlyCollection<long> sourceIds, CancellationToken cancellationToken,
        bool includeReversals = false)
    {
        var added = db.ChangeTracker.Entries<JournalEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)
            .Where(e => e.SourceType == sourceType && sourceIds.Contains(e.SourceId) && (includeReversals || e.Kind == EntryKind.Posting))
            .SelectMany(e => e.Lines).Where(l => l.Subledger != null).Select(l => l.Id).ToList();
        var stored = await db.Set<JournalEntry>().AsNoTracking()
            .Where(e => e.SourceType == sourceType && sourceIds.Contains(e.SourceId) && (includeReversals || e.Kind == EntryKind.Posting))
            .SelectMany(e => e.Lines).Where(l => l.Subledger != null).Select(l => l.Id).ToListAsync(cancellationToken);
        return await LinesAsync(added.Concat(stored).Distinct().ToList(), cancellationToken);
    }
}
