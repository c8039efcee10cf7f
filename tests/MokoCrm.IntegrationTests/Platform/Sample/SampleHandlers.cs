using System.Collections.Concurrent;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Events;
using MokoCrm.Web.Platform.Numbering;
using MokoCrm.Web.Platform.Outbox;

namespace MokoCrm.IntegrationTests.Platform.Sample;

public static class SampleDocumentTypes
{
    /// <summary>Numbered by the submit handler; its mask is seeded in the template.</summary>
    public const string Submitted = "sample_submitted";
    public const string SubmittedMask = "SB{yymm}-{nnnn}";
}

internal sealed class AddNoteOnSampleDocumentValidated(AppDbContext db) : IDomainEventHandler<SampleDocumentValidated>
{
    public Task HandleAsync(SampleDocumentValidated domainEvent, CancellationToken cancellationToken)
    {
        db.Add(new SampleNote(domainEvent.DocumentId, $"validated as {domainEvent.Number}"));
        return Task.CompletedTask;
    }
}

/// <summary>Runs in the second round: the note it counts was added by a first-round handler.</summary>
internal sealed class CountNotesOnSampleNoteAdded(AppDbContext db) : IDomainEventHandler<SampleNoteAdded>
{
    public async Task HandleAsync(SampleNoteAdded domainEvent, CancellationToken cancellationToken)
    {
        var document = await db.Set<SampleDocument>().FindAsync([domainEvent.DocumentId], cancellationToken);
        document!.CountNote();
    }
}

internal sealed class EnqueueSendingOnSampleDocumentValidated(IOutbox outbox) : IDomainEventHandler<SampleDocumentValidated>
{
    public Task HandleAsync(SampleDocumentValidated domainEvent, CancellationToken cancellationToken)
    {
        outbox.Enqueue(new SendSampleDocument(domainEvent.DocumentId, domainEvent.Number));
        return Task.CompletedTask;
    }
}

internal sealed class NumberSampleDocumentOnSubmitted(AppDbContext db, INumberingService numbering) : IDomainEventHandler<SampleDocumentSubmitted>
{
    public async Task HandleAsync(SampleDocumentSubmitted domainEvent, CancellationToken cancellationToken)
    {
        var document = (await db.Set<SampleDocument>().FindAsync([domainEvent.DocumentId], cancellationToken))!;
        document.Validate(await numbering.NextAsync(SampleDocumentTypes.Submitted, document.DocumentDate, cancellationToken));
    }
}

internal sealed class FailOnSampleFailureRequested(AppDbContext db) : IDomainEventHandler<SampleFailureRequested>
{
    public Task HandleAsync(SampleFailureRequested domainEvent, CancellationToken cancellationToken)
    {
        db.Add(new SampleNote(domainEvent.DocumentId, "written just before the failure"));
        throw new InvalidOperationException("The sample handler failed on purpose.");
    }
}

internal sealed class PongOnSamplePing(AppDbContext db) : IDomainEventHandler<SamplePing>
{
    public async Task HandleAsync(SamplePing domainEvent, CancellationToken cancellationToken) =>
        (await db.Set<SampleDocument>().FindAsync([domainEvent.DocumentId], cancellationToken))!.RaiseForTest(new SamplePong(domainEvent.DocumentId));
}

internal sealed class PingOnSamplePong(AppDbContext db) : IDomainEventHandler<SamplePong>
{
    public async Task HandleAsync(SamplePong domainEvent, CancellationToken cancellationToken) =>
        (await db.Set<SampleDocument>().FindAsync([domainEvent.DocumentId], cancellationToken))!.RaiseForTest(new SamplePing(domainEvent.DocumentId));
}

internal sealed class SaveOnSampleSaveRequested(AppDbContext db) : IDomainEventHandler<SampleSaveRequested>
{
    public async Task HandleAsync(SampleSaveRequested domainEvent, CancellationToken cancellationToken)
    {
        if (domainEvent.Synchronously)
        {
            db.SaveChanges();
        }
        else
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}

/// <summary>Scoped: records which DbContext the handler of its scope was given.</summary>
internal sealed class SampleScopeProbe
{
    public AppDbContext? SeenContext { get; set; }
}

internal sealed class ProbeOnSampleScopeProbed(AppDbContext db, SampleScopeProbe probe) : IDomainEventHandler<SampleScopeProbed>
{
    public Task HandleAsync(SampleScopeProbed domainEvent, CancellationToken cancellationToken)
    {
        probe.SeenContext = db;
        return Task.CompletedTask;
    }
}

/// <summary>Stands for the mail server: what was "sent", and how often each message was tried.</summary>
public sealed class SampleMailbox
{
    public ConcurrentDictionary<long, int> AttemptsByMessage { get; } = new();

    public ConcurrentQueue<(long MessageId, long DocumentId)> Sent { get; } = new();
}

internal sealed class SendSampleDocumentHandler(AppDbContext db, SampleMailbox mailbox) : IOutboxHandler<SendSampleDocument>
{
    public Task HandleAsync(long messageId, SendSampleDocument message, CancellationToken cancellationToken)
    {
        // Written before a possible failure, to show a failed run's database work is undone.
        db.Add(new SampleNote(message.DocumentId, $"sent {message.Number}"));
        var attempt = mailbox.AttemptsByMessage.AddOrUpdate(messageId, 1, (_, n) => n + 1);
        if (attempt <= message.FailTimes)
        {
            throw new InvalidOperationException($"The mail server refused attempt {attempt} on purpose.");
        }

        mailbox.Sent.Enqueue((messageId, message.DocumentId));
        return Task.CompletedTask;
    }
}
