using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.Web.Modules.Stock.Domain;

public enum BomStatus
{
    /// <summary>Being written: header and components may change; no manufacturing order can use it.</summary>
    Draft,

    /// <summary>Frozen: manufacturing orders are made from it.</summary>
    Validated,

    /// <summary>No longer offered for new manufacturing orders (existing ones go on).</summary>
    Disabled,
}

/// <summary>
/// A bill of materials (DOMAIN.md §5): what it takes to make <see cref="Quantity"/> units of a product. Each
/// component says how much of it goes into that quantity and how much is lost on the way (loss %), so an order for
/// N units consumes quantity × N / <see cref="Quantity"/> × (1 + loss %) of each component.
/// </summary>
public sealed class Bom : Entity, IAudited
{
    public const int LabelLength = 255;

    private readonly List<BomLine> _lines = [];

    private Bom()
    {
    }

    public Bom(string label, long productId, decimal quantity, string? description)
    {
        ProductId = productId;
        Change(label, quantity, description);
    }

    public string Label { get; private set; } = "";

    /// <summary>The product made.</summary>
    public long ProductId { get; private set; }

    /// <summary>How many units of the product the components make.</summary>
    public decimal Quantity { get; private set; }

    public string? Description { get; private set; }

    public BomStatus Status { get; private set; }

    public DateTime? ValidatedAt { get; private set; }

    public long? ValidatedBy { get; private set; }

    public IReadOnlyList<BomLine> Lines => _lines;

    /// <summary>Label, quantity produced and description: only while the bill is a draft.</summary>
    public void Change(string label, decimal quantity, string? description)
    {
        EnsureDraft();
        if (string.IsNullOrWhiteSpace(label))
        {
            throw new DomainException("A bill of materials needs a label.");
        }

        Label = label.Trim();
        Quantity = Quantities.Positive(quantity, "The quantity produced");
        Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
    }

    public BomLine AddComponent(long productId, decimal quantity, decimal lossPercent)
    {
        EnsureDraft();
        if (productId == ProductId)
        {
            throw new DomainException("A product cannot be a component of itself: choose another component.");
        }

        if (_lines.Any(l => l.ProductId == productId))
        {
            throw new DomainException("This component is already on the bill: change its quantity instead.");
        }

        var line = new BomLine(productId, _lines.Count == 0 ? 1 : _lines.Max(l => l.Position) + 1);
        line.Change(quantity, lossPercent);
        _lines.Add(line);
        return line;
    }

    public void ChangeComponent(long lineId, decimal quantity, decimal lossPercent)
    {
        EnsureDraft();
        Line(lineId).Change(quantity, lossPercent);
    }

    public void RemoveComponent(long lineId)
    {
        EnsureDraft();
        _lines.Remove(Line(lineId));
    }

    public void Validate(long? userId, DateTime now)
    {
        EnsureDraft();
        if (_lines.Count == 0)
        {
            throw new DomainException("Add at least one component before validating the bill of materials.");
        }

        Status = BomStatus.Validated;
        ValidatedAt = now;
        ValidatedBy = userId;
    }

    public void Disable()
    {
        if (Status != BomStatus.Validated)
        {
            throw new DomainException(Status == BomStatus.Draft
                ? "A draft bill of materials is deleted, not disabled."
                : $"The bill of materials {Label} is already disabled.");
        }

        Status = BomStatus.Disabled;
    }

    public void Enable()
    {
        if (Status != BomStatus.Disabled)
        {
            throw new DomainException($"The bill of materials {Label} is not disabled.");
        }

        Status = BomStatus.Validated;
    }

    /// <summary>What making <paramref name="quantityToProduce"/> units takes of each component, losses included (5 decimals).</summary>
    public IReadOnlyList<(long ProductId, decimal Quantity)> Needs(decimal quantityToProduce) =>
        _lines.OrderBy(l => l.Position).Select(l => (l.ProductId, l.NeededFor(quantityToProduce, Quantity))).ToList();

    internal void EnsureDraft()
    {
        if (Status != BomStatus.Draft)
        {
            throw new DomainException($"The bill of materials {Label} is {Status.ToString().ToLowerInvariant()}: it can no longer change.");
        }
    }

    private BomLine Line(long lineId) =>
        _lines.SingleOrDefault(l => l.Id == lineId) ?? throw new DomainException("This component is not on the bill of materials.");
}

/// <summary>A component of a bill of materials: quantity for the bill's quantity produced, and the share lost on the way.</summary>
public sealed class BomLine : Entity, IAuditedPart
{
    private BomLine()
    {
    }

    internal BomLine(long productId, int position)
    {
        ProductId = productId;
        Position = position;
    }

    public long BomId { get; private set; }

    public long ProductId { get; private set; }

    public int Position { get; private set; }

    public decimal Quantity { get; private set; }

    /// <summary>0 to below 100: 10 means a tenth more is consumed than the quantity says.</summary>
    public decimal LossPercent { get; private set; }

    public RecordRef AuditedRecord => new(StockRecordTypes.Bom, BomId);

    public string? AuditPrefix => $"Component {Position}";

    /// <summary>quantity × to produce / bill quantity × (1 + loss %), to 5 decimals, half away from zero.</summary>
    public decimal NeededFor(decimal quantityToProduce, decimal bomQuantity) =>
        Math.Round(Quantity * quantityToProduce / bomQuantity * (1 + (LossPercent / 100)), StockMovement.QuantityDecimals, MidpointRounding.AwayFromZero);

    internal void Change(decimal quantity, decimal lossPercent)
    {
        Quantity = Quantities.Positive(quantity, "A component's quantity");
        if (lossPercent is < 0 or >= 100)
        {
            throw new DomainException("The loss is a percentage from 0 to below 100.");
        }

        if (Math.Round(lossPercent, 2) != lossPercent)
        {
            throw new DomainException("The loss has at most 2 decimals.");
        }

        LossPercent = lossPercent;
    }
}

/// <summary>The shape every manufacturing quantity has: greater than zero, at most 5 decimals.</summary>
internal static class Quantities
{
    public static decimal Positive(decimal quantity, string what)
    {
        if (quantity <= 0)
        {
            throw new DomainException($"{what} must be greater than zero.");
        }

        if (Math.Round(quantity, StockMovement.QuantityDecimals) != quantity)
        {
            throw new DomainException($"{what} has at most {StockMovement.QuantityDecimals} decimals.");
        }

        return quantity;
    }
}
