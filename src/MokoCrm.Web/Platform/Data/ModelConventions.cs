using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

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
                // Setting the annotations alone leaves the sequence out of the model (and out of migrations).
                if (modelBuilder.Model.FindSequence($"{table}_hilo", entity.GetSchema()) is null)
                {
                    modelBuilder.HasSequence($"{table}_hilo", entity.GetSchema()).IncrementsBy(10);
                }

                key.Properties[0].SetHiLoSequenceName($"{table}_hilo");
                key.Properties[0].SetHiLoSequenceSchema(entity.GetSchema());
                key.Properties[0].SetValueGenerationStrategy(NpgsqlValueGenerationStrategy.SequenceHiLo);
            }
        }
    }
}
