using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Setup.Domain;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Accounting.Queries;

public sealed record BankAccountBalanceRow
{
    public long Id { get; init; }

    public string Label { get; init; } = "";

    public string Account { get; init; } = "";

    public string Iban { get; init; } = "";

    public bool Active { get; init; }

    public decimal Balance { get; init; }

    public decimal ReconciledBalance { get; init; }

    public int ToReconcile { get; init; }
}

public sealed record BankLineRow
{
    public long Id { get; init; }

    public long EntryId { get; init; }

    public DateOnly Date { get; init; }

    public string Reference { get; init; } = "";

    public string Label { get; init; } = "";

    public decimal Amount { get; init; }

    public decimal In => Amount > 0 ? Amount : 0;

    public decimal Out => Amount < 0 ? -Amount : 0;

    public decimal Balance { get; init; }

    public string Statement { get; init; } = "";
}

public sealed record BankAccountViewModel(
    BankAccountBalanceRow Account, DateOnly From, DateOnly To, string? Status, decimal Opening, IReadOnlyList<BankLineRow> Lines, string? NextCursor, bool IsFirstPage,
    decimal PeriodIn, decimal PeriodOut);

/// <summary>Bank accounts with their balances, and one account's lines with a running balance (keyset pages on (date, id)).</summary>
public sealed class BankQueries(AppDbContext db)
{
    public static readonly ListDefinition<BankLineRow> LinesExport = new ListDefinition<BankLineRow>("bank-lines", l => l.Id)
        .Column("date", "Date", l => l.Date)
        .Column("reference", "Reference", l => l.Reference)
        .Column("label", "Label", l => l.Label)
        .Column("in", "Money in", l => l.In, c => { c.Numeric = true; c.Format = "N2"; })
        .Column("out", "Money out", l => l.Out, c => { c.Numeric = true; c.Format = "N2"; })
        .Column("balance", "Balance", l => l.Balance, c => { c.Numeric = true; c.Format = "N2"; })
        .Column("statement", "Statement", l => l.Statement)
        .SortedBy("date");

    public async Task<IReadOnlyList<BankAccountBalanceRow>> AccountsAsync(CancellationToken cancellationToken = default)
    {
        var totals = await db.Set<BankLine>().AsNoTracking().GroupBy(l => l.BankAccountId)
            .Select(g => new
            {
                g.Key,
                Balance = g.Sum(l => l.Amount),
                Reconciled = g.Where(l => l.StatementReference != null).Sum(l => l.Amount),
                Open = g.Count(l => l.StatementReference == null),
            })
            .ToDictionaryAsync(t => t.Key, cancellationToken);
        var accounts = await db.Set<BankAccount>().AsNoTracking().OrderBy(b => b.Label).Take(500).ToListAsync(cancellationToken);
        return accounts.Select(b => new BankAccountBalanceRow
        {
            Id = b.Id, Label = b.Label, Account = b.AccountingAccount, Iban = b.Iban ?? "", Active = b.Active,
            Balance = totals.TryGetValue(b.Id, out var t) ? t.Balance : 0, ReconciledBalance = t?.Reconciled ?? 0, ToReconcile = t?.Open ?? 0,
        }).ToList();
    }

    public async Task<BankAccountBalanceRow?> AccountAsync(long id, CancellationToken cancellationToken = default)
    {
        var bank = await db.Set<BankAccount>().AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (bank is null)
        {
            return null;
        }

        var lines = db.Set<BankLine>().AsNoTracking().Where(l => l.BankAccountId == id);
        return new BankAccountBalanceRow
        {
            Id = bank.Id, Label = bank.Label, Account = bank.AccountingAccount, Iban = bank.Iban ?? "", Active = bank.Active,
            Balance = await lines.SumAsync(l => l.Amount, cancellationToken),
            ReconciledBalance = await lines.Where(l => l.StatementReference != null).SumAsync(l => l.Amount, cancellationToken),
            ToReconcile = await lines.CountAsync(l => l.StatementReference == null, cancellationToken),
        };
    }

    public Task<decimal> BalanceBeforeAsync(long bankAccountId, DateOnly date, CancellationToken cancellationToken = default) =>
        db.Set<BankLine>().Where(l => l.BankAccountId == bankAccountId && l.Date < date).SumAsync(l => l.Amount, cancellationToken);

    public async Task<(decimal In, decimal Out)> PeriodTotalsAsync(long bankAccountId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var totals = await db.Set<BankLine>().Where(l => l.BankAccountId == bankAccountId && l.Date >= from && l.Date <= to).GroupBy(_ => 1)
            .Select(g => new { In = g.Sum(l => l.Amount > 0 ? l.Amount : 0), Out = g.Sum(l => l.Amount < 0 ? -l.Amount : 0) }).SingleOrDefaultAsync(cancellationToken);
        return (totals?.In ?? 0, totals?.Out ?? 0);
    }

    private IQueryable<BankLine> Filtered(long bankAccountId, DateOnly from, DateOnly to, string? status) =>
        db.Set<BankLine>().AsNoTracking().Where(l => l.BankAccountId == bankAccountId && l.Date >= from && l.Date <= to
            && (status == null || (status == "open" ? l.StatementReference == null : l.StatementReference != null)));

    /// <summary>A page of lines after the cursor; the running balance goes on from <paramref name="balanceBefore"/> (meaningful without a status filter).</summary>
    public async Task<(List<BankLineRow> Lines, bool More)> PageAsync(long bankAccountId, DateOnly from, DateOnly to, string? status, DateOnly? afterDate, long afterId,
        decimal balanceBefore, int size, CancellationToken cancellationToken = default)
    {
        var query = Filtered(bankAccountId, from, to, status);
        if (afterDate is { } after)
        {
            query = query.Where(l => l.Date > after || (l.Date == after && l.Id > afterId));
        }

        var rows = await query.OrderBy(l => l.Date).ThenBy(l => l.Id).Take(size + 1)
            .Select(l => new BankLineRow
            {
                Id = l.Id, EntryId = l.EntryId, Date = l.Date, Reference = l.Reference ?? "", Label = l.Label, Amount = l.Amount, Statement = l.StatementReference ?? "",
            })
            .ToListAsync(cancellationToken);
        var more = rows.Count > size;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        var balance = balanceBefore;
        for (var i = 0; i < rows.Count; i++)
        {
            balance += rows[i].Amount;
            rows[i] = rows[i] with { Balance = balance };
        }

        return (rows, more);
    }

    /// <summary>Every line of the range with its running balance (a window in SQL), streamed by the export.</summary>
    public IQueryable<BankLineRow> ForExport(long bankAccountId, DateOnly from, DateOnly to, decimal opening) =>
        db.Database.SqlQuery<BankLineRow>($"""
            SELECT id, entry_id, date, coalesce(reference, '') AS reference, label, amount, coalesce(statement_reference, '') AS statement,
                   {opening} + sum(amount) OVER (ORDER BY date, id) AS balance
            FROM accounting.bank_lines WHERE bank_account_id = {bankAccountId} AND date >= {from} AND date <= {to}
            """);
}
