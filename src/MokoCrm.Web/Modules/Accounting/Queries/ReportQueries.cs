using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Web.Lists;
using Npgsql;

namespace MokoCrm.Web.Modules.Accounting.Queries;

/// <summary>A third party's (or employee's) balance on the customer or supplier account: balances are debit minus credit.</summary>
public sealed record SubledgerRow
{
    public long Id { get; init; }

    public string Kind { get; init; } = "";

    public string Code { get; init; } = "";

    public string Name { get; init; } = "";

    public decimal Opening { get; init; }

    public decimal Debit { get; init; }

    public decimal Credit { get; init; }

    public decimal Closing { get; init; }
}

/// <summary>One line of the income statement or balance sheet: a section, an account and its amount (shown positive when normal).</summary>
public sealed record StatementRow
{
    public long Id { get; init; }

    public string Section { get; init; } = "";

    public string Account { get; init; } = "";

    public string Label { get; init; } = "";

    public decimal Amount { get; init; }
}

public sealed record VatRow
{
    public long Id { get; init; }

    public DateOnly Period { get; init; }

    public string Rate { get; init; } = "";

    public decimal CollectedBase { get; init; }

    public decimal Collected { get; init; }

    public decimal DeductibleBase { get; init; }

    public decimal Deductible { get; init; }

    public decimal Due => Collected - Deductible;
}

public sealed record SubledgerLineRow
{
    public long Id { get; init; }

    public long EntryId { get; init; }

    public DateOnly Date { get; init; }

    public string Journal { get; init; } = "";

    public long Sequence { get; init; }

    public string Reference { get; init; } = "";

    public string Account { get; init; } = "";

    public string Label { get; init; } = "";

    public DateOnly? DueDate { get; init; }

    public decimal Debit { get; init; }

    public decimal Credit { get; init; }

    public decimal Balance { get; init; }

    /// <summary>The letter code (AA ...) when the line is lettered, else empty.</summary>
    public string Letter { get; init; } = "";

    public long? LetteringId { get; init; }
}

/// <summary>What the aged balances read back from SQL: a third party's open amount in one age column (with the earliest due date in it).</summary>
public sealed record AgedItemRow
{
    public string Subledger { get; init; } = "";

    public string Name { get; init; } = "";

    public DateOnly Due { get; init; }

    public decimal Amount { get; init; }
}

/// <summary>Customers (411...) or suppliers (401...): which account range a subledger report or aged balance reads, and its sign.</summary>
/// <param name="Accounts">The account and its sub-accounts in the chart (411, 4111 ...): the queries ask for each by
/// equality, so the (account, date) indexes seek instead of scanning a range of accounts.</param>
public sealed record SubledgerKind(string Slug, string Title, string Account, int Sign)
{
    public string[] Accounts { get; init; } = [Account];
}

/// <summary>
/// The accounting reports. Like the trial balance they read whole months from the period balances (accounts, and
/// subledgers for the customer and supplier reports) and only the partial months from the lines' indexes; the VAT
/// report reads the VAT accounts' index range; the aged balances read only the lines of third parties that owe.
/// </summary>
public sealed class ReportQueries(AppDbContext db, LedgerQueries ledger)
{
    public static readonly ListDefinition<SubledgerRow> SubledgerList = new ListDefinition<SubledgerRow>("subledger", r => r.Id)
        .Column("code", "Code", r => r.Code, c => c.Link = r => $"/Accounting/Subledgers/{r.Kind}/{Uri.EscapeDataString(r.Code)}")
        .Column("name", "Name", r => r.Name, c => c.Link = r => $"/Accounting/Subledgers/{r.Kind}/{Uri.EscapeDataString(r.Code)}")
        .Column("opening", "Opening balance", r => r.Opening, c => { c.Numeric = true; c.Format = "N2"; c.Total = true; })
        .Column("debit", "Debit", r => r.Debit, c => { c.Numeric = true; c.Format = "N2"; c.Total = true; })
        .Column("credit", "Credit", r => r.Credit, c => { c.Numeric = true; c.Format = "N2"; c.Total = true; })
        .Column("closing", "Closing balance", r => r.Closing, c => { c.Numeric = true; c.Format = "N2"; c.Total = true; })
        .SortedBy("code")
        .ExportedWith(AccountingPermissions.Ledger.Export)
        .Searching((rows, q) => rows.Where(r => EF.Functions.ILike(r.Code, q + "%") || EF.Functions.ILike(r.Name, "%" + q + "%")));

    public static readonly ListDefinition<SubledgerLineRow> SubledgerLinesExport = new ListDefinition<SubledgerLineRow>("subledger-lines", r => r.Id)
        .Column("date", "Date", r => r.Date)
        .Column("journal", "Journal", r => r.Journal)
        .Column("sequence", "No.", r => r.Sequence)
        .Column("reference", "Reference", r => r.Reference)
        .Column("account", "Account", r => r.Account)
        .Column("label", "Label", r => r.Label)
        .Column("due", "Due date", r => r.DueDate)
        .Column("debit", "Debit", r => r.Debit, c => { c.Numeric = true; c.Format = "N2"; })
        .Column("credit", "Credit", r => r.Credit, c => { c.Numeric = true; c.Format = "N2"; })
        .Column("balance", "Balance", r => r.Balance, c => { c.Numeric = true; c.Format = "N2"; })
        .Column("letter", "Letter", r => r.Letter)
        .SortedBy("date");

    public static readonly ListDefinition<StatementRow> StatementList = new ListDefinition<StatementRow>("statement", r => r.Id)
        .Column("section", "Section", r => r.Section)
        .Column("account", "Account", r => r.Account)
        .Column("label", "Label", r => r.Label)
        .Column("amount", "Amount", r => r.Amount, c => { c.Numeric = true; c.Format = "N2"; })
        .SortedBy("account");

    public static readonly ListDefinition<VatRow> VatList = new ListDefinition<VatRow>("vat", r => r.Id)
        .Column("period", "Month", r => r.Period, c => c.Format = "yyyy-MM")
        .Column("rate", "Rate", r => r.Rate)
        .Column("collectedBase", "Sales excl. tax", r => r.CollectedBase, c => { c.Numeric = true; c.Format = "N2"; })
        .Column("collected", "VAT collected", r => r.Collected, c => { c.Numeric = true; c.Format = "N2"; })
        .Column("deductibleBase", "Purchases excl. tax", r => r.DeductibleBase, c => { c.Numeric = true; c.Format = "N2"; })
        .Column("deductible", "VAT deductible", r => r.Deductible, c => { c.Numeric = true; c.Format = "N2"; })
        .Column("due", "VAT due", r => r.Due, c => { c.Numeric = true; c.Format = "N2"; c.Sortable = false; })
        .SortedBy("period")
        .ExportedWith(AccountingPermissions.Ledger.Export);

    public static readonly ListDefinition<AgedRow> AgedList = new ListDefinition<AgedRow>("aged", r => r.Id)
        .Column("code", "Code", r => r.Subledger)
        .Column("name", "Name", r => r.Name)
        .Column("notDue", "Not due", r => r.NotDue, c => { c.Numeric = true; c.Format = "N2"; })
        .Column("d30", "0–30 days", r => r.Days0To30, c => { c.Numeric = true; c.Format = "N2"; })
        .Column("d60", "31–60 days", r => r.Days31To60, c => { c.Numeric = true; c.Format = "N2"; })
        .Column("d90", "61–90 days", r => r.Days61To90, c => { c.Numeric = true; c.Format = "N2"; })
        .Column("over90", "Over 90 days", r => r.Over90, c => { c.Numeric = true; c.Format = "N2"; })
        .Column("total", "Total", r => r.Total, c => { c.Numeric = true; c.Format = "N2"; })
        .SortedBy("code");

    public async Task<SubledgerKind?> KindAsync(string slug, CancellationToken cancellationToken = default)
    {
        var defaults = await db.Set<DefaultAccount>().AsNoTracking().ToDictionaryAsync(d => d.Key, d => d.AccountNumber, cancellationToken);
        string Account(string key) => defaults.TryGetValue(key, out var a) && !string.IsNullOrWhiteSpace(a) ? a : DefaultAccountKeys.All.Single(d => d.Key == key).Account;
        var kind = slug switch
        {
            "customers" => new SubledgerKind(slug, "Customers", Account(DefaultAccountKeys.Customer), 1),
            "suppliers" => new SubledgerKind(slug, "Suppliers", Account(DefaultAccountKeys.Supplier), -1),
            "staff" => new SubledgerKind(slug, "Staff", Account(DefaultAccountKeys.Staff), -1),
            _ => null,
        };
        return kind is null ? null : kind with { Accounts = await AccountsUnderAsync(kind.Account, cancellationToken) };
    }

    /// <summary>An account and its sub-accounts in the chart (4457 → 44571, 445710 ...), for equality look-ups.</summary>
    public async Task<string[]> AccountsUnderAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var pattern = prefix.Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal) + "%";
        var accounts = await db.Set<Account>().AsNoTracking().Where(a => EF.Functions.Like(a.Number, pattern)).Select(a => a.Number).ToListAsync(cancellationToken);
        return accounts.Append(prefix).Distinct().Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Per subledger on the kind's accounts: opening balance, debit and credit of [from, to], closing balance.</summary>
    public IQueryable<SubledgerRow> Subledgers(SubledgerKind kind, DateOnly from, DateOnly to)
    {
        var (fullStart, fullEnd, edge1, edge2, openingMonth) = Months(from, to);
        var afterTo = to.AddDays(1);
        var accounts = kind.Accounts;
        return db.Database.SqlQuery<SubledgerRow>($"""
            WITH moves AS (
                SELECT subledger, 0::numeric AS o, debit AS d, credit AS c, label FROM accounting.subledger_period_balances
                    WHERE account_number = ANY({accounts}) AND period_start >= {fullStart} AND period_start < {fullEnd}
                UNION ALL
                SELECT subledger, 0, debit, credit, subledger_label FROM accounting.entry_lines
                    WHERE account_number = ANY({accounts}) AND subledger IS NOT NULL AND entry_date >= {from} AND entry_date < {edge1}
                UNION ALL
                SELECT subledger, 0, debit, credit, subledger_label FROM accounting.entry_lines
                    WHERE account_number = ANY({accounts}) AND subledger IS NOT NULL AND entry_date >= {edge2} AND entry_date < {afterTo}
                UNION ALL
                SELECT subledger, debit - credit, 0, 0, label FROM accounting.subledger_period_balances
                    WHERE account_number = ANY({accounts}) AND period_start < {openingMonth}
                UNION ALL
                SELECT subledger, debit - credit, 0, 0, subledger_label FROM accounting.entry_lines
                    WHERE account_number = ANY({accounts}) AND subledger IS NOT NULL AND entry_date >= {openingMonth} AND entry_date < {from}
            ), totals AS (
                SELECT subledger, sum(o) AS o, sum(d) AS d, sum(c) AS c, max(label) AS name FROM moves GROUP BY subledger
            )
            SELECT row_number() OVER (ORDER BY t.subledger) AS id, {kind.Slug} AS kind, t.subledger AS code, coalesce(t.name, '') AS name,
                   t.o AS opening, t.d AS debit, t.c AS credit, t.o + t.d - t.c AS closing
            FROM totals t WHERE t.o <> 0 OR t.d <> 0 OR t.c <> 0
            """);
    }

    /// <summary>
    /// One page of the subledger list. Sorted by code (the default) and without a search, the page is computed in
    /// SQL for its own third parties only: a loose index scan walks the codes of the period balances from the cursor
    /// (one index probe per code, in code order), and for each code a lateral reads its period balances and, for
    /// the partial first/last months, its lines, until the page is full. Sorting by a name or an amount, or
    /// searching, needs every third party's totals: that goes through <see cref="Subledgers"/> and the list engine.
    /// The count is the page's (exact on a single first page, else "more than").
    /// </summary>
    public async Task<ListPage<SubledgerRow>> SubledgerPageAsync(SubledgerKind kind, DateOnly from, DateOnly to, ListRequest request,
        CancellationToken cancellationToken = default)
    {
        if (SubledgerPageStatement(kind, from, to, request) is not { } statement)
        {
            return await ListEngine.PageAsync(Subledgers(kind, from, to), SubledgerList, request, cancellationToken);
        }

        var (sql, parameters, backwards, cursor, descending, size) = statement;
        var rows = await ContextSql.ReadAsync(db, sql, parameters, reader => new SubledgerRow
        {
            Kind = kind.Slug, Code = reader.GetString(0), Name = reader.GetString(1), Opening = reader.GetDecimal(2), Debit = reader.GetDecimal(3), Credit = reader.GetDecimal(4),
            Closing = reader.GetDecimal(2) + reader.GetDecimal(3) - reader.GetDecimal(4),
        }, cancellationToken);

        var more = rows.Count > size;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        if (backwards)
        {
            rows.Reverse();
        }

        rows = rows.Select((r, i) => r with { Id = i + 1 }).ToList();
        var exact = cursor is null && !more;
        return new ListPage<SubledgerRow>(SubledgerList, request, rows, "code", descending)
        {
            HasPrevious = backwards ? more : cursor is not null,
            HasNext = backwards ? request.Before is not null : more,
            PreviousCursor = rows.Count > 0 ? CodeCursor.Encode(rows[0].Code) : null,
            NextCursor = rows.Count > 0 ? CodeCursor.Encode(rows[^1].Code) : null,
            Count = rows.Count,
            CountIsLowerBound = !exact,
        };
    }

    /// <summary>What <see cref="SubledgerPageAsync"/> sends for a page sorted by code without a search (null otherwise): the statement, its positional parameters, and how to read the rows back.</summary>
    internal sealed record SubledgerPageSql(string Sql, List<NpgsqlParameter> Parameters, bool Backwards, string? Cursor, bool Descending, int Size);

    /// <summary>The statement of a subledger list page computed in SQL (see <see cref="SubledgerPageAsync"/>); null when the page goes through the list engine (a search, another sort).</summary>
    internal static SubledgerPageSql? SubledgerPageStatement(SubledgerKind kind, DateOnly from, DateOnly to, ListRequest request)
    {
        var sort = SubledgerList.Find(request.Sort)?.Name ?? SubledgerList.DefaultSort;
        if (!string.IsNullOrWhiteSpace(request.Search) || sort != "code")
        {
            return null;
        }

        var descending = request.Descending ?? SubledgerList.DefaultDescending;
        var backwards = request.Before is not null || (request.Last && request.After is null);
        var cursor = CodeCursor.Decode(backwards ? request.Before : request.After);
        var ascending = descending == backwards;
        var size = request.PageSize;
        var (fullStart, fullEnd, edge1, edge2, openingMonth) = Months(from, to);
        var afterTo = to.AddDays(1);

        List<NpgsqlParameter> parameters =
        [
            ContextSql.Value(kind.Accounts), ContextSql.Value(openingMonth), ContextSql.Value(fullStart), ContextSql.Value(fullEnd),
            ContextSql.Value(from), ContextSql.Value(edge1), ContextSql.Value(edge2), ContextSql.Value(afterTo),
        ];
        // The codes in order (the database's collation, as the list engine's sort), from the period balances' primary
        // key (account, subledger, month). One account (as installed): its range of the index read in order and grouped
        // as it streams, so the LIMIT below stops it after the page's codes. Sub-accounts: PostgreSQL would hash and
        // sort every code of the merged ranges, so each next code is taken by a recursive walk, an index descent per
        // account and code. The walk served every case until 2026-12-07, at three times the stream's cost for a page
        // of 100 customers (bench, 5,000,000 lines). The ORDER BY inside keeps the stream's direction in its plan.
        var direction = ascending ? "" : "DESC";
        var (compare, extreme) = ascending ? (">", "min") : ("<", "max");
        string Next(string? after) => $"""
            SELECT {extreme}(n.code) FROM unnest($1::text[]) a(account) CROSS JOIN LATERAL (
                SELECT b.subledger AS code FROM accounting.subledger_period_balances b
                WHERE b.account_number = a.account {(after is null ? "" : $"AND b.subledger {compare} {after}")}
                ORDER BY b.subledger {direction} LIMIT 1) n
            """;
        var codes = kind.Accounts.Length == 1
            ? $"""
                codes(code) AS (
                    SELECT b.subledger FROM accounting.subledger_period_balances b
                    WHERE b.account_number = ($1::text[])[1] {(cursor is null ? "" : $"AND b.subledger {compare} $9")}
                    GROUP BY b.subledger ORDER BY b.subledger {direction}
                )
                """
            : $"""
                RECURSIVE codes(code) AS (
                    ({Next(cursor is null ? null : "$9")})
                    UNION ALL
                    SELECT ({Next("codes.code")}) FROM codes WHERE codes.code IS NOT NULL
                )
                """;
        if (cursor is not null)
        {
            parameters.Add(ContextSql.Value(cursor));
        }

        // Lines only for the days the period balances do not cover: [opening month, edge1) holds the days before
        // `from` (opening) and the partial first month; [edge2, to] the partial last month. Empty ranges are left out.
        var firstDays = openingMonth < edge1 ? """
            UNION ALL
            SELECT CASE WHEN l.entry_date < $5 THEN l.debit - l.credit ELSE 0 END, CASE WHEN l.entry_date >= $5 THEN l.debit ELSE 0 END,
                   CASE WHEN l.entry_date >= $5 THEN l.credit ELSE 0 END, NULL
            FROM accounting.entry_lines l WHERE l.subledger = c.code AND l.account_number = ANY($1) AND l.entry_date >= $2 AND l.entry_date < $6
            """ : "";
        var lastDays = edge2 < afterTo ? """
            UNION ALL
            SELECT 0, l.debit, l.credit, NULL
            FROM accounting.entry_lines l WHERE l.subledger = c.code AND l.account_number = ANY($1) AND l.entry_date >= $7 AND l.entry_date < $8
            """ : "";

        // The outer ORDER BY is the codes' own order: the nested loop keeps it, so PostgreSQL sorts nothing and stops
        // at the LIMIT (the walk yields NULL after the last code).
        var sql = $"""
            WITH {codes}
            SELECT c.code, coalesce(t.name, ''), t.o, t.d, t.c
            FROM codes c CROSS JOIN LATERAL (
                SELECT coalesce(sum(m.o), 0) AS o, coalesce(sum(m.d), 0) AS d, coalesce(sum(m.c), 0) AS c, max(m.name) AS name FROM (
                    SELECT CASE WHEN b.period_start < $2 THEN b.debit - b.credit ELSE 0 END AS o,
                           CASE WHEN b.period_start >= $3 AND b.period_start < $4 THEN b.debit ELSE 0 END AS d,
                           CASE WHEN b.period_start >= $3 AND b.period_start < $4 THEN b.credit ELSE 0 END AS c, b.label AS name
                    FROM accounting.subledger_period_balances b WHERE b.account_number = ANY($1) AND b.subledger = c.code
                    {firstDays}
                    {lastDays}
                ) m
            ) t
            WHERE c.code IS NOT NULL AND (t.o <> 0 OR t.d <> 0 OR t.c <> 0)
            {(kind.Accounts.Length == 1 ? $"ORDER BY c.code {direction}" : "")}
            LIMIT {size + 1}
            """;
        return new SubledgerPageSql(sql, parameters, backwards, cursor, descending, size);
    }

    /// <summary>The third party's name as its period balances carry it.</summary>
    public async Task<string> SubledgerNameAsync(SubledgerKind kind, string code, CancellationToken cancellationToken = default) =>
        await db.Set<SubledgerPeriodBalance>().Where(b => b.Subledger == code && kind.Accounts.Contains(b.AccountNumber) && b.Label != null)
            .MaxAsync(b => b.Label, cancellationToken) ?? "";

    /// <summary>
    /// One page of a subledger's lines in (date, id) order after the cursor; the running balance goes on from
    /// <paramref name="balanceBefore"/>, carried by the cursor as in the general ledger, so a page costs its rows only.
    /// </summary>
    public async Task<(List<SubledgerLineRow> Lines, bool More)> SubledgerLinesPageAsync(SubledgerKind kind, string code, DateOnly from, DateOnly to,
        DateOnly? afterDate, long afterId, decimal balanceBefore, int size, CancellationToken cancellationToken = default)
    {
        List<NpgsqlParameter> parameters = [ContextSql.Value(code), ContextSql.Value(kind.Accounts), ContextSql.Value(from), ContextSql.Value(to)];
        if (afterDate is { } date)
        {
            parameters.Add(ContextSql.Value(date));
            parameters.Add(ContextSql.Value(afterId));
        }

        var rows = await ContextSql.ReadAsync(db, $"""
            SELECT l.id, l.entry_id, l.entry_date, e.journal_code, e.sequence, coalesce(e.reference, ''), l.account_number, l.label, l.due_date, l.debit, l.credit,
                   coalesce(lt.code, ''), lt.id
            FROM accounting.entry_lines l JOIN accounting.entries e ON e.id = l.entry_id
            LEFT JOIN accounting.lettered_lines ll ON ll.entry_line_id = l.id LEFT JOIN accounting.letterings lt ON lt.id = ll.lettering_id
            WHERE l.subledger = $1 AND l.account_number = ANY($2) AND l.entry_date BETWEEN $3 AND $4 {(afterDate is null ? "" : "AND (l.entry_date, l.id) > ($5, $6)")}
            ORDER BY l.entry_date, l.id LIMIT {size + 1}
            """, parameters, reader => new SubledgerLineRow
            {
                Id = reader.GetInt64(0), EntryId = reader.GetInt64(1), Date = reader.GetFieldValue<DateOnly>(2), Journal = reader.GetString(3), Sequence = reader.GetInt64(4),
                Reference = reader.GetString(5), Account = reader.GetString(6), Label = reader.GetString(7),
                DueDate = reader.IsDBNull(8) ? null : reader.GetFieldValue<DateOnly>(8), Debit = reader.GetDecimal(9), Credit = reader.GetDecimal(10),
                Letter = reader.GetString(11), LetteringId = reader.IsDBNull(12) ? null : reader.GetInt64(12),
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

    /// <summary>One subledger's lines over [from, to] with the running balance (index on subledger, account, date).</summary>
    public IQueryable<SubledgerLineRow> SubledgerLines(SubledgerKind kind, string code, DateOnly from, DateOnly to, decimal opening) =>
        db.Database.SqlQuery<SubledgerLineRow>($"""
            SELECT l.id, l.entry_id, l.entry_date AS date, e.journal_code AS journal, e.sequence, coalesce(e.reference, '') AS reference, l.account_number AS account,
                   l.label, l.due_date, l.debit, l.credit, {opening} + sum(l.debit - l.credit) OVER (ORDER BY l.entry_date, l.id) AS balance,
                   coalesce(lt.code, '') AS letter, lt.id AS lettering_id
            FROM accounting.entry_lines l JOIN accounting.entries e ON e.id = l.entry_id
            LEFT JOIN accounting.lettered_lines ll ON ll.entry_line_id = l.id LEFT JOIN accounting.letterings lt ON lt.id = ll.lettering_id
            WHERE l.subledger = {code} AND l.account_number = ANY({kind.Accounts})
              AND l.entry_date >= {from} AND l.entry_date <= {to}
            """);

    public async Task<decimal> SubledgerBalanceBeforeAsync(SubledgerKind kind, string code, DateOnly date, CancellationToken cancellationToken = default)
    {
        var month = new DateOnly(date.Year, date.Month, 1);
        var months = await db.Set<SubledgerPeriodBalance>().Where(b => b.Subledger == code && kind.Accounts.Contains(b.AccountNumber) && b.PeriodStart < month).SumAsync(b => b.Debit - b.Credit, cancellationToken);
        var days = await db.Set<JournalEntryLine>().Where(l => l.Subledger == code && kind.Accounts.Contains(l.AccountNumber) && l.EntryDate >= month && l.EntryDate < date).SumAsync(l => l.Debit - l.Credit, cancellationToken);
        return months + days;
    }

    /// <summary>
    /// Income statement over [from, to]: income accounts (credit − debit) and expense accounts (debit − credit) from
    /// the trial balance, then the result. Accounts outside the chart are classed by their first digit (6, 7).
    /// </summary>
    public async Task<IReadOnlyList<StatementRow>> IncomeStatementAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var rows = await ledger.TrialBalance(from, to, null).ToListAsync(cancellationToken);
        var id = 0L;
        return rows.Select(r => (Row: r, Type: TypeOf(r)))
            .Where(r => r.Type is "Income" or "Expense")
            .OrderBy(r => r.Type == "Income" ? 0 : 1).ThenBy(r => r.Row.Number, StringComparer.Ordinal)
            .Select(r => new StatementRow
            {
                Id = ++id, Section = r.Type == "Income" ? "Income" : "Expenses", Account = r.Row.Number, Label = r.Row.Label,
                Amount = r.Type == "Income" ? r.Row.Credit - r.Row.Debit : r.Row.Debit - r.Row.Credit,
            })
            .Where(r => r.Amount != 0)
            .ToList();
    }

    /// <summary>
    /// Balance sheet on a date: closing balances of every account up to it (period balances and the days of the last
    /// month). Assets show debit balances; liabilities and equity credit balances; the income and expense accounts not
    /// yet closed into equity make the "result" line, so both sides are equal.
    /// </summary>
    public async Task<IReadOnlyList<StatementRow>> BalanceSheetAsync(DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var rows = await ledger.TrialBalance(new DateOnly(asOf.Year, asOf.Month, 1), asOf, null).ToListAsync(cancellationToken);
        var id = 0L;
        var list = new List<StatementRow>();
        foreach (var (row, type) in rows.Select(r => (r, TypeOf(r))).OrderBy(r => r.r.Number, StringComparer.Ordinal))
        {
            if (row.Closing == 0 || type is "Income" or "Expense")
            {
                continue;
            }

            list.Add(new StatementRow
            {
                Id = ++id, Section = type == "Asset" ? "Assets" : type == "Equity" ? "Equity" : "Liabilities", Account = row.Number, Label = row.Label,
                Amount = type == "Asset" ? row.Closing : -row.Closing,
            });
        }

        var result = -rows.Where(r => TypeOf(r) is "Income" or "Expense").Sum(r => r.Closing);
        if (result != 0)
        {
            list.Add(new StatementRow { Id = ++id, Section = "Equity", Account = "", Label = "Result not yet allocated (income − expenses)", Amount = result });
        }

        return list;
    }

    /// <summary>
    /// VAT collected (44571...) and deductible (44566...) per month and rate over [from, to], with their bases (signed
    /// by the side of the line: a credit note's count negative). Whole months come from the VAT period balances, only
    /// the days of a partial first or last month from the lines (as the trial balance); VAT accounts outside class 445
    /// are not kept there and are read from the lines.
    /// </summary>
    public async Task<IQueryable<VatRow>> VatAsync(DateOnly from, DateOnly to, string collectedAccount, string deductibleAccount, CancellationToken cancellationToken = default)
    {
        var collected = await AccountsUnderAsync(VatPrefix(collectedAccount), cancellationToken);
        var deductible = await AccountsUnderAsync(VatPrefix(deductibleAccount), cancellationToken);
        var (fullStart, fullEnd, edge1, edge2, _) = collected.Concat(deductible).All(VatPeriodBalance.Tracks)
            ? Months(from, to)
            : (DateOnly.MinValue, DateOnly.MinValue, to.AddDays(1), to.AddDays(1), from);
        var afterTo = to.AddDays(1);
        return db.Database.SqlQuery<VatRow>($"""
            WITH vat AS (
                SELECT period_start AS period, nullif(vat_rate, {VatPeriodBalance.NoRate}) AS vat_rate, true AS collected, debit, credit,
                       2 * base_on_credit - base_total AS base FROM accounting.vat_period_balances
                    WHERE account_number = ANY({collected}) AND period_start >= {fullStart} AND period_start < {fullEnd}
                UNION ALL
                SELECT period_start, nullif(vat_rate, {VatPeriodBalance.NoRate}), false, debit, credit, 2 * base_on_debit - base_total FROM accounting.vat_period_balances
                    WHERE account_number = ANY({deductible}) AND period_start >= {fullStart} AND period_start < {fullEnd}
                UNION ALL
                SELECT date_trunc('month', entry_date)::date, vat_rate, true, debit, credit, (CASE WHEN credit > 0 THEN 1 ELSE -1 END) * coalesce(vat_base, 0)
                    FROM accounting.entry_lines
                    WHERE account_number = ANY({collected}) AND ((entry_date >= {from} AND entry_date < {edge1}) OR (entry_date >= {edge2} AND entry_date < {afterTo}))
                UNION ALL
                SELECT date_trunc('month', entry_date)::date, vat_rate, false, debit, credit, (CASE WHEN debit > 0 THEN 1 ELSE -1 END) * coalesce(vat_base, 0)
                    FROM accounting.entry_lines
                    WHERE account_number = ANY({deductible}) AND ((entry_date >= {from} AND entry_date < {edge1}) OR (entry_date >= {edge2} AND entry_date < {afterTo}))
            )
            SELECT row_number() OVER (ORDER BY period, vat_rate) AS id, period,
                   coalesce(trim(trailing '.' FROM trim(trailing '0' FROM vat_rate::text)) || ' %', 'unspecified') AS rate,
                   sum(CASE WHEN collected THEN base ELSE 0 END) AS collected_base,
                   sum(CASE WHEN collected THEN credit - debit ELSE 0 END) AS collected,
                   sum(CASE WHEN NOT collected THEN base ELSE 0 END) AS deductible_base,
                   sum(CASE WHEN NOT collected THEN debit - credit ELSE 0 END) AS deductible
            FROM vat GROUP BY period, vat_rate
            """);
    }

    /// <summary>
    /// Aged receivables (customers) or payables (suppliers) on a date. The third parties that owe (or are owed) come
    /// from the subledger period balances and the days of the last month; for each, a lateral reads its own charges
    /// off the subledger index (newest due first, a sort of that party's rows only) and keeps the newest ones its
    /// balance still covers, the last one partly, as <see cref="AgedBalances.OpenItems"/> does; SQL then sums them per
    /// age column (the columns' first due dates from <see cref="AgedBalances.ColumnStarts"/>), so one row per column
    /// and third party comes back instead of every open charge, and <see cref="AgedBalances.Rows"/> lays them out.
    /// </summary>
    public async Task<IReadOnlyList<AgedRow>> AgedAsync(SubledgerKind kind, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var month = new DateOnly(asOf.Year, asOf.Month, 1);
        var accounts = kind.Accounts;
        var sign = kind.Sign;
        var starts = AgedBalances.ColumnStarts(asOf);
        var (notDue, within30, within60, within90) = (starts[0], starts[1], starts[2], starts[3]);
        var items = await db.Database.SqlQuery<AgedItemRow>($"""
            WITH bal AS (
                SELECT subledger, sum(m) AS balance, max(name) AS name FROM (
                    SELECT subledger, CASE WHEN period_start < {month} THEN {sign} * (debit - credit) ELSE 0 END AS m, label AS name
                        FROM accounting.subledger_period_balances WHERE account_number = ANY({accounts})
                    UNION ALL
                    SELECT subledger, {sign} * (debit - credit), NULL FROM accounting.entry_lines
                        WHERE account_number = ANY({accounts}) AND subledger IS NOT NULL AND entry_date >= {month} AND entry_date <= {asOf}
                ) x GROUP BY subledger HAVING sum(m) > 0
            ), items AS (
                SELECT b.subledger, b.name, coalesce(c.due, {asOf}) AS due,
                       CASE WHEN c.due IS NULL THEN b.balance
                            WHEN c.running >= b.balance THEN b.balance - (c.running - c.amount)
                            WHEN c.n = c.total THEN c.amount + b.balance - c.running
                            ELSE c.amount END AS amount
                FROM bal b LEFT JOIN LATERAL (
                    SELECT x.due, x.amount, sum(x.amount) OVER w AS running, row_number() OVER w AS n, count(*) OVER () AS total
                    FROM (SELECT coalesce(l.due_date, l.entry_date) AS due, l.id, CASE WHEN {sign} = 1 THEN l.debit ELSE l.credit END AS amount
                          FROM accounting.entry_lines l
                          WHERE l.subledger = b.subledger AND l.account_number = ANY({accounts}) AND l.entry_date <= {asOf}
                            AND (CASE WHEN {sign} = 1 THEN l.debit ELSE l.credit END) > 0) x
                    WINDOW w AS (ORDER BY x.due DESC, x.id DESC)
                ) c ON true
                WHERE c.due IS NULL OR c.running - c.amount < b.balance
            )
            SELECT subledger, coalesce(max(name), '') AS name, min(due) AS due, sum(amount) AS amount FROM items
            GROUP BY subledger, CASE WHEN due >= {notDue} THEN 0 WHEN due >= {within30} THEN 1 WHEN due >= {within60} THEN 2 WHEN due >= {within90} THEN 3 ELSE 4 END
            """).ToListAsync(cancellationToken);
        return AgedBalances.Rows(asOf, items.Select(i => new OpenItem(i.Subledger, i.Name, i.Due, i.Amount)));
    }

    /// <summary>4457 (collected) / 4456 (deductible) in the French chart: the class of the configured account, so per-rate sub-accounts count too.</summary>
    private static string VatPrefix(string account) => account.Length >= 4 ? account[..4] : account;

    private static string TypeOf(TrialBalanceRow row) =>
        row.Type.Length > 0 ? row.Type
        : row.Number.StartsWith('6') ? "Expense"
        : row.Number.StartsWith('7') ? "Income"
        : row.Number.StartsWith('1') ? "Equity"
        : row.Closing >= 0 ? "Asset" : "Liability";

    private static (DateOnly FullStart, DateOnly FullEnd, DateOnly Edge1, DateOnly Edge2, DateOnly OpeningMonth) Months(DateOnly from, DateOnly to)
    {
        var openingMonth = new DateOnly(from.Year, from.Month, 1);
        var fullStart = from.Day == 1 ? from : openingMonth.AddMonths(1);
        var toMonth = new DateOnly(to.Year, to.Month, 1);
        var fullEnd = to == toMonth.AddMonths(1).AddDays(-1) ? toMonth.AddMonths(1) : toMonth;
        return fullStart < fullEnd ? (fullStart, fullEnd, fullStart, fullEnd, openingMonth) : (DateOnly.MinValue, DateOnly.MinValue, to.AddDays(1), to.AddDays(1), openingMonth);
    }

    /// <summary>The subledger list's cursor: the code of the first or last row of a page, URL-safe.</summary>
    private static class CodeCursor
    {
        public static string Encode(string code) =>
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(code)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static string? Decode(string? token)
        {
            if (string.IsNullOrEmpty(token))
            {
                return null;
            }

            try
            {
                var base64 = token.Replace('-', '+').Replace('_', '/');
                return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
            }
            catch (FormatException)
            {
                return null; // a mangled link shows the first page
            }
        }
    }
}
