using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace MokoCrm.Web.Platform.Web.Lists;

/// <summary>
/// Pages any list with keyset paging: the first page, next and previous pages after/before a cursor, and the last page
/// through the reverse order, each one indexed range scan however deep. The count is bounded so it stays cheap on a
/// million rows. Filtering is done by the caller (its own Where clauses) and the definition's search.
/// </summary>
public static class ListEngine
{
    /// <summary>Counting stops here: "10,000+" is enough for a person, and exact counts of a million rows are slow.</summary>
    public const int CountLimit = 10_000;

    private static readonly MethodInfo RowGreaterThan = typeof(NpgsqlDbFunctionsExtensions).GetMethod(
        nameof(NpgsqlDbFunctionsExtensions.GreaterThan), [typeof(DbFunctions), typeof(ITuple), typeof(ITuple)])!;

    private static readonly MethodInfo RowLessThan = typeof(NpgsqlDbFunctionsExtensions).GetMethod(
        nameof(NpgsqlDbFunctionsExtensions.LessThan), [typeof(DbFunctions), typeof(ITuple), typeof(ITuple)])!;

    public static async Task<ListPage<TRow>> PageAsync<TRow>(IQueryable<TRow> query, ListDefinition<TRow> definition, ListRequest request,
        CancellationToken cancellationToken = default)
    {
        var filtered = Filter(query, definition, request);
        var (column, descending) = SortOf(definition, request);
        var size = request.PageSize;

        // Reading backwards (previous page, last page) flips the order, then the page is put back in order.
        var backwards = request.Before is not null || (request.Last && request.After is null);
        var cursorText = backwards ? request.Before : request.After;
        var cursor = cursorText is null ? null : Cursor.Decode(cursorText, column.Key.ReturnType);

        var ordered = Order(filtered, definition, column, descending ^ backwards);
        if (cursor is not null)
        {
            ordered = ordered.Where(AfterCursor(definition, column, cursor, descending ^ backwards));
        }

        var rows = await ordered.Take(size + 1).ToListAsync(cancellationToken);
        var more = rows.Count > size;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        if (backwards)
        {
            rows.Reverse();
        }

        var countProbe = await filtered.Take(CountLimit + 1).CountAsync(cancellationToken);
        // The column's compiled value is the sort key: compiling the key expression here cost a compilation per page.
        string? CursorOf(TRow row) => Cursor.Encode(column.Value(row), definition.IdValue(row));

        return new ListPage<TRow>(definition, request, rows, column.Name, descending)
        {
            HasPrevious = backwards ? more : cursor is not null,
            HasNext = backwards ? (request.Before is not null) : more,
            PreviousCursor = rows.Count > 0 ? CursorOf(rows[0]) : null,
            NextCursor = rows.Count > 0 ? CursorOf(rows[^1]) : null,
            Count = Math.Min(countProbe, CountLimit),
            CountIsLowerBound = countProbe > CountLimit,
        };
    }

    /// <summary>The rows of the whole filtered list in list order, streamed from the database (exports).</summary>
    public static IQueryable<TRow> Sorted<TRow>(IQueryable<TRow> query, ListDefinition<TRow> definition, ListRequest request)
    {
        var (column, descending) = SortOf(definition, request);
        return Order(Filter(query, definition, request), definition, column, descending);
    }

    private static IQueryable<TRow> Filter<TRow>(IQueryable<TRow> query, ListDefinition<TRow> definition, ListRequest request) =>
        string.IsNullOrWhiteSpace(request.Search) || definition.Search is null ? query : definition.Search(query, request.Search.Trim());

    private static (ListColumn<TRow> Column, bool Descending) SortOf<TRow>(ListDefinition<TRow> definition, ListRequest request)
    {
        var column = definition.Find(request.Sort) ?? definition.Find(definition.DefaultSort) ?? definition.Columns.First(c => c.Sortable);
        var descending = request.Descending ?? (column.Name == definition.DefaultSort && definition.DefaultDescending);
        return (column, descending);
    }

    private static IQueryable<TRow> Order<TRow>(IQueryable<TRow> query, ListDefinition<TRow> definition, ListColumn<TRow> column, bool descending)
    {
        var first = Expression.Call(typeof(Queryable), descending ? nameof(Queryable.OrderByDescending) : nameof(Queryable.OrderBy),
            [typeof(TRow), column.Key.ReturnType], query.Expression, Expression.Quote(column.Key));
        var then = Expression.Call(typeof(Queryable), descending ? nameof(Queryable.ThenByDescending) : nameof(Queryable.ThenBy),
            [typeof(TRow), typeof(long)], first, Expression.Quote(definition.Id));
        return query.Provider.CreateQuery<TRow>(then);
    }

    /// <summary>
    /// (key, id) &gt; (k, i), or &lt; for a descending order: a PostgreSQL row-value comparison, which the planner turns
    /// into a range of the (key, id) index. The expanded form key &gt; k OR (key = k AND id &gt; i) is only a filter on
    /// that index, so a page 1,000 deep read and threw away 50,000 rows first. Key and id and the order's direction are
    /// the same for both members (Order sorts the id the same way as the key), which a row-value comparison needs.
    /// </summary>
    private static Expression<Func<TRow, bool>> AfterCursor<TRow>(ListDefinition<TRow> definition, ListColumn<TRow> column, Cursor cursor, bool descending)
    {
        var row = Expression.Parameter(typeof(TRow), "row");
        var key = new ReplaceParameter(column.Key.Parameters[0], row).Visit(column.Key.Body);
        var id = new ReplaceParameter(definition.Id.Parameters[0], row).Visit(definition.Id.Body);

        // The cursor's values are read from a holder object, not inlined as constants: EF then sends them as SQL
        // parameters, so every cursor shares one compiled query and one PostgreSQL plan instead of compiling anew
        // (and filling the query cache) for each position in the list.
        var holder = Activator.CreateInstance(typeof(CursorValues<>).MakeGenericType(column.Key.ReturnType), cursor.Key, cursor.Id)!;
        var keyValue = Expression.Property(Expression.Constant(holder), nameof(CursorValues<object>.Key));
        var idValue = Expression.Property(Expression.Constant(holder), nameof(CursorValues<object>.Id));

        var tuple = typeof(ValueTuple<,>).MakeGenericType(column.Key.ReturnType, typeof(long));
        Expression RowValue(Expression first, Expression second) =>
            Expression.Convert(Expression.New(tuple.GetConstructor([column.Key.ReturnType, typeof(long)])!, first, second), typeof(ITuple));

        var compare = descending ? RowLessThan : RowGreaterThan;
        var functions = Expression.Property(null, typeof(EF), nameof(EF.Functions));
        var body = Expression.Call(compare, functions, RowValue(key, id), RowValue(keyValue, idValue));
        return Expression.Lambda<Func<TRow, bool>>(body, row);
    }

    /// <summary>The cursor's values as properties, which EF parameterises (see AfterCursor).</summary>
    private sealed class CursorValues<TKey>(TKey key, long id)
    {
        public TKey Key { get; } = key;

        public long Id { get; } = id;
    }

    private sealed class ReplaceParameter(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }

    /// <summary>The sort key and id of a row, as an opaque URL-safe token.</summary>
    internal sealed record Cursor(object? Key, long Id)
    {
        public static string Encode(object? key, long id)
        {
            var json = JsonSerializer.Serialize(new object?[] { key, id });
            return Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }

        public static Cursor? Decode(string token, Type keyType)
        {
            try
            {
                var base64 = token.Replace('-', '+').Replace('_', '/');
                base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
                var parts = JsonSerializer.Deserialize<JsonElement[]>(Convert.FromBase64String(base64));
                if (parts is not { Length: 2 })
                {
                    return null;
                }

                return new Cursor(parts[0].Deserialize(keyType), parts[1].GetInt64());
            }
            catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException or NotSupportedException)
            {
                return null; // a mangled link shows the first page rather than an error
            }
        }
    }

    internal static string FormatValue(object? value, string? format, CultureInfo culture) => value switch
    {
        null => "",
        decimal d => d.ToString(format ?? "N2", culture),
        DateTime dt => dt.ToString(format ?? "d", culture),
        DateTimeOffset dto => dto.ToLocalTime().ToString(format ?? "g", culture),
        DateOnly date => date.ToString(format ?? "d", culture),
        bool b => b ? "Yes" : "No",
        IFormattable f => f.ToString(format, culture),
        _ => value.ToString() ?? "",
    };
}
