using System.Linq.Expressions;

namespace MokoCrm.Web.Platform.Web.Lists;

/// <summary>
/// How one screen's list looks and sorts. Rows are a projection of the screen's query built with an object
/// initialiser (new Row { A = ... }, not a constructor, so EF can sort and filter on the row's members in SQL); sort
/// keys are non-null members so keyset paging can compare them.
/// </summary>
public sealed class ListDefinition<TRow>
{
    private readonly List<ListColumn<TRow>> _columns = [];

    public ListDefinition(string name, Expression<Func<TRow, long>> id)
    {
        Name = name;
        Id = id;
        IdValue = id.Compile();
    }

    /// <summary>Used for export file names ("users-2026-11-27.csv").</summary>
    public string Name { get; }

    public Expression<Func<TRow, long>> Id { get; }

    internal Func<TRow, long> IdValue { get; }

    public IReadOnlyList<ListColumn<TRow>> Columns => _columns;

    public string? DefaultSort { get; private set; }

    public bool DefaultDescending { get; private set; }

    /// <summary>Free-text search of the list's search box, applied in SQL.</summary>
    public Func<IQueryable<TRow>, string, IQueryable<TRow>>? Search { get; private set; }

    public ListDefinition<TRow> Column(ListColumn<TRow> column)
    {
        _columns.Add(column);
        return this;
    }

    public ListDefinition<TRow> Column<TValue>(string name, string label, Expression<Func<TRow, TValue>> value,
        Action<ListColumn<TRow>>? configure = null)
    {
        var column = ListColumn<TRow>.For(name, label, value);
        configure?.Invoke(column);
        return Column(column);
    }

    public ListDefinition<TRow> SortedBy(string column, bool descending = false)
    {
        DefaultSort = column;
        DefaultDescending = descending;
        return this;
    }

    /// <summary>The right needed to export this list; without one, whoever reads the list may export it.</summary>
    public string? ExportPermission { get; private set; }

    public ListDefinition<TRow> ExportedWith(string permission)
    {
        ExportPermission = permission;
        return this;
    }

    public ListDefinition<TRow> Searching(Func<IQueryable<TRow>, string, IQueryable<TRow>> search)
    {
        Search = search;
        return this;
    }

    internal ListColumn<TRow>? Find(string? name) =>
        name is null ? null : _columns.FirstOrDefault(c => c.Sortable && string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One column: what it shows, how it sorts, whether it is totalled, where a cell links to.</summary>
public sealed class ListColumn<TRow>
{
    private ListColumn(string name, string label, LambdaExpression key, Func<TRow, object?> value, Type valueType)
    {
        Name = name;
        Label = label;
        Key = key;
        Value = value;
        ValueType = valueType;
        Numeric = Nullable.GetUnderlyingType(valueType) is { } inner ? IsNumber(inner) : IsNumber(valueType);
    }

    public string Name { get; }

    public string Label { get; }

    /// <summary>The sort key as an expression (translated to SQL).</summary>
    public LambdaExpression Key { get; }

    public Func<TRow, object?> Value { get; }

    public Type ValueType { get; }

    public bool Numeric { get; set; }

    public bool Sortable { get; set; } = true;

    /// <summary>Summed in the totals row of the page.</summary>
    public bool Total { get; set; }

    /// <summary>Format string for numbers and dates (e.g. "N2", "d").</summary>
    public string? Format { get; set; }

    public Func<TRow, string?>? Link { get; set; }

    /// <summary>Bootstrap badge colour for status-like columns: value → "success", "secondary"...</summary>
    public Func<TRow, string?>? Badge { get; set; }

    public static ListColumn<TRow> For<TValue>(string name, string label, Expression<Func<TRow, TValue>> value)
    {
        var compiled = value.Compile();
        return new ListColumn<TRow>(name, label, value, row => compiled(row), typeof(TValue));
    }

    private static bool IsNumber(Type type) =>
        type == typeof(decimal) || type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(short);
}
