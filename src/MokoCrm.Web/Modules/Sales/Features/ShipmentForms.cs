using FluentValidation;

namespace MokoCrm.Web.Modules.Sales.Features;

/// <summary>"Create shipment" on a validated order: the header and, per order line, a quantity and a warehouse.</summary>
public sealed class ShipmentForm
{
    public DateOnly? Date { get; set; }

    public DateOnly? PlannedDelivery { get; set; }

    public string? Carrier { get; set; }

    public string? TrackingNumber { get; set; }

    public List<ShipmentLineForm> Lines { get; set; } = [];
}

public sealed class ShipmentLineForm
{
    public long OrderLineId { get; set; }

    public decimal? Quantity { get; set; }

    public long? WarehouseId { get; set; }
}

public sealed class ShipmentFormValidator : AbstractValidator<ShipmentForm>
{
    public ShipmentFormValidator()
    {
        RuleFor(f => f.Date).NotNull().WithMessage("Enter the shipping date.");
        RuleFor(f => f.Carrier).MaximumLength(100).WithMessage("The carrier has at most 100 characters.");
        RuleFor(f => f.TrackingNumber).MaximumLength(100).WithMessage("The tracking number has at most 100 characters.");
        RuleForEach(f => f.Lines).ChildRules(line =>
        {
            line.RuleFor(l => l.Quantity).GreaterThanOrEqualTo(0m).WithMessage("A quantity to ship cannot be negative.");
            line.RuleFor(l => l.WarehouseId).NotNull().When(l => l.Quantity > 0m).WithMessage("Choose the warehouse each shipped line leaves from.");
        });
        RuleFor(f => f.Lines).Must(lines => lines.Any(l => l.Quantity > 0m)).WithMessage("Enter a quantity to ship on at least one line.");
    }
}
