using FluentValidation;
using MokoCrm.Web.Modules.Crm.Domain;

namespace MokoCrm.Web.Modules.Crm.Features;

public sealed class LeadForm
{
    public string Title { get; set; } = "";

    public long? ThirdPartyId { get; set; }

    public string? CompanyName { get; set; }

    public long? ContactId { get; set; }

    public string? ContactName { get; set; }

    public string? ContactEmail { get; set; }

    public string? ContactPhone { get; set; }

    public decimal? ExpectedAmount { get; set; }

    /// <summary>Chosen on creation only; afterwards the stage moves through its own actions.</summary>
    public LeadStage Stage { get; set; } = LeadStage.Prospection;

    /// <summary>Empty: the stage's default.</summary>
    public int? Probability { get; set; }

    public DateOnly? ExpectedCloseDate { get; set; }

    public long? OwnerUserId { get; set; }
}

public sealed class LeadFormValidator : AbstractValidator<LeadForm>
{
    public LeadFormValidator()
    {
        RuleFor(f => f.Title).NotEmpty().WithMessage("Enter the title of the lead.").MaximumLength(200);
        RuleFor(f => f.CompanyName).NotEmpty().When(f => f.ThirdPartyId is null)
            .WithMessage("Choose a third party or enter the company's name.").MaximumLength(200);
        RuleFor(f => f.ContactName).MaximumLength(100).WithMessage("The contact's name is at most 100 characters.");
        RuleFor(f => f.ContactEmail).EmailAddress().When(f => !string.IsNullOrWhiteSpace(f.ContactEmail))
            .WithMessage("Enter a valid e-mail address.").MaximumLength(200);
        RuleFor(f => f.ContactPhone).MaximumLength(40);
        RuleFor(f => f.ExpectedAmount).GreaterThanOrEqualTo(0m).WithMessage("The expected amount cannot be negative.")
            .LessThan(10_000_000_000_000_000m).WithMessage("The expected amount is too large.");
        RuleFor(f => f.Probability).InclusiveBetween(0, 100).WithMessage("The probability is between 0 and 100 %.");
        RuleFor(f => f.Stage).IsInEnum().Must(s => Lead.StatusOf(s) == LeadStatus.Open).WithMessage("Choose an open stage.");
    }
}
