using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.Web.Platform.Setup;

/// <summary>
/// What other modules ask of the fiscal calendar: which fiscal year a date belongs to (numbering counters restart
/// with it) and whether a date may still be used (closed years and locked periods refuse it).
/// </summary>
public sealed class FiscalCalendar(AppDbContext db, SettingsCache cache)
{
    private static readonly Type[] Sources = [typeof(FiscalYear), typeof(LockedPeriod)];

    /// <summary>The fiscal year a date falls in, named by the calendar year it starts in (FY2026 = Apr 2026–Mar 2027).</summary>
    public async Task<int> FiscalYearOfAsync(DateOnly date, CancellationToken cancellationToken = default)
    {
        var startMonth = await db.Set<CompanyProfile>().AsNoTracking()
            .Select(c => (int?)c.FiscalYearStartMonth).FirstOrDefaultAsync(cancellationToken) ?? 1;
        return FiscalYearOf(date, startMonth);
    }

    public static int FiscalYearOf(DateOnly date, int startMonth) => date.Month >= startMonth ? date.Year : date.Year - 1;

    /// <summary>Why the date may not be used, or null when it may.</summary>
    /// <param name="requireYear">Also refuse a date outside every fiscal year, once Setup keeps any.</param>
    /// <remarks>
    /// Every business action asks, so the years and locked periods (a few rows) are kept for the process by
    /// <see cref="SettingsCache"/>, dropped when one is saved. The posting engine still asks the database in its own
    /// batch (<see cref="StandingSql"/>): nothing is posted into a year closed meanwhile.
    /// </remarks>
    public async Task<string?> WhyClosedAsync(DateOnly date, bool requireYear = false, CancellationToken cancellationToken = default)
    {
        var calendar = await cache.GetAsync(db, "setup.fiscal-calendar", Sources, ReadAsync, cancellationToken);
        return Explain(calendar.StandingOf(date), date, requireYear);
    }

    private async Task<Calendar> ReadAsync(CancellationToken cancellationToken) => new(
        await db.Set<FiscalYear>().AsNoTracking().OrderBy(y => y.Id).Select(y => new YearRow(y.StartDate, y.EndDate, y.Label, y.Status)).ToListAsync(cancellationToken),
        await db.Set<LockedPeriod>().AsNoTracking().OrderBy(l => l.Id).Select(l => new LockedRow(l.FromDate, l.ToDate, l.Reason)).ToListAsync(cancellationToken));

    private sealed record YearRow(DateOnly Start, DateOnly End, string Label, FiscalYearStatus Status);

    private sealed record LockedRow(DateOnly From, DateOnly To, string Reason);

    /// <summary>The years and locked periods as saved; <see cref="StandingOf"/> answers what <see cref="StandingSql"/> does.</summary>
    private sealed record Calendar(IReadOnlyList<YearRow> Years, IReadOnlyList<LockedRow> Locked)
    {
        public DateStanding StandingOf(DateOnly date)
        {
            var year = Years.FirstOrDefault(y => y.Start <= date && y.End >= date);
            var locked = Locked.FirstOrDefault(l => l.From <= date && l.To >= date);
            return new DateStanding(Years.Count > 0, year?.Label, year?.Status.ToString(), locked?.From, locked?.To, locked?.Reason);
        }
    }

    /// <summary>
    /// Whether a date is in a fiscal year and whether that year is closed or the date locked: one query for the three
    /// answers, since every business action and every posting asks (parameter <c>@date</c>; read by <see cref="Explain"/>).
    /// </summary>
    internal const string StandingSql = """
        SELECT EXISTS (SELECT 1 FROM platform.fiscal_years) AS any_year, y.label AS year_label, y.status AS year_status,
               l.from_date AS locked_from, l.to_date AS locked_to, l.reason AS locked_reason
        FROM (SELECT 1) AS one
        LEFT JOIN LATERAL (SELECT label, status FROM platform.fiscal_years WHERE start_date <= @date AND end_date >= @date LIMIT 1) AS y ON true
        LEFT JOIN LATERAL (SELECT from_date, to_date, reason FROM platform.locked_periods WHERE from_date <= @date AND to_date >= @date LIMIT 1) AS l ON true
        """;

    /// <summary>Why the date may not be used according to the row of <see cref="StandingSql"/>, or null when it may.</summary>
    internal static string? Explain(DateStanding standing, DateOnly date, bool requireYear = false)
    {
        if (requireYear && standing is { AnyYear: true, YearLabel: null })
        {
            return $"{date:yyyy-MM-dd} is outside every fiscal year: add the fiscal year in Setup first.";
        }

        if (standing.YearStatus == nameof(FiscalYearStatus.Closed))
        {
            return $"The fiscal year {standing.YearLabel} is closed: nothing can be dated {date:yyyy-MM-dd}.";
        }

        return standing.LockedFrom is not { } from
            ? null
            : $"The period {from:yyyy-MM-dd} – {standing.LockedTo:yyyy-MM-dd} is locked ({standing.LockedReason}): nothing can be dated {date:yyyy-MM-dd}.";
    }

    /// <summary>Throws a DomainException with the reason when the date falls in a closed year or a locked period.</summary>
    /// <param name="requireYear">Also refuse a date outside every fiscal year, once Setup keeps any.</param>
    public async Task EnsureOpenAsync(DateOnly date, bool requireYear = false, CancellationToken cancellationToken = default)
    {
        if (await WhyClosedAsync(date, requireYear, cancellationToken) is { } reason)
        {
            throw new DomainException(reason);
        }
    }

    internal sealed record DateStanding(bool AnyYear, string? YearLabel, string? YearStatus, DateOnly? LockedFrom, DateOnly? LockedTo, string? LockedReason);
}
