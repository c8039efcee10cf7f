using System.Globalization;

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

/// <summary>
/// The cursor of the ledger-like pages (general ledger, subledger detail): the last line's date and id, and the
/// running balance after it, so the next page goes on from it without re-adding the lines before.
/// </summary>
internal sealed record LedgerCursor(DateOnly Date, long Id, decimal Balance)
{
    public static string Format(DateOnly date, long id, decimal balance) =>
        FormattableString.Invariant($"{date:yyyy-MM-dd}_{id}_{balance}");

    public static LedgerCursor? Parse(string? text)
    {
        var parts = (text ?? "").Split('_');
        return parts.Length == 3
               && DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
               && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
               && decimal.TryParse(parts[2], NumberStyles.Number, CultureInfo.InvariantCulture, out var balance)
            ? new LedgerCursor(date, id, balance)
            : null;
    }
}
