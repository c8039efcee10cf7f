namespace MokoCrm.Web.Platform.Domain;

/// <summary>
/// THE rounding policy of DOMAIN.md §2, in one place: amounts in the company currency with 2 decimals, unit prices
/// and quantities with up to 5, always half away from zero (a banker's rounding would turn 0.125 into 0.12).
/// </summary>
public static class Amounts
{
    public const int AmountDecimals = 2;
    public const int UnitPriceDecimals = 5;
    public const int QuantityDecimals = 5;

    /// <summary>numeric(18,2) and numeric(18,5): the column types the architecture tests expect.</summary>
    public const int Precision = 18;

    public static decimal Round(decimal amount) => Math.Round(amount, AmountDecimals, MidpointRounding.AwayFromZero);

    public static decimal RoundUnitPrice(decimal price) => Math.Round(price, UnitPriceDecimals, MidpointRounding.AwayFromZero);

    public static decimal RoundQuantity(decimal quantity) => Math.Round(quantity, QuantityDecimals, MidpointRounding.AwayFromZero);

    /// <summary>Whether the value fits the scale without rounding (a form refuses 1.234 as an amount).</summary>
    public static bool HasAtMostDecimals(decimal value, int decimals) => Math.Round(value, decimals) == value;
}

/// <summary>Which unit price a line was entered with: the other is computed (DOMAIN.md §2).</summary>
public enum PriceBasis
{
    /// <summary>Unit price excl. tax (businesses): the usual case.</summary>
    ExclTax,

    /// <summary>Unit price incl. tax (shops selling to consumers).</summary>
    InclTax,
}

/// <summary>The figures of one line: the stored unit price excl. tax and the three rounded totals.</summary>
public readonly record struct LineAmounts(decimal UnitPriceExclTax, decimal TotalExclTax, decimal TotalVat, decimal TotalInclTax)
{
    public static readonly LineAmounts Zero = new(0m, 0m, 0m, 0m);
}

/// <summary>
/// DOMAIN.md §2 per line, exactly:
/// excl. base: excl = round(qty × unit × (1 − disc%)); incl = round(unrounded excl × (1 + VAT%)); VAT = incl − excl.
/// incl. base: incl = round(qty × unit incl × (1 − disc%)); excl = round(unrounded incl / (1 + VAT%));
/// VAT = incl − excl; stored unit excl = round(unit incl / (1 + VAT%), 5).
/// </summary>
public static class LineCalculator
{
    /// <param name="unitPrice">Excl. or incl. tax, as <paramref name="basis"/> says.</param>
    /// <param name="discountPercent">0–100.</param>
    /// <param name="vatRatePercent">20 for 20 %.</param>
    public static LineAmounts Compute(decimal quantity, decimal unitPrice, decimal discountPercent, decimal vatRatePercent, PriceBasis basis = PriceBasis.ExclTax)
    {
        var discounted = quantity * unitPrice * (1m - (discountPercent / 100m));
        var vatFactor = 1m + (vatRatePercent / 100m);
        if (basis == PriceBasis.InclTax)
        {
            var inclTax = Amounts.Round(discounted);
            var exclTax = Amounts.Round(discounted / vatFactor);
            return new LineAmounts(Amounts.RoundUnitPrice(unitPrice / vatFactor), exclTax, inclTax - exclTax, inclTax);
        }

        var excl = Amounts.Round(discounted);
        var incl = Amounts.Round(discounted * vatFactor);
        return new LineAmounts(Amounts.RoundUnitPrice(unitPrice), excl, incl - excl, incl);
    }
}

/// <summary>The tax base and VAT of one rate over a document's lines.</summary>
public sealed record VatBreakdownRow(decimal RatePercent, decimal TaxBase, decimal Vat)
{
    public decimal InclTax => TaxBase + Vat;
}

/// <summary>
/// A document's totals: the sums of its ROUNDED line totals (never a re-computation of the sum), and the VAT
/// reported per rate (highest rate first).
/// </summary>
public sealed record DocumentTotals(decimal TotalExclTax, decimal TotalVat, decimal TotalInclTax, IReadOnlyList<VatBreakdownRow> VatByRate)
{
    public static readonly DocumentTotals Zero = new(0m, 0m, 0m, []);

    public static DocumentTotals Of(IEnumerable<(decimal VatRatePercent, LineAmounts Amounts)> lines)
    {
        var list = lines.ToList();
        var byRate = list.GroupBy(l => l.VatRatePercent)
            .Select(g => new VatBreakdownRow(g.Key, g.Sum(l => l.Amounts.TotalExclTax), g.Sum(l => l.Amounts.TotalVat)))
            .OrderByDescending(r => r.RatePercent)
            .ToList();
        return new DocumentTotals(
            list.Sum(l => l.Amounts.TotalExclTax), list.Sum(l => l.Amounts.TotalVat), list.Sum(l => l.Amounts.TotalInclTax), byRate);
    }
}
