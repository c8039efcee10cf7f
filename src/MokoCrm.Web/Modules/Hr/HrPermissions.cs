using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Hr;

/// <summary>The rights of the Hr module (salaries so far; expense reports come next).</summary>
public static class HrPermissions
{
    public static class Salaries
    {
        public const string Read = "hr.salaries.read";
        public const string Write = "hr.salaries.write";
        public const string Pay = "hr.salaries.pay";
    }

    public static class ExpenseReports
    {
        /// <summary>Every employee's reports (without it, a user sees their own).</summary>
        public const string Read = "hr.expenses.read";
        public const string Write = "hr.expenses.write";
        public const string Approve = "hr.expenses.approve";
        public const string Pay = "hr.expenses.pay";
    }

    public static readonly PermissionDefinition[] All =
    [
        new(Salaries.Read, "hr", "Salaries", "Read"),
        new(Salaries.Write, "hr", "Salaries", "Record"),
        new(Salaries.Pay, "hr", "Salaries", "Pay"),
        new(ExpenseReports.Read, "hr", "Expense reports", "Read"),
        new(ExpenseReports.Write, "hr", "Expense reports", "Create and submit"),
        new(ExpenseReports.Approve, "hr", "Expense reports", "Approve or refuse"),
        new(ExpenseReports.Pay, "hr", "Expense reports", "Pay"),
    ];
}
