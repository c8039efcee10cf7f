using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security.Domain;

namespace MokoCrm.Web.Platform.Api;

/// <summary>
/// What an API call needs to know about its key before any work, kept in memory instead of read on every call: the key
/// (by its hash) → its id, user and whether the user is active, and the user's effective rights (docs/adr/0014-rest-api.md,
/// addendum "per-request cost"). A client that makes a chain of calls otherwise pays two or three queries per call for
/// the same answer.
/// </summary>
/// <remarks>
/// Every copy is dropped as soon as this process writes, through EF, a key, a user, a group, a membership or a
/// right (<see cref="ApiPrincipalCacheInterceptor"/>: at the save and again when its transaction ends, so a copy read
/// in between, still the old value, is not kept): revoking a key, disabling a user or removing a right stops the very
/// next call. What this process cannot see (another instance of the app, a hand-written UPDATE) is seen after at most
/// <see cref="MaxAge"/>. A key that is not found is never kept (a guessed key costs its query every time, and the
/// per-address rate limit stays what slows guessing).
/// </remarks>
public sealed class ApiPrincipalCache(TimeProvider clock)
{
    /// <summary>The longest a copy is used, for changes this process does not see.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    /// <summary>More copies than this (many keys and users) and the whole cache is dropped: it only saves queries.</summary>
    private const int MaxEntries = 10_000;

    /// <summary>The entity types the copies are read from: a save that writes one of them drops every copy.</summary>
    internal static readonly IReadOnlySet<Type> Sources = new HashSet<Type>
    {
        typeof(ApiKey), typeof(AppUser), typeof(UserGroup), typeof(UserGroupMember), typeof(GroupPermission), typeof(UserPermission),
    };

    private readonly ConcurrentDictionary<string, Copy> _copies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, DateTimeOffset> _lastUseWritten = new();
    private long _generation;

    /// <summary>The copy under <paramref name="key"/>, read by <paramref name="load"/> when there is none, it is too old or a source was written since.</summary>
    public async Task<T?> GetAsync<T>(string key, Func<Task<T?>> load)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(load);
        var generation = Interlocked.Read(ref _generation);
        var now = clock.GetUtcNow();
        if (_copies.TryGetValue(key, out var copy) && copy.Generation == generation && now - copy.ReadAt < MaxAge)
        {
            return (T)copy.Value;
        }

        var value = await load();
        if (value is not null && Interlocked.Read(ref _generation) == generation)
        {
            if (_copies.Count >= MaxEntries)
            {
                _copies.Clear();
            }

            _copies[key] = new Copy(generation, now, value);
        }

        return value;
    }

    /// <summary>Drops every copy (the interceptor calls it; also for code that changes keys, users or rights by other means).</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _copies.Clear();
    }

    /// <summary>
    /// Whether this call writes the key's last use: at most once per <paramref name="resolution"/> per key in this
    /// process, and only one of several calls arriving together. <paramref name="stored"/> is the last use as read with the key.
    /// </summary>
    public bool ClaimLastUseWrite(long keyId, DateTimeOffset? stored, DateTimeOffset now, TimeSpan resolution)
    {
        while (true)
        {
            if (_lastUseWritten.TryGetValue(keyId, out var last))
            {
                if (now - last <= resolution)
                {
                    return false;
                }

                if (_lastUseWritten.TryUpdate(keyId, now, last))
                {
                    return true;
                }
            }
            else if (stored is { } known && now - known <= resolution)
            {
                _lastUseWritten.TryAdd(keyId, known);
                return false;
            }
            else if (_lastUseWritten.TryAdd(keyId, now))
            {
                return true;
            }
        }
    }

    private sealed record Copy(long Generation, DateTimeOffset ReadAt, object Value);
}

/// <summary>
/// Drops <see cref="ApiPrincipalCache"/>'s copies when a save writes a key, a user, a group, a membership or a right,
/// and again when the transaction of that save ends (committed or not). Singleton.
/// </summary>
public sealed class ApiPrincipalCacheInterceptor(ApiPrincipalCache cache) : WriteWatchInterceptor
{
    /// <summary>Leases of contexts (AppDbContext.LeaseOf) that wrote a source in a transaction still open.</summary>
    private readonly ConditionalWeakTable<object, object> _pending = new();

    protected override void BeforeSave(DbContext context)
    {
        // The audit interceptor, earlier in the ordered list, has detected the changes of this save.
        foreach (var entry in context.TrackedWithoutDetecting<object>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && ApiPrincipalCache.Sources.Contains(entry.Metadata.ClrType))
            {
                _pending.AddOrUpdate(AppDbContext.LeaseOf(context), true);
                cache.Invalidate();
                return;
            }
        }
    }

    protected override void TransactionEnded(DbContext context)
    {
        if (_pending.Remove(AppDbContext.LeaseOf(context)))
        {
            cache.Invalidate();
        }
    }
}
