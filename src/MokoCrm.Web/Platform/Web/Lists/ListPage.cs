using System.Globalization;
using Microsoft.AspNetCore.Http.Extensions;

namespace MokoCrm.Web.Platform.Web.Lists;

/// <summary>What the shared list partial renders, without knowing the row type.</summary>
public interface IListPage
{
    string Name { get; }

    IReadOnlyList<ListHeader> Headers { get; }

    IReadOnlyList<IReadOnlyList<ListCell>> Cells { get; }

    /// <summary>One cell per column: the page's sum for totalled columns, empty otherwise. Null when nothing is totalled.</summary>
    IReadOnlyList<string>? Totals { get; }

    bool HasPrevious { get; }

    bool HasNext { get; }

    string? PreviousCursor { get; }

    string? NextCursor { get; }

    int Count { get; }

    bool CountIsLowerBound { get; }

    ListRequest Request { get; }

    string SortColumn { get; }

    bool SortDescending { get; }

    /// <summary>The right the export buttons need; null when reading the list is enough.</summary>
    string? ExportPermission { get; }

    /// <summary>The id of each row of <see cref="Cells"/>, in the same order (what a tick-box column submits).</summary>
    IReadOnlyList<long> Ids { get; }
}

/// <summary>
/// Tick boxes on a list for mass actions: the screen renders its own form with id <paramref name="Form"/> (its
/// buttons are the actions) and passes this to the list partial in ViewData[<see cref="Key"/>]; the partial adds a
/// first column of tick boxes named <paramref name="Field"/> whose value is the row's id, bound to that form, and a
/// "select all" box in the header.
/// </summary>
public sealed record ListSelection(string Form, string Field)
{
    public const string Key = "ListSelection";
}

public sealed record ListHeader(string Name, string Label, bool Numeric, bool Sortable);

public sealed record ListCell(string Text, string? Url = null, string? Badge = null, bool Numeric = false);

public sealed class ListPage<TRow>(ListDefinition<TRow> definition, ListRequest request, IReadOnlyList<TRow> rows, string sortColumn, bool sortDescending) : IListPage
{
    private static readonly CultureInfo Culture = CultureInfo.CurrentCulture;

    public IReadOnlyList<TRow> Rows { get; } = rows;

    public string Name => definition.Name;

    public ListRequest Request { get; } = request;

    public string SortColumn { get; } = sortColumn;

    public bool SortDescending { get; } = sortDescending;

    public string? ExportPermission => definition.ExportPermission;

    public bool HasPrevious { get; init; }

    public bool HasNext { get; init; }

    public string? PreviousCursor { get; init; }

    public string? NextCursor { get; init; }

    public int Count { get; init; }

    public bool CountIsLowerBound { get; init; }

    public IReadOnlyList<long> Ids => Rows.Select(definition.IdValue).ToList();

    public IReadOnlyList<ListHeader> Headers => definition.Columns.Select(c => new ListHeader(c.Name, c.Label, c.Numeric, c.Sortable)).ToList();

    public IReadOnlyList<IReadOnlyList<ListCell>> Cells => Rows.Select(row => (IReadOnlyList<ListCell>)definition.Columns
        .Select(c => new ListCell(ListEngine.FormatValue(c.Value(row), c.Format, CultureInfo.CurrentCulture), c.Link?.Invoke(row), c.Badge?.Invoke(row), c.Numeric))
        .ToList()).ToList();

    public IReadOnlyList<string>? Totals => definition.Columns.Any(c => c.Total)
        ? definition.Columns.Select(c => c.Total
            ? Rows.Sum(r => Convert.ToDecimal(c.Value(r) ?? 0m, CultureInfo.InvariantCulture)).ToString(c.Format ?? "N2", CultureInfo.CurrentCulture)
            : "").ToList()
        : null;
}

/// <summary>Builds the list's links: keeps the screen's own filters, changes only sort or position.</summary>
public static class ListLinks
{
    private static readonly string[] PagingKeys = ["after", "before", "last"];

    public static string With(HttpRequest request, params (string Key, string? Value)[] changes)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.QueryString.Value);
        var builder = new QueryBuilder();
        var changed = changes.Select(c => c.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, values) in query)
        {
            if (changed.Contains(key) || PagingKeys.Contains(key, StringComparer.OrdinalIgnoreCase) || key == "export")
            {
                continue;
            }

            foreach (var value in values)
            {
                builder.Add(key, value ?? "");
            }
        }

        foreach (var (key, value) in changes)
        {
            if (value is not null)
            {
                builder.Add(key, value);
            }
        }

        return request.PathBase + request.Path + builder.ToQueryString();
    }
}
