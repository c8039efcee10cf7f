using Microsoft.Extensions.Options;

namespace MokoCrm.Web.Platform.Numbering;

/// <summary>Which fiscal year a date belongs to. The fiscal calendar screens will provide the real one later.</summary>
public interface IFiscalCalendar
{
    int FiscalYearOf(DateOnly date);
}

/// <summary>Section "Moko:FiscalCalendar": the month the fiscal year starts in (1 = January, the default).</summary>
public sealed class FiscalCalendarOptions
{
    public const string Section = "Moko:FiscalCalendar";

    public int StartMonth { get; set; } = 1;
}

/// <summary>
/// A fiscal year of twelve months from <see cref="FiscalCalendarOptions.StartMonth"/>, named after the calendar year
/// it starts in: with an April start, 2027-02-15 belongs to fiscal year 2026.
/// </summary>
public sealed class MonthStartFiscalCalendar(IOptions<FiscalCalendarOptions> options) : IFiscalCalendar
{
    public int FiscalYearOf(DateOnly date)
    {
        var startMonth = options.Value.StartMonth;
        if (startMonth is < 1 or > 12)
        {
            throw new InvalidOperationException($"{FiscalCalendarOptions.Section}:StartMonth must be 1 to 12, not {startMonth}.");
        }

        return date.Month >= startMonth ? date.Year : date.Year - 1;
    }
}
