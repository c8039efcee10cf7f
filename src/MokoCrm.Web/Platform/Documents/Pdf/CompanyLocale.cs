using System.Collections.Concurrent;
using System.Globalization;

namespace MokoCrm.Web.Platform.Documents.Pdf;

/// <summary>
/// How a company's documents write dates, from its country (Setup → Company): the culture of the country's main
/// language (FR → fr-FR writes 07/12/2026, US → en-US 12/7/2026, DE → de-DE 07.12.2026), else the country's first
/// culture, else en-US. Every date of a PDF (heading, due date, validity, delivery, service periods) uses its short
/// date format, so one document never mixes formats. (A made-up "en-FR" would take English's US dates: not used.)
/// </summary>
public static class CompanyLocale
{
    private static readonly ConcurrentDictionary<string, CultureInfo> Cultures = new(StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, string> MainLanguage = new(StringComparer.OrdinalIgnoreCase)
    {
        ["FR"] = "fr", ["BE"] = "fr", ["CH"] = "fr", ["LU"] = "fr", ["MC"] = "fr", ["CA"] = "en", ["DE"] = "de", ["AT"] = "de",
        ["ES"] = "es", ["IT"] = "it", ["NL"] = "nl", ["PT"] = "pt", ["BR"] = "pt", ["GB"] = "en", ["IE"] = "en", ["US"] = "en",
        ["AU"] = "en", ["PL"] = "pl", ["SE"] = "sv", ["DK"] = "da", ["NO"] = "nb", ["FI"] = "fi", ["CZ"] = "cs", ["GR"] = "el",
    };

    public static CultureInfo DatesOf(string? countryCode) => Cultures.GetOrAdd(countryCode?.Trim() ?? "", code =>
    {
        if (code.Length != 2)
        {
            return CultureInfo.GetCultureInfo("en-US");
        }

        var specific = CultureInfo.GetCultures(CultureTypes.SpecificCultures);
        var inCountry = specific.Where(c => c.Name.EndsWith("-" + code, StringComparison.OrdinalIgnoreCase)).ToList();
        return (MainLanguage.TryGetValue(code, out var language)
                   ? inCountry.FirstOrDefault(c => c.TwoLetterISOLanguageName.Equals(language, StringComparison.OrdinalIgnoreCase))
                   : null)
               ?? inCountry.FirstOrDefault()
               ?? CultureInfo.GetCultureInfo("en-US");
    });

    /// <summary>The short date of <paramref name="culture"/> (what the PDF heading prints).</summary>
    public static string Date(DateOnly date, CultureInfo culture) => date.ToString("d", culture);
}
