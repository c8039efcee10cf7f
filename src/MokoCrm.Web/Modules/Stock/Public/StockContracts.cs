namespace MokoCrm.Web.Modules.Stock.Public;

/// <summary>The record types of the Stock module (links, notes, audit and movement origins use them).</summary>
public static class StockRecordTypes
{
    public const string Warehouse = "stock.warehouse";
    public const string Inventory = "stock.inventory";
    public const string Bom = "stock.bom";
    public const string ManufacturingOrder = "stock.manufacturingorder";
}

/// <summary>What a movement is (DOMAIN.md §5). The sign of the quantity says in or out; the kind says why.</summary>
public enum StockMovementKind
{
    /// <summary>An input from outside: reception, supplier invoice, production output.</summary>
    In,

    /// <summary>An output to outside: shipment, customer invoice, consumption.</summary>
    Out,

    /// <summary>The arriving half of a transfer between two warehouses.</summary>
    TransferIn,

    /// <summary>The leaving half of a transfer between two warehouses.</summary>
    TransferOut,

    /// <summary>A manual correction or an inventory difference, up or down.</summary>
    Correction,

    /// <summary>A component consumed by a manufacturing order (at its average cost).</summary>
    ManufacturingOut,

    /// <summary>A product made by a manufacturing order (at the cost of what it consumed, so its average cost moves).</summary>
    ManufacturingIn,
}

/// <summary>Which sales step takes goods out of stock (DOMAIN.md §5); Stock/EventHandlers follow it.</summary>
public enum StockDecreaseTrigger
{
    ShipmentValidated,
    CustomerInvoiceValidated,
    SalesOrderValidated,
}

/// <summary>Which purchasing step brings goods into stock (DOMAIN.md §5); Stock/EventHandlers follow it.</summary>
public enum StockIncreaseTrigger
{
    ReceptionValidated,
    SupplierInvoiceValidated,
    PurchaseOrderApproved,
}

/// <summary>The stock settings as other modules read them (e.g. to propose the warehouse when validating).</summary>
public sealed record StockSettingsSnapshot(
    StockDecreaseTrigger DecreaseOn,
    StockIncreaseTrigger IncreaseOn,
    long? DefaultWarehouseId,
    bool AllowNegativeStock);

/// <summary>The physical stock of a product in one warehouse.</summary>
public sealed record WarehouseStock(long WarehouseId, string WarehouseReference, string WarehouseLabel, decimal Quantity);

/// <summary>The stock of a product as other modules see it: quantities per warehouse, average cost, value.</summary>
public sealed record ProductStock(long ProductId, IReadOnlyList<WarehouseStock> Warehouses, decimal AverageCost)
{
    public decimal Quantity => Warehouses.Sum(w => w.Quantity);

    /// <summary>Quantity × weighted average cost, in the company currency (2 decimals).</summary>
    public decimal Value => Math.Round(Quantity * AverageCost, 2, MidpointRounding.AwayFromZero);
}

/// <summary>
/// What other modules read of Stock. Physical stock only: virtual stock (minus open customer orders, plus open
/// purchase orders) comes when Sales and Purchasing exist.
/// </summary>
public interface IStockReader
{
    Task<ProductStock> OfProductAsync(long productId, CancellationToken cancellationToken = default);

    /// <summary>Total physical quantity per product over all warehouses, one query; products without stock are left out.</summary>
    Task<IReadOnlyDictionary<long, decimal>> QuantitiesAsync(IReadOnlyCollection<long> productIds, CancellationToken cancellationToken = default);

    /// <summary>Weighted average cost per product (0 when it never had a priced input), one query.</summary>
    Task<IReadOnlyDictionary<long, decimal>> AverageCostsAsync(IReadOnlyCollection<long> productIds, CancellationToken cancellationToken = default);

    Task<StockSettingsSnapshot> SettingsAsync(CancellationToken cancellationToken = default);
}
