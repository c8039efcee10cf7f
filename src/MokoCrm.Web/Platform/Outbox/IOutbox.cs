namespace MokoCrm.Web.Platform.Outbox;

/// <summary>
/// Writes an after-commit side effect into the current unit of work: the row is inserted by the caller's next
/// SaveChanges, so it exists if and only if the business change commits. Usable from domain event handlers.
/// </summary>
public interface IOutbox
{
    /// <summary>Adds the message to the current DbContext and returns its id (known at once, thanks to HiLo).</summary>
    long Enqueue<TMessage>(TMessage message)
        where TMessage : class;
}

/// <summary>
/// Carries out one kind of outbox message after commit, in a scope and transaction of its own. A message can be
/// delivered again when a run fails after the handler's external effect (crash before the row is marked), so an
/// external effect should be keyed by <paramref name="messageId"/> (e.g. an idempotency key or a sent-mail row).
/// Database changes made through the scope's AppDbContext commit together with the mark "processed".
/// </summary>
public interface IOutboxHandler<in TMessage>
    where TMessage : class
{
    Task HandleAsync(long messageId, TMessage message, CancellationToken cancellationToken);
}
