namespace MokoCrm.Web.Modules.Accounting.Domain;

/// <summary>The columns of the aged receivables and payables.</summary>
public enum AgeBucket
{
    NotDue,
    Days0To30,
    Days31To60,
    Days61To90,
    Over90,
}

/// <summary>One open amount of a third party (an invoice not yet covered by payments), with its due date.</summary>
public sealed record OpenItem(string Subledger, string Name, DateOnly DueDate, decimal Amount);

/// <summary>A third party's open amounts spread over the age columns.</summary>
public sealed record AgedRow
{
    public long Id { get; init; }

    public string Subledger { get; init; } = "";

    public string Name { get; init; } = "";

    public decimal NotDue { get; init; }

    public decimal Days0To30 { get; init; }

    public decimal Days31To60 { get; init; }

    public decimal Days61To90 { get; init; }

    public decimal Over90 { get; init; }

    public decimal Total => NotDue + Days0To30 + Days31To60 + Days61To90 + Over90;
}

/// <summary>
/// Pure rules of the aged balances: an amount is "not due" until its due date, then 0–30, 31–60, 61–90 and over 90
/// days late on the report date. Payments are taken as covering the oldest amounts first (the open items are the
/// newest ones that add up to the balance), so a third party's columns always add up to its balance.
/// </summary>
public static class AgedBalances
{
    public static AgeBucket Bucket(DateOnly asOf, DateOnly dueDate)
    {
        var late = asOf.DayNumber - dueDate.DayNumber;
        return late <= 0 ? AgeBucket.NotDue
            : late <= 30 ? AgeBucket.Days0To30
            : late <= 60 ? AgeBucket.Days31To60
            : late <= 90 ? AgeBucket.Days61To90
            : AgeBucket.Over90;
    }

    /// <summary>
    /// The first due date of each column on the report date, for a query that sums per column: due on or after
    /// [0] is not due, on or after [1] is 0–30 days late, [2] 31–60, [3] 61–90, before [3] over 90 (as <see cref="Bucket"/>).
    /// </summary>
    public static IReadOnlyList<DateOnly> ColumnStarts(DateOnly asOf) => [asOf, asOf.AddDays(-30), asOf.AddDays(-60), asOf.AddDays(-90)];

    /// <summary>
    /// The open items of a balance: walks the charges newest first (by due date) and keeps what the balance still
    /// covers, the last one partly. A zero or negative balance (paid up, or paid in advance) has no open item.
    /// </summary>
    public static IReadOnlyList<(DateOnly DueDate, decimal Amount)> OpenItems(decimal balance, IEnumerable<(DateOnly DueDate, decimal Amount)> charges)
    {
        var open = new List<(DateOnly, decimal)>();
        var left = balance;
        foreach (var (due, amount) in charges.Where(c => c.Amount > 0).OrderByDescending(c => c.DueDate))
        {
            if (left <= 0)
            {
                break;
            }

            var take = Math.Min(amount, left);
            open.Add((due, take));
            left -= take;
        }

        if (left > 0 && open.Count > 0)
        {
            // More owed than charged (opening balances, manual entries): the rest counts with the oldest charge.
            open[^1] = (open[^1].Item1, open[^1].Item2 + left);
        }

        return open;
    }

    public static IReadOnlyList<AgedRow> Rows(DateOnly asOf, IEnumerable<OpenItem> items)
    {
        var id = 0L;
        return items.GroupBy(i => i.Subledger).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            decimal Sum(AgeBucket bucket) => g.Where(i => Bucket(asOf, i.DueDate) == bucket).Sum(i => i.Amount);
            return new AgedRow
            {
                Id = ++id, Subledger = g.Key, Name = g.Select(i => i.Name).FirstOrDefault(n => n.Length > 0) ?? "",
                NotDue = Sum(AgeBucket.NotDue), Days0To30 = Sum(AgeBucket.Days0To30), Days31To60 = Sum(AgeBucket.Days31To60),
                Days61To90 = Sum(AgeBucket.Days61To90), Over90 = Sum(AgeBucket.Over90),
            };
        }).ToList();
    }
}
