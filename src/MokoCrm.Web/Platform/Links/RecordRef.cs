using System.Collections.Concurrent;
using System.Reflection;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Platform.Links;

/// <summary>
/// A reference to any record of any module: its type ("sales.invoice") and its id. Modules refer to each other's
/// records only this way (no cross-module foreign keys), so links, audit rows, notes and tags can point anywhere.
/// </summary>
public readonly record struct RecordRef
{
    public RecordRef(string type, long id)
    {
        RecordTypes.EnsureValid(type);
        Type = type;
        Id = id;
    }

    public string Type { get; }

    public long Id { get; }

    public static RecordRef For<T>(long id) => new(RecordTypes.Of<T>(), id);

    public static RecordRef Of(Entity entity) => new(RecordTypes.Of(entity.GetType()), entity.Id);

    public override string ToString() => $"{Type}#{Id}";
}

/// <summary>Overrides the conventional record type name of an entity (see <see cref="RecordTypes.Of(Type)"/>).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RecordTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

public static class RecordTypes
{
    public const int MaxLength = 64;

    private static readonly ConcurrentDictionary<Type, string> Names = new();

    public static string Of<T>() => Of(typeof(T));

    /// <summary>
    /// "MokoCrm.Web.Modules.Crm.Domain.ThirdParty" → "crm.thirdparty": the module's schema and the lower-cased class
    /// name, unless the class says otherwise with [RecordType]. The name is stored in link, audit, note and tag rows,
    /// so renaming a class must keep its old name through the attribute.
    /// </summary>
    public static string Of(Type clrType) => Names.GetOrAdd(clrType, static type =>
    {
        var name = type.GetCustomAttribute<RecordTypeAttribute>()?.Name
            ?? $"{ModelConventions.SchemaFor(type)}.{type.Name.ToLowerInvariant()}";
        EnsureValid(name);
        return name;
    });

    internal static void EnsureValid(string type)
    {
        // A bad type name is a programming error, not a user's: it would store rows no screen can ever find again.
        if (string.IsNullOrEmpty(type) || type.Length > MaxLength || !type.Contains('.', StringComparison.Ordinal)
            || !type.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_'))
        {
            throw new ArgumentException($"'{type}' is not a record type: expected lower-case \"module.thing\".", nameof(type));
        }
    }
}
