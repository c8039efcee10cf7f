using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Hr.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security.Domain;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.Web.Modules.Hr.Features;

/// <summary>One salary of the admin for last month, recorded and paid from the first bank account: both posted.</summary>
internal sealed class HrDemoSeeder(TimeProvider clock) : IDemoDataSeeder
{
    public int Order => 800;

    public async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<AppDbContext>();
        if (await db.Set<Salary>().AnyAsync(cancellationToken))
        {
            return;
        }

        var employee = await db.Set<AppUser>().AsNoTracking().OrderBy(u => u.Id).Select(u => new { u.Id }).FirstOrDefaultAsync(cancellationToken);
        var bank = await db.Set<BankAccount>().AsNoTracking().Where(b => b.Active).OrderBy(b => b.Id).Select(b => new { b.Id }).FirstOrDefaultAsync(cancellationToken);
        if (employee is null || bank is null)
        {
            return;
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var start = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var administration = services.GetRequiredService<SalaryAdministration>();
        var id = await administration.RecordAsync(new SalaryForm
        {
            EmployeeUserId = employee.Id, PeriodStart = start, PeriodEnd = start.AddMonths(1).AddDays(-1), Gross = 3200m, NetToPay = 2496m,
        }, cancellationToken);
        await administration.PayAsync(id, new SalaryPaymentForm { Date = start.AddMonths(1), BankAccountId = bank.Id }, cancellationToken);
    }
}
