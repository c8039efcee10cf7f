using MokoCrm.Web.Platform.Events;

namespace MokoCrm.Web.Modules.Hr.Public.Events;

/// <summary>One line of an approved expense report: its fee type's account, amount excl. tax and deductible VAT.</summary>
public sealed record ExpenseReportLineData(DateOnly Date, string FeeType, string Account, string Label, decimal AmountExclTax, decimal VatRate, decimal VatAmount);

/// <summary>An expense report was approved: Accounting posts it in ER (fee accounts + 44566 / 421 the employee).</summary>
public sealed record ExpenseReportApproved(
    long ExpenseReportId,
    string Reference,
    long EmployeeUserId,
    string EmployeeName,
    string EmployeeCode,
    DateOnly Date,
    long ApprovedByUserId,
    decimal TotalExclTax,
    decimal TotalVat,
    decimal TotalInclTax,
    IReadOnlyList<ExpenseReportLineData> Lines) : IDomainEvent;

/// <summary>An approved expense report was paid to its employee from a bank account (BQ: 421 / the bank's account).</summary>
public sealed record ExpenseReportPaid(
    long ExpenseReportId,
    string Reference,
    long EmployeeUserId,
    string EmployeeName,
    string EmployeeCode,
    DateOnly Date,
    decimal Amount,
    long BankAccountId,
    string BankAccountingAccount) : IDomainEvent;
