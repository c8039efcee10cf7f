using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Accounting.Features;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.IntegrationTests.Modules.Accounting;

/// <summary>Payments write bank lines in their posting transaction; the bank account screen reconciles them against a statement.</summary>
public sealed class BankLineTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private Task<long> OwnBankAsync(string account, string label) => app.WithDbAsync(async db =>
    {
        if (!await db.Set<Account>().AnyAsync(a => a.Number == account))
        {
            db.Add(new Account(account, "Bank " + label, AccountType.Asset, "512"));
        }

        var bank = new BankAccount { Label = label, AccountingAccount = account, Iban = "FR7630006000011234567890189" };
        db.Add(bank);
        await db.SaveChangesAsync();
        return bank.Id;
    });

    private Task<List<BankLine>> LinesAsync(long bank) =>
        app.WithDbAsync(db => db.Set<BankLine>().AsNoTracking().Where(l => l.BankAccountId == bank).OrderBy(l => l.Date).ThenBy(l => l.Id).ToListAsync());

    [Fact]
    public async Task Salary_and_expense_report_payments_write_bank_lines_that_are_reconciled_once_against_a_statement()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var bank = await OwnBankAsync("5121", "Main account");
        var salary = await client.RecordSalaryAsync(await app.AdminIdAsync(), new DateOnly(2026, 10, 1), 2000m, 1560m);
        (await client.PostFormAsync($"/Hr/Salaries/{salary}", $"/Hr/Salaries/{salary}/pay", new() { ["Date"] = "2026-11-02", ["BankAccountId"] = Id(bank) }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // A manual entry on the bank's ledger account (bank fees) gets its bank line too, found by the account alone.
        (await client.PostFormAsync("/Accounting/Entries/new", "/Accounting/Entries/new", new()
        {
            ["Date"] = "2026-11-05", ["Label"] = "Bank fees", ["Reason"] = "Statement fees",
            ["Lines[0].Account"] = "625", ["Lines[0].Debit"] = "12.50", ["Lines[1].Account"] = "5121", ["Lines[1].Credit"] = "12.50",
        })).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var lines = await LinesAsync(bank);
        lines.Select(l => (l.Date, l.Amount)).ShouldBe([(new DateOnly(2026, 11, 2), -1560m), (new DateOnly(2026, 11, 5), -12.50m)]);
        var payment = (await app.EntriesOfAsync(PostingBuilders.SalaryPaymentSource, salary)).ShouldHaveSingleItem();
        lines[0].EntryId.ShouldBe(payment.Id);
        lines[0].EntryLineId.ShouldBe(payment.Lines.Single(l => l.AccountNumber == "5121").Id);
        lines[0].Reference.ShouldBe(payment.Reference);

        var screen = await client.Http.GetStringAsync($"/Accounting/BankAccounts/{bank}?from=2026-11-01&to=2026-11-30");
        screen.ShouldContain("Main account");
        screen.ShouldContain("-1,572.50"); // running balance after the fees
        (await client.Http.GetStringAsync("/Accounting/BankAccounts")).ShouldContain("Main account");

        var reconcile = await client.PostFormAsync($"/Accounting/BankAccounts/{bank}", $"/Accounting/BankAccounts/{bank}/reconcile",
            new() { ["StatementReference"] = "2026-11", ["LineIds[0]"] = Id(lines[0].Id), ["LineIds[1]"] = Id(lines[1].Id) });
        reconcile.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await LinesAsync(bank)).ShouldAllBe(l => l.StatementReference == "2026-11" && l.ReconciledAt != null);

        // A reconciled line is not matched twice; the whole request is refused.
        await client.PostFormAsync($"/Accounting/BankAccounts/{bank}", $"/Accounting/BankAccounts/{bank}/reconcile",
            new() { ["StatementReference"] = "2026-12", ["LineIds[0]"] = Id(lines[0].Id) });
        (await client.Http.GetStringAsync($"/Accounting/BankAccounts/{bank}?from=2026-11-01&to=2026-11-30")).ShouldContain("already reconciled with statement 2026-11");
        (await LinesAsync(bank)).ShouldAllBe(l => l.StatementReference == "2026-11");

        // Without a statement reference nothing is reconciled.
        var other = await OwnBankAsync("5122", "Second account");
        (await client.PostFormAsync("/Accounting/Entries/new", "/Accounting/Entries/new", new()
        {
            ["Date"] = "2026-11-06", ["Label"] = "Transfer", ["Reason"] = "Internal transfer",
            ["Lines[0].Account"] = "5122", ["Lines[0].Debit"] = "100", ["Lines[1].Account"] = "5121", ["Lines[1].Credit"] = "100",
        })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var transfer = (await LinesAsync(other)).ShouldHaveSingleItem();
        transfer.Amount.ShouldBe(100m);
        await client.PostFormAsync($"/Accounting/BankAccounts/{other}", $"/Accounting/BankAccounts/{other}/reconcile", new() { ["LineIds[0]"] = Id(transfer.Id) });
        (await LinesAsync(other)).Single().StatementReference.ShouldBeNull();
        (await LinesAsync(bank)).Sum(l => l.Amount).ShouldBe(-1672.50m);
    }

    [Fact]
    public async Task A_payment_writes_its_bank_line_on_the_bank_chosen_even_when_two_banks_share_the_ledger_account()
    {
        var first = await OwnBankAsync("5125", "Shared A");
        var second = await OwnBankAsync("5125", "Shared B");
        using var client = await SignedInClient.AdminAsync(app);
        var salary = await client.RecordSalaryAsync(await app.AdminIdAsync(), new DateOnly(2026, 9, 1), 1000m, 800m);
        await client.PostFormAsync($"/Hr/Salaries/{salary}", $"/Hr/Salaries/{salary}/pay", new() { ["Date"] = "2026-10-02", ["BankAccountId"] = Id(second) });

        (await LinesAsync(first)).ShouldBeEmpty();
        (await LinesAsync(second)).ShouldHaveSingleItem().Amount.ShouldBe(-800m);
    }

    [Fact]
    public async Task A_cancelled_payment_posts_its_mirror_once_with_a_bank_line_on_the_same_bank_account()
    {
        await OwnBankAsync("5127", "Cancel A");
        var second = await OwnBankAsync("5127", "Cancel B");
        async Task<JournalEntry?> InTransactionAsync(Func<PostingEngine, Task<JournalEntry?>> work)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MokoCrm.Web.Platform.Data.AppDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync();
            var entry = await work(scope.ServiceProvider.GetRequiredService<PostingEngine>());
            await db.SaveChangesAsync();
            await tx.CommitAsync();
            return entry;
        }

        await InTransactionAsync(async engine => await engine.PostAsync(PostingBuilders.CustomerPayment(
            new PaymentPosting("test.payment", 77, "PAY-77", new DateOnly(2026, 10, 5), "Acme", "CU-A", "5127", 250m, second), await engine.DefaultsAsync())));
        var reversal = await InTransactionAsync(engine => engine.ReverseAsync("test.payment", 77, new DateOnly(2026, 10, 8), "Cheque bounced"));

        reversal.ShouldNotBeNull().Kind.ShouldBe(EntryKind.Reversal);
        reversal.Shape().ShouldBe([("5127", 0m, 250m, null), ("411", 250m, 0m, "CU-A")]);
        (await LinesAsync(second)).Select(l => l.Amount).ShouldBe([250m, -250m]);
        (await InTransactionAsync(engine => engine.ReverseAsync("test.payment", 78, new DateOnly(2026, 10, 8), "never posted"))).ShouldBeNull();
        (await Should.ThrowAsync<MokoCrm.Web.Platform.Domain.DomainException>(() => InTransactionAsync(engine => engine.ReverseAsync("test.payment", 77, new DateOnly(2026, 10, 9), "twice"))))
            .Message.ShouldBe("PAY-77 has already been reversed.");
    }

    [Fact]
    public async Task Each_bank_account_posts_in_its_own_journal_named_on_the_setup_form()
    {
        using var client = await SignedInClient.AdminAsync(app);
        if (!await app.WithDbAsync(db => db.Set<Account>().AnyAsync(a => a.Number == "5128")))
        {
            await app.WithDbAsync(async db => { db.Add(new Account("5128", "Bank journal test", AccountType.Asset, "512")); await db.SaveChangesAsync(); return 0; });
        }

        // Left blank on the form, the journal code is the next free bank code; typed, it is kept (upper case).
        (await client.PostFormAsync("/Setup/BankAccounts/new", "/Setup/BankAccounts/new", new()
        {
            ["Label"] = "Journal test A", ["AccountingAccount"] = "5128", ["Active"] = "true",
        })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.PostFormAsync("/Setup/BankAccounts/new", "/Setup/BankAccounts/new", new()
        {
            ["Label"] = "Journal test B", ["AccountingAccount"] = "5128", ["JournalCode"] = "bqtb", ["Active"] = "true",
        })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var banks = await app.WithDbAsync(db => db.Set<BankAccount>().AsNoTracking().Where(b => b.Label.StartsWith("Journal test")).OrderBy(b => b.Label).ToListAsync());
        var used = await app.WithDbAsync(db => db.Set<BankAccount>().AsNoTracking().Where(b => b.Id != banks[0].Id).Select(b => b.JournalCode).ToListAsync());
        banks[0].JournalCode.ShouldBe(BankAccount.NextJournalCode(used));
        banks[0].JournalCode.ShouldNotBe("BQ");
        banks[1].JournalCode.ShouldBe("BQTB");
        (await client.Http.GetStringAsync("/Setup/BankAccounts")).ShouldContain("BQTB");

        var salary = await client.RecordSalaryAsync(await app.AdminIdAsync(), new DateOnly(2026, 8, 1), 900m, 700m);
        (await client.PostFormAsync($"/Hr/Salaries/{salary}", $"/Hr/Salaries/{salary}/pay", new() { ["Date"] = "2026-08-28", ["BankAccountId"] = Id(banks[1].Id) }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var payment = (await app.EntriesOfAsync(PostingBuilders.SalaryPaymentSource, salary)).ShouldHaveSingleItem();
        payment.JournalCode.ShouldBe("BQTB");
        payment.Sequence.ShouldBe(1);
        payment.Lines.ShouldAllBe(l => l.JournalCode == "BQTB");
        (await app.WithDbAsync(db => db.Set<Journal>().AsNoTracking().SingleAsync(j => j.Code == "BQTB"))).Label.ShouldBe("Bank: Journal test B");
        (await LinesAsync(banks[1].Id)).ShouldHaveSingleItem().Amount.ShouldBe(-700m);

        // Its chain verifies on its own, the entries list filters on it and the FEC names it.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var verified = await scope.ServiceProvider.GetRequiredService<LedgerVerifier>().VerifyAsync();
            verified.Single(v => v.JournalCode == "BQTB").ShouldSatisfyAllConditions(v => v.Intact.ShouldBeTrue(), v => v.EntriesChecked.ShouldBe(1));
        }

        (await client.Http.GetStringAsync("/Accounting/Entries?journal=BQTB")).ShouldContain("<option value=\"BQTB\" selected=\"selected\">");
        var fec = await client.Http.GetStringAsync("/Accounting/Fec?from=2026-08-28&to=2026-08-28&download=true");
        fec.Split("\r\n").Where(l => l.Contains("5128", StringComparison.Ordinal)).ShouldAllBe(l => l.StartsWith("BQTB\tBank: Journal test B\t", StringComparison.Ordinal));
    }
}
