using FluentValidation;

namespace MokoCrm.Web.Modules.Sales.Features;

/// <summary>The header of a proposal draft.</summary>
public sealed class ProposalForm
{
    public long? ThirdPartyId { get; set; }

    public long? CustomerContactId { get; set; }

    public long? BillingContactId { get; set; }

    public long? ShippingContactId { get; set; }

    public DateOnly? Date { get; set; }

    public int? ValidityDays { get; set; }

    /// <summary>Empty on creation: the third party's default.</summary>
    public long? PaymentTermId { get; set; }

    public long? PaymentMethodId { get; set; }

    public long? LeadId { get; set; }

    public string? PublicNote { get; set; }

    public string? PrivateNote { get; set; }
}

/// <summary>The header of an order draft.</summary>
public sealed class OrderForm
{
    public long? ThirdPartyId { get; set; }

    public long? CustomerContactId { get; set; }

    public long? BillingContactId { get; set; }

    public long? ShippingContactId { get; set; }

    public DateOnly? Date { get; set; }

    public DateOnly? DeliveryDate { get; set; }

    public string? CustomerReference { get; set; }

    public long? PaymentTermId { get; set; }

    public long? PaymentMethodId { get; set; }

    public string? PublicNote { get; set; }

    public string? PrivateNote { get; set; }
}

public sealed class ProposalFormValidator : AbstractValidator<ProposalForm>
{
    public ProposalFormValidator()
    {
        RuleFor(f => f.ThirdPartyId).NotNull().WithMessage("Choose the customer or prospect.");
        RuleFor(f => f.Date).NotNull().WithMessage("Enter the date of the proposal.");
        RuleFor(f => f.ValidityDays).InclusiveBetween(0, 3650).WithMessage("The validity is between 0 and 3650 days.");
        RuleFor(f => f.PublicNote).MaximumLength(10_000);
        RuleFor(f => f.PrivateNote).MaximumLength(10_000);
    }
}

public sealed class OrderFormValidator : AbstractValidator<OrderForm>
{
    public OrderFormValidator()
    {
        RuleFor(f => f.ThirdPartyId).NotNull().WithMessage("Choose the customer.");
        RuleFor(f => f.Date).NotNull().WithMessage("Enter the date of the order.");
        RuleFor(f => f.DeliveryDate).GreaterThanOrEqualTo(f => f.Date).When(f => f.Date is not null && f.DeliveryDate is not null)
            .WithMessage("The delivery date cannot be before the order date.");
        RuleFor(f => f.CustomerReference).MaximumLength(100);
        RuleFor(f => f.PublicNote).MaximumLength(10_000);
        RuleFor(f => f.PrivateNote).MaximumLength(10_000);
    }
}
