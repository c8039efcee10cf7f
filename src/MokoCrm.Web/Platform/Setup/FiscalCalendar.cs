using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.Web.Platform.Setup;

/// <summary>
/// What other modules ask of the fiscal calendar: which fiscal year a date belongs to (numbering counters restart
/// with it) and whether a date may still be used (closed years and locked periods refuse it).
/// </summary>
public sealed class FiscalCalendar(AppDbContext db)
{
    /// <summary>The fiscal year a date falls in, named by the calendar year it starts in (FY2026 = Apr 2026–Mar 2027).</summary>
    public async Task<int> FiscalYearOfAsync(DateOnly date, CancellationToken cancellationToken = default)
    {
        var startMonth = await db.Set<CompanyProfile>().AsNoTracking()
            .Select(c => (int?)c.FiscalYearStartMonth).FirstOrDefaultAsync(cancellationToken) ?? 1;
        return FiscalYearOf(date, startMonth);
    }

    public static int FiscalYearOf(DateOnly date, int startMonth) => date.Month >= startMonth ? date.Year : date.Year - 1;

    /// <summary>Why the date may not be used, or null when it may.</summary>
    public async Task<string?> WhyClosedAsync(DateOnly date, CancellationToken cancellationToken = default)
    {
        var year = await db.Set<FiscalYear>().AsNoTracking()
            .Where(f => f.StartDate <= date && f.EndDate >= date).Select(f => new { f.Label, f.Status }).FirstOrDefaultAsync(cancellationToken);
        if (year is { Status: FiscalYearStatus.Closed })
        {
            return $"The fiscal year {year.Label} is closed: nothing can be dated {date:yyyy-MM-dd}.";
        }

        var locked = await db.Set<LockedPeriod>().AsNoTracking()
            .Where(l => l.FromDate <= date && l.ToDate >= date).Select(l => new { l.FromDate, l.ToDate, l.Reason }).FirstOrDefaultAsync(cancellationToken);
        return locked is null
            ? null
            : $"The period {locked.FromDate:yyyy-MM-dd} – {locked.ToDate:yyyy-MM-dd} is locked ({locked.Reason}): nothing can be dated {date:yyyy-MM-dd}.";
    }

    /// <summary>Throws a DomainException with the reason when the date falls in a closed year or a locked period.</summary>
    public async Task EnsureOpenAsync(DateOnly date, CancellationToken cancellationToken = default)
    {
        if (await WhyClosedAsync(date, cancellationToken) is { } reason)
        {
            throw new DomainException(reason);
        }
    }
}
