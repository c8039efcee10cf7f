using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Modules.Accounting.Features;
using MokoCrm.Web.Modules.Hr.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security.Domain;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.IntegrationTests.Modules.Accounting;

/// <summary>Helpers shared by the accounting tests: reading entries, the admin's id, a bank account, SQL.</summary>
internal static class AccountingTestData
{
    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<T> WithDbAsync<T>(this MokoAppFactory app, Func<AppDbContext, Task<T>> read)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public static Task<long> AdminIdAsync(this MokoAppFactory app) =>
        app.WithDbAsync(db => db.Set<AppUser>().Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync());

    public static Task<long> BankIdAsync(this MokoAppFactory app, string accountingAccount = "512") =>
        app.WithDbAsync(async db =>
        {
            var bank = await db.Set<BankAccount>().FirstOrDefaultAsync(b => b.AccountingAccount == accountingAccount && b.Active);
            if (bank is null)
            {
                bank = new BankAccount { Label = "Bank " + accountingAccount, AccountingAccount = accountingAccount };
                db.Add(bank);
                await db.SaveChangesAsync();
            }

            return bank.Id;
        });

    /// <summary>Posts a draft through the engine in its own transaction, as a source's handler does (the defaults passed in).</summary>
    public static async Task PostAsync(this MokoAppFactory app, Func<AccountDefaults, PostingDraft> draft)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var engine = scope.ServiceProvider.GetRequiredService<PostingEngine>();
        await using var tx = await db.Database.BeginTransactionAsync();
        await engine.PostAsync(draft(await engine.DefaultsAsync()));
        await db.SaveChangesAsync();
        await tx.CommitAsync();
    }

    public static Task<List<JournalEntry>> EntriesOfAsync(this MokoAppFactory app, string sourceType, long sourceId) =>
        app.WithDbAsync(db => db.Set<JournalEntry>().AsNoTracking().Include(e => e.Lines).Where(e => e.SourceType == sourceType && e.SourceId == sourceId).OrderBy(e => e.Id).ToListAsync());

    public static Task<List<Salary>> SalariesAsync(this MokoAppFactory app, System.Linq.Expressions.Expression<Func<Salary, bool>> where) =>
        app.WithDbAsync(db => db.Set<Salary>().AsNoTracking().Where(where).ToListAsync());

    public static IEnumerable<(string, decimal, decimal, string?)> Shape(this JournalEntry entry) =>
        entry.Lines.OrderBy(l => l.LineNumber).Select(l => (l.AccountNumber, l.Debit, l.Credit, l.Subledger));

    public static Task ExecuteSqlAsync(this MokoAppFactory app, string sql) =>
        app.WithDbAsync(async db => await db.Database.ExecuteSqlRawAsync(sql));

    public static Dictionary<string, string> SalaryFields(long employee, DateOnly start, decimal gross, decimal net) => new()
    {
        ["EmployeeUserId"] = employee.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PeriodStart"] = Day(start),
        ["PeriodEnd"] = Day(start.AddMonths(1).AddDays(-1)),
        ["Gross"] = gross.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["NetToPay"] = net.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static async Task<long> RecordSalaryAsync(this SignedInClient client, long employee, DateOnly start, decimal gross, decimal net)
    {
        var response = await client.PostFormAsync("/Hr/Salaries/new", "/Hr/Salaries/new", SalaryFields(employee, start, gross, net));
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.ToString().Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
