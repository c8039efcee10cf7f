namespace MokoCrm.Web.Modules.Products.Public;

public enum ProductType
{
    Product,
    Service,
}

/// <summary>Which price the user typed: the other one is computed (DOMAIN.md §2).</summary>
public enum PriceBase
{
    ExclTax,
    InclTax,
}

/// <summary>
/// What a document line copies from the catalogue (Sales and Purchasing lines). <see cref="CostPrice"/> is the cost
/// the user stated (null: none), not Stock's weighted average cost.
/// </summary>
public sealed record ProductSummary(
    long Id,
    string Reference,
    string Label,
    ProductType Type,
    string? Unit,
    decimal SalePrice,
    decimal VatRate,
    decimal? MinSalePrice,
    decimal? CostPrice,
    string SaleAccount,
    string PurchaseAccount,
    decimal? DurationHours,
    bool StockManaged,
    bool OnSale,
    bool OnPurchase,
    bool Archived);

/// <summary>The catalogue as other modules see it: read by id, never by table.</summary>
public interface IProductLookup
{
    Task<ProductSummary?> FindAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>One query for all the ids; ids that do not exist are left out.</summary>
    Task<IReadOnlyList<ProductSummary>> FindManyAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default);
}

/// <summary>
/// A module whose records use products (document lines, stock movements, BOMs) registers one, scoped: a product
/// that is used anywhere cannot be deleted, only archived.
/// </summary>
public interface IProductUsage
{
    /// <summary>A sentence naming a use ("It is on the invoice IN2611-0003."), or null when the module never used it.</summary>
    Task<string?> FirstUseAsync(long productId, CancellationToken cancellationToken = default);
}
