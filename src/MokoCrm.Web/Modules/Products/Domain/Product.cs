using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Products.Domain;

/// <summary>
/// A product or a service of the catalogue. Documents copy what they need from it (label, price, VAT rate, accounts)
/// onto their lines, so changing a product never changes a document.
/// </summary>
public sealed class Product : Entity, IAudited
{
    public const int UnitPriceDecimals = 5;

    private Product()
    {
    }

    public Product(string reference, string label, ProductType type)
    {
        Rename(reference, label);
        Type = type;
        SaleAccount = DefaultSaleAccount(type);
        PurchaseAccount = DefaultPurchaseAccount(type);
    }

    public string Reference { get; private set; } = "";

    public string Label { get; private set; } = "";

    public ProductType Type { get; private set; }

    public string? Description { get; set; }

    public bool OnSale { get; set; } = true;

    public bool OnPurchase { get; set; } = true;

    /// <summary>Which of the two prices the user typed; the other is computed from it.</summary>
    public PriceBase PriceBase { get; private set; }

    public decimal SalePrice { get; private set; }

    public decimal SalePriceInclTax { get; private set; }

    /// <summary>Percent, copied from the VAT rates of Setup when chosen (not a reference: a rate may change later).</summary>
    public decimal VatRate { get; private set; }

    /// <summary>Excl. tax; a sales line below it is refused.</summary>
    public decimal? MinSalePrice { get; private set; }

    /// <summary>
    /// What one unit costs the company, excl. tax, as the user states it (Dolibarr's cost_price): a reference for
    /// margins. Not the weighted average cost, which Stock computes from priced inputs. Null: not stated.
    /// </summary>
    public decimal? CostPrice { get; private set; }

    /// <summary>Kilograms.</summary>
    public decimal? Weight { get; set; }

    /// <summary>Unit of measure shown on lines ("pc", "kg", "h").</summary>
    public string? Unit { get; set; }

    public string? Barcode { get; set; }

    public string SaleAccount { get; set; } = "";

    public string PurchaseAccount { get; set; } = "";

    /// <summary>Hours a unit of a service lasts (used to price time); services only.</summary>
    public decimal? DurationHours { get; private set; }

    public bool StockManaged { get; private set; }

    /// <summary>Below this physical stock (all warehouses) the product shows in the stock alerts; null: no alert.</summary>
    public decimal? StockAlertLevel { get; private set; }

    public bool Archived { get; private set; }

    public static string DefaultSaleAccount(ProductType type) => type == ProductType.Service ? "706" : "707";

    public static string DefaultPurchaseAccount(ProductType type) => type == ProductType.Service ? "604" : "607";

    /// <summary>DOMAIN.md §2: the unit price excl. tax of a price entered incl. tax, 5 decimals, half away from zero.</summary>
    public static decimal ExclTaxFromInclTax(decimal inclTax, decimal vatRate) =>
        Math.Round(inclTax / (1 + vatRate / 100m), UnitPriceDecimals, MidpointRounding.AwayFromZero);

    public static decimal InclTaxFromExclTax(decimal exclTax, decimal vatRate) =>
        Math.Round(exclTax * (1 + vatRate / 100m), UnitPriceDecimals, MidpointRounding.AwayFromZero);

    public void Rename(string reference, string label)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            throw new DomainException("A product needs a reference.");
        }

        if (string.IsNullOrWhiteSpace(label))
        {
            throw new DomainException("A product needs a label.");
        }

        Reference = reference.Trim();
        Label = label.Trim();
    }

    /// <summary>A product can become a service only when it no longer manages stock, and the reverse drops the duration.</summary>
    public void ChangeType(ProductType type)
    {
        if (type == Type)
        {
            return;
        }

        if (SaleAccount == DefaultSaleAccount(Type))
        {
            SaleAccount = DefaultSaleAccount(type);
        }

        if (PurchaseAccount == DefaultPurchaseAccount(Type))
        {
            PurchaseAccount = DefaultPurchaseAccount(type);
        }

        Type = type;
        if (type == ProductType.Service)
        {
            StockManaged = false;
            StockAlertLevel = null;
        }
        else
        {
            DurationHours = null;
        }
    }

    /// <summary>Sets the sale price from the amount the user typed (excl. or incl. tax) and the VAT rate.</summary>
    public void SetPrice(decimal amount, PriceBase priceBase, decimal vatRate, decimal? minSalePrice)
    {
        if (amount < 0)
        {
            throw new DomainException("A price cannot be negative.");
        }

        if (vatRate is < 0 or > 100)
        {
            throw new DomainException("A VAT rate is between 0 and 100 %.");
        }

        if (Math.Round(amount, UnitPriceDecimals) != amount)
        {
            throw new DomainException($"A unit price has at most {UnitPriceDecimals} decimals.");
        }

        var exclTax = priceBase == PriceBase.InclTax ? ExclTaxFromInclTax(amount, vatRate) : amount;
        var inclTax = priceBase == PriceBase.InclTax ? amount : InclTaxFromExclTax(amount, vatRate);
        if (minSalePrice is < 0)
        {
            throw new DomainException("The minimum sale price cannot be negative.");
        }

        if (minSalePrice is { } min && min > exclTax)
        {
            throw new DomainException($"The minimum sale price ({min:0.#####}) is above the sale price excl. tax ({exclTax:0.#####}).");
        }

        PriceBase = priceBase;
        SalePrice = exclTax;
        SalePriceInclTax = inclTax;
        VatRate = vatRate;
        MinSalePrice = minSalePrice;
    }

    public void SetCostPrice(decimal? costPrice)
    {
        if (costPrice is < 0)
        {
            throw new DomainException("A cost price cannot be negative.");
        }

        if (costPrice is { } cost && Math.Round(cost, UnitPriceDecimals) != cost)
        {
            throw new DomainException($"A cost price has at most {UnitPriceDecimals} decimals.");
        }

        CostPrice = costPrice;
    }

    /// <summary>Whether a sales line at this unit price excl. tax respects the minimum.</summary>
    public bool AllowsSalePrice(decimal unitPriceExclTax) => MinSalePrice is not { } min || unitPriceExclTax >= min;

    public void SetStockManaged(bool stockManaged)
    {
        if (stockManaged && Type == ProductType.Service)
        {
            throw new DomainException("A service cannot be stock-managed.");
        }

        StockManaged = stockManaged;
    }

    public void SetStockAlertLevel(decimal? level)
    {
        if (level is not null && !StockManaged)
        {
            throw new DomainException("Only a stock-managed product has a stock alert level.");
        }

        if (level is < 0)
        {
            throw new DomainException("A stock alert level cannot be negative.");
        }

        StockAlertLevel = level;
    }

    public void SetDuration(decimal? hours)
    {
        if (hours is null)
        {
            DurationHours = null;
            return;
        }

        if (Type != ProductType.Service)
        {
            throw new DomainException("Only a service has a duration.");
        }

        if (hours <= 0)
        {
            throw new DomainException("A duration must be more than zero hours.");
        }

        DurationHours = hours;
    }

    /// <summary>An archived product stays on the documents that use it but is no longer offered on new ones.</summary>
    public void Archive()
    {
        if (Archived)
        {
            throw new DomainException($"{Reference} is already archived.");
        }

        Archived = true;
    }

    public void Unarchive()
    {
        if (!Archived)
        {
            throw new DomainException($"{Reference} is not archived.");
        }

        Archived = false;
    }
}
