using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MokoCrm.Web.Platform.Data;

/// <summary>
/// Process-wide copies of the small settings that nearly every business action reads (switches, stock settings, the
/// fiscal calendar, the VAT rates offered): one query per change of them instead of one per action
/// (docs/adr/0016-settings-cache.md).
/// </summary>
/// <remarks>
/// A copy names the entity types it was read from. <see cref="SettingsCacheInterceptor"/> sees every SaveChanges of
/// this process; when one writes any of those types every copy is dropped, at the save and again when its transaction
/// ends, so a copy read in between (still the old value, the change not being committed) is not kept. Each copy
/// carries the generation it was read at and is stored only if no write happened meanwhile. A context that wrote
/// such a type and has not committed yet reads the database directly, so it sees its own change.
/// Only tables written through EF by this app may be cached: raw SQL writes and other processes are not seen.
/// </remarks>
public sealed class SettingsCache
{
    private readonly ConcurrentDictionary<string, Copy> _copies = new();
    private readonly ConcurrentDictionary<Type, bool> _sources = new();
    // Per lease of a context (AppDbContext.LeaseOf): a pooled context's next scope starts with nothing written.
    private readonly ConditionalWeakTable<object, ContextState> _contexts = new();
    private long _generation;

    /// <summary>
    /// The copy under <paramref name="key"/>, read by <paramref name="load"/> (on <paramref name="db"/>) when there is
    /// none or a table it comes from was written since.
    /// </summary>
    public async Task<T> GetAsync<T>(DbContext db, string key, IReadOnlyList<Type> sources, Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken = default)
        where T : notnull
    {
        foreach (var source in sources)
        {
            _sources.TryAdd(source, true);
        }

        if (_contexts.TryGetValue(AppDbContext.LeaseOf(db), out var state) && sources.Any(state.Written.Contains))
        {
            return await load(cancellationToken);
        }

        var generation = Interlocked.Read(ref _generation);
        if (_copies.TryGetValue(key, out var copy) && copy.Generation == generation)
        {
            return (T)copy.Value;
        }

        var value = await load(cancellationToken);
        if (Interlocked.Read(ref _generation) == generation)
        {
            _copies[key] = new Copy(generation, value);
        }

        return value;
    }

    /// <summary>Drops every copy (the interceptor calls it; also for code that changes settings by other means).</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _copies.Clear();
    }

    internal bool IsSource(Type clrType) => _sources.ContainsKey(clrType);

    internal ContextState StateOf(DbContext db) => _contexts.GetOrCreateValue(AppDbContext.LeaseOf(db));

    internal bool TryGetState(DbContext db, out ContextState state) => _contexts.TryGetValue(AppDbContext.LeaseOf(db), out state!);

    private sealed record Copy(long Generation, object Value);

    internal sealed class ContextState
    {
        /// <summary>
        /// The entity types the context wrote and has not committed yet: it reads past the cache for them, and the end
        /// of its transaction drops the copies again if any is a source by then (a copy first read meanwhile counts).
        /// </summary>
        public HashSet<Type> Written { get; } = [];
    }
}

/// <summary>
/// Drops <see cref="SettingsCache"/>'s copies when a save writes a type one was read from, and again when the
/// transaction of that save ends (committed or not). Singleton: it keeps nothing but what the cache holds per context.
/// </summary>
public sealed class SettingsCacheInterceptor(SettingsCache cache) : WriteWatchInterceptor
{
    protected override void BeforeSave(DbContext context)
    {
        // The audit interceptor, just before this one in the ordered list, has detected the changes of this save.
        SettingsCache.ContextState? state = null;
        foreach (var entry in context.TrackedWithoutDetecting<object>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                (state ??= cache.StateOf(context)).Written.Add(entry.Metadata.ClrType);
            }
        }

        // The first drop; the second comes when the write is known committed or not: at the end of the transaction
        // (the caller's, the domain events', or the one EF opens for the save itself), else after the save.
        if (state is not null && state.Written.Any(cache.IsSource))
        {
            cache.Invalidate();
        }
    }

    protected override void TransactionEnded(DbContext context)
    {
        if (!cache.TryGetState(context, out var state) || state.Written.Count == 0)
        {
            return;
        }

        // Sources are asked now, not at the save: a copy first read (and its source named) in between is dropped too.
        var wroteSource = state.Written.Any(cache.IsSource);
        state.Written.Clear();
        if (wroteSource)
        {
            cache.Invalidate();
        }
    }
}
