using FluentValidation;
using MokoCrm.Web.Modules.Products.Domain;
using MokoCrm.Web.Modules.Products.Public;

namespace MokoCrm.Web.Modules.Products.Features;

/// <summary>The product create/edit form: what the user types. Business rules are the entity's.</summary>
public sealed class ProductForm
{
    /// <summary>The form filled with a product as it is (the edit screen, the API's partial change).</summary>
    public static ProductForm Of(Product p) => new()
    {
        Reference = p.Reference, Label = p.Label, Type = p.Type, Description = p.Description, OnSale = p.OnSale, OnPurchase = p.OnPurchase,
        PriceBase = p.PriceBase, Price = p.PriceBase == PriceBase.InclTax ? p.SalePriceInclTax : p.SalePrice, VatRate = p.VatRate,
        MinSalePrice = p.MinSalePrice, CostPrice = p.CostPrice, Weight = p.Weight, Unit = p.Unit, Barcode = p.Barcode, SaleAccount = p.SaleAccount,
        PurchaseAccount = p.PurchaseAccount, DurationHours = p.DurationHours, StockManaged = p.StockManaged, StockAlertLevel = p.StockAlertLevel,
    };

    public string Reference { get; set; } = "";

    public string Label { get; set; } = "";

    public ProductType Type { get; set; } = ProductType.Product;

    public string? Description { get; set; }

    public bool OnSale { get; set; } = true;

    public bool OnPurchase { get; set; } = true;

    public PriceBase PriceBase { get; set; } = PriceBase.ExclTax;

    /// <summary>Excl. or incl. tax, as <see cref="PriceBase"/> says.</summary>
    public decimal? Price { get; set; }

    public decimal? VatRate { get; set; }

    public decimal? MinSalePrice { get; set; }

    /// <summary>Excl. tax; empty: not stated.</summary>
    public decimal? CostPrice { get; set; }

    public decimal? Weight { get; set; }

    public string? Unit { get; set; }

    public string? Barcode { get; set; }

    /// <summary>Empty: the default of the type (707/607 for products, 706/604 for services).</summary>
    public string? SaleAccount { get; set; }

    public string? PurchaseAccount { get; set; }

    public decimal? DurationHours { get; set; }

    public bool StockManaged { get; set; }

    public decimal? StockAlertLevel { get; set; }
}

public sealed class ProductFormValidator : AbstractValidator<ProductForm>
{
    public ProductFormValidator()
    {
        RuleFor(f => f.Reference).NotEmpty().WithMessage("Enter a reference.").MaximumLength(64)
            .Matches(@"^\S(.*\S)?$").When(f => !string.IsNullOrEmpty(f.Reference)).WithMessage("A reference cannot start or end with a space.");
        RuleFor(f => f.Label).NotEmpty().WithMessage("Enter a label.").MaximumLength(255);
        RuleFor(f => f.Type).IsInEnum().WithMessage("Choose product or service.");
        RuleFor(f => f.PriceBase).IsInEnum();
        RuleFor(f => f.Price).NotNull().WithMessage("Enter the sale price (0 if none).")
            .GreaterThanOrEqualTo(0m).WithMessage("A price cannot be negative.")
            .Must(p => p is null || decimal.Round(p.Value, 5) == p.Value).WithMessage("Use at most 5 decimals.");
        RuleFor(f => f.VatRate).NotNull().WithMessage("Choose the VAT rate.");
        RuleFor(f => f.MinSalePrice).GreaterThanOrEqualTo(0m).WithMessage("The minimum sale price cannot be negative.")
            .Must(p => p is null || decimal.Round(p.Value, 5) == p.Value).WithMessage("Use at most 5 decimals.");
        RuleFor(f => f.CostPrice).GreaterThanOrEqualTo(0m).WithMessage("A cost price cannot be negative.")
            .Must(p => p is null || decimal.Round(p.Value, 5) == p.Value).WithMessage("Use at most 5 decimals.");
        RuleFor(f => f.StockAlertLevel).GreaterThanOrEqualTo(0m).WithMessage("A stock alert level cannot be negative.");
        RuleFor(f => f.Weight).GreaterThanOrEqualTo(0m).WithMessage("A weight cannot be negative.");
        RuleFor(f => f.Unit).MaximumLength(20);
        RuleFor(f => f.Barcode).MaximumLength(64);
        RuleFor(f => f.SaleAccount).MaximumLength(32);
        RuleFor(f => f.PurchaseAccount).MaximumLength(32);
        RuleFor(f => f.DurationHours).GreaterThan(0m).WithMessage("A duration must be more than zero hours.");
        RuleFor(f => f.Description).MaximumLength(4000);
    }
}
