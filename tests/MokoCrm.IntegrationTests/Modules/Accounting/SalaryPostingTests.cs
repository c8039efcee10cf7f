using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Accounting;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Modules.Accounting.Features;
using MokoCrm.Web.Modules.Hr;
using MokoCrm.Web.Modules.Hr.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Features;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.IntegrationTests.Modules.Accounting;

public sealed class SalaryPostingTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    private static readonly DateOnly October = new(2026, 10, 1);

    [Fact]
    public async Task Recording_a_salary_posts_it_once_in_OD_balanced_with_641_421_and_431()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var admin = await app.AdminIdAsync();

        var id = await client.RecordSalaryAsync(admin, October, 3200m, 2496m);

        var entries = await app.EntriesOfAsync(PostingBuilders.SalarySource, id);
        entries.Count.ShouldBe(1);
        var entry = entries[0];
        entry.JournalCode.ShouldBe("OD");
        entry.EntryDate.ShouldBe(new DateOnly(2026, 10, 31));
        entry.Shape().ShouldBe([("641", 3200m, 0m, null), ("421", 0m, 2496m, "admin"), ("431", 0m, 704m, null)]);
        entry.Lines.Sum(l => l.Debit).ShouldBe(entry.Lines.Sum(l => l.Credit));
        entry.Hash.Length.ShouldBe(64);

        // A second posting of the same (source, kind) is refused, by the engine and by the unique index.
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var engine = scope.ServiceProvider.GetRequiredService<PostingEngine>();
        await using var tx = await db.Database.BeginTransactionAsync();
        var again = PostingBuilders.Salary(new SalaryPosting(id, $"SAL{id}", new DateOnly(2026, 10, 31), "x", "admin", 3200m, 2496m), AccountDefaults.Installed);
        (await Should.ThrowAsync<DomainException>(() => engine.PostAsync(again))).Message.ShouldBe($"SAL{id} has already been posted.");
    }

    [Fact]
    public async Task Paying_a_salary_posts_421_against_the_bank_account_ledger_account_and_only_once()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var id = await client.RecordSalaryAsync(await app.AdminIdAsync(), October, 2000m, 1560m);
        var bank = await app.BankIdAsync();

        var pay = await client.PostFormAsync($"/Hr/Salaries/{id}", $"/Hr/Salaries/{id}/pay", new() { ["Date"] = "2026-11-02", ["BankAccountId"] = bank.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        pay.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var again = await client.PostFormAsync($"/Hr/Salaries/{id}", $"/Hr/Salaries/{id}/pay", new() { ["Date"] = "2026-11-03", ["BankAccountId"] = bank.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        again.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await app.SalariesAsync(s => s.Id == id)).Single().Status.ShouldBe(SalaryStatus.Paid);
        var payment = (await app.EntriesOfAsync(PostingBuilders.SalaryPaymentSource, id)).ShouldHaveSingleItem();
        payment.JournalCode.ShouldBe("BQ");
        payment.EntryDate.ShouldBe(new DateOnly(2026, 11, 2));
        payment.Shape().ShouldBe([("421", 1560m, 0m, "admin"), ("512", 0m, 1560m, null)]);
        (await client.Http.GetStringAsync($"/Hr/Salaries/{id}")).ShouldContain("Paid");
    }

    [Fact]
    public async Task A_salary_dated_in_a_locked_period_is_refused_naming_the_period_and_nothing_is_saved()
    {
        await app.WithDbAsync(async db =>
        {
            db.Add(new LockedPeriod { FromDate = new DateOnly(2026, 6, 1), ToDate = new DateOnly(2026, 6, 30), Reason = "VAT return filed" });
            return await db.SaveChangesAsync();
        });
        using var client = await SignedInClient.AdminAsync(app);
        var before = await app.WithDbAsync(db => db.Set<JournalEntry>().CountAsync());

        var response = await client.PostFormAsync("/Hr/Salaries/new", "/Hr/Salaries/new", AccountingTestData.SalaryFields(await app.AdminIdAsync(), new DateOnly(2026, 6, 1), 1000m, 800m));

        (await response.Content.ReadAsStringAsync()).ShouldContain("The period 2026-06-01 – 2026-06-30 is locked (VAT return filed): nothing can be dated 2026-06-30.");
        (await app.SalariesAsync(s => s.PeriodStart == new DateOnly(2026, 6, 1))).ShouldBeEmpty();
        (await app.WithDbAsync(db => db.Set<JournalEntry>().CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task A_payment_from_a_bank_whose_account_is_not_in_the_chart_goes_to_suspense_and_shows_for_review()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var id = await client.RecordSalaryAsync(await app.AdminIdAsync(), October, 1500m, 1170m);
        var bank = await app.BankIdAsync("5129");

        await client.PostFormAsync($"/Hr/Salaries/{id}", $"/Hr/Salaries/{id}/pay", new() { ["Date"] = "2026-11-05", ["BankAccountId"] = bank.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        var payment = (await app.EntriesOfAsync(PostingBuilders.SalaryPaymentSource, id)).ShouldHaveSingleItem();
        payment.ToReview.ShouldBeTrue();
        payment.Shape().ShouldBe([("421", 1170m, 0m, "admin"), ("471", 0m, 1170m, null)]);
        payment.Lines.Single(l => l.AccountNumber == "471").IntendedAccount.ShouldBe("5129");
        (await app.SalariesAsync(s => s.Id == id)).Single().Status.ShouldBe(SalaryStatus.Paid);
        var review = await client.Http.GetStringAsync("/Accounting/Review");
        review.ShouldContain("5129");
        review.ShouldContain("1,170.00");
    }

    [Fact]
    public async Task The_ledger_balances_after_a_mixed_scenario_and_the_reports_show_it()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var admin = await app.AdminIdAsync();
        var bank = await app.BankIdAsync();
        for (var i = 0; i < 3; i++)
        {
            var id = await client.RecordSalaryAsync(admin, new DateOnly(2026, 7 + i, 1), 1000m + i, 777.77m);
            await client.PostFormAsync($"/Hr/Salaries/{id}", $"/Hr/Salaries/{id}/pay", new() { ["Date"] = $"2026-{8 + i:00}-03", ["BankAccountId"] = bank.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        await client.PostFormAsync("/Accounting/Entries/new", "/Accounting/Entries/new", new()
        {
            ["Date"] = "2026-08-15", ["Label"] = "Capital", ["Reason"] = "Opening capital",
            ["Lines[0].Account"] = "512", ["Lines[0].Debit"] = "5000",
            ["Lines[1].Account"] = "101", ["Lines[1].Credit"] = "5000",
        });

        var (debit, credit) = await app.WithDbAsync(async db => (await db.Set<JournalEntryLine>().SumAsync(l => l.Debit), await db.Set<JournalEntryLine>().SumAsync(l => l.Credit)));
        debit.ShouldBe(credit);
        debit.ShouldBeGreaterThan(5000m);
        var balances = await app.WithDbAsync(async db => (await db.Set<AccountPeriodBalance>().SumAsync(b => b.Debit), await db.Set<AccountPeriodBalance>().SumAsync(b => b.Credit)));
        balances.ShouldBe((debit, credit));

        var trial = await client.Http.GetStringAsync("/Accounting/TrialBalance?from=2026-01-01&to=2026-12-31");
        trial.ShouldContain("Balanced");
        trial.ShouldContain("641");
        var ledger = await client.Http.GetStringAsync("/Accounting/GeneralLedger?account=512&from=2026-08-01&to=2026-08-31");
        ledger.ShouldContain("Capital");
        ledger.ShouldContain("5,000.00");

        // Partial months come from the lines, whole months from the period balances: both agree with a plain sum.
        var partial = await client.Http.GetStringAsync("/Accounting/TrialBalance?from=2026-08-10&to=2026-09-20&prefix=512");
        var expected512 = await app.WithDbAsync(db => db.Set<JournalEntryLine>().Where(l => l.AccountNumber == "512" && l.EntryDate >= new DateOnly(2026, 8, 10) && l.EntryDate <= new DateOnly(2026, 9, 20)).SumAsync(l => l.Debit));
        partial.ShouldContain(expected512.ToString("N2", System.Globalization.CultureInfo.GetCultureInfo("en-US")));
    }

    [Fact]
    public async Task A_user_without_the_accounting_right_gets_403_and_a_reader_cannot_post_a_manual_entry()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var sales = await users.CreateUserAsync(new UserForm { UserName = "nosales", FullName = "Sales user", Password = "nosales-pass-1" });
            await users.SetUserPermissionsAsync(sales, [HrPermissions.Salaries.Read]);
            var reader = await users.CreateUserAsync(new UserForm { UserName = "acreader", FullName = "Reader", Password = "acreader-pass-1" });
            await users.SetUserPermissionsAsync(reader, [AccountingPermissions.Ledger.Read]);
        }

        using var salesUser = await SignedInClient.AsAsync(app, "nosales", "nosales-pass-1");
        (await salesUser.GetAsync("/Accounting/Entries")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await salesUser.GetAsync("/Accounting/GeneralLedger?account=512")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await salesUser.GetAsync("/Accounting/TrialBalance")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        using var readerUser = await SignedInClient.AsAsync(app, "acreader", "acreader-pass-1");
        var list = await readerUser.Http.GetStringAsync("/Accounting/Entries");
        list.ShouldNotContain("/Accounting/Entries/new");
        var post = await readerUser.PostWithTokenAsync("/Accounting/Entries/new", new Dictionary<string, string> { ["Label"] = "x" }, SignedInClient.TokenIn(list));
        post.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await readerUser.GetAsync("/Accounting/Entries?export=csv")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
