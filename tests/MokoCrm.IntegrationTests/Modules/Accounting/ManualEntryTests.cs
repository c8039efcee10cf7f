using System.Net;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Modules.Accounting.Features;

namespace MokoCrm.IntegrationTests.Modules.Accounting;

public sealed class ManualEntryTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    private const string Form = "/Accounting/Entries/new";

    private static Dictionary<string, string> Entry(string label, params (string Account, decimal Debit, decimal Credit)[] lines)
    {
        var fields = new Dictionary<string, string> { ["Date"] = "2026-09-10", ["Label"] = label, ["Reason"] = "Correction of " + label };
        for (var i = 0; i < lines.Length; i++)
        {
            fields[$"Lines[{i}].Account"] = lines[i].Account;
            fields[$"Lines[{i}].Debit"] = lines[i].Debit.ToString(System.Globalization.CultureInfo.InvariantCulture);
            fields[$"Lines[{i}].Credit"] = lines[i].Credit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return fields;
    }

    private Task<int> CountAsync(string label) => app.WithDbAsync(db => db.Set<JournalEntry>().CountAsync(e => e.Label == label));

    [Fact]
    public async Task A_balanced_manual_entry_is_posted_in_OD_and_reversed_once()
    {
        using var client = await SignedInClient.AdminAsync(app);

        var response = await client.PostFormAsync(Form, Form, Entry("Reclass", ("625", 120m, 0m), ("611", 0m, 120m)));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = long.Parse(response.Headers.Location!.ToString().Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        var card = await client.Http.GetStringAsync($"/Accounting/Entries/{id}");
        card.ShouldContain("Correction of Reclass");
        card.ShouldContain("Reverse entry");

        var reverse = await client.PostFormAsync($"/Accounting/Entries/{id}", $"/Accounting/Entries/{id}/reverse", new() { ["Date"] = "2026-09-12", ["Reason"] = "Wrong account" });
        reverse.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var again = await client.PostFormAsync($"/Accounting/Entries/{id}", $"/Accounting/Entries/{id}/reverse", new() { ["Date"] = "2026-09-12", ["Reason"] = "Twice" });
        again.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var entries = await app.WithDbAsync(db => db.Set<JournalEntry>().AsNoTracking().Include(e => e.Lines).Where(e => e.SourceType == ManualEntries.SourceType && e.Label.Contains("Reclass")).OrderBy(e => e.Id).ToListAsync());
        entries.Count.ShouldBe(2);
        entries[0].JournalCode.ShouldBe("OD");
        entries[1].Kind.ShouldBe(EntryKind.Reversal);
        entries[1].Sequence.ShouldBe(entries[0].Sequence + 1);
        entries[1].PreviousHash.ShouldBe(entries[0].Hash);
        entries[1].Shape().ShouldBe([("625", 0m, 120m, null), ("611", 120m, 0m, null)]);
    }

    [Fact]
    public async Task An_unbalanced_manual_entry_is_refused_with_its_totals_and_nothing_is_saved()
    {
        using var client = await SignedInClient.AdminAsync(app);

        var response = await client.PostFormAsync(Form, Form, Entry("Unbalanced", ("625", 100m, 0m), ("512", 0m, 90m)));

        (await response.Content.ReadAsStringAsync()).ShouldContain("The entry is not balanced: total debit 100.00 ≠ total credit 90.00.");
        (await CountAsync("Unbalanced")).ShouldBe(0);
        (await app.WithDbAsync(db => db.Set<ManualEntry>().CountAsync(m => m.Label == "Unbalanced"))).ShouldBe(0);
    }

    [Fact]
    public async Task An_entry_on_a_disabled_account_is_refused_and_nothing_is_saved()
    {
        // 601, not 58: 58 is the default internal transfers account now, and a default account cannot be disabled.
        using var client = await SignedInClient.AdminAsync(app);
        var id = await app.WithDbAsync(db => db.Set<Account>().Where(a => a.Number == "601").Select(a => a.Id).SingleAsync());
        (await client.PostFormAsync("/Accounting/Accounts/" + id + "/edit", $"/Accounting/Accounts/{id}/disable", [])).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var response = await client.PostFormAsync(Form, Form, Entry("On disabled", ("601", 10m, 0m), ("512", 0m, 10m)));

        (await response.Content.ReadAsStringAsync()).ShouldContain("The account 601 is disabled: it takes no new entry.");
        (await CountAsync("On disabled")).ShouldBe(0);
        (await client.Http.GetStringAsync("/Accounting/Accounts?q=601")).ShouldContain("Disabled");
    }

    [Fact]
    public async Task Accounts_are_added_and_renamed_but_keep_their_number()
    {
        using var client = await SignedInClient.AdminAsync(app);

        var added = await client.PostFormAsync("/Accounting/Accounts/new", "/Accounting/Accounts/new", new() { ["Number"] = "6256", ["Label"] = "Missions", ["Type"] = "Expense", ["ParentNumber"] = "6" });
        added.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = await app.WithDbAsync(db => db.Set<Account>().Where(a => a.Number == "6256").Select(a => a.Id).SingleAsync());
        await client.PostFormAsync($"/Accounting/Accounts/{id}/edit", $"/Accounting/Accounts/{id}/edit", new() { ["Number"] = "9999", ["Label"] = "Business trips", ["Type"] = "Expense" });

        var account = await app.WithDbAsync(db => db.Set<Account>().AsNoTracking().SingleAsync(a => a.Id == id));
        (account.Number, account.Label, account.ParentNumber).ShouldBe(("6256", "Business trips", "6"));
        var duplicate = await client.PostFormAsync("/Accounting/Accounts/new", "/Accounting/Accounts/new", new() { ["Number"] = "6256", ["Label"] = "Again", ["Type"] = "Expense" });
        (await duplicate.Content.ReadAsStringAsync()).ShouldContain("The account 6256 already exists.");
    }

    [Fact]
    public async Task A_manual_entry_into_a_locked_period_is_refused_naming_the_period()
    {
        await app.WithDbAsync(async db =>
        {
            db.Add(new MokoCrm.Web.Platform.Setup.Domain.LockedPeriod { FromDate = new DateOnly(2026, 3, 1), ToDate = new DateOnly(2026, 3, 31), Reason = "Q1 closed" });
            return await db.SaveChangesAsync();
        });
        using var client = await SignedInClient.AdminAsync(app);
        var fields = Entry("In March", ("625", 10m, 0m), ("512", 0m, 10m));
        fields["Date"] = "2026-03-15";

        var response = await client.PostFormAsync(Form, Form, fields);

        (await response.Content.ReadAsStringAsync()).ShouldContain("The period 2026-03-01 – 2026-03-31 is locked (Q1 closed)");
        (await CountAsync("In March")).ShouldBe(0);
    }

    [Fact]
    public async Task Account_settings_change_a_default_and_refuse_an_unknown_account()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var fields = DefaultAccountKeys.All.ToDictionary(d => $"Accounts[{d.Key}]", d => d.Account);
        fields["Accounts[staff]"] = "4219";

        var refused = await client.PostFormAsync("/Accounting/Settings", "/Accounting/Settings", fields);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("The account 4219 (Staff payables) does not exist in the chart of accounts.");

        fields["Accounts[bad-debts]"] = "625";
        fields["Accounts[staff]"] = "421";
        (await client.PostFormAsync("/Accounting/Settings", "/Accounting/Settings", fields)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Set<DefaultAccount>().Where(d => d.Key == "bad-debts").Select(d => d.AccountNumber).SingleAsync())).ShouldBe("625");
    }
}
