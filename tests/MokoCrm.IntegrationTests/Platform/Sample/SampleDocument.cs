using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Events;

namespace MokoCrm.IntegrationTests.Platform.Sample;

public enum SampleDocumentStatus
{
    Draft,
    Submitted,
    Validated,
}

/// <summary>
/// A small numbered document that lives only in the tests, so the platform's mechanisms (events, outbox, numbering)
/// are proven before any business module exists.
/// </summary>
public sealed class SampleDocument : Entity
{
    private SampleDocument()
    {
        Title = string.Empty;
    }

    public SampleDocument(string title, DateOnly documentDate)
    {
        Title = title;
        DocumentDate = documentDate;
        Status = SampleDocumentStatus.Draft;
    }

    public string Title { get; private set; }

    public DateOnly DocumentDate { get; private set; }

    public SampleDocumentStatus Status { get; private set; }

    public string? Number { get; private set; }

    public int NoteCount { get; private set; }

    public void Rename(string title) => Title = title;

    /// <summary>The way a module numbers in a handler: submitting asks for a number, a handler gives it.</summary>
    public void Submit()
    {
        if (Status != SampleDocumentStatus.Draft)
        {
            throw new DomainException("Only a draft can be submitted.");
        }

        Status = SampleDocumentStatus.Submitted;
        Raise(new SampleDocumentSubmitted(Id));
    }

    public void Validate(string number)
    {
        if (Status == SampleDocumentStatus.Validated)
        {
            throw new DomainException("The document is already validated.");
        }

        Number = number;
        Status = SampleDocumentStatus.Validated;
        Raise(new SampleDocumentValidated(Id, number));
    }

    public void CountNote() => NoteCount++;

    /// <summary>Lets a test raise the scenario events (failure, cycle, save attempts) on a real tracked entity.</summary>
    public void RaiseForTest(IDomainEvent domainEvent) => Raise(domainEvent);
}

public sealed class SampleNote : Entity
{
    private SampleNote()
    {
        Text = string.Empty;
    }

    public SampleNote(long documentId, string text)
    {
        DocumentId = documentId;
        Text = text;
        Raise(new SampleNoteAdded(documentId));
    }

    public long DocumentId { get; private set; }

    public string Text { get; private set; }
}

public sealed record SampleDocumentSubmitted(long DocumentId) : IDomainEvent;

public sealed record SampleDocumentValidated(long DocumentId, string Number) : IDomainEvent;

public sealed record SampleNoteAdded(long DocumentId) : IDomainEvent;

public sealed record SampleFailureRequested(long DocumentId) : IDomainEvent;

public sealed record SamplePing(long DocumentId) : IDomainEvent;

public sealed record SamplePong(long DocumentId) : IDomainEvent;

public sealed record SampleSaveRequested(bool Synchronously) : IDomainEvent;

public sealed record SampleScopeProbed : IDomainEvent;

/// <summary>The outbox message: "send the validated document to the customer".</summary>
public sealed record SendSampleDocument(long DocumentId, string Number, int FailTimes = 0);
