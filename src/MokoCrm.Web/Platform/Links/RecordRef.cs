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

    /// <summary>For text from a URL or a form: false instead of an exception when the type is not a record type name.</summary>
    public static bool TryCreate(string? type, long id, out RecordRef record)
    {
        record = default;
        if (type is null || !RecordTypes.IsValid(type) || id <= 0)
        {
            return false;
        }

        record = new RecordRef(type, id);
        return true;
    }

    /// <summary>"sales.invoice:42", as pickers and forms carry a record.</summary>
    public static bool TryParse(string? text, out RecordRef record)
    {
        record = default;
        var colon = text?.LastIndexOf(':') ?? -1;
        return colon > 0 && long.TryParse(text![(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            && TryCreate(text[..colon], id, out record);
    }

    /// <summary>The form of <see cref="TryParse"/>.</summary>
    public string Key => $"{Type}:{Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

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

    public static bool IsValid(string type) =>
        !string.IsNullOrEmpty(type) && type.Length <= MaxLength && type.Contains('.', StringComparison.Ordinal)
        && type.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_');

    internal static void EnsureValid(string type)
    {
        // A bad type name is a programming error, not a user's: it would store rows no screen can ever find again.
        if (!IsValid(type))
        {
            throw new ArgumentException($"'{type}' is not a record type: expected lower-case \"module.thing\".", nameof(type));
        }
    }
}
