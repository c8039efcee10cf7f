using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Agenda.Features;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Setup;
using MokoCrm.Web.Platform.Setup.Domain;
using MokoCrm.Web.Platform.Setup.Features;

namespace MokoCrm.IntegrationTests.Platform;

/// <summary>
/// The process-wide copies of settings (SettingsCache): a saved change is read by the very next action, a value read
/// while the change is not committed yet is not kept, and the context that made the change sees it before its commit.
/// </summary>
public sealed class SettingsCacheTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    private const string Kind = "LeadWon";

    [Fact]
    public async Task A_switch_saved_is_read_by_the_next_action_in_both_directions()
    {
        (await IsOnAsync(Kind)).ShouldBeTrue();
        (await IsOnAsync(Kind)).ShouldBeTrue(); // the copy now

        await SaveSwitchesAsync(on: false);
        (await IsOnAsync(Kind)).ShouldBeFalse();
        (await IsOnAsync("LeadLost")).ShouldBeTrue();

        await SaveSwitchesAsync(on: true);
        (await IsOnAsync(Kind)).ShouldBeTrue();
    }

    [Fact]
    public async Task A_value_read_while_a_change_is_not_committed_is_not_kept_and_the_writer_sees_its_own_change()
    {
        (await IsOnAsync(Kind)).ShouldBeTrue();

        await using (var writer = app.Services.CreateAsyncScope())
        {
            var db = writer.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var settings = writer.ServiceProvider.GetRequiredService<AutomaticEventSettings>();
            await settings.SaveAsync(AllKindsBut(Kind));

            (await settings.IsOnAsync(Kind)).ShouldBeFalse(); // its own change, not committed yet
            (await IsOnAsync(Kind)).ShouldBeTrue(); // another action still reads the committed switch ...
            await transaction.CommitAsync();
        }

        (await IsOnAsync(Kind)).ShouldBeFalse(); // ... which was not kept past the commit

        await SaveSwitchesAsync(on: true);
    }

    [Fact]
    public async Task A_copy_first_read_while_a_change_of_its_table_is_not_committed_is_dropped_at_the_commit()
    {
        // The VAT rates' copy may not exist yet when the rate is saved: its table is not known as a source then.
        await using (var writer = app.Services.CreateAsyncScope())
        {
            var db = writer.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Add(new VatRate { Rate = 7.7m, Label = "7.7 %" });
            await db.SaveChangesAsync();

            (await IsOfferedAsync(7.7m)).ShouldBeFalse(); // not committed: another action does not see it ...
            await transaction.CommitAsync();
        }

        (await IsOfferedAsync(7.7m)).ShouldBeTrue(); // ... and the copy it read is not kept past the commit
    }

    [Fact]
    public async Task A_change_rolled_back_leaves_the_switch_as_it_was()
    {
        (await IsOnAsync(Kind)).ShouldBeTrue();
        await using (var writer = app.Services.CreateAsyncScope())
        {
            var db = writer.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await writer.ServiceProvider.GetRequiredService<AutomaticEventSettings>().SaveAsync(AllKindsBut(Kind));
            await transaction.RollbackAsync();
        }

        (await IsOnAsync(Kind)).ShouldBeTrue();
    }

    [Fact]
    public async Task Closing_a_fiscal_year_or_locking_a_period_refuses_the_date_at_once_and_reopening_allows_it_again()
    {
        var date = new DateOnly(2001, 6, 15);
        long year;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            year = await scope.ServiceProvider.GetRequiredService<SetupAdministration>().AddFiscalYearAsync(
                new FiscalYearForm { Label = "FY2001", StartDate = new DateOnly(2001, 1, 1), EndDate = new DateOnly(2001, 12, 31) });
        }

        (await WhyClosedAsync(date)).ShouldBeNull();
        await SetupAsync(s => s.SetFiscalYearStatusAsync(year, FiscalYearStatus.Closed));
        (await WhyClosedAsync(date)).ShouldBe("The fiscal year FY2001 is closed: nothing can be dated 2001-06-15.");
        await SetupAsync(s => s.SetFiscalYearStatusAsync(year, FiscalYearStatus.Open));
        (await WhyClosedAsync(date)).ShouldBeNull();

        long period = 0;
        await SetupAsync(async s => period = await s.LockPeriodAsync(new LockedPeriodForm { FromDate = new DateOnly(2001, 6, 1), ToDate = new DateOnly(2001, 6, 30), Reason = "June declared" }));
        (await WhyClosedAsync(date)).ShouldBe("The period 2001-06-01 – 2001-06-30 is locked (June declared): nothing can be dated 2001-06-15.");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await Should.ThrowAsync<DomainException>(() => scope.ServiceProvider.GetRequiredService<FiscalCalendar>().EnsureOpenAsync(date));
        }

        await SetupAsync(s => s.UnlockPeriodAsync(period));
        (await WhyClosedAsync(date)).ShouldBeNull();
        (await WhyClosedAsync(new DateOnly(2000, 6, 15), requireYear: true)).ShouldBe("2000-06-15 is outside every fiscal year: add the fiscal year in Setup first.");
    }

    [Fact]
    public async Task The_calendar_answers_as_its_query_does_for_every_date_around_the_years_and_locked_periods()
    {
        await SetupAsync(s => s.AddFiscalYearAsync(new FiscalYearForm { Label = "FY1999", StartDate = new DateOnly(1999, 1, 1), EndDate = new DateOnly(1999, 12, 31) }));
        await SetupAsync(s => s.LockPeriodAsync(new LockedPeriodForm { FromDate = new DateOnly(1999, 3, 1), ToDate = new DateOnly(1999, 3, 31), Reason = "Q1" }));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var calendar = scope.ServiceProvider.GetRequiredService<FiscalCalendar>();
        foreach (var date in new[] { new DateOnly(1998, 12, 31), new DateOnly(1999, 1, 1), new DateOnly(1999, 2, 28), new DateOnly(1999, 3, 1), new DateOnly(1999, 3, 31), new DateOnly(1999, 12, 31), new DateOnly(2000, 1, 1) })
        {
            foreach (var requireYear in new[] { false, true })
            {
                var standing = await db.Database.SqlQueryRaw<FiscalCalendar.DateStanding>(FiscalCalendar.StandingSql, new Npgsql.NpgsqlParameter<DateOnly>("date", date))
                    .AsAsyncEnumerable().SingleAsync();
                (await calendar.WhyClosedAsync(date, requireYear)).ShouldBe(FiscalCalendar.Explain(standing, date, requireYear), $"{date} requireYear={requireYear}");
            }
        }
    }

    private async Task<bool> IsOfferedAsync(decimal rate)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OfferedVatRates>().IsOfferedAsync(rate);
    }

    private async Task<bool> IsOnAsync(string kind)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AutomaticEventSettings>().IsOnAsync(kind);
    }

    private async Task SaveSwitchesAsync(bool on)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AutomaticEventSettings>().SaveAsync(on ? AllKinds() : AllKindsBut(Kind));
    }

    private HashSet<string> AllKinds() =>
        app.Services.GetServices<MokoCrm.Web.Modules.Agenda.EventHandlers.AutomaticEventKind>().Select(k => k.Key).ToHashSet();

    private HashSet<string> AllKindsBut(string kind) => AllKinds().Where(k => k != kind).ToHashSet();

    private async Task<string?> WhyClosedAsync(DateOnly date, bool requireYear = false)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FiscalCalendar>().WhyClosedAsync(date, requireYear);
    }

    private async Task SetupAsync(Func<SetupAdministration, Task> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<SetupAdministration>());
    }
}
