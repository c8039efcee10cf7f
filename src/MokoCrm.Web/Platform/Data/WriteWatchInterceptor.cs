using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MokoCrm.Web.Platform.Data;

/// <summary>
/// The plumbing of an interceptor that watches what a save writes and acts again when the write is known committed or
/// not: before each save, after it, and at the end of its transaction (committed, rolled back or failed). The caches
/// that drop their copies on a write of their sources (<see cref="SettingsCacheInterceptor"/>, the API principal
/// cache's) derive from it and keep only their own rule.
/// </summary>
public abstract class WriteWatchInterceptor : SaveChangesInterceptor, IDbTransactionInterceptor
{
    /// <summary>Before the save: the audit interceptor, earlier in the ordered list, has detected its changes.</summary>
    protected abstract void BeforeSave(DbContext context);

    /// <summary>The transaction that held the context's writes ended (or a save without one finished).</summary>
    protected abstract void TransactionEnded(DbContext context);

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Before(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Before(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        After(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        After(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => After(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        After(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Ended(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData.Context);
        return Task.CompletedTask;
    }

    private void Before(DbContext? context)
    {
        if (context is not null)
        {
            BeforeSave(context);
        }
    }

    // No transaction open any more: the save committed (or failed) by now. With one, the second act waits for its end.
    private void After(DbContext? context)
    {
        if (context is not null && context.Database.CurrentTransaction is null)
        {
            TransactionEnded(context);
        }
    }

    private void Ended(DbContext? context)
    {
        if (context is not null)
        {
            TransactionEnded(context);
        }
    }
}
