using System.Collections.Concurrent;
using System.Globalization;

namespace MokoCrm.Web.Platform.Documents.Pdf;

/// <summary>
/// Formats the numbers of a printed document in one culture and one currency: amounts with 2 decimals and the
/// currency symbol placed as the culture places it (€1,234.50 in en-US, 1 234,50 € in fr-FR), unit prices and
/// quantities with as many decimals as they carry (up to the 5 the database stores), percentages without noise.
/// </summary>
public sealed class PdfNumberFormat
{
    private static readonly ConcurrentDictionary<string, string> Symbols = new(StringComparer.OrdinalIgnoreCase);

    private readonly CultureInfo _culture;
    private readonly NumberFormatInfo _money;
    private readonly CultureInfo _dates;

    /// <param name="dateCulture">The company's locale for dates (null: <paramref name="culture"/>).</param>
    public PdfNumberFormat(CultureInfo culture, string currencyCode, CultureInfo? dateCulture = null)
    {
        _culture = culture;
        _dates = dateCulture ?? culture;
        _money = (NumberFormatInfo)culture.NumberFormat.Clone();
        _money.CurrencySymbol = CurrencySymbol(currencyCode);
    }

    public string Money(decimal amount) => amount.ToString("C2", _money);

    public string Amount(decimal amount) => amount.ToString("#,##0.00", _culture);

    public string UnitPrice(decimal price) => price.ToString("#,##0.00###", _culture);

    public string Quantity(decimal quantity) => quantity.ToString("#,##0.#####", _culture);

    public string Percent(decimal percent) => percent.ToString("0.##", _culture) + "%";

    public string Date(DateOnly date) => CompanyLocale.Date(date, _dates);

    /// <summary>"EUR" → "€": the symbol of the first region using that currency; unknown codes print as the code.</summary>
    public static string CurrencySymbol(string currencyCode) => Symbols.GetOrAdd(currencyCode, code =>
    {
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            try
            {
                var region = new RegionInfo(culture.Name);
                if (string.Equals(region.ISOCurrencySymbol, code, StringComparison.OrdinalIgnoreCase))
                {
                    return region.CurrencySymbol;
                }
            }
            catch (ArgumentException)
            {
                // Some neutral-looking specific cultures have no region; they cannot name a currency either.
            }
        }

        return code.ToUpperInvariant();
    });
}
