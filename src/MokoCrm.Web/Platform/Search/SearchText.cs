using System.Text;

namespace MokoCrm.Web.Platform.Search;

/// <summary>
/// How searchable records are matched: each searchable table keeps a lower-cased generated column
/// <c>search_text</c> (name, codes, e-mail, VAT id, phone digits...) with a trigram GIN index, and a query is one
/// <c>LIKE '%term%'</c> on it, so search stays one index scan however many fields a record offers.
/// </summary>
public static class SearchText
{
    /// <summary>The EF shadow property mapped to the generated column.</summary>
    public const string Property = "SearchText";

    /// <summary>Shortest term searched: shorter ones would match nearly everything and cannot use the trigram index.</summary>
    public const int MinimumLength = 2;

    /// <summary>PostgreSQL SQL that strips a phone number down to what people type: digits and '+'.</summary>
    public static string PhoneDigitsSql(string column) => $"coalesce(regexp_replace({column}, '[^0-9+]', '', 'g'), '')";

    /// <summary>The LIKE pattern for "contains", with LIKE's own wildcards in the term escaped.</summary>
    public static string Contains(string term) => "%" + Escape(Normalize(term)) + "%";

    /// <summary>
    /// A second pattern for terms that look like a phone number ("06 12 34", "+33.6"): their digits, matched
    /// against the stored digits. Null for anything else.
    /// </summary>
    public static string? PhoneContains(string term)
    {
        var trimmed = term.Trim();
        if (trimmed.Length == 0 || trimmed.Any(c => !(char.IsAsciiDigit(c) || c is ' ' or '+' or '.' or '-' or '(' or ')' or '/')))
        {
            return null;
        }

        var digits = new string(trimmed.Where(c => char.IsAsciiDigit(c) || c == '+').ToArray());
        return digits.Length >= 4 && digits != Normalize(term) ? "%" + digits + "%" : null;
    }

    public static string Normalize(string term) => term.Trim().ToLowerInvariant();

    private static string Escape(string term)
    {
        var builder = new StringBuilder(term.Length);
        foreach (var c in term)
        {
            if (c is '\\' or '%' or '_')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
