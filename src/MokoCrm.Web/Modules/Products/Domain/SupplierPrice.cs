using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Products.Domain;

/// <summary>
/// What a supplier charges for a product (Dolibarr's "supplier prices"): the supplier's own reference, the unit price
/// excl. tax and the minimum quantity it applies from. A purchase order line of that supplier proposes it.
/// </summary>
public sealed class SupplierPrice : Entity, IAudited
{
    private SupplierPrice()
    {
    }

    public SupplierPrice(long productId, long supplierId, string? supplierReference, decimal unitPrice, decimal minimumQuantity)
    {
        ProductId = productId;
        SupplierId = supplierId;
        Change(supplierReference, unitPrice, minimumQuantity);
    }

    public long ProductId { get; private set; }

    /// <summary>A third party of the CRM flagged supplier.</summary>
    public long SupplierId { get; private set; }

    public string? SupplierReference { get; private set; }

    /// <summary>Excl. tax, 5 decimals.</summary>
    public decimal UnitPrice { get; private set; }

    /// <summary>The price applies from this quantity on (1 unless the supplier sells by packs).</summary>
    public decimal MinimumQuantity { get; private set; }

    public void Change(string? supplierReference, decimal unitPrice, decimal minimumQuantity)
    {
        if (unitPrice < 0m)
        {
            throw new DomainException("A supplier price cannot be negative.");
        }

        if (minimumQuantity <= 0m)
        {
            throw new DomainException("The minimum quantity must be more than zero.");
        }

        SupplierReference = string.IsNullOrWhiteSpace(supplierReference) ? null : supplierReference.Trim();
        UnitPrice = Amounts.RoundUnitPrice(unitPrice);
        MinimumQuantity = Amounts.RoundQuantity(minimumQuantity);
    }
}
