using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace MokoCrm.Web.Platform.Events;

/// <summary>
/// Calls every <see cref="IDomainEventHandler{TEvent}"/> registered for an event's exact type, resolved from the
/// service provider it is given (the DbContext's request scope, so handlers see the same tracked entities).
/// </summary>
public static class DomainEventDispatcher
{
    private static readonly ConcurrentDictionary<Type, Func<IServiceProvider, IDomainEvent, CancellationToken, Task>> Invokers = new();

    public static Task DispatchAsync(IServiceProvider services, IDomainEvent domainEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(domainEvent);
        var invoke = Invokers.GetOrAdd(domainEvent.GetType(), BuildInvoker);
        return invoke(services, domainEvent, cancellationToken);
    }

    // Reflection once per event type; afterwards a plain generic call, so dispatch costs no reflection per event.
    private static Func<IServiceProvider, IDomainEvent, CancellationToken, Task> BuildInvoker(Type eventType) =>
        typeof(DomainEventDispatcher)
            .GetMethod(nameof(InvokeHandlersAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(eventType)
            .CreateDelegate<Func<IServiceProvider, IDomainEvent, CancellationToken, Task>>();

    private static async Task InvokeHandlersAsync<TEvent>(IServiceProvider services, IDomainEvent domainEvent, CancellationToken cancellationToken)
        where TEvent : IDomainEvent
    {
        foreach (var handler in services.GetServices<IDomainEventHandler<TEvent>>())
        {
            await handler.HandleAsync((TEvent)domainEvent, cancellationToken);
        }
    }
}
