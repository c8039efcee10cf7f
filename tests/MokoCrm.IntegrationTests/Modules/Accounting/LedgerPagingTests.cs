using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Accounting.Queries;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.IntegrationTests.Modules.Accounting;

public sealed class LedgerPagingTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task The_general_ledger_pages_by_cursor_carrying_its_running_balance_and_exports_the_same_balances()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var admin = await app.AdminIdAsync();
        for (var month = 1; month <= 5; month++)
        {
            await client.RecordSalaryAsync(admin, new DateOnly(2026, month, 1), 1000m, 800m);
        }

        await using var scope = app.Services.CreateAsyncScope();
        var queries = new LedgerQueries(scope.ServiceProvider.GetRequiredService<AppDbContext>());
        var from = new DateOnly(2026, 2, 1);
        var to = new DateOnly(2026, 12, 31);
        var opening = await queries.BalanceBeforeAsync("641", from);
        opening.ShouldBe(1000m);

        var first = await queries.LedgerPageAsync("641", from, to, null, 0, opening, 2);
        first.More.ShouldBeTrue();
        first.Lines.Select(l => l.Balance).ShouldBe([2000m, 3000m]);
        var second = await queries.LedgerPageAsync("641", from, to, first.Lines[^1].Date, first.Lines[^1].Id, first.Lines[^1].Balance, 2);
        second.More.ShouldBeFalse();
        second.Lines.Select(l => l.Balance).ShouldBe([4000m, 5000m]);
        (await queries.PeriodTotalsAsync("641", from, to)).ShouldBe((4000m, 0m));

        var csv = await client.Http.GetStringAsync("/Accounting/GeneralLedger?account=641&from=2026-02-01&to=2026-12-31&export=csv");
        csv.ShouldContain("Balance");
        csv.ShouldContain("5000.00");
        var screen = await client.Http.GetStringAsync("/Accounting/GeneralLedger?account=641&from=2026-02-01&to=2026-12-31");
        screen.ShouldContain("1,000.00");
        screen.ShouldContain("5,000.00");
    }
}
