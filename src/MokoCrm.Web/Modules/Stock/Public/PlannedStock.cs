namespace MokoCrm.Web.Modules.Stock.Public;

/// <summary>
/// One planned movement total for virtual stock (DOMAIN.md §5): what an open document will bring in (positive) or take
/// out (negative) of a product. <paramref name="WarehouseId"/> is null when the document does not say which warehouse.
/// </summary>
public sealed record PlannedStock(long ProductId, long? WarehouseId, decimal Quantity, string Source);

/// <summary>
/// A module that plans stock movements implements this and registers it (<c>services.AddScoped&lt;IPlannedStockSource, ...&gt;()</c>):
/// Sales for open customer orders (ordered − shipped, as an output), Purchasing for open purchase orders (ordered −
/// received, as an input), Stock itself for manufacturing orders. Virtual stock = physical + the sum of all sources.
/// </summary>
public interface IPlannedStockSource
{
    /// <summary>A short label shown on the virtual stock report ("Open customer orders").</summary>
    string Label { get; }

    /// <summary>Planned quantities of these products (all products when null), one query, summed per product and warehouse.</summary>
    Task<IReadOnlyList<PlannedStock>> PlannedAsync(IReadOnlyCollection<long>? productIds, CancellationToken cancellationToken = default);
}

/// <summary>Virtual stock of one product: physical quantity and the planned quantity of each source.</summary>
public sealed record VirtualStock(long ProductId, decimal Physical, IReadOnlyList<(string Source, decimal Quantity)> Planned)
{
    public decimal Virtual => Physical + Planned.Sum(p => p.Quantity);
}

/// <summary>Reads virtual stock (physical stock plus every registered <see cref="IPlannedStockSource"/>).</summary>
public interface IVirtualStockReader
{
    Task<IReadOnlyDictionary<long, VirtualStock>> OfProductsAsync(IReadOnlyCollection<long> productIds, CancellationToken cancellationToken = default);
}
