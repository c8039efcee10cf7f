using FluentValidation;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Hr.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Numbering;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Domain;
using MokoCrm.Web.Platform.Setup;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.Web.Modules.Hr.Features;

public sealed class ExpenseLineForm
{
    public DateOnly? Date { get; set; }

    public string? FeeType { get; set; }

    public string? Label { get; set; }

    public decimal? AmountExclTax { get; set; }

    public decimal? VatRate { get; set; }

    public decimal? VatAmount { get; set; }
}

public sealed class ExpenseReportForm
{
    public long? EmployeeUserId { get; set; }

    public DateOnly PeriodStart { get; set; }

    public DateOnly PeriodEnd { get; set; }

    public List<ExpenseLineForm> Lines { get; set; } = [];
}

public sealed class ExpenseReportFormValidator : AbstractValidator<ExpenseReportForm>
{
    public ExpenseReportFormValidator()
    {
        RuleFor(f => f.EmployeeUserId).NotEmpty().WithMessage("Choose the employee.");
        RuleFor(f => f.PeriodStart).NotEmpty().WithMessage("Enter the start of the period.");
        RuleFor(f => f.PeriodEnd).NotEmpty().WithMessage("Enter the end of the period.").GreaterThanOrEqualTo(f => f.PeriodStart).WithMessage("The period ends before it starts.");
        RuleForEach(f => f.Lines).ChildRules(line =>
        {
            line.RuleFor(l => l.AmountExclTax).GreaterThan(0).When(l => l.AmountExclTax is not null).WithMessage("An amount must be more than zero.");
            line.RuleFor(l => l.VatAmount).GreaterThanOrEqualTo(0).When(l => l.VatAmount is not null).WithMessage("VAT cannot be negative.");
            line.RuleFor(l => l.Label).MaximumLength(255);
        });
    }
}

/// <summary>The expense report workflow; each step in one transaction (approval and payment are posted with it).</summary>
public sealed class ExpenseReportAdministration(AppDbContext db, INumberingService numbering, FiscalCalendar calendar, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<long> CreateAsync(ExpenseReportForm form, CancellationToken cancellationToken = default)
    {
        var employee = await db.Set<AppUser>().AsNoTracking().Where(u => u.Id == form.EmployeeUserId)
                           .Select(u => new { u.Id, u.FullName, u.UserName }).SingleOrDefaultAsync(cancellationToken)
                       ?? throw new DomainException("The employee does not exist.");
        var report = new ExpenseReport(currentUser.UserId ?? employee.Id, employee.Id, employee.FullName == "" ? employee.UserName ?? "" : employee.FullName,
            employee.UserName ?? "", form.PeriodStart, form.PeriodEnd);
        foreach (var line in form.Lines.Where(l => l.AmountExclTax is not null))
        {
            report.AddLine(line.Date ?? form.PeriodStart, line.FeeType ?? "", line.Label ?? "", line.AmountExclTax!.Value, line.VatRate ?? 0, line.VatAmount ?? 0);
        }

        if (report.Lines.Count == 0)
        {
            throw new DomainException("Enter at least one line with an amount.");
        }

        db.Add(report);
        await db.SaveChangesAsync(cancellationToken);
        return report.Id;
    }

    /// <summary>Submission numbers the report (ER2611-0001), in the transaction that submits it.</summary>
    public async Task SubmitAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var report = await FindAsync(id, cancellationToken);
        var today = Today();
        await calendar.EnsureOpenAsync(today, cancellationToken: cancellationToken);
        report.Submit(await numbering.NextAsync(NumberedDocumentTypes.ExpenseReport, today, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task ApproveAsync(long id, CancellationToken cancellationToken = default)
    {
        var report = await FindAsync(id, cancellationToken);
        report.Approve(currentUser.UserId ?? 0, Today());
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task RefuseAsync(long id, string reason, CancellationToken cancellationToken = default)
    {
        var report = await FindAsync(id, cancellationToken);
        report.Refuse(currentUser.UserId ?? 0, reason);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task PayAsync(long id, SalaryPaymentForm form, CancellationToken cancellationToken = default)
    {
        var report = await FindAsync(id, cancellationToken);
        var bank = await db.Set<BankAccount>().AsNoTracking().Where(b => b.Id == form.BankAccountId && b.Active)
                       .Select(b => new { b.Id, b.AccountingAccount }).SingleOrDefaultAsync(cancellationToken)
                   ?? throw new DomainException("Choose an active bank account.");
        report.Pay(form.Date, bank.Id, bank.AccountingAccount);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<ExpenseReport> FindAsync(long id, CancellationToken cancellationToken) =>
        await db.Set<ExpenseReport>().Include(e => e.Lines).SingleOrDefaultAsync(e => e.Id == id, cancellationToken) ?? throw new NotFoundException("The expense report");

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
