using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Platform.Api;

/// <summary>One page of a native list: the rows and the cursor of the next page (null on the last one).</summary>
public sealed record NativePage<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// Native list parameters: <c>?limit=50&amp;cursor=...&amp;sort=-id</c>. Pages are cut by keyset on the id (a row
/// added or removed meanwhile never shifts a page), and the cursor is opaque: the client passes back what it got.
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

    /// <summary><c>id</c> (oldest first, the default) or <c>-id</c> (newest first).</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "sort")]
    public string? Sort { get; set; }

    public async Task<NativePage<TOut>> PageAsync<T, TOut>(IQueryable<T> rows, Func<T, TOut> show, CancellationToken cancellationToken)
        where T : Entity
    {
        var limit = Limit ?? 50;
        if (limit is < 1 or > MaxLimit)
        {
            throw Invalid("limit", $"limit is between 1 and {MaxLimit}.");
        }

        var descending = Sort switch
        {
            null or "" or "id" => false,
            "-id" => true,
            _ => throw Invalid("sort", "sort is 'id' (oldest first) or '-id' (newest first)."),
        };
        var after = CursorValue(descending);
        if (after is { } last)
        {
            rows = descending ? rows.Where(r => r.Id < last) : rows.Where(r => r.Id > last);
        }

        rows = descending ? rows.OrderByDescending(r => r.Id) : rows.OrderBy(r => r.Id);
        var page = await rows.Take(limit + 1).ToListAsync(cancellationToken);
        var next = page.Count > limit ? Encode(descending, page[limit - 1].Id) : null;
        return new NativePage<TOut>(page.Take(limit).Select(show).ToList(), next);
    }

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

    private static ApiException Invalid(string field, string message) =>
        ApiException.BadRequest("Some parameters are not valid.", new Dictionary<string, string[]> { [field] = [message] });
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
