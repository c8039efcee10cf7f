using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
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

    private static readonly MethodInfo StringCompare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;

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
        var key = column.Key.Compile();
        string? CursorOf(TRow row) => Cursor.Encode(key.DynamicInvoke(row), definition.IdValue(row));

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

    /// <summary>key > k OR (key = k AND id > i), flipped for a descending order; translated to one SQL condition.</summary>
    private static Expression<Func<TRow, bool>> AfterCursor<TRow>(ListDefinition<TRow> definition, ListColumn<TRow> column, Cursor cursor, bool descending)
    {
        var row = Expression.Parameter(typeof(TRow), "row");
        var key = new ReplaceParameter(column.Key.Parameters[0], row).Visit(column.Key.Body);
        var id = new ReplaceParameter(definition.Id.Parameters[0], row).Visit(definition.Id.Body);
        var keyValue = Expression.Constant(cursor.Key, column.Key.ReturnType);
        var idValue = Expression.Constant(cursor.Id);

        Expression Beyond(Expression left, Expression right)
        {
            if (left.Type == typeof(string))
            {
                var compare = Expression.Call(StringCompare, left, right);
                return descending ? Expression.LessThan(compare, Expression.Constant(0)) : Expression.GreaterThan(compare, Expression.Constant(0));
            }

            return descending ? Expression.LessThan(left, right) : Expression.GreaterThan(left, right);
        }

        var body = Expression.OrElse(Beyond(key, keyValue), Expression.AndAlso(Expression.Equal(key, keyValue), Beyond(id, idValue)));
        return Expression.Lambda<Func<TRow, bool>>(body, row);
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
