using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Web.Lists;
using Npgsql;

namespace MokoCrm.Web.Modules.Accounting.Queries;

public sealed record AccountRow
{
    public long Id { get; init; }

    public string Number { get; init; } = "";

    public string Label { get; init; } = "";

    public string Type { get; init; } = "";

    public string Parent { get; init; } = "";

    public bool Enabled { get; init; }
}

public sealed record EntryRow
{
    public long Id { get; init; }

    public DateOnly Date { get; init; }

    public string Journal { get; init; } = "";

    public long Sequence { get; init; }

    public string Reference { get; init; } = "";

    public string Label { get; init; } = "";

    public string Kind { get; init; } = "";

    public decimal Amount { get; init; }

    public bool ToReview { get; init; }
}

public sealed record ReviewRow
{
    public long Id { get; init; }

    public long EntryId { get; init; }

    public DateOnly Date { get; init; }

    public string Journal { get; init; } = "";

    public string Reference { get; init; } = "";

    public string Label { get; init; } = "";

    public string IntendedAccount { get; init; } = "";

    public string Account { get; init; } = "";

    public decimal Debit { get; init; }

    public decimal Credit { get; init; }
}

/// <summary>A trial balance row: balances are debit minus credit.</summary>
public sealed record TrialBalanceRow
{
    public long Id { get; init; }

    public string Number { get; init; } = "";

    public string Label { get; init; } = "";

    public string Type { get; init; } = "";

    public decimal Opening { get; init; }

    public decimal Debit { get; init; }

    public decimal Credit { get; init; }

    public decimal Closing { get; init; }
}

/// <summary>A general ledger line with the running balance of its account (debit minus credit).</summary>
public sealed record LedgerLineRow
{
    public long Id { get; init; }

    public long EntryId { get; init; }

    public DateOnly Date { get; init; }

    public string Journal { get; init; } = "";

    public long Sequence { get; init; }

    public string Reference { get; init; } = "";

    public string Label { get; init; } = "";

    public string Subledger { get; init; } = "";

    public decimal Debit { get; init; }

    public decimal Credit { get; init; }

    public decimal Balance { get; init; }
}

public sealed record EntryCardViewModel(JournalEntry Entry, string JournalLabel, bool Reversed, long? ReversalId);

public sealed record GeneralLedgerViewModel(
    string? Account, string? AccountLabel, DateOnly From, DateOnly To, decimal Opening, decimal PeriodDebit, decimal PeriodCredit,
    IReadOnlyList<LedgerLineRow> Lines, string? NextCursor, bool IsFirstPage, IReadOnlyList<AccountChoice> Accounts);

public sealed record AccountChoice(string Number, string Label);

public sealed record TrialBalanceViewModel(IListPage List, DateOnly From, DateOnly To, string? Prefix, decimal TotalDebit, decimal TotalCredit);

/// <summary>Read side of the accounting screens; the reports stay on indexes and period balances (no full scans).</summary>
public sealed class LedgerQueries(AppDbContext db)
{
    public static readonly ListDefinition<AccountRow> AccountList = new ListDefinition<AccountRow>("accounts", a => a.Id)
        .Column("number", "Number", a => a.Number, c => c.Link = a => $"/Accounting/Accounts/{a.Id}/edit")
        .Column("label", "Label", a => a.Label)
        .Column("type", "Type", a => a.Type)
        .Column("parent", "Parent", a => a.Parent)
        .Column("enabled", "Status", a => a.Enabled ? "Enabled" : "Disabled", c => { c.Sortable = false; c.Badge = a => a.Enabled ? "success" : "secondary"; })
        .SortedBy("number")
        .Searching((rows, q) => rows.Where(a => EF.Functions.ILike(a.Number, q + "%") || EF.Functions.ILike(a.Label, "%" + q + "%")));

    public static readonly ListDefinition<EntryRow> EntryList = new ListDefinition<EntryRow>("entries", e => e.Id)
        .Column("date", "Date", e => e.Date, c => c.Link = e => $"/Accounting/Entries/{e.Id}")
        .Column("journal", "Journal", e => e.Journal)
        .Column("sequence", "No.", e => e.Sequence, c => c.Numeric = true)
        .Column("reference", "Reference", e => e.Reference)
        .Column("label", "Label", e => e.Label, c => c.Link = e => $"/Accounting/Entries/{e.Id}")
        .Column("kind", "Kind", e => e.Kind, c => c.Badge = e => e.Kind == "Reversal" ? "warning" : "light")
        .Column("amount", "Amount", e => e.Amount, c => { c.Numeric = true; c.Format = "N2"; c.Sortable = false; })
        .Column("review", "To review", e => e.ToReview ? "To review" : "", c => { c.Sortable = false; c.Badge = e => e.ToReview ? "danger" : null; })
        .SortedBy("date", descending: true)
        .Searching((rows, q) => rows.Where(e => EF.Functions.ILike(e.Reference, q + "%") || EF.Functions.ILike(e.Label, "%" + q + "%")));

    public static readonly ListDefinition<ReviewRow> ReviewList = new ListDefinition<ReviewRow>("accounting-review", r => r.Id)
        .Column("date", "Date", r => r.Date, c => c.Link = r => $"/Accounting/Entries/{r.EntryId}")
        .Column("journal", "Journal", r => r.Journal)
        .Column("reference", "Reference", r => r.Reference)
        .Column("label", "Label", r => r.Label)
        .Column("intended", "Account asked for", r => r.IntendedAccount, c => c.Badge = _ => "danger")
        .Column("account", "Posted to", r => r.Account)
        .Column("debit", "Debit", r => r.Debit, c => { c.Numeric = true; c.Format = "N2"; c.Total = true; })
        .Column("credit", "Credit", r => r.Credit, c => { c.Numeric = true; c.Format = "N2"; c.Total = true; })
        .SortedBy("date", descending: true);

    public static readonly ListDefinition<TrialBalanceRow> TrialBalanceList = new ListDefinition<TrialBalanceRow>("trial-balance", r => r.Id)
        .Column("number", "Account", r => r.Number, c => c.Link = r => $"/Accounting/GeneralLedger?account={r.Number}")
        .Column("label", "Label", r => r.Label)
        .Column("type", "Type", r => r.Type)
        .Column("opening", "Opening balance", r => r.Opening, c => { c.Numeric = true; c.Format = "N2"; c.Sortable = false; c.Total = true; })
        .Column("debit", "Debit", r => r.Debit, c => { c.Numeric = true; c.Format = "N2"; c.Sortable = false; c.Total = true; })
        .Column("credit", "Credit", r => r.Credit, c => { c.Numeric = true; c.Format = "N2"; c.Sortable = false; c.Total = true; })
        .Column("closing", "Closing balance", r => r.Closing, c => { c.Numeric = true; c.Format = "N2"; c.Sortable = false; c.Total = true; })
        .SortedBy("number");

    public static readonly ListDefinition<LedgerLineRow> GeneralLedgerExport = new ListDefinition<LedgerLineRow>("general-ledger", l => l.Id)
        .Column("date", "Date", l => l.Date)
        .Column("journal", "Journal", l => l.Journal)
        .Column("sequence", "No.", l => l.Sequence)
        .Column("reference", "Reference", l => l.Reference)
        .Column("label", "Label", l => l.Label)
        .Column("subledger", "Subledger", l => l.Subledger)
        .Column("debit", "Debit", l => l.Debit, c => { c.Numeric = true; c.Format = "N2"; })
        .Column("credit", "Credit", l => l.Credit, c => { c.Numeric = true; c.Format = "N2"; })
        .Column("balance", "Balance", l => l.Balance, c => { c.Numeric = true; c.Format = "N2"; })
        .SortedBy("date");

    public static string TypeLabel(AccountType type) => type.ToString();

    public IQueryable<AccountRow> Accounts(bool? enabled) =>
        db.Set<Account>().AsNoTracking().Where(a => enabled == null || a.Enabled == enabled).Select(a => new AccountRow
        {
            Id = a.Id, Number = a.Number, Label = a.Label, Type = a.Type.ToString(), Parent = a.ParentNumber ?? "", Enabled = a.Enabled,
        });

    public Task<Account?> AccountAsync(long id, CancellationToken cancellationToken = default) =>
        db.Set<Account>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);

    /// <summary>The journals' codes and labels (the five of the chart and one per bank account that posted), by code.</summary>
    public async Task<IReadOnlyList<(string Code, string Label)>> JournalsAsync(CancellationToken cancellationToken = default) =>
        (await db.Set<Journal>().AsNoTracking().OrderBy(j => j.Code).Select(j => new { j.Code, j.Label }).ToListAsync(cancellationToken))
        .Select(j => (j.Code, j.Label)).ToList();

    public async Task<IReadOnlyList<AccountChoice>> AccountChoicesAsync(bool enabledOnly, CancellationToken cancellationToken = default) =>
        await db.Set<Account>().AsNoTracking().Where(a => !enabledOnly || a.Enabled).OrderBy(a => a.Number).Take(2000)
            .Select(a => new AccountChoice(a.Number, a.Label)).ToListAsync(cancellationToken);

    public async Task<IReadOnlyDictionary<string, string>> DefaultAccountsAsync(CancellationToken cancellationToken = default) =>
        await db.Set<DefaultAccount>().AsNoTracking().ToDictionaryAsync(d => d.Key, d => d.AccountNumber, cancellationToken);

    public IQueryable<EntryRow> Entries(string? journal, DateOnly? from, DateOnly? to, bool toReview) =>
        db.Set<JournalEntry>().AsNoTracking()
            .Where(e => (journal == null || e.JournalCode == journal) && (from == null || e.EntryDate >= from) && (to == null || e.EntryDate <= to) && (!toReview || e.ToReview))
            .Select(e => new EntryRow
            {
                Id = e.Id, Date = e.EntryDate, Journal = e.JournalCode, Sequence = e.Sequence, Reference = e.Reference ?? "", Label = e.Label,
                Kind = e.Kind.ToString(), Amount = e.Lines.Sum(l => l.Debit), ToReview = e.ToReview,
            });

    public IQueryable<ReviewRow> Review() =>
        from l in db.Set<JournalEntryLine>().AsNoTracking()
        join e in db.Set<JournalEntry>().AsNoTracking() on l.EntryId equals e.Id
        where e.ToReview && l.ToReview
        select new ReviewRow
        {
            Id = l.Id, EntryId = e.Id, Date = e.EntryDate, Journal = e.JournalCode, Reference = e.Reference ?? "", Label = l.Label,
            IntendedAccount = l.IntendedAccount ?? "", Account = l.AccountNumber, Debit = l.Debit, Credit = l.Credit,
        };

    public async Task<EntryCardViewModel?> EntryAsync(long id, CancellationToken cancellationToken = default)
    {
        var entry = await db.Set<JournalEntry>().AsNoTracking().Include(e => e.Lines).SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (entry is null)
        {
            return null;
        }

        var journal = await db.Set<Journal>().Where(j => j.Code == entry.JournalCode).Select(j => j.Label).SingleAsync(cancellationToken);
        var reversal = await db.Set<JournalEntry>().AsNoTracking()
            .Where(e => e.SourceType == entry.SourceType && e.SourceId == entry.SourceId && e.Kind == EntryKind.Reversal).Select(e => (long?)e.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return new EntryCardViewModel(entry, journal, reversal is not null, reversal);
    }

    /// <summary>
    /// Debit and credit per account over [from, to]: whole months come from the period balances, the days of the
    /// first and last months that are not whole months from the lines' (date, account) index.
    /// </summary>
    public IQueryable<TrialBalanceRow> TrialBalance(DateOnly from, DateOnly to, string? prefix)
    {
        var openingMonth = new DateOnly(from.Year, from.Month, 1);
        var fullStart = from.Day == 1 ? from : openingMonth.AddMonths(1);
        var toMonth = new DateOnly(to.Year, to.Month, 1);
        var fullEnd = to == toMonth.AddMonths(1).AddDays(-1) ? toMonth.AddMonths(1) : toMonth; // exclusive
        DateOnly edge1, edge2;
        if (fullStart < fullEnd)
        {
            edge1 = fullStart;
            edge2 = fullEnd;
        }
        else
        {
            fullStart = fullEnd = DateOnly.MinValue;
            edge1 = edge2 = to.AddDays(1);
        }

        var afterTo = to.AddDays(1);
        var like = string.IsNullOrWhiteSpace(prefix) ? "%" : prefix.Trim().Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal) + "%";
        return db.Database.SqlQuery<TrialBalanceRow>($"""
            WITH moves AS (
                SELECT account_number, 0::numeric AS o, debit AS d, credit AS c FROM accounting.account_period_balances
                    WHERE period_start >= {fullStart} AND period_start < {fullEnd}
                UNION ALL
                SELECT account_number, 0, debit, credit FROM accounting.entry_lines WHERE entry_date >= {from} AND entry_date < {edge1}
                UNION ALL
                SELECT account_number, 0, debit, credit FROM accounting.entry_lines WHERE entry_date >= {edge2} AND entry_date < {afterTo}
                UNION ALL
                SELECT account_number, debit - credit, 0, 0 FROM accounting.account_period_balances WHERE period_start < {openingMonth}
                UNION ALL
                SELECT account_number, debit - credit, 0, 0 FROM accounting.entry_lines WHERE entry_date >= {openingMonth} AND entry_date < {from}
            ), totals AS (
                SELECT account_number, sum(o) AS o, sum(d) AS d, sum(c) AS c FROM moves WHERE account_number LIKE {like} GROUP BY account_number
            )
            SELECT coalesce(a.id, 0) AS id, t.account_number AS number, coalesce(a.label, '?') AS label, coalesce(a.type, '') AS type,
                   t.o AS opening, t.d AS debit, t.c AS credit, t.o + t.d - t.c AS closing
            FROM totals t LEFT JOIN accounting.accounts a ON a.number = t.account_number
            WHERE t.o <> 0 OR t.d <> 0 OR t.c <> 0
            """);
    }

    public async Task<(decimal Debit, decimal Credit)> TrialBalanceTotalsAsync(DateOnly from, DateOnly to, string? prefix, CancellationToken cancellationToken = default)
    {
        var totals = await TrialBalance(from, to, prefix).GroupBy(_ => 1).Select(g => new { D = g.Sum(r => r.Debit), C = g.Sum(r => r.Credit) }).SingleOrDefaultAsync(cancellationToken);
        return (totals?.D ?? 0, totals?.C ?? 0);
    }

    /// <summary>Balance (debit − credit) of an account before a date: months from the period balances, the rest from the index.</summary>
    public async Task<decimal> BalanceBeforeAsync(string account, DateOnly date, CancellationToken cancellationToken = default)
    {
        var month = new DateOnly(date.Year, date.Month, 1);
        var months = await db.Set<AccountPeriodBalance>().Where(b => b.AccountNumber == account && b.PeriodStart < month).SumAsync(b => b.Debit - b.Credit, cancellationToken);
        var days = await db.Set<JournalEntryLine>().Where(l => l.AccountNumber == account && l.EntryDate >= month && l.EntryDate < date).SumAsync(l => l.Debit - l.Credit, cancellationToken);
        return months + days;
    }

    /// <summary>
    /// One page of an account's ledger in (date, id) order after the cursor. The running balance goes on from
    /// <paramref name="balanceBefore"/> (carried by the cursor), so a page costs its own rows only.
    /// </summary>
    public async Task<(List<LedgerLineRow> Lines, bool More)> LedgerPageAsync(string account, DateOnly from, DateOnly to, DateOnly? afterDate, long afterId,
        decimal balanceBefore, int size, CancellationToken cancellationToken = default)
    {
        // Plain ADO.NET (ContextSql). Row comparison on (date, id), so PostgreSQL starts the index range at the cursor.
        // The page size is inlined (an int of ours): with LIMIT as a parameter the planner may not trust it and join
        // the entries by hash instead of looking up the page's few rows.
        var cursor = afterDate is null ? "" : "AND (l.entry_date, l.id) > ($4, $5)";
        List<NpgsqlParameter> parameters = [ContextSql.Value(account), ContextSql.Value(from), ContextSql.Value(to)];
        if (afterDate is { } date)
        {
            parameters.Add(ContextSql.Value(date));
            parameters.Add(ContextSql.Value(afterId));
        }

        var rows = await ContextSql.ReadAsync(db, $"""
            SELECT l.id, l.entry_id, l.entry_date, e.journal_code, e.sequence, coalesce(e.reference, ''), l.label, coalesce(l.subledger, ''), l.debit, l.credit
            FROM accounting.entry_lines l JOIN accounting.entries e ON e.id = l.entry_id
            WHERE l.account_number = $1 AND l.entry_date BETWEEN $2 AND $3 {cursor}
            ORDER BY l.entry_date, l.id LIMIT {size + 1}
            """, parameters, reader => new LedgerLineRow
            {
                Id = reader.GetInt64(0), EntryId = reader.GetInt64(1), Date = reader.GetFieldValue<DateOnly>(2), Journal = reader.GetString(3), Sequence = reader.GetInt64(4),
                Reference = reader.GetString(5), Label = reader.GetString(6), Subledger = reader.GetString(7), Debit = reader.GetDecimal(8), Credit = reader.GetDecimal(9),
            }, cancellationToken);

        var more = rows.Count > size;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        var balance = balanceBefore;
        for (var i = 0; i < rows.Count; i++)
        {
            balance += rows[i].Debit - rows[i].Credit;
            rows[i] = rows[i] with { Balance = balance };
        }

        return (rows, more);
    }

    public async Task<(decimal Debit, decimal Credit)> PeriodTotalsAsync(string account, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var totals = await TrialBalance(from, to, account).Where(r => r.Number == account).Select(r => new { r.Debit, r.Credit }).SingleOrDefaultAsync(cancellationToken);
        return (totals?.Debit ?? 0, totals?.Credit ?? 0);
    }

    /// <summary>The whole range with its running balance (a window in SQL), streamed by the export.</summary>
    public IQueryable<LedgerLineRow> LedgerForExport(string account, DateOnly from, DateOnly to, decimal opening) =>
        db.Database.SqlQuery<LedgerLineRow>($"""
            SELECT l.id, l.entry_id, l.entry_date AS date, e.journal_code AS journal, e.sequence, coalesce(e.reference, '') AS reference, l.label,
                   coalesce(l.subledger, '') AS subledger, l.debit, l.credit,
                   {opening} + sum(l.debit - l.credit) OVER (ORDER BY l.entry_date, l.id) AS balance
            FROM accounting.entry_lines l JOIN accounting.entries e ON e.id = l.entry_id
            WHERE l.account_number = {account} AND l.entry_date >= {from} AND l.entry_date <= {to}
            """);
}
