namespace MokoCrm.Web.Modules.Accounting.Controllers;

/// <summary>Default report range: the current calendar year up to today, when the user gave none.</summary>
internal static class ReportRange
{
    public static (DateOnly From, DateOnly To) Of(DateOnly? from, DateOnly? to)
    {
        var today = DateOnly.FromDateTime(DateTime.Today);
        var start = from ?? new DateOnly(today.Year, 1, 1);
        var end = to ?? new DateOnly(today.Year, 12, 31);
        return end < start ? (start, start) : (start, end);
    }
}
