using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.IntegrationTests.Platform.Sample;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Numbering;

namespace MokoCrm.IntegrationTests.Platform.Events;

public sealed class DomainEventsTests(SampleAppFactory app) : IClassFixture<SampleAppFactory>
{
    private static readonly DateOnly November = new(2026, 11, 15);

    [Fact]
    public async Task Events_raised_by_handlers_are_dispatched_in_a_further_round_of_the_same_save()
    {
        var id = await app.CreateDraftAsync("two rounds", November);
        await app.AddMaskAsync("sample_rounds", "RD{yymm}-{nnnn}");

        await app.InScopeAsync((_, services) => services.GetRequiredService<ValidateSampleDocument>().RunAsync(id, "sample_rounds"));

        var document = await app.LoadAsync(id);
        (await app.NotesOfAsync(id)).ShouldBe(["validated as RD2611-0001"]);
        document.NoteCount.ShouldBe(1, "the note added in round one raised SampleNoteAdded, counted in round two");
    }

    [Fact]
    public async Task A_handler_takes_a_number_inside_the_transaction_that_SaveChanges_opens()
    {
        var id = await app.CreateDraftAsync("numbered by a handler", November);

        await app.InScopeAsync(async (db, _) =>
        {
            (await db.Set<SampleDocument>().FindAsync(id))!.Submit();
            await db.SaveChangesAsync();
        });

        var document = await app.LoadAsync(id);
        document.Status.ShouldBe(SampleDocumentStatus.Validated);
        document.Number.ShouldNotBeNull().ShouldStartWith("SB2611-");
        document.NoteCount.ShouldBe(1);
    }

    [Fact]
    public async Task A_failing_handler_leaves_nothing_in_the_database_not_even_a_number_taken_before_it()
    {
        var id = await app.CreateDraftAsync("before", new DateOnly(2031, 1, 10));

        var failure = await Should.ThrowAsync<InvalidOperationException>(() => app.InScopeAsync(async (db, _) =>
        {
            var document = (await db.Set<SampleDocument>().FindAsync(id))!;
            document.Rename("after");
            document.Submit(); // its handler takes a number with SQL of its own
            document.RaiseForTest(new SampleFailureRequested(id));
            await db.SaveChangesAsync();
        }));

        failure.Message.ShouldBe("The sample handler failed on purpose.");
        var stored = await app.LoadAsync(id);
        stored.Title.ShouldBe("before");
        stored.Status.ShouldBe(SampleDocumentStatus.Draft);
        (await app.NotesOfAsync(id)).ShouldBeEmpty();
        var counters = await app.InScopeAsync((db, _) => db.Set<NumberingCounter>().CountAsync(c => c.FiscalYear == 2031));
        counters.ShouldBe(0, "the counter row created by the handler was rolled back with the rest");
    }

    [Fact]
    public async Task Handlers_raising_each_other_forever_are_reported_as_a_cycle_naming_the_events()
    {
        var id = await app.CreateDraftAsync("ping pong", November);

        var cycle = await Should.ThrowAsync<DomainEventCycleException>(() => app.InScopeAsync(async (db, _) =>
        {
            var document = (await db.Set<SampleDocument>().FindAsync(id))!;
            document.Rename("never saved");
            document.RaiseForTest(new SamplePing(id));
            await db.SaveChangesAsync();
        }));

        cycle.Message.ShouldContain($"after {DomainEventsInterceptor.MaxRounds} rounds");
        cycle.Message.ShouldContain(nameof(SamplePing));
        (await app.LoadAsync(id)).Title.ShouldBe("ping pong");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SaveChanges_called_by_a_handler_is_refused_and_nothing_is_saved(bool synchronously)
    {
        var id = await app.CreateDraftAsync("original", November);

        var refusal = await Should.ThrowAsync<InvalidOperationException>(() => app.InScopeAsync(async (db, _) =>
        {
            var document = (await db.Set<SampleDocument>().FindAsync(id))!;
            document.Rename("changed");
            document.RaiseForTest(new SampleSaveRequested(synchronously));
            await db.SaveChangesAsync();
        }));

        refusal.Message.ShouldContain("SaveChanges was called while domain events were being dispatched");
        (await app.LoadAsync(id)).Title.ShouldBe("original");
    }

    [Fact]
    public async Task Handlers_are_resolved_from_the_scope_of_the_DbContext_that_saves()
    {
        var id = await app.CreateDraftAsync("probe", November);

        var (seen, saving) = await app.InScopeAsync(async (db, services) =>
        {
            (await db.Set<SampleDocument>().FindAsync(id))!.RaiseForTest(new SampleScopeProbed());
            await db.SaveChangesAsync();
            return (services.GetRequiredService<SampleScopeProbe>().SeenContext, db);
        });

        seen.ShouldBeSameAs(saving);
    }

    [Fact]
    public async Task The_synchronous_SaveChanges_dispatches_events_too()
    {
        var id = await app.CreateDraftAsync("sync", November);

        await app.InScopeAsync((db, _) =>
        {
            db.Add(new SampleNote(id, "added synchronously"));
            db.SaveChanges();
            return Task.CompletedTask;
        });

        (await app.LoadAsync(id)).NoteCount.ShouldBe(1);
    }

    [Fact]
    public async Task A_save_that_fails_in_the_database_gives_back_the_number_its_handler_took()
    {
        var id = await app.CreateDraftAsync("collides", new DateOnly(2032, 3, 1));
        // A record already holds the number the handler will take, so the UPDATE fails on the unique index.
        await app.InScopeAsync((db, _) => db.Database.ExecuteSqlRawAsync(
            "INSERT INTO sample.sample_documents (id, title, document_date, status, number, note_count) VALUES (-5, 'squatter', '2032-03-01', 'Validated', 'SB3203-0001', 0)"));

        await Should.ThrowAsync<DbUpdateException>(() => app.InScopeAsync(async (db, _) =>
        {
            (await db.Set<SampleDocument>().FindAsync(id))!.Submit();
            await db.SaveChangesAsync();
        }));

        (await app.LoadAsync(id)).Number.ShouldBeNull();
        var counters = await app.InScopeAsync((db, _) => db.Set<NumberingCounter>().CountAsync(c => c.FiscalYear == 2032));
        counters.ShouldBe(0);
    }
}
