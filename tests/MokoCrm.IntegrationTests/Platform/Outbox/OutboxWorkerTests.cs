using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.IntegrationTests.Platform.Sample;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Outbox;

namespace MokoCrm.IntegrationTests.Platform.Outbox;

public sealed class OutboxWorkerTests(PollingSampleAppFactory app) : IClassFixture<PollingSampleAppFactory>
{
    [Fact]
    public async Task The_background_worker_carries_out_a_committed_message_without_being_asked()
    {
        long messageId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var document = new SampleDocument("polled", new DateOnly(2026, 11, 15));
            db.Add(document);
            messageId = scope.ServiceProvider.GetRequiredService<IOutbox>().Enqueue(new SendSampleDocument(document.Id, "POLL-1"));
            await db.SaveChangesAsync();
        }

        // The mailbox hears of the message before the mark commits, so wait for the mark itself.
        var clock = Stopwatch.StartNew();
        DateTimeOffset? processed = null;
        while (processed is null && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(50);
            await using var check = app.Services.CreateAsyncScope();
            processed = await check.ServiceProvider.GetRequiredService<AppDbContext>().Set<OutboxMessage>()
                .Where(m => m.Id == messageId).Select(m => m.ProcessedAt).SingleAsync();
        }

        processed.ShouldNotBeNull();
        app.Mailbox.Sent.Count(s => s.MessageId == messageId).ShouldBe(1);
    }
}
