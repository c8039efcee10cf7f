using FluentValidation;
using MokoCrm.Web.Modules.Stock.Domain;

namespace MokoCrm.Web.Modules.Stock.Features;

public sealed class WarehouseForm
{
    public string Reference { get; set; } = "";

    public string Label { get; set; } = "";

    public string? Description { get; set; }

    public string? Address { get; set; }

    public string? PostalCode { get; set; }

    public string? Town { get; set; }

    public string? CountryCode { get; set; }

    public WarehouseStatus Status { get; set; } = WarehouseStatus.Open;

    public long? ParentId { get; set; }

    public bool IsDefault { get; set; }
}

public sealed class WarehouseFormValidator : AbstractValidator<WarehouseForm>
{
    public WarehouseFormValidator()
    {
        RuleFor(f => f.Reference).NotEmpty().WithMessage("Enter a reference.").MaximumLength(64);
        RuleFor(f => f.Label).NotEmpty().WithMessage("Enter a label.").MaximumLength(255);
        RuleFor(f => f.Status).IsInEnum().WithMessage("Choose a status.");
        RuleFor(f => f.Address).MaximumLength(500);
        RuleFor(f => f.PostalCode).MaximumLength(20);
        RuleFor(f => f.Town).MaximumLength(100);
        RuleFor(f => f.CountryCode).Length(2).When(f => !string.IsNullOrWhiteSpace(f.CountryCode)).WithMessage("Use the 2-letter country code.");
        RuleFor(f => f.Description).MaximumLength(4000);
    }
}
