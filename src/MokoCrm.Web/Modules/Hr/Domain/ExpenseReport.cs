using MokoCrm.Web.Modules.Hr.Public.Events;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Hr.Domain;

public enum ExpenseReportStatus
{
    Draft,
    Submitted,
    Approved,
    Refused,
    Paid,
}

/// <summary>The kinds of fees an employee may claim, each with the expense account it is posted to.</summary>
public static class FeeTypes
{
    public static readonly IReadOnlyList<(string Code, string Label, string Account)> All =
    [
        ("TRAVEL", "Travel (train, plane, taxi)", "625"),
        ("LODGING", "Lodging", "625"),
        ("MEALS", "Meals", "625"),
        ("MILEAGE", "Mileage allowance", "625"),
        ("SUPPLIES", "Small supplies", "604"),
    ];

    public static (string Code, string Label, string Account) Of(string code) =>
        All.FirstOrDefault(f => f.Code == code) is { Code: not null } found ? found : throw new DomainException($"Unknown fee type '{code}'.");
}

public sealed class ExpenseReportLine : Entity
{
    private ExpenseReportLine()
    {
    }

    internal ExpenseReportLine(int lineNumber, DateOnly date, string feeType, string label, decimal amountExclTax, decimal vatRate, decimal vatAmount)
    {
        var fee = FeeTypes.Of(feeType);
        if (amountExclTax <= 0 || vatAmount < 0 || decimal.Round(amountExclTax, 2) != amountExclTax || decimal.Round(vatAmount, 2) != vatAmount)
        {
            throw new DomainException("Each line needs a positive amount excl. tax and a VAT amount of at most 2 decimals.");
        }

        LineNumber = lineNumber;
        Date = date;
        FeeType = fee.Code;
        Account = fee.Account;
        Label = string.IsNullOrWhiteSpace(label) ? fee.Label : label.Trim();
        AmountExclTax = amountExclTax;
        VatRate = vatRate;
        VatAmount = vatAmount;
    }

    public long ExpenseReportId { get; private set; }

    public int LineNumber { get; private set; }

    public DateOnly Date { get; private set; }

    public string FeeType { get; private set; } = "";

    /// <summary>The fee type's account, frozen on the line.</summary>
    public string Account { get; private set; } = "";

    public string Label { get; private set; } = "";

    public decimal AmountExclTax { get; private set; }

    public decimal VatRate { get; private set; }

    public decimal VatAmount { get; private set; }
}

/// <summary>
/// An employee's expense report: draft → submitted (numbered) → approved by someone else with the right → paid;
/// or refused with a reason. Approval and payment are posted by Accounting in the same transaction.
/// </summary>
public sealed class ExpenseReport : Entity, IAudited
{
    private readonly List<ExpenseReportLine> _lines = [];

    private ExpenseReport()
    {
    }

    public ExpenseReport(long authorUserId, long employeeUserId, string employeeName, string employeeCode, DateOnly periodStart, DateOnly periodEnd)
    {
        if (periodEnd < periodStart)
        {
            throw new DomainException("The period ends before it starts.");
        }

        AuthorUserId = authorUserId;
        EmployeeUserId = employeeUserId;
        EmployeeName = employeeName;
        EmployeeCode = employeeCode;
        PeriodStart = periodStart;
        PeriodEnd = periodEnd;
    }

    public string? Reference { get; private set; }

    public long AuthorUserId { get; private set; }

    public long EmployeeUserId { get; private set; }

    public string EmployeeName { get; private set; } = "";

    public string EmployeeCode { get; private set; } = "";

    public DateOnly PeriodStart { get; private set; }

    public DateOnly PeriodEnd { get; private set; }

    public ExpenseReportStatus Status { get; private set; } = ExpenseReportStatus.Draft;

    public long? ApprovedByUserId { get; private set; }

    public DateOnly? ApprovedOn { get; private set; }

    public string? RefusalReason { get; private set; }

    public DateOnly? PaidOn { get; private set; }

    public long? BankAccountId { get; private set; }

    public IReadOnlyList<ExpenseReportLine> Lines => _lines;

    public decimal TotalExclTax => _lines.Sum(l => l.AmountExclTax);

    public decimal TotalVat => _lines.Sum(l => l.VatAmount);

    public decimal TotalInclTax => TotalExclTax + TotalVat;

    public string DisplayReference => Reference ?? $"(PROV{Id})";

    public void AddLine(DateOnly date, string feeType, string label, decimal amountExclTax, decimal vatRate, decimal vatAmount)
    {
        EnsureDraft();
        _lines.Add(new ExpenseReportLine(_lines.Count + 1, date, feeType, label, amountExclTax, vatRate, vatAmount));
    }

    public void Submit(string reference)
    {
        EnsureDraft();
        if (_lines.Count == 0)
        {
            throw new DomainException("An expense report without lines cannot be submitted.");
        }

        Reference = reference;
        Status = ExpenseReportStatus.Submitted;
    }

    public void Approve(long approverUserId, DateOnly date)
    {
        if (Status != ExpenseReportStatus.Submitted)
        {
            throw new DomainException($"{DisplayReference} is {Status.ToString().ToLowerInvariant()}: only a submitted report can be approved.");
        }

        if (approverUserId == AuthorUserId || approverUserId == EmployeeUserId)
        {
            throw new DomainException($"{DisplayReference} cannot be approved by its author: another person with the approval right must approve it.");
        }

        Status = ExpenseReportStatus.Approved;
        ApprovedByUserId = approverUserId;
        ApprovedOn = date;
        Raise(new ExpenseReportApproved(Id, Reference!, EmployeeUserId, EmployeeName, EmployeeCode, date, approverUserId, TotalExclTax, TotalVat, TotalInclTax,
            _lines.OrderBy(l => l.LineNumber).Select(l => new ExpenseReportLineData(l.Date, l.FeeType, l.Account, l.Label, l.AmountExclTax, l.VatRate, l.VatAmount)).ToList()));
    }

    public void Refuse(long userId, string reason)
    {
        if (Status != ExpenseReportStatus.Submitted)
        {
            throw new DomainException($"{DisplayReference} is {Status.ToString().ToLowerInvariant()}: only a submitted report can be refused.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("Say why the expense report is refused.");
        }

        if (userId == AuthorUserId || userId == EmployeeUserId)
        {
            throw new DomainException($"{DisplayReference} cannot be refused by its author.");
        }

        Status = ExpenseReportStatus.Refused;
        RefusalReason = reason.Trim();
    }

    public void Pay(DateOnly date, long bankAccountId, string bankAccountingAccount)
    {
        if (Status != ExpenseReportStatus.Approved)
        {
            throw new DomainException($"{DisplayReference} is {Status.ToString().ToLowerInvariant()}: only an approved report can be paid.");
        }

        Status = ExpenseReportStatus.Paid;
        PaidOn = date;
        BankAccountId = bankAccountId;
        Raise(new ExpenseReportPaid(Id, Reference!, EmployeeUserId, EmployeeName, EmployeeCode, date, TotalInclTax, bankAccountId, bankAccountingAccount));
    }

    private void EnsureDraft()
    {
        if (Status != ExpenseReportStatus.Draft)
        {
            throw new DomainException($"{DisplayReference} is no longer a draft.");
        }
    }
}
