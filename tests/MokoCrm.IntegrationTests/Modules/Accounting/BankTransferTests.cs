using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Accounting;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Modules.Accounting.Features;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Features;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.IntegrationTests.Modules.Accounting;

/// <summary>An internal transfer between two bank accounts: one BQ entry through 58, a bank line on each account, in one transaction.</summary>
public sealed class BankTransferTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private Task<long> OwnBankAsync(string account, string label, string journal) => app.WithDbAsync(async db =>
    {
        if (!await db.Set<Account>().AnyAsync(a => a.Number == account))
        {
            db.Add(new Account(account, "Bank " + label, AccountType.Asset, "512"));
        }

        var bank = new BankAccount { Label = label, AccountingAccount = account, JournalCode = journal };
        db.Add(bank);
        await db.SaveChangesAsync();
        return bank.Id;
    });

    private Task<List<BankLine>> LinesAsync(long bank) =>
        app.WithDbAsync(db => db.Set<BankLine>().AsNoTracking().Where(l => l.BankAccountId == bank).OrderBy(l => l.Id).ToListAsync());

    private Task<int> TransfersAsync() => app.WithDbAsync(db => db.Set<JournalEntry>().CountAsync(e => e.SourceType == PostingBuilders.BankTransferSource));

    private static Dictionary<string, string> Fields(long from, long to, string date, string amount, string label = "") => new()
    {
        ["FromBankAccountId"] = Id(from), ["ToBankAccountId"] = Id(to), ["Date"] = date, ["Amount"] = amount, ["Label"] = label,
    };

    [Fact]
    public async Task A_transfer_posts_one_entry_through_58_in_the_receiving_account_s_journal_and_a_bank_line_on_each_account()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var savings = await OwnBankAsync("5125", "Savings", "BQS");
        var current = await OwnBankAsync("5126", "Current", "BQC");

        var response = await client.PostFormAsync("/Accounting/BankAccounts/transfer", "/Accounting/BankAccounts/transfer",
            Fields(savings, current, "2026-11-10", "250.40", "Top up current account"));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());

        var entry = (await app.WithDbAsync(db => db.Set<JournalEntry>().AsNoTracking().Include(e => e.Lines)
            .Where(e => e.SourceType == PostingBuilders.BankTransferSource).ToListAsync())).ShouldHaveSingleItem();
        entry.JournalCode.ShouldBe("BQC");
        entry.Label.ShouldBe("Top up current account");
        entry.ToReview.ShouldBeFalse();
        entry.Shape().ShouldBe([("5126", 250.40m, 0m, null), ("58", 0m, 250.40m, null), ("58", 250.40m, 0m, null), ("5125", 0m, 250.40m, null)]);

        var into = (await LinesAsync(current)).ShouldHaveSingleItem();
        (into.Date, into.Amount, into.EntryId, into.EntryLineId).ShouldBe((new DateOnly(2026, 11, 10), 250.40m, entry.Id, entry.Lines.Single(l => l.AccountNumber == "5126").Id));
        var outOf = (await LinesAsync(savings)).ShouldHaveSingleItem();
        (outOf.Amount, outOf.EntryId, outOf.EntryLineId).ShouldBe((-250.40m, entry.Id, entry.Lines.Single(l => l.AccountNumber == "5125").Id));

        // The journal opened at the transfer keeps an intact chain.
        await using var scope = app.Services.CreateAsyncScope();
        var journal = (await scope.ServiceProvider.GetRequiredService<LedgerVerifier>().VerifyAsync()).Single(j => j.JournalCode == "BQC");
        journal.Intact.ShouldBeTrue(journal.Problem);
    }

    [Fact]
    public async Task A_transfer_to_the_same_account_without_an_amount_or_in_a_locked_period_is_refused_and_nothing_is_saved()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var a = await OwnBankAsync("5127", "Refusal A", "BQRA");
        var b = await OwnBankAsync("5128", "Refusal B", "BQRB");
        await app.WithDbAsync(async db =>
        {
            db.Add(new LockedPeriod { FromDate = new DateOnly(2026, 2, 1), ToDate = new DateOnly(2026, 2, 28), Reason = "Closed month" });
            return await db.SaveChangesAsync();
        });
        var before = await TransfersAsync();
        var manualBefore = await app.WithDbAsync(db => db.Set<ManualEntry>().CountAsync());

        var same = await client.PostFormAsync("/Accounting/BankAccounts/transfer", "/Accounting/BankAccounts/transfer", Fields(a, a, "2026-11-10", "10"));
        (await same.Content.ReadAsStringAsync()).ShouldContain("Choose two different bank accounts.");
        var nothing = await client.PostFormAsync("/Accounting/BankAccounts/transfer", "/Accounting/BankAccounts/transfer", Fields(a, b, "2026-11-10", "0"));
        (await nothing.Content.ReadAsStringAsync()).ShouldContain("The amount must be positive.");
        var locked = await client.PostFormAsync("/Accounting/BankAccounts/transfer", "/Accounting/BankAccounts/transfer", Fields(a, b, "2026-02-15", "10"));
        (await locked.Content.ReadAsStringAsync()).ShouldContain("The period 2026-02-01 – 2026-02-28 is locked (Closed month)");

        (await TransfersAsync()).ShouldBe(before);
        (await app.WithDbAsync(db => db.Set<ManualEntry>().CountAsync())).ShouldBe(manualBefore);
        (await LinesAsync(a)).ShouldBeEmpty();
        (await LinesAsync(b)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_mistaken_transfer_is_cancelled_once_by_a_mirror_entry_with_a_bank_line_back_on_each_account()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var savings = await OwnBankAsync("5129", "Cancel savings", "BQCS");
        var current = await OwnBankAsync("5130", "Cancel current", "BQCC");
        (await client.PostFormAsync("/Accounting/BankAccounts/transfer", "/Accounting/BankAccounts/transfer", Fields(savings, current, "2026-11-10", "75.25")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var transfer = await app.WithDbAsync(db => db.Set<JournalEntry>().AsNoTracking()
            .SingleAsync(e => e.SourceType == PostingBuilders.BankTransferSource && e.JournalCode == "BQCC"));
        var card = $"/Accounting/Entries/{Id(transfer.Id)}";
        (await client.Http.GetStringAsync(card)).ShouldContain("Cancel transfer");
        var cancel = $"/Accounting/BankAccounts/transfer/{Id(transfer.Id)}/cancel";

        // Without a reason nothing is posted.
        var noReason = await client.PostFormAsync(card, cancel, new() { ["Date"] = "2026-11-12", ["Reason"] = "" });
        noReason.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.Http.GetStringAsync(card)).ShouldContain("Say why the entry is reversed.");
        (await LinesAsync(current)).Count.ShouldBe(1);

        var done = await client.PostFormAsync(card, cancel, new() { ["Date"] = "2026-11-12", ["Reason"] = "Wrong account" });
        done.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var reversal = await app.WithDbAsync(db => db.Set<JournalEntry>().AsNoTracking().Include(e => e.Lines)
            .SingleAsync(e => e.ReversesEntryId == transfer.Id));
        done.Headers.Location!.ToString().ShouldBe(card);
        (reversal.Kind, reversal.JournalCode, reversal.EntryDate, reversal.Reason).ShouldBe((EntryKind.Reversal, "BQCC", new DateOnly(2026, 11, 12), "Wrong account"));
        reversal.Shape().ShouldBe([("5130", 0m, 75.25m, null), ("58", 75.25m, 0m, null), ("58", 0m, 75.25m, null), ("5129", 75.25m, 0m, null)]);
        (await LinesAsync(current)).Select(l => (l.Amount, l.EntryId)).ShouldBe([(75.25m, transfer.Id), (-75.25m, reversal.Id)]);
        (await LinesAsync(savings)).Select(l => (l.Amount, l.EntryId)).ShouldBe([(-75.25m, transfer.Id), (75.25m, reversal.Id)]);
        (await client.Http.GetStringAsync(card)).ShouldNotContain("Cancel transfer");

        // A second cancellation, or "cancelling" the mirror entry itself, is refused and posts nothing.
        await client.PostFormAsync($"/Accounting/Entries/{Id(reversal.Id)}", cancel, new() { ["Date"] = "2026-11-13", ["Reason"] = "Again" });
        (await client.Http.GetStringAsync(card)).ShouldContain("has already been reversed.");
        await client.PostFormAsync($"/Accounting/Entries/{Id(reversal.Id)}", $"/Accounting/BankAccounts/transfer/{Id(reversal.Id)}/cancel",
            new() { ["Date"] = "2026-11-13", ["Reason"] = "Again" });
        (await client.Http.GetStringAsync($"/Accounting/Entries/{Id(reversal.Id)}")).ShouldContain("Only an internal transfer can be cancelled here.");
        (await app.WithDbAsync(db => db.Set<JournalEntry>().CountAsync(e => e.ReversesEntryId == transfer.Id || e.ReversesEntryId == reversal.Id))).ShouldBe(1);
        (await LinesAsync(current)).Count.ShouldBe(2);

        await using var scope = app.Services.CreateAsyncScope();
        var journal = (await scope.ServiceProvider.GetRequiredService<LedgerVerifier>().VerifyAsync()).Single(j => j.JournalCode == "BQCC");
        journal.Intact.ShouldBeTrue(journal.Problem);
    }

    [Fact]
    public async Task A_reader_of_the_ledger_without_the_transfer_right_gets_403()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var reader = await users.CreateUserAsync(new UserForm { UserName = "transferreader", FullName = "Reader", Password = "transferreader-pass-1" });
            await users.SetUserPermissionsAsync(reader, [AccountingPermissions.Ledger.Read]);
        }

        using var client = await SignedInClient.AsAsync(app, "transferreader", "transferreader-pass-1");
        (await client.GetAsync("/Accounting/BankAccounts/transfer")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.PostFormAsync("/Accounting/BankAccounts", "/Accounting/BankAccounts/transfer/1/cancel", new() { ["Date"] = "2026-11-12", ["Reason"] = "No right" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.Http.GetStringAsync("/Accounting/BankAccounts")).ShouldNotContain("Transfer between accounts");
    }
}
