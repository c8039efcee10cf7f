using MokoCrm.Web.Platform.Events;

namespace MokoCrm.Web.Modules.Hr.Public.Events;

/// <summary>A salary was recorded: what Accounting posts in OD (641 gross / 421 net / 431 the difference).</summary>
public sealed record SalaryRecorded(
    long SalaryId,
    string Reference,
    long EmployeeUserId,
    string EmployeeName,
    string EmployeeCode,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    DateOnly Date,
    decimal Gross,
    decimal NetToPay,
    decimal SocialCharges) : IDomainEvent;

/// <summary>A salary was paid from a bank account: what Accounting posts in BQ (421 / the bank's account).</summary>
public sealed record SalaryPaid(
    long SalaryId,
    string Reference,
    long EmployeeUserId,
    string EmployeeName,
    string EmployeeCode,
    DateOnly Date,
    decimal Amount,
    long BankAccountId,
    string BankAccountLabel,
    string BankAccountingAccount) : IDomainEvent;
