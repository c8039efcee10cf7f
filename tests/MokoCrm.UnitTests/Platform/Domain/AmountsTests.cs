using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.UnitTests.Platform.Domain;

/// <summary>DOMAIN.md §2, its examples first.</summary>
public sealed class AmountsTests
{
    private static DocumentTotals Totals(params (decimal Qty, decimal Price, decimal Discount, decimal Vat, PriceBasis Basis)[] lines) =>
        DocumentTotals.Of(lines.Select(l => (l.Vat, LineCalculator.Compute(l.Qty, l.Price, l.Discount, l.Vat, l.Basis))));

    [Fact]
    public void One_times_1_24_at_10_percent_is_1_24_excl_0_12_vat_1_36_incl()
    {
        var line = LineCalculator.Compute(1m, 1.24m, 0m, 10m);
        (line.TotalExclTax, line.TotalVat, line.TotalInclTax).ShouldBe((1.24m, 0.12m, 1.36m));
    }

    [Fact]
    public void Two_such_lines_total_2_48_0_24_2_72_the_sums_of_the_rounded_lines()
    {
        var t = Totals((1m, 1.24m, 0m, 10m, PriceBasis.ExclTax), (1m, 1.24m, 0m, 10m, PriceBasis.ExclTax));
        (t.TotalExclTax, t.TotalVat, t.TotalInclTax).ShouldBe((2.48m, 0.24m, 2.72m));
    }

    [Fact]
    public void Three_lines_of_5_times_6_36_at_21_percent_total_95_40_20_04_115_44()
    {
        var line = (5m, 6.36m, 0m, 21m, PriceBasis.ExclTax);
        var t = Totals(line, line, line);
        (t.TotalExclTax, t.TotalVat, t.TotalInclTax).ShouldBe((95.40m, 20.04m, 115.44m));
        t.VatByRate.ShouldHaveSingleItem().ShouldBe(new VatBreakdownRow(21m, 95.40m, 20.04m));
    }

    [Fact]
    public void Rounding_is_half_away_from_zero_for_amounts_and_unit_prices()
    {
        Amounts.Round(0.125m).ShouldBe(0.13m);
        Amounts.Round(-0.125m).ShouldBe(-0.13m);
        Amounts.Round(2.675m).ShouldBe(2.68m);
        Amounts.RoundUnitPrice(1.234565m).ShouldBe(1.23457m);
    }

    [Fact]
    public void The_incl_tax_is_rounded_from_the_unrounded_excl_tax()
    {
        // 3 × 0.335 = 1.005 → excl 1.01; incl = round(1.005 × 1.2 = 1.206) = 1.21, not round(1.01 × 1.2 = 1.212) by chance equal; take 0.3349:
        var line = LineCalculator.Compute(3m, 0.33449m, 0m, 20m);
        line.TotalExclTax.ShouldBe(1.00m); // 1.00347
        line.TotalInclTax.ShouldBe(1.20m); // 1.204164, not round(1.00 × 1.2) by luck: see the next case
        var other = LineCalculator.Compute(1m, 0.0049m, 0m, 200m);
        (other.TotalExclTax, other.TotalInclTax, other.TotalVat).ShouldBe((0.00m, 0.01m, 0.01m), "0.0049 × 3 = 0.0147 → 0.01 while 0.00 × 3 would give 0.00");
    }

    [Fact]
    public void A_discount_applies_before_rounding()
    {
        var line = LineCalculator.Compute(3m, 19.99m, 15m, 20m);
        // 3 × 19.99 × 0.85 = 50.9745 → 50.97; × 1.2 = 61.1694 → 61.17
        (line.TotalExclTax, line.TotalVat, line.TotalInclTax).ShouldBe((50.97m, 10.20m, 61.17m));
    }

    [Fact]
    public void A_line_entered_incl_tax_keeps_its_incl_total_and_computes_excl_from_the_unrounded_amount()
    {
        var line = LineCalculator.Compute(3m, 9.99m, 0m, 20m, PriceBasis.InclTax);
        // incl = 29.97; excl = round(29.97 / 1.2 = 24.975) = 24.98; VAT = 4.99; unit excl = round(9.99 / 1.2, 5) = 8.325
        (line.TotalInclTax, line.TotalExclTax, line.TotalVat, line.UnitPriceExclTax).ShouldBe((29.97m, 24.98m, 4.99m, 8.325m));
    }

    [Fact]
    public void A_line_entered_incl_tax_with_a_discount()
    {
        var line = LineCalculator.Compute(2m, 12.50m, 10m, 5.5m, PriceBasis.InclTax);
        // 2 × 12.5 × 0.9 = 22.5 incl; excl = 22.5 / 1.055 = 21.3270 → 21.33; VAT 1.17
        (line.TotalInclTax, line.TotalExclTax, line.TotalVat).ShouldBe((22.50m, 21.33m, 1.17m));
    }

    [Fact]
    public void Vat_is_reported_per_rate_highest_first()
    {
        var t = Totals((1m, 100m, 0m, 5.5m, PriceBasis.ExclTax), (2m, 10m, 0m, 20m, PriceBasis.ExclTax), (1m, 50m, 0m, 20m, PriceBasis.ExclTax));
        t.VatByRate.Select(v => (v.RatePercent, v.TaxBase, v.Vat)).ShouldBe([(20m, 70m, 14m), (5.5m, 100m, 5.5m)]);
        (t.TotalExclTax, t.TotalVat, t.TotalInclTax).ShouldBe((170m, 19.5m, 189.5m));
    }
}
