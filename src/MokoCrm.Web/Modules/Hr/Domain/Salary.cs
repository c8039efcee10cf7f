using MokoCrm.Web.Modules.Hr.Public.Events;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Hr.Domain;

public enum SalaryStatus
{
    Unpaid,
    Paid,
}

/// <summary>
/// A salary of an employee (a user) for a period. Recorded once (Accounting posts it in the same transaction), then
/// paid once from a bank account. Its figures never change after recording: a mistake is cancelled in accounting.
/// </summary>
public sealed class Salary : Entity, IAudited
{
    private Salary()
    {
    }

    public Salary(long employeeUserId, string employeeName, string employeeCode, DateOnly periodStart, DateOnly periodEnd, decimal gross, decimal netToPay, string? label)
    {
        if (periodEnd < periodStart)
        {
            throw new DomainException("The period ends before it starts.");
        }

        if (gross <= 0)
        {
            throw new DomainException("The gross amount must be more than zero.");
        }

        if (netToPay <= 0 || netToPay > gross)
        {
            throw new DomainException("The net to pay must be more than zero and at most the gross amount.");
        }

        if (decimal.Round(gross, 2) != gross || decimal.Round(netToPay, 2) != netToPay)
        {
            throw new DomainException("Amounts have at most 2 decimals.");
        }

        EmployeeUserId = employeeUserId;
        EmployeeName = employeeName;
        EmployeeCode = employeeCode;
        PeriodStart = periodStart;
        PeriodEnd = periodEnd;
        Gross = gross;
        NetToPay = netToPay;
        Label = string.IsNullOrWhiteSpace(label) ? $"Salary {periodStart:yyyy-MM} {employeeName}" : label.Trim();
    }

    public long EmployeeUserId { get; private set; }

    /// <summary>The employee's name when the salary was recorded (the user may be renamed later).</summary>
    public string EmployeeName { get; private set; } = "";

    /// <summary>The employee's user name: the subledger of 421.</summary>
    public string EmployeeCode { get; private set; } = "";

    public DateOnly PeriodStart { get; private set; }

    public DateOnly PeriodEnd { get; private set; }

    public string Label { get; private set; } = "";

    public decimal Gross { get; private set; }

    public decimal NetToPay { get; private set; }

    public decimal SocialCharges => Gross - NetToPay;

    public SalaryStatus Status { get; private set; } = SalaryStatus.Unpaid;

    public DateOnly? PaidOn { get; private set; }

    public long? BankAccountId { get; private set; }

    public bool Recorded { get; private set; }

    public string Reference => $"SAL{Id}";

    /// <summary>Called once the salary is added (its id known): accounting posts it in the same save.</summary>
    public void Record()
    {
        if (Recorded)
        {
            throw new DomainException($"{Reference} is already recorded.");
        }

        Recorded = true;
        Raise(new SalaryRecorded(Id, Reference, EmployeeUserId, EmployeeName, EmployeeCode, PeriodStart, PeriodEnd, PeriodEnd, Gross, NetToPay, SocialCharges));
    }

    public void Pay(DateOnly date, long bankAccountId, string bankAccountLabel, string bankAccountingAccount)
    {
        if (Status == SalaryStatus.Paid)
        {
            throw new DomainException($"{Reference} is already paid.");
        }

        if (date < PeriodStart)
        {
            throw new DomainException("A salary cannot be paid before its period starts.");
        }

        Status = SalaryStatus.Paid;
        PaidOn = date;
        BankAccountId = bankAccountId;
        Raise(new SalaryPaid(Id, Reference, EmployeeUserId, EmployeeName, EmployeeCode, date, NetToPay, bankAccountId, bankAccountLabel, bankAccountingAccount));
    }
}
