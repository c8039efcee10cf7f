using FluentValidation;
using MokoCrm.Web.Modules.Purchasing.Domain;

namespace MokoCrm.Web.Modules.Purchasing.Features;

/// <summary>The header of a purchase order draft.</summary>
public sealed class PurchaseOrderForm
{
    public long? SupplierId { get; set; }

    public long? ContactId { get; set; }

    public DateOnly? Date { get; set; }

    public DateOnly? DeliveryDate { get; set; }

    public string? SupplierReference { get; set; }

    /// <summary>Empty on creation: the supplier's default.</summary>
    public long? PaymentTermId { get; set; }

    public long? PaymentMethodId { get; set; }

    public string? PublicNote { get; set; }

    public string? PrivateNote { get; set; }
}

/// <summary>"Send to supplier": when and how the order was placed.</summary>
public sealed class SendOrderForm
{
    public DateOnly? OrderedOn { get; set; }

    public OrderMethod? Method { get; set; }
}

public sealed class PurchaseOrderFormValidator : AbstractValidator<PurchaseOrderForm>
{
    public PurchaseOrderFormValidator()
    {
        RuleFor(f => f.SupplierId).NotNull().WithMessage("Choose the supplier.");
        RuleFor(f => f.Date).NotNull().WithMessage("Enter the date of the order.");
        RuleFor(f => f.DeliveryDate).GreaterThanOrEqualTo(f => f.Date).When(f => f.Date is not null && f.DeliveryDate is not null)
            .WithMessage("The expected delivery date cannot be before the order date.");
        RuleFor(f => f.SupplierReference).MaximumLength(100);
        RuleFor(f => f.PublicNote).MaximumLength(10_000);
        RuleFor(f => f.PrivateNote).MaximumLength(10_000);
    }
}

public sealed class PurchasingSettingsForm
{
    public decimal? SecondApprovalAbove { get; set; }

    public bool ForbidSelfApproval { get; set; }
}

public sealed class PurchasingSettingsFormValidator : AbstractValidator<PurchasingSettingsForm>
{
    public PurchasingSettingsFormValidator()
    {
        RuleFor(f => f.SecondApprovalAbove).GreaterThanOrEqualTo(0m).WithMessage("The amount cannot be negative.")
            .Must(a => a is null || Platform.Domain.Amounts.HasAtMostDecimals(a.Value, 2)).WithMessage("An amount has at most 2 decimals.");
    }
}
