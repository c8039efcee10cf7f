namespace MokoCrm.Web.Modules.Products.Domain;

/// <summary>
/// The margin of the sale price excl. tax over the cost price the user stated, with Dolibarr's two rates: the margin
/// rate (margin ÷ cost price) and the mark rate (margin ÷ sale price), in percent to 2 decimals. A figure for the
/// Prices tab only: no document, posting or stock value is made from it.
/// </summary>
public sealed record PriceMargin(decimal Amount, decimal? MarginRate, decimal? MarkRate)
{
    /// <summary>Null when no cost price is stated; a rate is null when its divisor is zero.</summary>
    public static PriceMargin? Of(decimal salePrice, decimal? costPrice)
    {
        if (costPrice is not { } cost)
        {
            return null;
        }

        var margin = salePrice - cost;
        return new PriceMargin(margin, Percent(margin, cost), Percent(margin, salePrice));
    }

    private static decimal? Percent(decimal part, decimal whole) =>
        whole == 0 ? null : Math.Round(part / whole * 100m, 2, MidpointRounding.AwayFromZero);
}
