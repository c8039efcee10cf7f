using FluentValidation;

namespace MokoCrm.Web.Platform.Domain;

/// <summary>One line: a product (its label, price and VAT proposed when left empty), free text, a title or a subtotal.</summary>
public sealed class LineForm
{
    /// <summary>What the form shows when an existing line is edited.</summary>
    public static LineForm Of(DocumentLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var c = line.Content;
        return new LineForm
        {
            Kind = c.Kind, ProductId = c.ProductId, Description = c.Description, Quantity = c.Quantity, UnitPrice = c.UnitPrice, PriceBasis = c.Basis,
            DiscountPercent = c.DiscountPercent, VatRate = c.VatRatePercent, ServiceStart = c.ServiceStart, ServiceEnd = c.ServiceEnd,
        };
    }

    public LineKind Kind { get; set; } = LineKind.Product;

    public long? ProductId { get; set; }

    public string? Description { get; set; }

    public decimal? Quantity { get; set; } = 1m;

    /// <summary>Excl. or incl. tax as <see cref="PriceBasis"/> says; empty on a product line: the catalogue's price.</summary>
    public decimal? UnitPrice { get; set; }

    public PriceBasis PriceBasis { get; set; } = PriceBasis.ExclTax;

    public decimal? DiscountPercent { get; set; }

    /// <summary>Empty on a product line: the product's rate.</summary>
    public decimal? VatRate { get; set; }

    public DateOnly? ServiceStart { get; set; }

    public DateOnly? ServiceEnd { get; set; }
}

public sealed class LineFormValidator : AbstractValidator<LineForm>
{
    public LineFormValidator()
    {
        RuleFor(f => f.Kind).IsInEnum().WithMessage("Choose the kind of line.");
        RuleFor(f => f.ProductId).NotNull().When(f => f.Kind == LineKind.Product).WithMessage("Choose a product.");
        RuleFor(f => f.Description).NotEmpty().When(f => f.Kind is LineKind.Free or LineKind.Title).WithMessage("Enter the text of the line.")
            .MaximumLength(4000);
        When(f => f.Kind is LineKind.Product or LineKind.Free, () =>
        {
            RuleFor(f => f.Quantity).NotNull().WithMessage("Enter the quantity.")
                .GreaterThan(0m).WithMessage("The quantity must be more than zero.")
                .LessThan(10_000_000_000m).WithMessage("The quantity is too large.")
                .Must(q => q is null || Amounts.HasAtMostDecimals(q.Value, Amounts.QuantityDecimals)).WithMessage("A quantity has at most 5 decimals.");
            RuleFor(f => f.UnitPrice).NotNull().When(f => f.Kind == LineKind.Free).WithMessage("Enter the unit price.");
            RuleFor(f => f.UnitPrice).Must(p => p is null || Amounts.HasAtMostDecimals(p.Value, Amounts.UnitPriceDecimals))
                .WithMessage("A unit price has at most 5 decimals.")
                .Must(p => p is null || Math.Abs(p.Value) < 10_000_000_000m).WithMessage("The unit price is too large.");
            RuleFor(f => f.VatRate).NotNull().When(f => f.Kind == LineKind.Free).WithMessage("Choose the VAT rate.");
            RuleFor(f => f.DiscountPercent).InclusiveBetween(0m, 100m).WithMessage("The discount is between 0 and 100 %.");
            RuleFor(f => f.ServiceEnd).GreaterThanOrEqualTo(f => f.ServiceStart).When(f => f.ServiceStart is not null && f.ServiceEnd is not null)
                .WithMessage("The service period ends before it starts.");
        });
    }
}
