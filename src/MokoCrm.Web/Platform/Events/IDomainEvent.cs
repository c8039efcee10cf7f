namespace MokoCrm.Web.Platform.Events;

/// <summary>Something that happened to an entity. Sealed records named in the past tense: InvoiceValidated.</summary>
public interface IDomainEvent;

/// <summary>
/// Reacts to an event inside the transaction that raised it. Handlers change tracked entities only: no SaveChanges,
/// no network, no files (write an outbox message for those).
/// </summary>
public interface IDomainEventHandler<in TEvent>
    where TEvent : IDomainEvent
{
    Task HandleAsync(TEvent domainEvent, CancellationToken cancellationToken);
}
