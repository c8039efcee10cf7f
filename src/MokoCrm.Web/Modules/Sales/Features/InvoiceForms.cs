using FluentValidation;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Sales.Features;

/// <summary>The header of an invoice draft (a blank invoice or deposit, or an edit of any draft).</summary>
public sealed class InvoiceForm
{
    public InvoiceKind Kind { get; set; } = InvoiceKind.Standard;

    public long? ThirdPartyId { get; set; }

    public long? CustomerContactId { get; set; }

    public long? BillingContactId { get; set; }

    public long? ShippingContactId { get; set; }

    public DateOnly? Date { get; set; }

    public long? PaymentTermId { get; set; }

    public long? PaymentMethodId { get; set; }

    public string? PublicNote { get; set; }

    public string? PrivateNote { get; set; }
}

/// <summary>"Create invoice" on one or more validated orders: a quantity per order line (empty: all that is left to bill).</summary>
public sealed class InvoiceFromOrdersForm
{
    public List<long> OrderIds { get; set; } = [];

    /// <summary>Order line id → quantity to bill now; lines left out bill what is left.</summary>
    public Dictionary<long, decimal> Quantities { get; set; } = [];
}

/// <summary>A deposit invoice from a proposal or order: a percentage of its amounts, or an amount excl. tax.</summary>
public sealed class DepositForm
{
    public decimal? Percent { get; set; }

    public decimal? Amount { get; set; }
}

/// <summary>A credit note of a validated invoice: every line (nothing chosen) or the quantities chosen per line.</summary>
public sealed class CreditNoteForm
{
    public Dictionary<long, decimal> Quantities { get; set; } = [];
}

public sealed class AbandonForm
{
    public AbandonReason? Reason { get; set; }

    public string? Note { get; set; }
}

/// <summary>A customer payment: amount, date, bank account, method, reference and the share per open invoice.</summary>
public sealed class PaymentForm
{
    public long? ThirdPartyId { get; set; }

    public DateOnly? Date { get; set; }

    public decimal? Amount { get; set; }

    public long? BankAccountId { get; set; }

    public long? PaymentMethodId { get; set; }

    public string? Reference { get; set; }

    public string? Note { get; set; }

    /// <summary>Invoice id → amount; empty: the amount is spread over the open invoices, oldest due first.</summary>
    public Dictionary<long, decimal> Shares { get; set; } = [];
}

public sealed class InvoiceFormValidator : AbstractValidator<InvoiceForm>
{
    public InvoiceFormValidator()
    {
        RuleFor(f => f.Kind).IsInEnum().WithMessage("Choose the kind of invoice.");
        RuleFor(f => f.ThirdPartyId).NotNull().WithMessage("Choose the customer.");
        RuleFor(f => f.Date).NotNull().WithMessage("Enter the date of the invoice.");
        RuleFor(f => f.PublicNote).MaximumLength(10_000);
        RuleFor(f => f.PrivateNote).MaximumLength(10_000);
    }
}

/// <summary>
/// A deposit asks for a percentage or an amount excl. tax, not both; the amount is at most the source's total excl.
/// tax, which the handler passes in the root context data once it has read the source (the screen and the API go
/// through the handler, so the rules are checked here only).
/// </summary>
public sealed class DepositFormValidator : AbstractValidator<DepositForm>
{
    /// <summary>Root context data key: the source's total excl. tax (decimal).</summary>
    public const string SourceTotalExclTax = nameof(SourceTotalExclTax);

    public DepositFormValidator()
    {
        RuleFor(f => f.Percent).NotNull().When(f => f.Amount is null).WithMessage("Enter either a percentage or an amount for the deposit.");
        RuleFor(f => f.Amount).Null().When(f => f.Percent is not null).WithMessage("Enter either a percentage or an amount for the deposit, not both.");
        RuleFor(f => f.Percent).Must(p => p is null or > 0m and <= 100m).WithMessage("The deposit percentage is more than 0 and at most 100.");
        RuleFor(f => f.Amount).Must(a => a is null || (a > 0m && Amounts.HasAtMostDecimals(a.Value, Amounts.AmountDecimals)))
            .WithMessage("The deposit amount is more than 0, with at most 2 decimals.");
        RuleFor(f => f.Amount).Must((_, amount, context) =>
            {
                if (amount is null || !context.RootContextData.TryGetValue(SourceTotalExclTax, out var known) || known is not decimal total)
                {
                    return true;
                }

                context.MessageFormatter.AppendArgument("Total", PaymentAllocator.Money(total));
                return amount <= total;
            })
            .WithMessage("The deposit amount is at most the total excl. tax ({Total}).");
    }
}

public sealed class PaymentFormValidator : AbstractValidator<PaymentForm>
{
    public PaymentFormValidator()
    {
        RuleFor(f => f.ThirdPartyId).NotNull().WithMessage("Choose the customer.");
        RuleFor(f => f.Date).NotNull().WithMessage("Enter the date of the payment.");
        RuleFor(f => f.Amount).NotNull().WithMessage("Enter the amount.")
            .NotEqual(0m).WithMessage("The amount of the payment cannot be zero.")
            .Must(a => a is null || Amounts.HasAtMostDecimals(a.Value, Amounts.AmountDecimals)).WithMessage("The amount of the payment has at most 2 decimals.");
        RuleFor(f => f.BankAccountId).NotNull().WithMessage("Choose the bank account.");
        RuleFor(f => f.Reference).MaximumLength(100);
        RuleFor(f => f.Note).MaximumLength(1000);
    }
}
