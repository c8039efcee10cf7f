using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.Web.Platform.Outbox;

/// <summary>
/// Runs due outbox messages, one transaction per message. The row is claimed with FOR UPDATE SKIP LOCKED, so any
/// number of nodes share the work without taking the same message, and stays locked while its handler runs.
/// </summary>
public sealed class OutboxProcessor(
    IServiceScopeFactory scopes, OutboxMessageTypes types, IOptions<OutboxOptions> options, TimeProvider time, ILogger<OutboxProcessor> logger)
{
    private const string HandlerSavepoint = "outbox_handler";
    private const int MaxErrorLength = 4000;

    private static readonly ConcurrentDictionary<Type, Func<IServiceProvider, long, object, CancellationToken, Task>> Invokers = new();

    /// <summary>Runs up to one batch of due messages now; returns how many were run (succeeded or failed).</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var ran = 0;
        while (ran < options.Value.BatchSize && await RunNextAsync(cancellationToken))
        {
            ran++;
        }

        return ran;
    }

    private async Task<bool> RunNextAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var now = time.GetUtcNow();
        var claimed = await db.Set<OutboxMessage>()
            .FromSql($"""
                SELECT * FROM platform.outbox_messages
                WHERE processed_at IS NULL AND attempts < {settings.MaxAttempts} AND next_attempt_at <= {now}
                ORDER BY next_attempt_at, id
                LIMIT 1
                FOR UPDATE SKIP LOCKED
                """)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        if (claimed.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return false;
        }

        var message = claimed[0];

        // The savepoint lets a failed handler's database work be undone while the row stays locked for the failure
        // record, so no other node can run the message again between the failure and its new next_attempt_at.
        await transaction.CreateSavepointAsync(HandlerSavepoint, cancellationToken);
        try
        {
            var messageType = types.TypeOf(message.Type)
                ?? throw new InvalidOperationException($"No outbox handler is registered for message type '{message.Type}'.");
            var payload = JsonSerializer.Deserialize(message.Payload, messageType, DbContextOutbox.Json)
                ?? throw new InvalidOperationException($"Outbox message {message.Id} has an empty payload.");
            await Invokers.GetOrAdd(messageType, BuildInvoker)(scope.ServiceProvider, message.Id, payload, cancellationToken);

            // Database work of the handler commits with the mark, so it happens exactly once.
            await db.SaveChangesAsync(cancellationToken);
            var processedAt = time.GetUtcNow();
            await db.Set<OutboxMessage>().Where(m => m.Id == message.Id).ExecuteUpdateAsync(
                s => s.SetProperty(m => m.ProcessedAt, processedAt).SetProperty(m => m.Attempts, m => m.Attempts + 1).SetProperty(m => m.LastError, (string?)null),
                cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            await transaction.RollbackToSavepointAsync(HandlerSavepoint, CancellationToken.None);
            db.ChangeTracker.Clear();
            var attempts = message.Attempts + 1;
            var nextAttemptAt = time.GetUtcNow() + settings.RetryDelayAfter(attempts);
            var error = ex.ToString();
            error = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
            await db.Set<OutboxMessage>().Where(m => m.Id == message.Id).ExecuteUpdateAsync(
                s => s.SetProperty(m => m.Attempts, attempts).SetProperty(m => m.NextAttemptAt, nextAttemptAt).SetProperty(m => m.LastError, error),
                CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);

            if (attempts >= settings.MaxAttempts)
            {
                logger.LogError(ex, "Outbox message {MessageId} ({Type}) failed {Attempts} times and will not be retried", message.Id, message.Type, attempts);
            }
            else
            {
                logger.LogWarning(ex, "Outbox message {MessageId} ({Type}) failed (attempt {Attempts}), retrying at {NextAttemptAt}", message.Id, message.Type, attempts, nextAttemptAt);
            }
        }

        return true;
    }

    private static Func<IServiceProvider, long, object, CancellationToken, Task> BuildInvoker(Type messageType) =>
        typeof(OutboxProcessor)
            .GetMethod(nameof(InvokeAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(messageType)
            .CreateDelegate<Func<IServiceProvider, long, object, CancellationToken, Task>>();

    private static Task InvokeAsync<TMessage>(IServiceProvider services, long messageId, object message, CancellationToken cancellationToken)
        where TMessage : class =>
        services.GetRequiredService<IOutboxHandler<TMessage>>().HandleAsync(messageId, (TMessage)message, cancellationToken);
}
