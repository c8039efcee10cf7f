using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Stock.Domain;

public enum InventoryStatus
{
    Draft,
    Validated,
}

/// <summary>
/// A stock count of one warehouse: counted quantities are entered on its lines, the differences with the stock
/// are reviewed, and validating writes one correction per difference at the product's average cost.
/// </summary>
public sealed class Inventory : Entity, IAudited
{
    private readonly List<InventoryLine> _lines = [];

    private Inventory()
    {
    }

    public Inventory(string label, long warehouseId, DateOnly date)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            throw new DomainException("An inventory needs a label.");
        }

        Label = label.Trim();
        WarehouseId = warehouseId;
        Date = date;
    }

    public string Label { get; private set; } = "";

    public long WarehouseId { get; private set; }

    public DateOnly Date { get; private set; }

    public InventoryStatus Status { get; private set; }

    public DateTime? ValidatedAt { get; private set; }

    public long? ValidatedBy { get; private set; }

    public IReadOnlyList<InventoryLine> Lines => _lines;

    public InventoryLine AddProduct(long productId)
    {
        EnsureDraft();
        if (_lines.Any(l => l.ProductId == productId))
        {
            throw new DomainException("This product is already on the inventory.");
        }

        var line = new InventoryLine(productId);
        _lines.Add(line);
        return line;
    }

    public void Count(long lineId, decimal? counted)
    {
        EnsureDraft();
        var line = _lines.SingleOrDefault(l => l.Id == lineId) ?? throw new DomainException("This line is not on the inventory.");
        if (counted is < 0)
        {
            throw new DomainException("A counted quantity cannot be negative.");
        }

        if (counted is { } c && Math.Round(c, StockMovement.QuantityDecimals) != c)
        {
            throw new DomainException($"A quantity has at most {StockMovement.QuantityDecimals} decimals.");
        }

        line.Counted = counted;
    }

    /// <summary>Freezes the expected quantities read under the ledger's lock; the corrections are written with it.</summary>
    public void Validate(IReadOnlyDictionary<long, decimal> stockByProduct, long? userId, DateTime now)
    {
        EnsureDraft();
        if (!_lines.Any(l => l.Counted is not null))
        {
            throw new DomainException("Enter at least one counted quantity before validating.");
        }

        foreach (var line in _lines)
        {
            line.Expected = stockByProduct.GetValueOrDefault(line.ProductId);
        }

        Status = InventoryStatus.Validated;
        ValidatedAt = now;
        ValidatedBy = userId;
    }

    private void EnsureDraft()
    {
        if (Status != InventoryStatus.Draft)
        {
            throw new DomainException($"The inventory {Label} is validated: it can no longer change.");
        }
    }
}

/// <summary>A product counted in an inventory. Expected is the stock when the inventory was validated.</summary>
public sealed class InventoryLine : Entity
{
    private InventoryLine()
    {
    }

    internal InventoryLine(long productId) => ProductId = productId;

    public long InventoryId { get; private set; }

    public long ProductId { get; private set; }

    /// <summary>Null: not counted, no correction for this product.</summary>
    public decimal? Counted { get; internal set; }

    public decimal? Expected { get; internal set; }
}
