using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Hr.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Hr.Queries;

public sealed record ExpenseReportRow
{
    public long Id { get; init; }

    public string Reference { get; init; } = "";

    public string Employee { get; init; } = "";

    public DateOnly PeriodStart { get; init; }

    public decimal Total { get; init; }

    public string Status { get; init; } = "";
}

public sealed record ExpenseReportListViewModel(IListPage List, string? Status);

public sealed record ExpenseReportCardViewModel(ExpenseReport Report, string? ApprovedBy, IReadOnlyList<Choice> BankAccounts);

/// <summary>Read side of the expense report screens.</summary>
public sealed class ExpenseReportQueries(AppDbContext db, SalaryQueries salaries)
{
    public static readonly ListDefinition<ExpenseReportRow> List = new ListDefinition<ExpenseReportRow>("expense-reports", e => e.Id)
        .Column("reference", "Reference", e => e.Reference, c => c.Link = e => $"/Hr/ExpenseReports/{e.Id}")
        .Column("employee", "Employee", e => e.Employee)
        .Column("start", "Period from", e => e.PeriodStart)
        .Column("total", "Total incl. tax", e => e.Total, c => { c.Numeric = true; c.Format = "N2"; c.Sortable = false; c.Total = true; })
        .Column("status", "Status", e => e.Status, c => c.Badge = e => e.Status switch { "Paid" => "success", "Approved" => "primary", "Refused" => "danger", "Submitted" => "warning", _ => "secondary" })
        .SortedBy("start", descending: true)
        .Searching((rows, q) => rows.Where(e => EF.Functions.ILike(e.Employee, "%" + q + "%") || EF.Functions.ILike(e.Reference, q + "%")));

    public IQueryable<ExpenseReportRow> Reports(ExpenseReportStatus? status) =>
        db.Set<ExpenseReport>().AsNoTracking().Where(e => status == null || e.Status == status).Select(e => new ExpenseReportRow
        {
            Id = e.Id, Reference = e.Reference ?? "(PROV" + e.Id + ")", Employee = e.EmployeeName, PeriodStart = e.PeriodStart,
            Total = e.Lines.Sum(l => l.AmountExclTax + l.VatAmount), Status = e.Status.ToString(),
        });

    public async Task<ExpenseReportCardViewModel?> CardAsync(long id, CancellationToken cancellationToken = default)
    {
        var report = await db.Set<ExpenseReport>().AsNoTracking().Include(e => e.Lines).SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (report is null)
        {
            return null;
        }

        var approver = report.ApprovedByUserId is { } approverId
            ? await db.Set<MokoCrm.Web.Platform.Security.Domain.AppUser>().Where(u => u.Id == approverId).Select(u => u.FullName).SingleOrDefaultAsync(cancellationToken)
            : null;
        return new ExpenseReportCardViewModel(report, approver, await salaries.BankAccountsAsync(cancellationToken));
    }
}
