using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Stock.Domain;

/// <summary>
/// One movement of stock (DOMAIN.md §5). Immutable: it has no setter and no method that changes it; a mistake is
/// corrected by another movement. Only <see cref="Features.StockLedger"/> creates them, in the transaction that keeps
/// the stock levels and the average cost in step.
/// </summary>
public sealed class StockMovement : Entity
{
    public const int QuantityDecimals = 5;

    private StockMovement()
    {
    }

    /// <summary>A movement as the ledger's statement wrote it (its id comes from that statement).</summary>
    internal StockMovement(
        long id, DateOnly date, long productId, long warehouseId, decimal quantity, decimal unitPrice, StockMovementKind kind, string label,
        string? originType, long? originId, long? projectId, long? userId, string? transferCode, DateTime createdAt)
    {
        Id = id;
        Date = date;
        ProductId = productId;
        WarehouseId = warehouseId;
        Quantity = quantity;
        UnitPrice = unitPrice;
        Kind = kind;
        Label = label;
        OriginType = originType;
        OriginId = originId;
        ProjectId = projectId;
        UserId = userId;
        TransferCode = transferCode;
        CreatedAt = createdAt;
    }

    public DateOnly Date { get; private set; }

    public long ProductId { get; private set; }

    public long WarehouseId { get; private set; }

    /// <summary>Signed: positive in, negative out.</summary>
    public decimal Quantity { get; private set; }

    /// <summary>The unit price the movement carries (purchase cost for inputs, average cost for outputs and transfers).</summary>
    public decimal UnitPrice { get; private set; }

    public StockMovementKind Kind { get; private set; }

    public string Label { get; private set; } = "";

    /// <summary>The record type of the document that moved the stock ("sales.shipment", "stock.inventory"), if any.</summary>
    public string? OriginType { get; private set; }

    public long? OriginId { get; private set; }

    public long? ProjectId { get; private set; }

    /// <summary>Who moved it; null for system work (jobs, seeding).</summary>
    public long? UserId { get; private set; }

    /// <summary>The code both halves of a transfer share.</summary>
    public string? TransferCode { get; private set; }

    public DateTime CreatedAt { get; private set; }
}

/// <summary>
/// The stock of one product in one warehouse: always the sum of its movements, kept so in the transaction that
/// writes each movement (the ledger locks the product first, see <see cref="Features.StockLedger"/>).
/// </summary>
public sealed class StockLevel
{
    private StockLevel()
    {
    }

    public long ProductId { get; private set; }

    public long WarehouseId { get; private set; }

    public decimal Quantity { get; private set; }
}

/// <summary>
/// The weighted average cost of a product over all its warehouses, with the total quantity it applies to (the sum
/// of the product's levels, kept in the same transaction).
/// </summary>
public sealed class ProductValuation : Entity
{
    private ProductValuation()
    {
    }

    internal ProductValuation(long productId) => ProductId = productId;

    public long ProductId { get; private set; }

    public decimal TotalQuantity { get; private set; }

    public decimal AverageCost { get; private set; }

    internal void Apply(StockMovementKind kind, decimal quantity, decimal unitPrice)
    {
        AverageCost = WeightedAverageCost.After(TotalQuantity, AverageCost, kind, quantity, unitPrice);
        TotalQuantity += quantity;
    }
}
