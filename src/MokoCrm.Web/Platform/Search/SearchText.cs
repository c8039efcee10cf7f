using System.Globalization;
using System.Text;

namespace MokoCrm.Web.Platform.Search;

/// <summary>
/// How searchable records are matched: each searchable table keeps a folded (lower-case, accents removed) generated
/// column <c>search_text</c> (name, codes, e-mail, VAT id, phone digits...) with a trigram GIN index, and a query is
/// one <c>LIKE '%term%'</c> on it, so search stays one index scan however many fields a record offers, and
/// "societe" finds "Société".
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

    /// <summary>
    /// Folds a term the way <see cref="FoldFunction"/> folds the stored text: lower case, accents removed, the
    /// ligatures PostgreSQL's unaccent dictionary expands written out.
    /// </summary>
    public static string Normalize(string term)
    {
        var decomposed = term.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            switch (c)
            {
                case 'ß': builder.Append("ss"); break;
                case 'œ': builder.Append("oe"); break;
                case 'æ': builder.Append("ae"); break;
                case 'ø': builder.Append('o'); break;
                case 'ł': builder.Append('l'); break;
                case 'đ': builder.Append('d'); break;
                default:
                    if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// The SQL function that folds a searchable table's text: lower-case and unaccent. PostgreSQL's unaccent() is
    /// only STABLE (its dictionary could change), so a generated column needs this IMMUTABLE wrapper with the
    /// dictionary named explicitly; the migration that adds the unaccent extension creates it.
    /// </summary>
    public const string FoldFunction = "platform.search_fold";

    public const string CreateFoldFunctionSql = """
        CREATE OR REPLACE FUNCTION platform.search_fold(text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;
        """;

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
