using MokoCrm.Web.Platform.Events;

namespace MokoCrm.Web.Platform.Domain;

/// <summary>
/// Base of every persisted record: a bigint id (known as soon as the entity is added, thanks to HiLo) and the domain
/// events it raised, dispatched inside the SaveChanges that persists it.
/// </summary>
public abstract class Entity
{
    private List<IDomainEvent>? _domainEvents;

    public long Id { get; protected set; }

    public IReadOnlyList<IDomainEvent> DomainEvents => _domainEvents ?? (IReadOnlyList<IDomainEvent>)[];

    protected void Raise(IDomainEvent domainEvent) => (_domainEvents ??= []).Add(domainEvent);

    /// <summary>Hands the pending events to the dispatcher and forgets them.</summary>
    public IReadOnlyList<IDomainEvent> TakeDomainEvents()
    {
        if (_domainEvents is null || _domainEvents.Count == 0)
        {
            return [];
        }

        var events = _domainEvents;
        _domainEvents = null;
        return events;
    }
}
