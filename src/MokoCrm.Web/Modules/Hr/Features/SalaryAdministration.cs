using FluentValidation;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Hr.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security.Domain;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.Web.Modules.Hr.Features;

public sealed class SalaryForm
{
    public long? EmployeeUserId { get; set; }

    public DateOnly PeriodStart { get; set; }

    public DateOnly PeriodEnd { get; set; }

    public decimal? Gross { get; set; }

    public decimal? NetToPay { get; set; }

    public string? Label { get; set; }
}

public sealed class SalaryFormValidator : AbstractValidator<SalaryForm>
{
    public SalaryFormValidator()
    {
        RuleFor(f => f.EmployeeUserId).NotEmpty().WithMessage("Choose the employee.");
        RuleFor(f => f.PeriodStart).NotEmpty().WithMessage("Enter the start of the period.");
        RuleFor(f => f.PeriodEnd).NotEmpty().WithMessage("Enter the end of the period.")
            .GreaterThanOrEqualTo(f => f.PeriodStart).WithMessage("The period ends before it starts.");
        RuleFor(f => f.Gross).NotNull().WithMessage("Enter the gross amount.").GreaterThan(0).WithMessage("The gross amount must be more than zero.");
        RuleFor(f => f.NetToPay).NotNull().WithMessage("Enter the net to pay.").GreaterThan(0).WithMessage("The net to pay must be more than zero.")
            .LessThanOrEqualTo(f => f.Gross).When(f => f.Gross is not null).WithMessage("The net to pay cannot be more than the gross amount.");
        RuleFor(f => f.Label).MaximumLength(255);
    }
}

public sealed class SalaryPaymentForm
{
    public DateOnly Date { get; set; }

    public long? BankAccountId { get; set; }
}

public sealed class SalaryPaymentFormValidator : AbstractValidator<SalaryPaymentForm>
{
    public SalaryPaymentFormValidator()
    {
        RuleFor(f => f.Date).NotEmpty().WithMessage("Enter the payment date.");
        RuleFor(f => f.BankAccountId).NotEmpty().WithMessage("Choose the bank account.");
    }
}

/// <summary>Recording and paying salaries; accounting posts each in the same transaction (its handlers).</summary>
public sealed class SalaryAdministration(AppDbContext db)
{
    public async Task<long> RecordAsync(SalaryForm form, CancellationToken cancellationToken = default)
    {
        var employee = await db.Set<AppUser>().AsNoTracking().Where(u => u.Id == form.EmployeeUserId)
                           .Select(u => new { u.Id, u.FullName, u.UserName, u.IsActive }).SingleOrDefaultAsync(cancellationToken)
                       ?? throw new DomainException("The employee does not exist.");
        var salary = new Salary(employee.Id, string.IsNullOrWhiteSpace(employee.FullName) ? employee.UserName ?? "" : employee.FullName, employee.UserName ?? "",
            form.PeriodStart, form.PeriodEnd, form.Gross ?? 0, form.NetToPay ?? 0, form.Label);
        db.Add(salary);
        salary.Record();
        await db.SaveChangesAsync(cancellationToken);
        return salary.Id;
    }

    public async Task PayAsync(long id, SalaryPaymentForm form, CancellationToken cancellationToken = default)
    {
        var salary = await db.Set<Salary>().SingleOrDefaultAsync(s => s.Id == id, cancellationToken) ?? throw new NotFoundException("The salary");
        var bank = await db.Set<BankAccount>().AsNoTracking().Where(b => b.Id == form.BankAccountId && b.Active)
                       .Select(b => new { b.Id, b.Label, b.AccountingAccount }).SingleOrDefaultAsync(cancellationToken)
                   ?? throw new DomainException("Choose an active bank account.");
        salary.Pay(form.Date, bank.Id, bank.Label, bank.AccountingAccount);
        await db.SaveChangesAsync(cancellationToken);
    }
}
