using FluentValidation;

namespace MokoCrm.Web.Platform.Setup.Features;

public sealed class CompanyForm
{
    public string Name { get; set; } = "";

    public string? Address { get; set; }

    public string? PostalCode { get; set; }

    public string? Town { get; set; }

    public string CountryCode { get; set; } = "FR";

    public long? RegionId { get; set; }

    public string? VatId { get; set; }

    public string? RegistrationNumber { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    public string? Website { get; set; }

    public int FiscalYearStartMonth { get; set; } = 1;

    public string? LegalLine { get; set; }

    public IFormFile? Logo { get; set; }

    public bool RemoveLogo { get; set; }
}

public sealed class CompanyFormValidator : AbstractValidator<CompanyForm>
{
    public CompanyFormValidator()
    {
        RuleFor(f => f.Name).NotEmpty().WithMessage("Enter the company name.").MaximumLength(200);
        RuleFor(f => f.CountryCode).NotEmpty().WithMessage("Choose the country.").Length(2);
        RuleFor(f => f.Email).EmailAddress().When(f => !string.IsNullOrWhiteSpace(f.Email)).WithMessage("Enter a valid e-mail address.");
        RuleFor(f => f.Website).Must(w => Uri.TryCreate(w, UriKind.Absolute, out var u) && (u.Scheme == "http" || u.Scheme == "https"))
            .When(f => !string.IsNullOrWhiteSpace(f.Website)).WithMessage("Enter a full web address, e.g. https://example.com.");
        RuleFor(f => f.FiscalYearStartMonth).InclusiveBetween(1, 12).WithMessage("Choose the month the fiscal year starts in.");
        RuleFor(f => f.Logo).Must(l => l is null || l.Length <= 1024 * 1024).WithMessage("The logo may be at most 1 MB.")
            .Must(l => l is null || l.ContentType is "image/png" or "image/jpeg").WithMessage("The logo must be a PNG or JPEG image.");
    }
}

public sealed class VatRateForm
{
    public decimal? Rate { get; set; }

    public string Label { get; set; } = "";

    public bool IsDefault { get; set; }

    public bool Active { get; set; } = true;
}

public sealed class VatRateFormValidator : AbstractValidator<VatRateForm>
{
    public VatRateFormValidator()
    {
        RuleFor(f => f.Rate).NotNull().WithMessage("Enter the rate in percent.")
            .InclusiveBetween(0m, 100m).WithMessage("A VAT rate is between 0 and 100 %.")
            .Must(r => r is null || decimal.Round(r.Value, 3) == r.Value).WithMessage("Use at most 3 decimals.");
        RuleFor(f => f.Label).NotEmpty().WithMessage("Enter a label, e.g. \"20 % (standard)\".").MaximumLength(50);
        RuleFor(f => f.Active).Equal(true).When(f => f.IsDefault).WithMessage("The default rate must be active.");
    }
}

public sealed class PaymentTermForm
{
    public string Code { get; set; } = "";

    public string Label { get; set; } = "";

    public int? Days { get; set; }

    public bool EndOfMonth { get; set; }

    public int SortOrder { get; set; }

    public bool Active { get; set; } = true;
}

public sealed class PaymentTermFormValidator : AbstractValidator<PaymentTermForm>
{
    public PaymentTermFormValidator()
    {
        RuleFor(f => f.Code).NotEmpty().WithMessage("Enter a short code, e.g. 45D.").MaximumLength(20)
            .Matches("^[A-Za-z0-9_-]+$").WithMessage("A code may contain letters, digits, _ and - only.");
        RuleFor(f => f.Label).NotEmpty().WithMessage("Enter a label.").MaximumLength(100);
        RuleFor(f => f.Days).NotNull().WithMessage("Enter the number of days (0 for on receipt).")
            .InclusiveBetween(0, 365).WithMessage("The number of days is between 0 and 365.");
    }
}

public sealed class PaymentMethodForm
{
    public string Code { get; set; } = "";

    public string Label { get; set; } = "";

    public bool Active { get; set; } = true;
}

public sealed class PaymentMethodFormValidator : AbstractValidator<PaymentMethodForm>
{
    public PaymentMethodFormValidator()
    {
        RuleFor(f => f.Code).NotEmpty().WithMessage("Enter a short code, e.g. PAYPAL.").MaximumLength(20)
            .Matches("^[A-Za-z0-9_-]+$").WithMessage("A code may contain letters, digits, _ and - only.");
        RuleFor(f => f.Label).NotEmpty().WithMessage("Enter a label.").MaximumLength(100);
    }
}

public sealed class BankAccountForm
{
    public string Label { get; set; } = "";

    public string? BankName { get; set; }

    public string? Iban { get; set; }

    public string? Bic { get; set; }

    public string AccountingAccount { get; set; } = "512";

    /// <summary>Its accounting journal; blank takes the next free bank code (BQ, BQ2 ...).</summary>
    public string? JournalCode { get; set; }

    public bool Active { get; set; } = true;
}

public sealed class BankAccountFormValidator : AbstractValidator<BankAccountForm>
{
    public BankAccountFormValidator()
    {
        RuleFor(f => f.Label).NotEmpty().WithMessage("Enter a label, e.g. \"Main account\".").MaximumLength(100);
        RuleFor(f => f.Iban).Must(Setup.Iban.IsValid).When(f => !string.IsNullOrWhiteSpace(f.Iban))
            .WithMessage("This IBAN is not valid: check the digits (the checksum does not match).");
        RuleFor(f => f.Bic).Matches("^[A-Za-z]{6}[A-Za-z0-9]{2}([A-Za-z0-9]{3})?$").When(f => !string.IsNullOrWhiteSpace(f.Bic))
            .WithMessage("A BIC has 8 or 11 letters and digits, e.g. AGRIFRPP.");
        RuleFor(f => f.AccountingAccount).NotEmpty().WithMessage("Enter the accounting account (512 for a bank).")
            .Matches("^[0-9A-Za-z]+$").WithMessage("An account number contains letters and digits only.").MaximumLength(20);
        RuleFor(f => f.JournalCode).Matches("^[0-9A-Za-z]{1,10}$").When(f => !string.IsNullOrWhiteSpace(f.JournalCode))
            .WithMessage("A journal code has 1 to 10 letters and digits, e.g. BQ2.");
    }
}

public sealed class FiscalYearForm
{
    public string Label { get; set; } = "";

    public DateOnly? StartDate { get; set; }

    public DateOnly? EndDate { get; set; }
}

public sealed class FiscalYearFormValidator : AbstractValidator<FiscalYearForm>
{
    public FiscalYearFormValidator()
    {
        RuleFor(f => f.Label).NotEmpty().WithMessage("Enter a label, e.g. FY2027.").MaximumLength(50);
        RuleFor(f => f.StartDate).NotNull().WithMessage("Enter the first day.");
        RuleFor(f => f.EndDate).NotNull().WithMessage("Enter the last day.")
            .GreaterThan(f => f.StartDate).When(f => f.StartDate is not null).WithMessage("The last day must come after the first day.");
    }
}

public sealed class LockedPeriodForm
{
    public DateOnly? FromDate { get; set; }

    public DateOnly? ToDate { get; set; }

    public string Reason { get; set; } = "";
}

public sealed class LockedPeriodFormValidator : AbstractValidator<LockedPeriodForm>
{
    public LockedPeriodFormValidator()
    {
        RuleFor(f => f.FromDate).NotNull().WithMessage("Enter the first locked day.");
        RuleFor(f => f.ToDate).NotNull().WithMessage("Enter the last locked day.")
            .GreaterThanOrEqualTo(f => f.FromDate).When(f => f.FromDate is not null).WithMessage("The last day cannot come before the first day.");
        RuleFor(f => f.Reason).NotEmpty().WithMessage("Say why the period is locked, e.g. \"VAT return filed\".").MaximumLength(200);
    }
}

public sealed class RegionForm
{
    public string CountryCode { get; set; } = "";

    public string Code { get; set; } = "";

    public string Name { get; set; } = "";
}

public sealed class RegionFormValidator : AbstractValidator<RegionForm>
{
    public RegionFormValidator()
    {
        RuleFor(f => f.CountryCode).NotEmpty().WithMessage("Choose the country.");
        RuleFor(f => f.Code).NotEmpty().WithMessage("Enter the region code.").MaximumLength(20);
        RuleFor(f => f.Name).NotEmpty().WithMessage("Enter the region name.").MaximumLength(100);
    }
}
