using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MokoCrm.IntegrationTests.Platform.Sample;
using MokoCrm.Web.Platform.Outbox;

namespace MokoCrm.IntegrationTests.Platform.Outbox;

public sealed class OutboxTests(SampleAppFactory app) : IClassFixture<SampleAppFactory>
{
    private static readonly DateOnly November = new(2026, 11, 15);

    private OutboxProcessor Processor => app.Services.GetRequiredService<OutboxProcessor>();

    private OutboxOptions Options => app.Services.GetRequiredService<IOptions<OutboxOptions>>().Value;

    [Fact]
    public async Task The_outbox_message_of_a_validation_commits_with_it()
    {
        await app.AddMaskAsync("sample_outbox_commit", "OC{yymm}-{nnnn}");
        var id = await app.CreateDraftAsync("commits", November);

        var number = await app.InScopeAsync((_, services) => services.GetRequiredService<ValidateSampleDocument>().RunAsync(id, "sample_outbox_commit"));

        var messages = await MessagesForAsync(id);
        messages.Count.ShouldBe(1);
        messages[0].Type.ShouldBe("sample.send-document");
        messages[0].ProcessedAt.ShouldBeNull();
        JsonDocument.Parse(messages[0].Payload).RootElement.GetProperty("number").GetString().ShouldBe(number);
    }

    [Fact]
    public async Task A_rolled_back_validation_leaves_no_outbox_message()
    {
        await app.AddMaskAsync("sample_outbox_rollback", "OR{yymm}-{nnnn}");
        var id = await app.CreateDraftAsync("rolls back", November);

        await app.InScopeAsync((_, services) => services.GetRequiredService<ValidateSampleDocument>().RunAsync(id, "sample_outbox_rollback", commit: false));

        (await MessagesForAsync(id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_message_is_carried_out_once_with_its_database_work_and_never_again_once_marked()
    {
        await app.AddMaskAsync("sample_outbox_once", "OO{yymm}-{nnnn}");
        var id = await app.CreateDraftAsync("sent once", November);
        await app.InScopeAsync((_, services) => services.GetRequiredService<ValidateSampleDocument>().RunAsync(id, "sample_outbox_once"));
        var messageId = (await MessagesForAsync(id)).Single().Id;

        await RunUntilQuietAsync();
        (await Processor.RunOnceAsync()).ShouldBe(0);

        app.Mailbox.Sent.Count(s => s.MessageId == messageId).ShouldBe(1);
        var message = (await MessagesForAsync(id)).Single();
        message.ProcessedAt.ShouldBe(app.Clock.GetUtcNow());
        message.Attempts.ShouldBe(1);
        (await app.NotesOfAsync(id)).ShouldBe(["validated as OO2611-0001", "sent OO2611-0001"]);
    }

    [Fact]
    public async Task A_failing_message_is_retried_with_growing_delays_keeping_its_last_error()
    {
        await RunUntilQuietAsync(); // messages other tests of this class left pending would blur the counts below
        var id = await app.CreateDraftAsync("flaky mail server", November);
        var messageId = await EnqueueAsync(new SendSampleDocument(id, "FLAKY-1", FailTimes: 2));

        (await RunUntilQuietAsync()).ShouldBe(1);
        var afterFirst = await MessageAsync(messageId);
        afterFirst.Attempts.ShouldBe(1);
        afterFirst.ProcessedAt.ShouldBeNull();
        afterFirst.LastError.ShouldNotBeNull().ShouldContain("refused attempt 1 on purpose");
        afterFirst.NextAttemptAt.ShouldBe(app.Clock.GetUtcNow() + Options.FirstRetryDelay);

        (await RunUntilQuietAsync()).ShouldBe(0, "not due before its delay");
        app.Clock.Advance(Options.FirstRetryDelay);
        (await RunUntilQuietAsync()).ShouldBe(1);
        var afterSecond = await MessageAsync(messageId);
        afterSecond.Attempts.ShouldBe(2);
        afterSecond.NextAttemptAt.ShouldBe(app.Clock.GetUtcNow() + (2 * Options.FirstRetryDelay));

        app.Clock.Advance(2 * Options.FirstRetryDelay);
        (await RunUntilQuietAsync()).ShouldBe(1);

        var done = await MessageAsync(messageId);
        done.ProcessedAt.ShouldNotBeNull();
        done.Attempts.ShouldBe(3);
        done.LastError.ShouldBeNull();
        app.Mailbox.Sent.Count(s => s.MessageId == messageId).ShouldBe(1);
        (await app.NotesOfAsync(id)).ShouldBe(["sent FLAKY-1"], "the notes of the failed runs were rolled back");
    }

    [Fact]
    public async Task A_message_that_keeps_failing_is_given_up_after_the_maximum_attempts_with_its_error_kept()
    {
        var id = await app.CreateDraftAsync("dead letter", November);
        var messageId = await EnqueueAsync(new SendSampleDocument(id, "DEAD-1", FailTimes: int.MaxValue));

        for (var attempt = 0; attempt < Options.MaxAttempts + 2; attempt++)
        {
            await RunUntilQuietAsync();
            app.Clock.Advance(Options.MaxRetryDelay);
        }

        var message = await MessageAsync(messageId);
        message.Attempts.ShouldBe(Options.MaxAttempts);
        message.ProcessedAt.ShouldBeNull();
        message.LastError.ShouldNotBeNull().ShouldContain($"refused attempt {Options.MaxAttempts} on purpose");
        app.Mailbox.AttemptsByMessage[messageId].ShouldBe(Options.MaxAttempts);
    }

    [Fact]
    public async Task Processors_running_in_parallel_never_carry_out_a_message_twice()
    {
        var id = await app.CreateDraftAsync("many", November);
        var ids = new List<long>();
        for (var i = 0; i < 60; i++)
        {
            ids.Add(await EnqueueAsync(new SendSampleDocument(id, $"PAR-{i}")));
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(RunUntilQuietAsync)));

        var sent = app.Mailbox.Sent.Where(s => ids.Contains(s.MessageId)).Select(s => s.MessageId).ToList();
        sent.Count.ShouldBe(60);
        sent.Distinct().Count().ShouldBe(60);
        (await app.NotesOfAsync(id)).Count.ShouldBe(60);
    }

    [Fact]
    public async Task Enqueueing_a_message_nobody_handles_is_refused_at_once()
    {
        var refusal = await Should.ThrowAsync<InvalidOperationException>(() => app.InScopeAsync((_, services) =>
        {
            services.GetRequiredService<IOutbox>().Enqueue(new { Orphan = true });
            return Task.CompletedTask;
        }));

        refusal.Message.ShouldContain("has no outbox handler");
    }

    private Task<long> EnqueueAsync(SendSampleDocument message) =>
        app.InScopeAsync(async (db, services) =>
        {
            var messageId = services.GetRequiredService<IOutbox>().Enqueue(message);
            await db.SaveChangesAsync();
            return messageId;
        });

    private async Task<int> RunUntilQuietAsync()
    {
        var total = 0;
        int ran;
        while ((ran = await Processor.RunOnceAsync()) > 0)
        {
            total += ran;
        }

        return total;
    }

    private Task<List<OutboxMessage>> MessagesForAsync(long documentId) =>
        app.InScopeAsync((db, _) => db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Type == "sample.send-document")
            .ToListAsync())
            .ContinueWith(t => t.Result.Where(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("documentId").GetInt64() == documentId).ToList(), TaskScheduler.Default);

    private Task<OutboxMessage> MessageAsync(long messageId) =>
        app.InScopeAsync((db, _) => db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == messageId));
}
