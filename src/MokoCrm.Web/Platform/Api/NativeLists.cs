using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Platform.Api;

/// <summary>One page of a native list: the rows and the cursor of the next page (null on the last one).</summary>
public sealed record NativePage<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// Native list parameters: <c>?limit=50&amp;cursor=...&amp;sort=-date</c>. Pages are cut by keyset on the sort key
/// and the id (a row added or removed meanwhile never shifts a page), and the cursor is opaque: the client passes back
/// what it got. <c>sort</c> is <c>id</c> (the default) or one of the fields the resource offers (<see cref="NativeSorts{T}"/>),
/// with <c>-</c> for descending; ties are broken by the id in the same direction.
/// </summary>
public sealed class NativeListRequest
{
    public const int MaxLimit = 200;

    /// <summary>Rows per page, 1 to 200 (default 50).</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "limit")]
    public int? Limit { get; set; }

    /// <summary>The <c>nextCursor</c> of the previous page.</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "cursor")]
    public string? Cursor { get; set; }

    /// <summary><c>id</c> (oldest first, the default), <c>-id</c> (newest first), or a field the resource lists, <c>-</c> first for descending.</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "sort")]
    public string? Sort { get; set; }

    public async Task<NativePage<TOut>> PageAsync<T, TOut>(IQueryable<T> rows, Func<T, TOut> show, CancellationToken cancellationToken, NativeSorts<T>? sorts = null)
        where T : Entity
    {
        var limit = Limit ?? 50;
        if (limit is < 1 or > MaxLimit)
        {
            throw Invalid("limit", $"limit is between 1 and {MaxLimit}.");
        }

        var sort = Sort?.Trim() ?? "";
        var descending = sort.StartsWith('-');
        var field = descending ? sort[1..] : sort;
        if (field is not ("" or "id"))
        {
            var key = sorts?.Find(field) ?? throw Invalid("sort", $"sort is one of {string.Join(", ", new[] { "id" }.Concat(sorts?.Names ?? []).Select(n => $"{n}, -{n}"))}.");
            var (keyed, following) = await key.PageAsync(rows, descending, Cursor, limit, cancellationToken);
            return new NativePage<TOut>(keyed.Select(show).ToList(), following);
        }

        return await PageByIdAsync(rows, r => r.Id, show, descending, limit, cancellationToken);
    }

    /// <summary>
    /// A list without an id column of its own (stock levels: one row per product and warehouse), cut by keyset on a
    /// unique key of the filtered rows (<paramref name="key"/>: the product id of one warehouse's levels); <c>sort</c>
    /// is only that key, ascending or descending.
    /// </summary>
    public Task<NativePage<TOut>> PageByKeyAsync<T, TOut>(IQueryable<T> rows, Expression<Func<T, long>> key, Func<T, TOut> show, CancellationToken cancellationToken)
    {
        var limit = Limit ?? 50;
        if (limit is < 1 or > MaxLimit)
        {
            throw Invalid("limit", $"limit is between 1 and {MaxLimit}.");
        }

        var sort = Sort?.Trim() ?? "";
        var descending = sort.StartsWith('-');
        return (descending ? sort[1..] : sort) is "" or "id"
            ? PageByIdAsync(rows, key, show, descending, limit, cancellationToken)
            : throw Invalid("sort", "sort is one of id, -id.");
    }

    private async Task<NativePage<TOut>> PageByIdAsync<T, TOut>(IQueryable<T> rows, Expression<Func<T, long>> key, Func<T, TOut> show, bool descending, int limit, CancellationToken cancellationToken)
    {
        if (CursorValue(descending) is { } last)
        {
            var bound = Expression.Constant(new LastKey(last));
            var beyond = descending
                ? Expression.LessThan(key.Body, Expression.Property(bound, nameof(LastKey.Value)))
                : Expression.GreaterThan(key.Body, Expression.Property(bound, nameof(LastKey.Value)));
            rows = rows.Where(Expression.Lambda<Func<T, bool>>(beyond, key.Parameters));
        }

        rows = descending ? rows.OrderByDescending(key) : rows.OrderBy(key);
        var page = await rows.Take(limit + 1).ToListAsync(cancellationToken);
        var next = page.Count > limit ? Encode(descending, key.Compile()(page[limit - 1])) : null;
        return new NativePage<TOut>(page.Take(limit).Select(show).ToList(), next);
    }

    /// <summary>The last key of a page, as a query parameter.</summary>
    private sealed record LastKey(long Value);

    private long? CursorValue(bool descending)
    {
        if (string.IsNullOrEmpty(Cursor))
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(Cursor.Replace('-', '+').Replace('_', '/').PadRight((Cursor.Length + 3) / 4 * 4, '=')));
            var parts = text.Split(':');
            if (parts.Length == 2 && parts[0] == (descending ? "d" : "a") && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return id;
            }
        }
        catch (FormatException)
        {
            // falls through to the refusal
        }

        throw Invalid("cursor", "cursor is not one this API gave (or it was made for another sort): pass back nextCursor unchanged.");
    }

    private static string Encode(bool descending, long id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{(descending ? "d" : "a")}:{id.ToString(CultureInfo.InvariantCulture)}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static ApiException Invalid(string field, string message) =>
        ApiException.BadRequest("Some parameters are not valid.", new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>
/// The fields a native list may be sorted by, besides the id: <c>new NativeSorts&lt;Proposal&gt;().By("date", p =&gt; p.Date)</c>.
/// Keys must not be null in the database (write <c>p.Number ?? ""</c>): the keyset compares values. The cursor
/// carries the sort, the key of the last row and its id, so the next page starts right after it.
/// </summary>
public sealed class NativeSorts<T>
    where T : Entity
{
    private readonly Dictionary<string, ISortKey<T>> _keys = new(StringComparer.Ordinal);

    public IEnumerable<string> Names => _keys.Keys;

    public NativeSorts<T> By<TKey>(string name, Expression<Func<T, TKey>> key)
    {
        _keys.Add(name, new SortKey<T, TKey>(name, key));
        return this;
    }

    internal ISortKey<T>? Find(string name) => _keys.GetValueOrDefault(name);
}

internal interface ISortKey<T>
    where T : Entity
{
    Task<(List<T> Rows, string? Next)> PageAsync(IQueryable<T> rows, bool descending, string? cursor, int limit, CancellationToken cancellationToken);
}

internal sealed class SortKey<T, TKey>(string name, Expression<Func<T, TKey>> key) : ISortKey<T>
    where T : Entity
{
    private readonly Func<T, TKey> _read = key.Compile();

    public async Task<(List<T> Rows, string? Next)> PageAsync(IQueryable<T> rows, bool descending, string? cursor, int limit, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(cursor))
        {
            var (last, lastId) = Decode(descending, cursor);
            rows = rows.Where(After(last, lastId, descending));
        }

        rows = descending ? rows.OrderByDescending(key).ThenByDescending(r => r.Id) : rows.OrderBy(key).ThenBy(r => r.Id);
        var page = await rows.Take(limit + 1).ToListAsync(cancellationToken);
        var next = page.Count > limit ? Encode(descending, _read(page[limit - 1]), page[limit - 1].Id) : null;
        return (page.Take(limit).ToList(), next);
    }

    /// <summary>key &gt; last OR (key = last AND id &gt; lastId), or the other way round; the values are query parameters.</summary>
    private Expression<Func<T, bool>> After(TKey last, long lastId, bool descending)
    {
        var row = key.Parameters[0];
        var value = Expression.Property(Expression.Constant(new Bound<TKey>(last)), nameof(Bound<TKey>.Value));
        var id = Expression.Property(Expression.Constant(new Bound<long>(lastId)), nameof(Bound<long>.Value));
        var rowId = Expression.Property(row, nameof(Entity.Id));
        Expression beyond = typeof(TKey) == typeof(string)
            ? Compare(Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, key.Body, value), Expression.Constant(0), descending)
            : Compare(key.Body, value, descending);
        var tie = Expression.AndAlso(Expression.Equal(key.Body, value), Compare(rowId, id, descending));
        return Expression.Lambda<Func<T, bool>>(Expression.OrElse(beyond, tie), row);
    }

    private static BinaryExpression Compare(Expression left, Expression right, bool descending) =>
        descending ? Expression.LessThan(left, right) : Expression.GreaterThan(left, right);

    private string Encode(bool descending, TKey last, long id) => Base64Url(JsonSerializer.Serialize(new Position(descending ? "-" + name : name, JsonSerializer.SerializeToElement(last), id)));

    private (TKey Last, long Id) Decode(bool descending, string cursor)
    {
        try
        {
            var position = JsonSerializer.Deserialize<Position>(Encoding.UTF8.GetString(Convert.FromBase64String(cursor.Replace('-', '+').Replace('_', '/').PadRight((cursor.Length + 3) / 4 * 4, '='))));
            if (position is not null && position.S == (descending ? "-" + name : name) && position.K.Deserialize<TKey>() is { } last)
            {
                return (last, position.I);
            }
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException or InvalidOperationException)
        {
            // falls through to the refusal
        }

        throw NativeListRequest.Invalid("cursor", "cursor is not one this API gave (or it was made for another sort): pass back nextCursor unchanged.");
    }

    private static string Base64Url(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record Bound<TValue>(TValue Value);

    /// <summary>The sort, the last row's key and its id.</summary>
    private sealed record Position(string S, JsonElement K, long I);
}

/// <summary>Query filters written as the native JSON writes them.</summary>
public static class NativeQuery
{
    /// <summary>The ILIKE pattern of a free-text filter (<c>?q=</c>): contains, with the wildcards typed taken literally.</summary>
    public static string Contains(string q) => $"%{q.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_")}%";

    /// <summary>An enum filter in kebab-case (<c>?status=credit-note</c>); anything else is a 400 listing the values.</summary>
    public static TEnum? Enum<TEnum>(string? value, string name)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var values = System.Enum.GetValues<TEnum>().ToDictionary(v => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(v.ToString()), v => v, StringComparer.Ordinal);
        return values.TryGetValue(value.Trim(), out var found) ? found
            : throw ApiException.BadRequest("Some parameters are not valid.", new Dictionary<string, string[]> { [name] = [$"{name} is one of {string.Join(", ", values.Keys)}."] });
    }
}
