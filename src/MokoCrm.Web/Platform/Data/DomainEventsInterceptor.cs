using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Events;

namespace MokoCrm.Web.Platform.Data;

/// <summary>
/// Dispatches the domain events of tracked entities inside SaveChanges, before EF writes anything.
/// </summary>
/// <remarks>
/// Dispatch before commit = one transaction. Handlers run while the business change is still only in the change
/// tracker, so their own changes (stock movements, ledger lines, links, upstream statuses) are written by the same
/// SaveChanges and commit with it or not at all. When the caller has no transaction yet, one is opened here, because
/// handlers may also run SQL of their own (a numbering counter) that must share the fate of the writes; it is
/// committed once EF has written and rolled back on any failure. The price: handlers must be quick and stay in the
/// database; side effects leaving it go through the outbox (docs/adr/0002-domain-events-in-the-transaction.md).
/// One for the process (contexts are pooled, AppDbContextLeases): handlers are resolved from the scope that leased the
/// DbContext being saved (<see cref="AppDbContext.ScopeOf"/>), and the state of a save is kept under that lease.
/// </remarks>
public sealed class DomainEventsInterceptor : SaveChangesInterceptor
{
    /// <summary>Rounds of "handlers raised new events" allowed before the chain is taken for a cycle.</summary>
    public const int MaxRounds = 10;

    private readonly ConditionalWeakTable<object, SaveState> _states = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        // Handlers are async by contract; synchronous SaveChanges must still dispatch, so it waits here. ASP.NET Core
        // has no synchronization context, so this cannot deadlock.
        BeforeSaveAsync(eventData.Context, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await BeforeSaveAsync(eventData.Context, cancellationToken);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        EndOwnTransactionAsync(eventData.Context, commit: true, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await EndOwnTransactionAsync(eventData.Context, commit: true, cancellationToken);
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) =>
        EndOwnTransactionAsync(eventData.Context, commit: false, CancellationToken.None).GetAwaiter().GetResult();

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default) =>
        EndOwnTransactionAsync(eventData.Context, commit: false, CancellationToken.None);

    public override void SaveChangesCanceled(DbContextEventData eventData) =>
        EndOwnTransactionAsync(eventData.Context, commit: false, CancellationToken.None).GetAwaiter().GetResult();

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default) =>
        EndOwnTransactionAsync(eventData.Context, commit: false, CancellationToken.None);

    private async Task BeforeSaveAsync(DbContext? context, CancellationToken cancellationToken)
    {
        if (context is null)
        {
            return;
        }

        var state = _states.GetOrCreateValue(AppDbContext.LeaseOf(context));
        if (state.Dispatching)
        {
            throw new InvalidOperationException(
                "SaveChanges was called while domain events were being dispatched (by a domain event handler, directly or through a service it uses). " +
                "Handlers only change tracked entities: the SaveChanges that raised the event writes their changes in the same transaction.");
        }

        var events = TakePendingEvents(context);
        if (events.Count == 0)
        {
            return;
        }

        if (context.Database.CurrentTransaction is null)
        {
            state.OwnTransaction = await context.Database.BeginTransactionAsync(cancellationToken);
        }

        state.Dispatching = true;
        try
        {
            await DispatchUntilQuietAsync(context, events, cancellationToken);
        }
        catch
        {
            state.Dispatching = false;
            await EndOwnTransactionAsync(context, commit: false, CancellationToken.None);
            throw;
        }

        state.Dispatching = false;
    }

    private async Task DispatchUntilQuietAsync(DbContext context, IReadOnlyList<IDomainEvent> events, CancellationToken cancellationToken)
    {
        var scope = AppDbContext.ScopeOf(context);
        for (var round = 1; events.Count > 0; round++)
        {
            if (round > MaxRounds)
            {
                throw new DomainEventCycleException(MaxRounds, events);
            }

            foreach (var domainEvent in events)
            {
                await DomainEventDispatcher.DispatchAsync(scope, domainEvent, cancellationToken);
            }

            events = TakePendingEvents(context);
        }
    }

    private static List<IDomainEvent> TakePendingEvents(DbContext context)
    {
        // Entries() runs DetectChanges, so entities that handlers attached through navigations are seen too.
        var raising = context.ChangeTracker.Entries<Entity>().Select(e => e.Entity).Where(e => e.DomainEvents.Count > 0).ToList();
        return raising.SelectMany(e => e.TakeDomainEvents()).ToList();
    }

    private async Task EndOwnTransactionAsync(DbContext? context, bool commit, CancellationToken cancellationToken)
    {
        // A SaveChanges refused during dispatch also reports its failure here: the outer save owns the transaction.
        if (context is null || !_states.TryGetValue(AppDbContext.LeaseOf(context), out var state) || state.Dispatching || state.OwnTransaction is null)
        {
            return;
        }

        var transaction = state.OwnTransaction;
        state.OwnTransaction = null;
        try
        {
            if (commit)
            {
                await transaction.CommitAsync(cancellationToken);
            }
            else
            {
                await transaction.RollbackAsync(CancellationToken.None);
            }
        }
        finally
        {
            await transaction.DisposeAsync();
        }
    }

    private sealed class SaveState
    {
        public bool Dispatching { get; set; }

        public IDbContextTransaction? OwnTransaction { get; set; }
    }
}

/// <summary>Handlers kept raising events past <see cref="DomainEventsInterceptor.MaxRounds"/> rounds: a cycle.</summary>
public sealed class DomainEventCycleException(int rounds, IReadOnlyList<IDomainEvent> pending) : InvalidOperationException(
    $"Domain events were still being raised after {rounds} rounds of dispatch, so handlers raise each other in a cycle. " +
    $"Still pending: {string.Join(", ", pending.GroupBy(e => e.GetType().Name).Select(g => g.Count() == 1 ? g.Key : $"{g.Key} x{g.Count()}"))}.")
{
    public IReadOnlyList<IDomainEvent> PendingEvents { get; } = pending;
}
