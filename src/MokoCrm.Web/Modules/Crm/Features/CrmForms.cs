using FluentValidation;
using MokoCrm.Web.Modules.Crm.Domain;

namespace MokoCrm.Web.Modules.Crm.Features;

public sealed class ThirdPartyForm
{
    public string Name { get; set; } = "";

    public string? Alias { get; set; }

    public bool IsCustomer { get; set; }

    public bool IsProspect { get; set; }

    public bool IsSupplier { get; set; }

    public string? Address { get; set; }

    public string? PostalCode { get; set; }

    public string? Town { get; set; }

    public string CountryCode { get; set; } = "FR";

    public long? RegionId { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    public string? Website { get; set; }

    public string? VatId { get; set; }

    public bool VatLiable { get; set; } = true;

    public long? PaymentTermId { get; set; }

    public long? PaymentMethodId { get; set; }

    public decimal? DefaultDiscountPercent { get; set; }

    public decimal? CreditLimit { get; set; }

    public long? ParentId { get; set; }

    public ProspectStatus ProspectStatus { get; set; } = ProspectStatus.NeverContacted;

    public string? AccountingCode { get; set; }

    public List<long> SalesRepresentativeIds { get; set; } = [];

    /// <summary>Ticked after the duplicate warning: the user knows and creates the record anyway.</summary>
    public bool CreateAnyway { get; set; }
}

public sealed class ThirdPartyFormValidator : AbstractValidator<ThirdPartyForm>
{
    public ThirdPartyFormValidator()
    {
        RuleFor(f => f.Name).NotEmpty().WithMessage("Enter the name of the third party.").MaximumLength(200);
        RuleFor(f => f.Alias).MaximumLength(200);
        RuleFor(f => f.IsCustomer).Equal(true).When(f => !f.IsProspect && !f.IsSupplier)
            .WithMessage("Tick at least one of customer, prospect or supplier.");
        RuleFor(f => f.CountryCode).NotEmpty().WithMessage("Choose the country.").Length(2).WithMessage("Choose the country.");
        RuleFor(f => f.Email).EmailAddress().When(f => !string.IsNullOrWhiteSpace(f.Email)).WithMessage("Enter a valid e-mail address.").MaximumLength(200);
        RuleFor(f => f.Website).Must(w => Uri.TryCreate(w, UriKind.Absolute, out var u) && (u.Scheme == "http" || u.Scheme == "https"))
            .When(f => !string.IsNullOrWhiteSpace(f.Website)).WithMessage("Enter a full web address, e.g. https://example.com.");
        RuleFor(f => f.VatId).Must(v => System.Text.RegularExpressions.Regex.IsMatch(ThirdParty.NormalizeVatId(v)!, "^[A-Z]{2}[A-Z0-9+*]{2,13}$")).When(f => !string.IsNullOrWhiteSpace(f.VatId))
            .WithMessage("A VAT id starts with the country's two letters followed by 2 to 13 letters or digits, e.g. FR40123456824.");
        RuleFor(f => f.DefaultDiscountPercent).InclusiveBetween(0m, 100m).WithMessage("The default discount is between 0 and 100 %.");
        RuleFor(f => f.CreditLimit).GreaterThanOrEqualTo(0m).WithMessage("The credit limit cannot be negative.");
        RuleFor(f => f.ProspectStatus).IsInEnum().WithMessage("Choose a prospect status.");
        // The default subledger account is "411" + the customer code, and codes carry a dash (411CU2611-0001): the
        // form must accept what the record itself proposes, or no customer could be saved again unchanged.
        RuleFor(f => f.AccountingCode).Matches(ThirdParty.AccountingCodePattern).When(f => !string.IsNullOrWhiteSpace(f.AccountingCode))
            .WithMessage("An account number contains letters, digits, dashes and dots only, e.g. 411CU2611-0001.").MaximumLength(40);
    }
}

public sealed class ContactForm
{
    public long? ThirdPartyId { get; set; }

    public string? FirstName { get; set; }

    public string LastName { get; set; } = "";

    public string? JobTitle { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? Mobile { get; set; }

    public bool Active { get; set; } = true;

    public bool NoEmail { get; set; }
}

public sealed class ContactFormValidator : AbstractValidator<ContactForm>
{
    public ContactFormValidator()
    {
        RuleFor(f => f.LastName).NotEmpty().WithMessage("Enter the contact's last name.").MaximumLength(100);
        RuleFor(f => f.FirstName).MaximumLength(100);
        RuleFor(f => f.JobTitle).MaximumLength(100);
        RuleFor(f => f.Email).EmailAddress().When(f => !string.IsNullOrWhiteSpace(f.Email)).WithMessage("Enter a valid e-mail address.").MaximumLength(200);
    }
}
