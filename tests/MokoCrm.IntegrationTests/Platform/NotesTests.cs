using Microsoft.Extensions.DependencyInjection;
using MokoCrm.IntegrationTests.Platform.Samples;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Notes;

namespace MokoCrm.IntegrationTests.Platform;

public sealed class NotesTests(SampleAppFactory app) : IClassFixture<SampleAppFactory>
{
    [Fact]
    public async Task Public_and_private_notes_are_kept_per_record_and_show_in_the_records_history()
    {
        var document = await CreateAsync();

        await InScopeAsync(async (notes, _) =>
        {
            await notes.SetAsync(document.Ref, NoteKind.Public, "Deliver before noon");
            await notes.SetAsync(document.Ref, NoteKind.Private, "  Customer pays late  ");
        });
        await InScopeAsync((notes, _) => notes.SetAsync(document.Ref, NoteKind.Public, "Deliver after noon"));

        await using var scope = app.Scope();
        var read = await scope.ServiceProvider.GetRequiredService<INoteService>().GetAsync(document.Ref);
        read.ShouldBe(new RecordNotes("Deliver after noon", "Customer pays late"));

        var history = (await scope.ServiceProvider.GetRequiredService<IAuditTrail>().ForRecordAsync(document.Ref, new AuditPageRequest())).Rows;
        history[0].Action.ShouldBe("updated");
        history[0].Changes.ShouldBe([new AuditChange("PublicNote", "Deliver before noon", "Deliver after noon")]);
        history[1].Changes.ShouldBe([new AuditChange("PublicNote", null, "Deliver before noon"), new AuditChange("PrivateNote", null, "Customer pays late")], ignoreOrder: true);
    }

    [Fact]
    public async Task A_record_without_notes_reads_as_empty_and_a_blank_note_creates_nothing()
    {
        var document = await CreateAsync();

        await InScopeAsync((notes, _) => notes.SetAsync(document.Ref, NoteKind.Private, "   "));

        await using var scope = app.Scope();
        (await scope.ServiceProvider.GetRequiredService<INoteService>().GetAsync(document.Ref)).ShouldBe(RecordNotes.None);
    }

    [Fact]
    public async Task A_conversion_copies_the_public_note_but_not_the_private_one()
    {
        var source = await CreateAsync();
        var target = await CreateAsync();
        await InScopeAsync(async (notes, _) =>
        {
            await notes.SetAsync(source.Ref, NoteKind.Public, "Gate code 1234");
            await notes.SetAsync(source.Ref, NoteKind.Private, "Difficult customer");
        });

        await InScopeAsync((notes, _) => notes.CopyPublicAsync(source.Ref, target.Ref));

        await using var scope = app.Scope();
        (await scope.ServiceProvider.GetRequiredService<INoteService>().GetAsync(target.Ref)).ShouldBe(new RecordNotes("Gate code 1234", null));
    }

    [Fact]
    public async Task Removing_the_notes_of_a_deleted_record_leaves_it_without_notes()
    {
        var document = await CreateAsync();
        await InScopeAsync((notes, _) => notes.SetAsync(document.Ref, NoteKind.Public, "Temporary"));

        await InScopeAsync((notes, _) => notes.RemoveAsync(document.Ref));

        await using var scope = app.Scope();
        (await scope.ServiceProvider.GetRequiredService<INoteService>().GetAsync(document.Ref)).ShouldBe(RecordNotes.None);
    }

    [Fact]
    public async Task A_note_longer_than_the_limit_is_refused()
    {
        var document = await CreateAsync();

        await using var scope = app.Scope();
        var notes = scope.ServiceProvider.GetRequiredService<INoteService>();
        await Should.ThrowAsync<DomainException>(() => notes.SetAsync(document.Ref, NoteKind.Public, new string('x', RecordNote.MaxLength + 1)));
    }

    private async Task<SampleDocument> CreateAsync()
    {
        var document = new SampleDocument(SampleAppFactory.NewNumber(), new DateOnly(2026, 11, 27), 1m);
        await InScopeAsync((_, db) =>
        {
            db.Add(document);
            return Task.CompletedTask;
        });
        return document;
    }

    private async Task InScopeAsync(Func<INoteService, AppDbContext, Task> action)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await action(scope.ServiceProvider.GetRequiredService<INoteService>(), db);
        await db.SaveChangesAsync();
    }
}
