using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MokoCrm.Web.Platform.Data;

/// <summary>Conventions every table follows: schema per module, bigint HiLo keys, money precision.</summary>
public static class ModelConventions
{
    public const string PlatformSchema = "platform";

    /// <summary>"MokoCrm.Web.Modules.Sales.Domain" → "sales"; the platform and anything else → "platform".</summary>
    public static string SchemaFor(Type clrType)
    {
        var ns = clrType.Namespace ?? string.Empty;
        const string marker = ".Modules.";
        var at = ns.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return PlatformSchema;
        }

        var rest = ns[(at + marker.Length)..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return (dot < 0 ? rest : rest[..dot]).ToLowerInvariant();
    }

    public static void Apply(ModelBuilder modelBuilder)
    {
        // Domain events live in memory only, until the SaveChanges that dispatches them.
        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(e => typeof(Domain.Entity).IsAssignableFrom(e.ClrType) && e.BaseType is null).ToList())
        {
            modelBuilder.Entity(entity.ClrType).Ignore(nameof(Domain.Entity.DomainEvents));
        }

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (entity.IsOwned() || entity.GetTableName() is null)
            {
                continue;
            }

            if (entity.GetSchema() is null || entity.ClrType == typeof(DataProtectionKey))
            {
                entity.SetSchema(SchemaFor(entity.ClrType));
            }

            // One sequence per table: ids are known as soon as an entity is added (links and events use them before
            // the insert) and stay small per table, as the Dolibarr-compatible API shows them.
            var key = entity.FindPrimaryKey();
            if (key is { Properties.Count: 1 } && key.Properties[0].ClrType == typeof(long) && entity.BaseType is null
                && key.Properties[0].ValueGenerated != ValueGenerated.Never)
            {
                var table = entity.GetTableName()!;
                modelBuilder.Entity(entity.ClrType).Property(key.Properties[0].Name).UseHiLo($"{table}_hilo", entity.GetSchema());
            }
        }
    }
}
