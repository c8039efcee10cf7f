using System.Globalization;
using FluentValidation;
using MokoCrm.Web.Modules.Stock.Public;

namespace MokoCrm.Web.Modules.Stock.Features;

/// <summary>
/// Quantities and prices arrive as text so that "abc" gets a sentence of ours, not the model binder's. A point or a
/// comma is the decimal separator; at most 5 decimals.
/// </summary>
public static class StockNumbers
{
    public static decimal? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var normalized = text.Trim().Replace(" ", "", StringComparison.Ordinal);
        if (!normalized.Contains('.', StringComparison.Ordinal))
        {
            normalized = normalized.Replace(',', '.');
        }

        return decimal.TryParse(normalized, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    public static bool IsNumber(string? text) => Parse(text) is not null;

    public static bool HasAtMostFiveDecimals(string? text) => Parse(text) is not { } value || Math.Round(value, 5) == value;

    public static IRuleBuilderOptions<T, string?> AQuantity<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage("Enter a quantity.")
            .Must(IsNumber).WithMessage("The quantity must be a number, for example 5 or 2.5.")
            .Must(t => Parse(t) != 0).WithMessage("Enter a quantity other than zero.")
            .Must(HasAtMostFiveDecimals).WithMessage("A quantity has at most 5 decimals.");
}

public enum CorrectionDirection
{
    Add,
    Remove,
}

/// <summary>A manual correction: add or remove a quantity in one warehouse, with the reason.</summary>
public sealed class CorrectionForm
{
    public long? ProductId { get; set; }

    public long? WarehouseId { get; set; }

    public CorrectionDirection Direction { get; set; } = CorrectionDirection.Add;

    public string? Quantity { get; set; }

    /// <summary>Only for an addition; empty: at the current average cost (the cost does not move).</summary>
    public string? UnitPrice { get; set; }

    public string? Reason { get; set; }

    public DateOnly? Date { get; set; }
}

public sealed class CorrectionFormValidator : AbstractValidator<CorrectionForm>
{
    public CorrectionFormValidator()
    {
        RuleFor(f => f.ProductId).NotNull().WithMessage("Choose a product.");
        RuleFor(f => f.WarehouseId).NotNull().WithMessage("Choose a warehouse.");
        RuleFor(f => f.Direction).IsInEnum().WithMessage("Choose add or remove.");
        RuleFor(f => f.Quantity).AQuantity()
            .Must(t => StockNumbers.Parse(t) is not < 0).WithMessage("Enter the quantity without a sign: choose add or remove.");
        RuleFor(f => f.UnitPrice).Must(t => string.IsNullOrWhiteSpace(t) || StockNumbers.Parse(t) is >= 0).WithMessage("The unit price must be a number, 0 or more.")
            .Must(StockNumbers.HasAtMostFiveDecimals).WithMessage("A unit price has at most 5 decimals.");
        RuleFor(f => f.Reason).NotEmpty().WithMessage("Say why the stock is corrected.").MaximumLength(255);
    }
}

/// <summary>A transfer of a quantity of one product from one warehouse to another.</summary>
public sealed class TransferForm
{
    public long? ProductId { get; set; }

    public long? FromWarehouseId { get; set; }

    public long? ToWarehouseId { get; set; }

    public string? Quantity { get; set; }

    public string? Reason { get; set; }

    public DateOnly? Date { get; set; }
}

public sealed class TransferFormValidator : AbstractValidator<TransferForm>
{
    public TransferFormValidator()
    {
        RuleFor(f => f.ProductId).NotNull().WithMessage("Choose a product.");
        RuleFor(f => f.FromWarehouseId).NotNull().WithMessage("Choose the warehouse the goods leave.");
        RuleFor(f => f.ToWarehouseId).NotNull().WithMessage("Choose the warehouse the goods go to.")
            .NotEqual(f => f.FromWarehouseId).When(f => f.FromWarehouseId is not null).WithMessage("Choose two different warehouses: a transfer to the same warehouse moves nothing.");
        RuleFor(f => f.Quantity).AQuantity()
            .Must(t => StockNumbers.Parse(t) is not < 0).WithMessage("A transfer moves a quantity greater than zero.");
        RuleFor(f => f.Reason).MaximumLength(255);
    }
}

/// <summary>The stock settings screen.</summary>
public sealed class StockSettingsForm
{
    public StockDecreaseTrigger DecreaseOn { get; set; }

    public StockIncreaseTrigger IncreaseOn { get; set; }

    public long? DefaultWarehouseId { get; set; }

    public bool AllowNegativeStock { get; set; }
}

public sealed class StockSettingsFormValidator : AbstractValidator<StockSettingsForm>
{
    public StockSettingsFormValidator()
    {
        RuleFor(f => f.DecreaseOn).IsInEnum().WithMessage("Choose when stock decreases.");
        RuleFor(f => f.IncreaseOn).IsInEnum().WithMessage("Choose when stock increases.");
    }
}

/// <summary>Starting an inventory count of a warehouse.</summary>
public sealed class InventoryForm
{
    public string? Label { get; set; }

    public long? WarehouseId { get; set; }

    public DateOnly? Date { get; set; }

    /// <summary>Put every product in stock in the warehouse on the count at once.</summary>
    public bool AddProductsInStock { get; set; } = true;
}

public sealed class InventoryFormValidator : AbstractValidator<InventoryForm>
{
    public InventoryFormValidator()
    {
        RuleFor(f => f.Label).NotEmpty().WithMessage("Enter a label, e.g. \"Year-end count 2026\".").MaximumLength(255);
        RuleFor(f => f.WarehouseId).NotNull().WithMessage("Choose the warehouse to count.");
    }
}
