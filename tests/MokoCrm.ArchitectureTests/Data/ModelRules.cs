using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.ArchitectureTests.Data;

/// <summary>
/// The conventions of ARCHITECTURE.md §3 checked on the EF model the app really builds (no database needed):
/// schema per module, snake_case tables, HiLo bigint keys, money with an explicit precision.
/// </summary>
internal static partial class ModelRules
{
    /// <summary>The full design-time model of AppDbContext, with the app's provider options and extra contributors.</summary>
    public static IModel BuildModel(params IModelContributor[] contributors)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        AppDbContextOptions.Configure(options, "Host=x");
        if (contributors.Length > 0)
        {
            ModelContributorsExtension.Add(options, contributors);
        }

        using var context = new AppDbContext(options.Options);
        return context.GetService<IDesignTimeModel>().Model;
    }

    public static IEnumerable<IEntityType> Tables(IModel model) =>
        model.GetEntityTypes().Where(e => !e.IsOwned() && e.GetTableName() is not null);

    public static IReadOnlyList<string> SchemaViolations(IModel model) =>
        Tables(model)
            .Where(e => e.GetSchema() != ModelConventions.SchemaFor(e.ClrType))
            .Select(e => $"{e.ClrType.Name}: schema {e.GetSchema() ?? "(none)"}, expected {ModelConventions.SchemaFor(e.ClrType)}")
            .ToList();

    public static IReadOnlyList<string> TableNameViolations(IModel model) =>
        Tables(model)
            .Where(e => !SnakeCase().IsMatch(e.GetTableName()!))
            .Select(e => $"{e.ClrType.Name}: table {e.GetTableName()}")
            .ToList();

    /// <summary>
    /// A single bigint key takes its values from a HiLo sequence in the table's schema. The one exception is a key
    /// that is also a foreign key (a 1:1 dependent sharing its principal's id), which must not generate values at all.
    /// </summary>
    public static IReadOnlyList<string> KeyViolations(IModel model)
    {
        var violations = new List<string>();
        foreach (var entity in Tables(model).Where(e => e.BaseType is null))
        {
            var key = entity.FindPrimaryKey();
            if (key is not { Properties.Count: 1 } || key.Properties[0].ClrType != typeof(long))
            {
                continue;
            }

            var id = key.Properties[0];
            if (id.IsForeignKey())
            {
                if (id.ValueGenerated != ValueGenerated.Never)
                {
                    violations.Add($"{entity.ClrType.Name}.{id.Name}: a shared key must not generate values");
                }

                continue;
            }

            var sequence = id.FindHiLoSequence();
            if (id.GetValueGenerationStrategy() != Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.SequenceHiLo || sequence is null)
            {
                violations.Add($"{entity.ClrType.Name}.{id.Name}: not a HiLo key");
            }
            else if (sequence.Schema != entity.GetSchema())
            {
                violations.Add($"{entity.ClrType.Name}.{id.Name}: HiLo sequence {sequence.Schema}.{sequence.Name} outside the table's schema {entity.GetSchema()}");
            }
        }

        return violations;
    }

    /// <summary>Every decimal column, in entities and in their complex properties, has an explicit precision and scale.</summary>
    public static IReadOnlyList<string> DecimalViolations(IModel model) =>
        DecimalColumns(model)
            .Where(p => p.Property.GetPrecision() is null || p.Property.GetScale() is null)
            .Select(p => $"{p.Owner}.{p.Property.Name}: decimal without explicit precision and scale")
            .ToList();

    public static IEnumerable<(string Owner, IProperty Property)> DecimalColumns(IModel model) =>
        from entity in model.GetEntityTypes()
        from property in PropertiesOf(entity)
        where (Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType) == typeof(decimal)
        select (entity.ClrType.Name, property);

    private static IEnumerable<IProperty> PropertiesOf(ITypeBase type) =>
        type.GetDeclaredProperties().Concat(type.GetDeclaredComplexProperties().SelectMany(c => PropertiesOf(c.ComplexType)));

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    private static partial Regex SnakeCase();
}
