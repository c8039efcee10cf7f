namespace MokoCrm.Web.Modules.Stock.Public;

/// <summary>A warehouse goods may be shipped from (open: not internal-only, not closed).</summary>
public sealed record ShippingWarehouse(long Id, string Reference, string Label, bool IsDefault);

/// <summary>
/// What a shipment form needs of Stock: the warehouses goods can leave from and the stock of some products in them,
/// in two bounded queries (no per-line query).
/// </summary>
public interface IShippingStock
{
    Task<IReadOnlyList<ShippingWarehouse>> OpenWarehousesAsync(CancellationToken cancellationToken = default);

    /// <summary>Physical quantity per (product, warehouse) for the given products; missing pairs have none.</summary>
    Task<IReadOnlyDictionary<(long ProductId, long WarehouseId), decimal>> LevelsAsync(IReadOnlyCollection<long> productIds, CancellationToken cancellationToken = default);
}
