using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.Web.Modules.Accounting.Features;

/// <summary>
/// The chart of accounts of DOMAIN.md §8 with its class headings, the five journals and the default accounts.
/// Runs on every start and only adds what is missing: a renamed or disabled account stays as the user left it.
/// </summary>
internal sealed class AccountingSeeder : IReferenceDataSeeder
{
    public static readonly IReadOnlyList<(string Number, string Label, AccountType Type, string? Parent)> Chart =
    [
        ("1", "Capital and reserves", AccountType.Equity, null),
        ("101", "Share capital", AccountType.Equity, "1"),
        ("120", "Result of the year", AccountType.Equity, "1"),
        ("2", "Fixed assets", AccountType.Asset, null),
        ("3", "Stocks and work in progress", AccountType.Asset, null),
        ("4", "Third-party accounts", AccountType.Liability, null),
        ("401", "Suppliers", AccountType.Liability, "4"),
        ("411", "Customers", AccountType.Asset, "4"),
        ("4191", "Customer deposits", AccountType.Liability, "4"),
        ("421", "Staff payables", AccountType.Liability, "4"),
        ("431", "Social security", AccountType.Liability, "4"),
        ("44566", "VAT deductible", AccountType.Asset, "4"),
        ("44571", "VAT collected", AccountType.Liability, "4"),
        ("471", "Suspense (to review)", AccountType.Asset, "4"),
        ("5", "Financial accounts", AccountType.Asset, null),
        ("512", "Bank", AccountType.Asset, "5"),
        ("58", "Internal transfers", AccountType.Asset, "5"),
        ("6", "Expenses", AccountType.Expense, null),
        ("601", "Purchases of raw materials", AccountType.Expense, "6"),
        ("604", "Purchases of services", AccountType.Expense, "6"),
        ("607", "Purchases of goods", AccountType.Expense, "6"),
        ("611", "Subcontracting", AccountType.Expense, "6"),
        ("625", "Travel and entertainment", AccountType.Expense, "6"),
        ("641", "Salaries", AccountType.Expense, "6"),
        ("654", "Bad debts", AccountType.Expense, "6"),
        ("7", "Income", AccountType.Income, null),
        ("706", "Services sold", AccountType.Income, "7"),
        ("707", "Goods sold", AccountType.Income, "7"),
    ];

    public static readonly IReadOnlyList<(string Code, string Label)> Journals =
    [
        (Journal.Sales, "Sales"),
        (Journal.Purchases, "Purchases"),
        (Journal.Bank, "Bank"),
        (Journal.Miscellaneous, "Miscellaneous operations"),
        (Journal.ExpenseReports, "Expense reports"),
    ];

    public int Order => 700;

    public async Task SeedAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var accounts = await db.Set<Account>().Select(a => a.Number).ToListAsync(cancellationToken);
        foreach (var (number, label, type, parent) in Chart.Where(c => !accounts.Contains(c.Number)))
        {
            db.Add(new Account(number, label, type, parent));
        }

        var journals = await db.Set<Journal>().Select(j => j.Code).ToListAsync(cancellationToken);
        foreach (var (code, label) in Journals.Where(j => !journals.Contains(j.Code)))
        {
            db.Add(new Journal(code, label));
        }

        var defaults = await db.Set<DefaultAccount>().Select(d => d.Key).ToListAsync(cancellationToken);
        foreach (var (key, _, account) in DefaultAccountKeys.All.Where(d => !defaults.Contains(d.Key)))
        {
            db.Add(new DefaultAccount(key, account));
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
