using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Hr.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security.Domain;
using MokoCrm.Web.Platform.Setup.Domain;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Hr.Queries;

public sealed record SalaryRow
{
    public long Id { get; init; }

    public string Employee { get; init; } = "";

    public DateOnly PeriodStart { get; init; }

    public DateOnly PeriodEnd { get; init; }

    public decimal Gross { get; init; }

    public decimal NetToPay { get; init; }

    public string Status { get; init; } = "";
}

public sealed record Choice(long Id, string Text);

public sealed record SalaryListViewModel(IListPage List, string? Status);

public sealed record SalaryCardViewModel(Salary Salary, string? BankAccount, IReadOnlyList<Choice> BankAccounts);

/// <summary>Read side of the salary screens.</summary>
public sealed class SalaryQueries(AppDbContext db)
{
    public static readonly ListDefinition<SalaryRow> List = new ListDefinition<SalaryRow>("salaries", s => s.Id)
        .Column("employee", "Employee", s => s.Employee, c => c.Link = s => $"/Hr/Salaries/{s.Id}")
        .Column("start", "Period from", s => s.PeriodStart)
        .Column("end", "to", s => s.PeriodEnd)
        .Column("gross", "Gross", s => s.Gross, c => { c.Numeric = true; c.Format = "N2"; c.Total = true; })
        .Column("net", "Net to pay", s => s.NetToPay, c => { c.Numeric = true; c.Format = "N2"; c.Total = true; })
        .Column("status", "Status", s => s.Status, c => c.Badge = s => s.Status == "Paid" ? "success" : "warning")
        .SortedBy("start", descending: true)
        .Searching((rows, q) => rows.Where(s => EF.Functions.ILike(s.Employee, "%" + q + "%")));

    public IQueryable<SalaryRow> Salaries(SalaryStatus? status) =>
        db.Set<Salary>().AsNoTracking().Where(s => status == null || s.Status == status).Select(s => new SalaryRow
        {
            Id = s.Id, Employee = s.EmployeeName, PeriodStart = s.PeriodStart, PeriodEnd = s.PeriodEnd, Gross = s.Gross, NetToPay = s.NetToPay,
            Status = s.Status == SalaryStatus.Paid ? "Paid" : "Unpaid",
        });

    public async Task<SalaryCardViewModel?> CardAsync(long id, CancellationToken cancellationToken = default)
    {
        var salary = await db.Set<Salary>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (salary is null)
        {
            return null;
        }

        var bank = salary.BankAccountId is { } bankId
            ? await db.Set<BankAccount>().Where(b => b.Id == bankId).Select(b => b.Label).SingleOrDefaultAsync(cancellationToken)
            : null;
        return new SalaryCardViewModel(salary, bank, await BankAccountsAsync(cancellationToken));
    }

    /// <summary>Active users (a company has tens of them, bounded anyway).</summary>
    public async Task<IReadOnlyList<Choice>> EmployeesAsync(CancellationToken cancellationToken = default) =>
        await db.Set<AppUser>().AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.FullName).ThenBy(u => u.UserName).Take(1000)
            .Select(u => new Choice(u.Id, u.FullName == "" ? u.UserName! : u.FullName + " (" + u.UserName + ")")).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<Choice>> BankAccountsAsync(CancellationToken cancellationToken = default) =>
        await db.Set<BankAccount>().AsNoTracking().Where(b => b.Active).OrderBy(b => b.Label).Take(200)
            .Select(b => new Choice(b.Id, b.Label + " (" + b.AccountingAccount + ")")).ToListAsync(cancellationToken);
}
