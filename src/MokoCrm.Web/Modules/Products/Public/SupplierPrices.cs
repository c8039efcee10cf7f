namespace MokoCrm.Web.Modules.Products.Public;

/// <summary>What a supplier charges for a product from a minimum quantity (excl. tax).</summary>
public sealed record SupplierPriceSummary(long Id, long ProductId, long SupplierId, string? SupplierReference, decimal UnitPrice, decimal MinimumQuantity);

/// <summary>The supplier prices of the catalogue, as Purchasing reads them to propose its lines.</summary>
public interface ISupplierPriceLookup
{
    /// <summary>The prices of a product, of one supplier when given, smallest minimum quantity first.</summary>
    Task<IReadOnlyList<SupplierPriceSummary>> OfProductAsync(long productId, long? supplierId = null, CancellationToken cancellationToken = default);
}

public static class SupplierPriceChoice
{
    /// <summary>
    /// The price that applies to a quantity: the one with the largest minimum quantity not above it; null when the
    /// quantity is below every minimum (or there is no price).
    /// </summary>
    public static SupplierPriceSummary? For(IEnumerable<SupplierPriceSummary> prices, decimal quantity) =>
        prices.Where(p => p.MinimumQuantity <= quantity).OrderByDescending(p => p.MinimumQuantity).ThenBy(p => p.UnitPrice).FirstOrDefault();
}
