using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Modules.Hr.Domain;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.IntegrationTests.Modules.Accounting;

public sealed class HrDemoDataTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task The_demo_data_records_and_pays_a_salary_and_both_are_posted()
    {
        await app.BankIdAsync(); // Setup's demo seeder adds the bank account before this one runs.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var seeder = scope.ServiceProvider.GetServices<IDemoDataSeeder>().Single(s => s.GetType().Namespace!.Contains(".Hr.", StringComparison.Ordinal));
            await seeder.SeedAsync(scope.ServiceProvider, CancellationToken.None);
        }

        var salary = (await app.SalariesAsync(_ => true)).ShouldHaveSingleItem();
        salary.Status.ShouldBe(SalaryStatus.Paid);
        var entries = await app.WithDbAsync(db => db.Set<JournalEntry>().AsNoTracking().Include(e => e.Lines).OrderBy(e => e.Id).ToListAsync());
        entries.Select(e => e.JournalCode).ShouldBe(["OD", "BQ"]);
        entries.ShouldAllBe(e => e.Lines.Sum(l => l.Debit) == e.Lines.Sum(l => l.Credit) && !e.ToReview);
    }
}

public sealed class ParallelPostingTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task Parallel_salaries_take_gap_free_sequences_in_their_journal_and_chain_their_hashes()
    {
        var admin = await app.AdminIdAsync();
        var tasks = Enumerable.Range(1, 8).Select(async i =>
        {
            using var client = await SignedInClient.AdminAsync(app);
            return await client.RecordSalaryAsync(admin, new DateOnly(2025, 1 + i, 1), 1000m + i, 800m);
        }).ToList();
        await Task.WhenAll(tasks);

        var od = await app.WithDbAsync(db => db.Set<JournalEntry>().AsNoTracking().Where(e => e.JournalCode == "OD").OrderBy(e => e.Sequence).ToListAsync());
        var sequences = od.Select(e => e.Sequence).ToList();
        sequences.ShouldBe(Enumerable.Range(1, sequences.Count).Select(i => (long)i).ToList());
        for (var i = 1; i < od.Count; i++)
        {
            od[i].PreviousHash.ShouldBe(od[i - 1].Hash);
        }
    }
}
