using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Platform.Audit;

/// <summary>
/// Turns the tracked changes of <see cref="IAudited"/> and <see cref="IAuditedPart"/> entities into
/// <see cref="AuditEntry"/> rows just before EF writes, so they commit or roll back with the change itself.
/// It must run AFTER the domain events interceptor (see the ordered list in PlatformModule): event handlers still
/// change entities during the save, and the trail has to record the final state of it.
/// One for the process (contexts are pooled, AppDbContextLeases): the user, the named actions and the rows of a save
/// are those of the scope that leased the context being saved (<see cref="AppDbContext.ScopeOf"/>).
/// </summary>
public sealed class AuditInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    private static readonly JsonSerializerOptions ValueJson = new() { Converters = { new JsonStringEnumConverter() } };
    private static readonly ConcurrentDictionary<IReadOnlyProperty, bool> Excluded = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        AddEntries(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        AddEntries(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Committed(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>The scope's named actions and rows of the save in progress (its <see cref="AuditActions"/>).</summary>
    private static AuditActions ActionsOf(DbContext context) =>
        AppDbContext.ScopeOf(context).GetRequiredService<IAuditActions>() as AuditActions
        ?? throw new InvalidOperationException("The audit interceptor works with the platform's AuditActions.");

    private static void Committed(DbContext? context)
    {
        if (context is not null)
        {
            ActionsOf(context).Clear();
        }
    }

    /// <summary>
    /// A failed save leaves our rows tracked as Added; a retry would write them again next to fresh ones describing
    /// the same changes. Detaching them lets the retry describe the changes once.
    /// </summary>
    private static void Forget(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var written = ActionsOf(context).Written;
        foreach (var entry in written)
        {
            context.Entry(entry).State = EntityState.Detached;
        }

        written.Clear();
    }

    private void AddEntries(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        // Drop rows of an earlier attempt that was neither saved nor reported failed (a save abandoned mid-way).
        Forget(context);
        var actions = ActionsOf(context);
        context.ChangeTracker.DetectChanges();
        var changed = context.TrackedWithoutDetecting<object>() // detected just above
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                        && e.Entity is IAudited or IAuditedPart)
            .ToList();
        if (changed.Count == 0 && actions.Recorded.Count == 0)
        {
            return;
        }

        // Records saved as a whole first, so their parts can take the record's action.
        var rows = new Dictionary<(RecordRef Record, string Action), JsonArray>();
        var actionOfRecord = new Dictionary<RecordRef, string>();
        foreach (var entry in changed.Where(e => e.Entity is IAudited))
        {
            var record = new RecordRef(RecordTypes.Of(entry.Metadata.ClrType), KeyOf(entry));
            var action = actions.NameOf(entry.Entity) ?? entry.State switch
            {
                EntityState.Added => AuditActionNames.Created,
                EntityState.Deleted => AuditActionNames.Deleted,
                _ => AuditActionNames.Updated,
            };
            actionOfRecord.TryAdd(record, action);
            Collect(rows, record, action, entry, prefix: null, named: actions.NameOf(entry.Entity) is not null);
        }

        foreach (var entry in changed.Where(e => e.Entity is IAuditedPart and not IAudited))
        {
            var part = (IAuditedPart)entry.Entity;
            var named = actions.NameOf(entry.Entity);
            var action = named ?? actionOfRecord.GetValueOrDefault(part.AuditedRecord) ?? AuditActionNames.Updated;
            Collect(rows, part.AuditedRecord, action, entry, part.AuditPrefix, named is not null);
        }

        foreach (var (record, action) in actions.Recorded)
        {
            rows.TryAdd((record, action), []);
        }

        var now = clock.GetUtcNow();
        var currentUser = AppDbContext.ScopeOf(context).GetRequiredService<ICurrentUser>();
        var userId = currentUser.UserId;
        var userName = currentUser.UserName;
        foreach (var ((record, action), changes) in rows)
        {
            var row = new AuditEntry(record, action, userId, userName, now, changes.ToJsonString());
            context.Add(row);
            actions.Written.Add(row);
        }
    }

    /// <summary>Adds the entry's changed values to its row; a row with no change is kept only for a named action.</summary>
    private static void Collect(Dictionary<(RecordRef, string), JsonArray> rows, RecordRef record, string action, EntityEntry entry, string? prefix, bool named)
    {
        var changes = Changes(entry, prefix);
        if (changes.Count == 0 && !named && entry.State == EntityState.Modified)
        {
            return;
        }

        if (!rows.TryGetValue((record, action), out var row))
        {
            rows[(record, action)] = row = [];
        }

        foreach (var change in changes)
        {
            row.Add(change);
        }
    }

    private static List<JsonObject> Changes(EntityEntry entry, string? prefix)
    {
        var changes = new List<JsonObject>();
        AddChanges(changes, entry.State, entry.Properties, entry.ComplexProperties, prefix);
        return changes;
    }

    /// <summary>Complex properties (value objects such as an address) are recorded member by member: "Delivery.City".</summary>
    private static void AddChanges(List<JsonObject> changes, EntityState state, IEnumerable<PropertyEntry> properties, IEnumerable<ComplexPropertyEntry> complexProperties, string? prefix)
    {
        foreach (var property in properties)
        {
            var meta = property.Metadata;
            if (meta.IsPrimaryKey() || IsExcluded(meta) || (state == EntityState.Modified && !property.IsModified))
            {
                continue;
            }

            var before = state == EntityState.Added ? null : property.OriginalValue;
            var after = state == EntityState.Deleted ? null : property.CurrentValue;

            // Update() marks every column modified with equal values; the trail keeps only real changes.
            if (before is null ? after is null : after is not null && meta.GetValueComparer().Equals(before, after))
            {
                continue;
            }

            var name = prefix is null ? meta.Name : $"{prefix}.{meta.Name}";
            changes.Add(new JsonObject { ["property"] = name, ["old"] = ToJson(meta, before), ["new"] = ToJson(meta, after) });
        }

        foreach (var complex in complexProperties)
        {
            if (complex.Metadata.PropertyInfo?.GetCustomAttribute<NotAuditedAttribute>() is not null)
            {
                continue;
            }

            var name = prefix is null ? complex.Metadata.Name : $"{prefix}.{complex.Metadata.Name}";
            AddChanges(changes, state, complex.Properties, complex.ComplexProperties, name);
        }
    }

    private static bool IsExcluded(IReadOnlyProperty property) => Excluded.GetOrAdd(property, static p =>
        p.ClrType == typeof(byte[])
        || p.PropertyInfo?.GetCustomAttribute<NotAuditedAttribute>() is not null
        // Row versions (xmin) change on every write and say nothing about the business record.
        || (p.IsConcurrencyToken && p.ValueGenerated != ValueGenerated.Never));

    /// <summary>Stored in the column's own form (value converters applied), so strongly typed values stay readable.</summary>
    private static JsonNode? ToJson(IProperty property, object? value)
    {
        if (value is null)
        {
            return null;
        }

        var stored = property.GetTypeMapping().Converter?.ConvertToProvider(value) ?? value;
        if (stored is decimal number && property.GetScale() is { } scale)
        {
            // As the column stores it: 150 set in code and 150.00 read back are the same amount and must print alike.
            return JsonNode.Parse(Math.Round(number, scale, MidpointRounding.AwayFromZero).ToString("F" + scale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        }

        try
        {
            return JsonSerializer.SerializeToNode(stored, stored.GetType(), ValueJson);
        }
        catch (NotSupportedException)
        {
            return JsonValue.Create(Convert.ToString(stored, CultureInfo.InvariantCulture));
        }
    }

    private static long KeyOf(EntityEntry entry)
    {
        var key = entry.Metadata.FindPrimaryKey();
        if (key is not { Properties: [{ ClrType: var type } keyProperty] } || type != typeof(long))
        {
            throw new InvalidOperationException($"{entry.Metadata.ClrType.Name} is audited but has no single bigint key.");
        }

        var value = entry.Property(keyProperty.Name);
        // HiLo gives ids on add; a temporary (database-generated) key would leave the audit row pointing at nothing.
        return value.IsTemporary
            ? throw new InvalidOperationException($"{entry.Metadata.ClrType.Name} is audited but its id is only known after the insert; use HiLo keys.")
            : (long)value.CurrentValue!;
    }
}
