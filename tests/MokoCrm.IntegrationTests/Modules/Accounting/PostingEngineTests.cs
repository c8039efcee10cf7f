using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Modules.Accounting.Features;
using MokoCrm.Web.Modules.Crm.Features;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.IntegrationTests.Modules.Accounting;

/// <summary>
/// The posting engine's two round trips (ADR 0008, "Cost of a posting"): the defaults it assumes are confirmed by its
/// own read, the journal's head is locked by the write batch (which numbers and chains the entry in SQL from it), and
/// the entry is written by SQL in the same transaction.
/// </summary>
public sealed class PostingEngineTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task A_default_account_changed_after_this_process_read_it_is_used_by_the_next_posting_and_a_disabled_one_goes_to_suspense()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var admin = await app.AdminIdAsync();
        var lastSeen = app.Services.GetRequiredService<PostingEngine.LastSeenDefaults>();
        await client.RecordSalaryAsync(admin, new DateOnly(2026, 3, 1), 2000m, 1560m);
        lastSeen.Value![DefaultAccountKeys.Salaries].ShouldBe("641");

        // The settings screen's own save: the process's last seen defaults still say 641.
        await ChangeSalariesAccountAsync("6411");
        lastSeen.Value![DefaultAccountKeys.Salaries].ShouldBe("641");

        var second = await client.RecordSalaryAsync(admin, new DateOnly(2026, 4, 1), 2000m, 1560m);
        (await app.EntriesOfAsync(PostingBuilders.SalarySource, second)).Single().Shape()
            .ShouldBe([("6411", 2000m, 0m, null), ("421", 0m, 1560m, "admin"), ("431", 0m, 440m, null)]);
        lastSeen.Value![DefaultAccountKeys.Salaries].ShouldBe("6411");

        // A default account disabled behind the settings' back is checked like any other: suspense, to review, not blocked.
        await ChangeSalariesAccountAsync("6412");
        await app.ExecuteSqlAsync("UPDATE accounting.accounts SET enabled = false WHERE number = '6412'");
        var third = await client.RecordSalaryAsync(admin, new DateOnly(2026, 5, 1), 2000m, 1560m);
        var entry = (await app.EntriesOfAsync(PostingBuilders.SalarySource, third)).Single();
        entry.ToReview.ShouldBeTrue();
        entry.Shape().ShouldBe([("471", 2000m, 0m, null), ("421", 0m, 1560m, "admin"), ("431", 0m, 440m, null)]);
        entry.Lines.Single(l => l.AccountNumber == "471").IntendedAccount.ShouldBe("6412");
    }

    [Fact]
    public async Task Parallel_postings_in_one_journal_keep_a_gap_free_sequence_and_an_intact_hash_chain()
    {
        var before = await app.WithDbAsync(db => db.Set<JournalEntry>().CountAsync(e => e.JournalCode == "OD"));
        await Parallel.ForAsync(0, 12, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            await app.PostAsync(defaults => PostingBuilders.Salary(
                new SalaryPosting(900_000 + i, $"PAR-{i}", new DateOnly(2026, 8, 31), "Parallel", "admin", 1000m + i, 800m), defaults)));

        var sequences = await app.WithDbAsync(db => db.Set<JournalEntry>().Where(e => e.JournalCode == "OD").OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync());
        sequences.ShouldBe(Enumerable.Range(1, before + 12).Select(n => (long)n));
        await using var scope = app.Services.CreateAsyncScope();
        var od = (await scope.ServiceProvider.GetRequiredService<LedgerVerifier>().VerifyAsync()).Single(j => j.JournalCode == "OD");
        od.Intact.ShouldBeTrue(od.Problem);
        od.EntriesChecked.ShouldBe(before + 12);
    }

    [Fact]
    public async Task A_source_posted_twice_in_one_unit_of_work_is_refused_before_anything_is_saved()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var engine = scope.ServiceProvider.GetRequiredService<PostingEngine>();
        var salary = new SalaryPosting(910_000, "TWICE-1", new DateOnly(2026, 9, 30), "Twice", "admin", 1500m, 1200m);
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            var first = await engine.PostAsync(defaults => PostingBuilders.Salary(salary, defaults));
            first.Id.ShouldBeGreaterThan(0);
            first.Lines.ShouldAllBe(l => l.Id > 0 && l.EntryId == first.Id);
            (await Should.ThrowAsync<DomainException>(() => engine.PostAsync(defaults => PostingBuilders.Salary(salary, defaults))))
                .Message.ShouldBe("TWICE-1 has already been posted.");
        }

        // The transaction was not committed: the entry written by SQL went with it.
        (await app.EntriesOfAsync(PostingBuilders.SalarySource, 910_000)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_source_posted_by_a_parallel_transaction_while_this_one_waits_for_the_journal_is_refused_with_the_same_message()
    {
        // The journal's lock is taken by the write batch, after the checks: the second posting passes its check
        // (the first is not committed yet), waits for the lock, and meets the first's entry in the unique index.
        var salary = new SalaryPosting(917_500, "RACE-1", new DateOnly(2026, 10, 31), "Race", "admin", 1500m, 1200m);
        await using var firstScope = app.Services.CreateAsyncScope();
        var firstDb = firstScope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var firstTx = await firstDb.Database.BeginTransactionAsync();
        var first = await firstScope.ServiceProvider.GetRequiredService<PostingEngine>().PostAsync(defaults => PostingBuilders.Salary(salary, defaults));

        await using var secondScope = app.Services.CreateAsyncScope();
        var secondDb = secondScope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var secondTx = await secondDb.Database.BeginTransactionAsync();
        var second = secondScope.ServiceProvider.GetRequiredService<PostingEngine>().PostAsync(defaults => PostingBuilders.Salary(salary, defaults));
        await Task.Delay(500);
        second.IsCompleted.ShouldBeFalse(); // queued behind the first on the journal's head
        await firstTx.CommitAsync();

        (await Should.ThrowAsync<DomainException>(() => second)).Message.ShouldBe("RACE-1 has already been posted.");
        await secondTx.RollbackAsync();
        var entries = await app.EntriesOfAsync(PostingBuilders.SalarySource, 917_500);
        entries.Single().Id.ShouldBe(first.Id);
        entries.Single().Sequence.ShouldBe(first.Sequence);
        entries.Single().Hash.ShouldBe(first.Hash);
    }

    [Fact]
    public async Task The_posting_batches_run_on_generic_plans_and_leave_the_sessions_own_plan_setting_to_the_business_action()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var engine = scope.ServiceProvider.GetRequiredService<PostingEngine>();
        Task<string> Setting() => db.Database.SqlQueryRaw<string>("SELECT current_setting('plan_cache_mode') AS \"Value\"").SingleAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        var session = await Setting();
        session.ShouldBe("force_custom_plan");

        var salary = new SalaryPosting(915_000, "PLAN-1", new DateOnly(2026, 9, 30), "Plan", "admin", 1500m, 1200m);
        (await engine.PostAsync(defaults => PostingBuilders.Salary(salary, defaults))).Sequence.ShouldBeGreaterThan(0);
        (await Setting()).ShouldBe(session);
        await Should.ThrowAsync<DomainException>(() => engine.PostAsync(defaults => PostingBuilders.Salary(salary, defaults)));
        (await Setting()).ShouldBe(session);
        await tx.CommitAsync();
        (await app.EntriesOfAsync(PostingBuilders.SalarySource, 915_000)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task The_third_party_is_read_in_the_posting_s_own_batch_so_a_renamed_customer_is_posted_under_its_new_name()
    {
        long customer;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            customer = await scope.ServiceProvider.GetRequiredService<ThirdPartyAdministration>()
                .CreateAsync(new ThirdPartyForm { Name = "Batch Read Before", IsCustomer = true, CountryCode = "FR" });
        }

        var code = await app.WithDbAsync(db => db.Database.SqlQuery<string>($"SELECT accounting_code AS \"Value\" FROM crm.third_parties WHERE id = {customer}").SingleAsync());
        var first = await PostInvoiceAsync(920_001, customer);
        first.Label.ShouldBe("TP-920001 Batch Read Before");
        first.Lines.Single(l => l.AccountNumber == "411").Subledger.ShouldBe(code);
        first.Lines.Single(l => l.AccountNumber == "411").SubledgerLabel.ShouldBe("Batch Read Before");

        // Renamed behind the process's back: nothing is cached, the next posting reads the new name.
        await app.ExecuteSqlAsync($"UPDATE crm.third_parties SET name = 'Batch Read After' WHERE id = {customer}");
        (await PostInvoiceAsync(920_002, customer)).Label.ShouldBe("TP-920002 Batch Read After");

        // A third party that does not exist is posted under its id, without a subledger: nothing is blocked.
        var missing = await PostInvoiceAsync(920_003, 999_999_999);
        missing.Label.ShouldBe("TP-920003 #999999999");
        missing.Lines.Single(l => l.AccountNumber == "411").Subledger.ShouldBeNull();
    }

    [Fact]
    public async Task Entry_and_line_ids_come_in_hilo_blocks_of_the_tables_sequences_that_two_processes_never_share()
    {
        // A second process is a second set of blocks over the same sequences; both post in parallel.
        var otherProcess = new PostingEngine.IdBlocks();
        var posted = new System.Collections.Concurrent.ConcurrentBag<JournalEntry>();
        await Parallel.ForAsync(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var engine = i % 2 == 0
                ? scope.ServiceProvider.GetRequiredService<PostingEngine>()
                : ActivatorUtilities.CreateInstance<PostingEngine>(scope.ServiceProvider, otherProcess);
            await using var tx = await db.Database.BeginTransactionAsync();
            posted.Add(await engine.PostAsync(defaults => PostingBuilders.Salary(
                new SalaryPosting(930_000 + i, $"IDS-{i}", new DateOnly(2026, 10, 31), "Ids", "admin", 1000m + i, 800m), defaults)));
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        });

        var saved = await app.WithDbAsync(db => db.Set<JournalEntry>().AsNoTracking().Include(e => e.Lines)
            .Where(e => e.SourceType == PostingBuilders.SalarySource && e.SourceId >= 930_000 && e.SourceId < 930_016).ToListAsync());
        saved.Count.ShouldBe(16);
        saved.Select(e => e.Id).Order().ShouldBe(posted.Select(e => e.Id).Order());
        saved.SelectMany(e => e.Lines).Select(l => l.Id).Order().ShouldBe(posted.SelectMany(e => e.Lines).Select(l => l.Id).Order());
        saved.ShouldAllBe(e => e.Lines.All(l => l.EntryId == e.Id));

        // Dense: each process's 24 lines (3 a posting) fit in the 4 blocks of 10 that 4 postings starting together take
        // at most; ids left in a block are handed to the next postings, not thrown away (EF took a block per 2 postings).
        var lineIds = saved.SelectMany(e => e.Lines).Select(l => l.Id).ToList();
        lineIds.Count.ShouldBe(48);
        lineIds.Select(id => (id - 1) / 10).Distinct().Count().ShouldBeLessThanOrEqualTo(8);
        var top = await app.WithDbAsync(db => db.Database.SqlQueryRaw<long>("SELECT last_value AS \"Value\" FROM accounting.entry_lines_hilo").SingleAsync());
        lineIds.Max().ShouldBeLessThan(top + 10);

        // The chain of the journal both processes posted in verifies.
        await using var verify = app.Services.CreateAsyncScope();
        var od = (await verify.ServiceProvider.GetRequiredService<LedgerVerifier>().VerifyAsync()).Single(j => j.JournalCode == "OD");
        od.Intact.ShouldBeTrue(od.Problem);
    }

    private async Task<JournalEntry> PostInvoiceAsync(long invoiceId, long thirdPartyId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var engine = scope.ServiceProvider.GetRequiredService<PostingEngine>();
        await using var tx = await db.Database.BeginTransactionAsync();
        var entry = await engine.PostAsync(scope.ServiceProvider.GetRequiredService<IThirdPartyAccountingLookup>(), thirdPartyId, (defaults, party) =>
            PostingBuilders.CustomerInvoice(new InvoicePosting("test.invoice", invoiceId, $"TP-{invoiceId}", new DateOnly(2026, 10, 15), party?.Name ?? $"#{thirdPartyId}",
                party?.CustomerSubledger, null, [new InvoicePostingLine(true, null, 100m, 20m, 20m)]), defaults));
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return entry;
    }

    private async Task ChangeSalariesAccountAsync(string number)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var accounting = scope.ServiceProvider.GetRequiredService<AccountingAdministration>();
        await accounting.SaveAccountAsync(null, new AccountForm { Number = number, Label = "Salaries " + number, Type = AccountType.Expense });
        var settings = DefaultAccountKeys.All.ToDictionary(d => d.Key, d => (string?)d.Account);
        settings[DefaultAccountKeys.Salaries] = number;
        await accounting.SaveSettingsAsync(new AccountSettingsForm { Accounts = settings });
    }
}
