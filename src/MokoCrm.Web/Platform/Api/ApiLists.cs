using System.Linq.Expressions;
using FluentValidation;

namespace MokoCrm.Web.Platform.Api;

/// <summary>Dolibarr's list parameters: <c>?sortfield=t.rowid&amp;sortorder=ASC&amp;limit=100&amp;page=0&amp;sqlfilters=...</c>.</summary>
public sealed class DolibarrListRequest
{
    public const int MaxLimit = 1000;

    public string? Sortfield { get; set; }

    public string? Sortorder { get; set; }

    public int? Limit { get; set; }

    public int? Page { get; set; }

    public string? Sqlfilters { get; set; }

    /// <summary>thirdparty_ids as Dolibarr takes it: "1" or "1,2,3".</summary>
    public static List<long> Ids(string text)
    {
        try
        {
            return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => long.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        }
        catch (FormatException)
        {
            throw ApiException.BadRequest("thirdparty_ids is a list of ids separated by commas, e.g. 1,2,3.");
        }
    }

    /// <summary>The rows of the third parties in <c>thirdparty_ids</c> ("1" or "1,2,3"); all of them when it is empty.</summary>
    public static IQueryable<T> OfThirdParties<T>(IQueryable<T> rows, string? thirdpartyIds, Expression<Func<T, long>> thirdParty)
    {
        ArgumentNullException.ThrowIfNull(thirdParty);
        if (string.IsNullOrWhiteSpace(thirdpartyIds))
        {
            return rows;
        }

        var ids = Ids(thirdpartyIds);
        // Through a closure, so that the ids reach SQL as one array parameter, not as literals.
        Expression<Func<List<long>>> captured = () => ids;
        var contains = Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(long)], captured.Body, thirdParty.Body);
        return rows.Where(Expression.Lambda<Func<T, bool>>(contains, thirdParty.Parameters));
    }

    /// <summary>Filter, sort and one page, all in SQL: at most <see cref="MaxLimit"/> rows, never the whole table.</summary>
    public IQueryable<T> Apply<T>(IQueryable<T> rows, ApiFields<T> fields, string defaultSort = "t.rowid")
    {
        var limit = Limit ?? 100;
        var page = Page ?? 0;
        if (limit is < 0 or > MaxLimit)
        {
            throw ApiException.BadRequest($"limit is between 1 and {MaxLimit} (0 means {MaxLimit}).");
        }

        if (page < 0)
        {
            throw ApiException.BadRequest("page starts at 0.");
        }

        limit = limit == 0 ? MaxLimit : limit;
        var filtered = fields.Filter(rows, SqlFilterParser.Parse(Sqlfilters));
        return fields.Sort(filtered, Sortfield, Sortorder, defaultSort).Skip(page * limit).Take(limit);
    }
}

/// <summary>A form checked by its screen's validator; failures are a 400 listing each field in the API's own names.</summary>
public static class ApiValidation
{
    public static Task CheckAsync<T>(this IValidator<T> validator, T form, IReadOnlyDictionary<string, string>? names = null, CancellationToken cancellationToken = default) =>
        validator.CheckAsync(form, name => names?.GetValueOrDefault(name) ?? name, cancellationToken);

    /// <summary>Native API: each field named as the client wrote it (camelCase, <c>lines[0].quantity</c>).</summary>
    public static Task CheckNativeAsync<T>(this IValidator<T> validator, T form, CancellationToken cancellationToken = default) =>
        validator.CheckAsync(form, NativeName, cancellationToken);

    public static string NativeName(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName));

    public static async Task CheckAsync<T>(this IValidator<T> validator, T form, Func<string, string> rename, CancellationToken cancellationToken = default)
    {
        var result = await validator.ValidateAsync(form, cancellationToken);
        if (result.IsValid)
        {
            return;
        }

        var errors = result.Errors.GroupBy(e => rename(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        throw new ApiException(StatusCodes.Status400BadRequest, "The data is not valid.", errors);
    }
}

/// <summary>Dolibarr's country ids (llx_c_country) for the countries most used, so clients sending country_id keep working.</summary>
public static class DolibarrCountries
{
    private static readonly Dictionary<int, string> ById = new()
    {
        [1] = "FR", [2] = "BE", [3] = "IT", [4] = "ES", [5] = "DE", [6] = "CH", [7] = "GB", [8] = "IE", [9] = "CN", [10] = "TN",
        [11] = "US", [12] = "MA", [13] = "DZ", [14] = "CA", [17] = "NL", [18] = "HU", [19] = "RU", [20] = "SE", [25] = "PT",
        [27] = "MC", [28] = "AU", [29] = "SG", [35] = "AT", [80] = "DK", [81] = "FI", [102] = "GR", [140] = "LU", [184] = "PL",
    };

    private static readonly Dictionary<string, int> ByCode = ById.ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);

    public static int? IdOf(string? code) => code is not null && ByCode.TryGetValue(code, out var id) ? id : null;

    public static string? CodeOf(int id) => ById.GetValueOrDefault(id);
}
