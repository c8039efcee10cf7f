using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Modules.Accounting.Features;

namespace MokoCrm.IntegrationTests.Modules.Accounting;

public sealed class LedgerTamperTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    private async Task<JournalVerification> VerifyOdAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<LedgerVerifier>().VerifyAsync()).Single(j => j.JournalCode == "OD");
    }

    private async Task<List<JournalEntry>> PostFiveAsync()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var admin = await app.AdminIdAsync();
        for (var i = 1; i <= 5; i++)
        {
            await client.RecordSalaryAsync(admin, new DateOnly(2026, i, 1), 1000m * i, 800m * i);
        }

        return await app.WithDbAsync(db => db.Set<JournalEntry>().AsNoTracking().Where(e => e.JournalCode == "OD").OrderBy(e => e.Sequence).ToListAsync());
    }

    [Fact]
    public async Task Edits_deletions_and_insertions_made_in_the_database_are_detected_naming_the_first_broken_entry()
    {
        var od = await PostFiveAsync();
        od.Select(e => e.Sequence).ShouldBe([1L, 2, 3, 4, 5]);
        (await VerifyOdAsync()).Intact.ShouldBeTrue();
        using var client = await SignedInClient.AdminAsync(app);
        (await client.Http.GetStringAsync("/Accounting/Verify?run=true")).ShouldContain("Intact");

        // 1. A line amount edited: entry #3 no longer matches its hash.
        await app.ExecuteSqlAsync($"UPDATE accounting.entry_lines SET debit = debit + 1, credit = credit WHERE entry_id = {od[2].Id} AND line_number = 1");
        var edited = await VerifyOdAsync();
        (edited.BrokenSequence, edited.BrokenEntryId).ShouldBe((3L, od[2].Id));
        edited.Problem.ShouldBe("Entry OD #3 was changed after it was posted: its content no longer matches its hash.");
        var page = await client.Http.GetStringAsync("/Accounting/Verify?run=true");
        page.ShouldContain("Broken");
        page.ShouldContain("Entry OD #3 was changed after it was posted");
        await app.ExecuteSqlAsync($"UPDATE accounting.entry_lines SET debit = debit - 1 WHERE entry_id = {od[2].Id} AND line_number = 1");
        (await VerifyOdAsync()).Intact.ShouldBeTrue();

        // 2. A label edited on the entry itself.
        await app.ExecuteSqlAsync($"UPDATE accounting.entries SET label = label || ' (edited)' WHERE id = {od[1].Id}");
        (await VerifyOdAsync()).BrokenSequence.ShouldBe(2L);
        await app.ExecuteSqlAsync($"UPDATE accounting.entries SET label = replace(label, ' (edited)', '') WHERE id = {od[1].Id}");
        (await VerifyOdAsync()).Intact.ShouldBeTrue();

        // 3. An entry deleted in the middle: the sequence jumps at the entry after it.
        await app.ExecuteSqlAsync($"""
            CREATE TABLE public.saved_entry AS SELECT * FROM accounting.entries WHERE id = {od[3].Id};
            CREATE TABLE public.saved_lines AS SELECT * FROM accounting.entry_lines WHERE entry_id = {od[3].Id};
            DELETE FROM accounting.entry_lines WHERE entry_id = {od[3].Id};
            DELETE FROM accounting.entries WHERE id = {od[3].Id};
            """);
        var deleted = await VerifyOdAsync();
        (deleted.BrokenSequence, deleted.BrokenEntryId).ShouldBe((5L, od[4].Id));
        deleted.Problem.ShouldBe("Entry OD #4 is missing: the sequence jumps to #5 (an entry was deleted).");

        // 4. The deleted entry put back unchanged: intact again.
        await app.ExecuteSqlAsync("""
            INSERT INTO accounting.entries SELECT * FROM public.saved_entry;
            INSERT INTO accounting.entry_lines SELECT * FROM public.saved_lines;
            """);
        (await VerifyOdAsync()).Intact.ShouldBeTrue();

        // 5. The last entry deleted: the journal's head still names it.
        await app.ExecuteSqlAsync($"""
            DELETE FROM public.saved_entry; DELETE FROM public.saved_lines;
            INSERT INTO public.saved_entry SELECT * FROM accounting.entries WHERE id = {od[4].Id};
            INSERT INTO public.saved_lines SELECT * FROM accounting.entry_lines WHERE entry_id = {od[4].Id};
            DELETE FROM accounting.entry_lines WHERE entry_id = {od[4].Id};
            DELETE FROM accounting.entries WHERE id = {od[4].Id};
            """);
        (await VerifyOdAsync()).Problem.ShouldBe("The journal OD ends at entry #5 but only #4 is there: its last entries were deleted or replaced.");
        await app.ExecuteSqlAsync("""
            INSERT INTO accounting.entries SELECT * FROM public.saved_entry;
            INSERT INTO accounting.entry_lines SELECT * FROM public.saved_lines;
            """);
        (await VerifyOdAsync()).Intact.ShouldBeTrue();

        // 6. An entry inserted between #2 and #3 (sequences shifted to make room): #3 is the forged one.
        await app.ExecuteSqlAsync($"""
            UPDATE accounting.entries SET sequence = sequence + 100 WHERE journal_code = 'OD' AND sequence >= 3;
            UPDATE accounting.entries SET sequence = sequence - 99 WHERE journal_code = 'OD' AND sequence >= 103;
            INSERT INTO accounting.entries (id, journal_code, sequence, entry_date, label, source_type, source_id, kind, previous_hash, hash, posted_at, to_review)
            SELECT id + 1000000, journal_code, 3, entry_date, 'Forged', 'forged', 1, 'Posting', hash, repeat('0', 64), posted_at, false
            FROM accounting.entries WHERE id = {od[1].Id};
            """);
        var inserted = await VerifyOdAsync();
        (inserted.BrokenSequence, inserted.BrokenEntryId).ShouldBe((3L, od[1].Id + 1000000));
    }
}
