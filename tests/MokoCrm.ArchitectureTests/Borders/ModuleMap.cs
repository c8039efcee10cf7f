using System.Reflection;
using Microsoft.AspNetCore.Razor.Hosting;

namespace MokoCrm.ArchitectureTests.Borders;

/// <summary>Who owns a type: a module (in its Public folder or not), the platform, or nobody (Program, framework glue).</summary>
internal sealed record Owner(string Name, bool IsPublic)
{
    public const string Platform = "Platform";
}

/// <summary>
/// Every type of an assembly, nested and compiler-generated ones included, sorted by owner. Modules are found from the
/// assembly itself (namespaces MokoCrm.Web.Modules.X and views under /Modules/X/), never from a fixed list.
/// Compiled Razor views are named after their path (AspNetCoreGeneratedDocument.Modules_Sales_Views_Invoices_Edit);
/// their owner comes from the path the Razor compiler records in [RazorCompiledItem].
/// </summary>
internal sealed class ModuleMap
{
    private const string ModulesNamespace = "MokoCrm.Web.Modules.";
    private const string PlatformNamespace = "MokoCrm.Web.Platform";

    private readonly Dictionary<string, Owner> _owners = new(StringComparer.Ordinal);

    public ModuleMap(Assembly assembly)
    {
        var viewPaths = assembly.GetCustomAttributes<RazorCompiledItemAttribute>().ToDictionary(v => v.Type, v => v.Identifier);
        ViewPaths = viewPaths.ToDictionary(v => CecilName(v.Key), v => v.Value, StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            var outer = type;
            while (outer.DeclaringType is not null)
            {
                outer = outer.DeclaringType;
            }

            var owner = viewPaths.TryGetValue(outer, out var path) ? OwnerOfPath(path) : OwnerOfNamespace(outer.Namespace);
            if (owner is not null)
            {
                _owners[CecilName(type)] = owner;
            }
        }

        Modules = _owners.Values.Select(o => o.Name).Where(n => n != Owner.Platform).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<string> Modules { get; }

    /// <summary>Compiled view type (Cecil name) → its .cshtml path.</summary>
    public IReadOnlyDictionary<string, string> ViewPaths { get; }

    public Owner? OwnerOf(string cecilTypeName) => _owners.GetValueOrDefault(cecilTypeName);

    /// <summary>Type names as Mono.Cecil (and so NetArchTest) writes them: nested types joined with '/'.</summary>
    public IReadOnlySet<string> TypesOf(Func<Owner, bool> predicate) =>
        _owners.Where(o => predicate(o.Value)).Select(o => o.Key).ToHashSet(StringComparer.Ordinal);

    public static string CecilName(Type type) => type.FullName!.Replace('+', '/');

    private static Owner? OwnerOfNamespace(string? ns)
    {
        if (ns is null)
        {
            return null;
        }

        if (ns == PlatformNamespace || ns.StartsWith(PlatformNamespace + ".", StringComparison.Ordinal))
        {
            return new Owner(Owner.Platform, false);
        }

        if (!ns.StartsWith(ModulesNamespace, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = ns[ModulesNamespace.Length..].Split('.');
        return new Owner(parts[0], parts.Length > 1 && parts[1] == "Public");
    }

    /// <summary>"/Modules/Sales/Views/Invoices/Edit.cshtml" → Sales; "/Platform/..." → Platform. Views are never Public.</summary>
    private static Owner? OwnerOfPath(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts switch
        {
            ["Modules", var module, _, ..] => new Owner(module, false),
            ["Platform", _, ..] => new Owner(Owner.Platform, false),
            _ => null,
        };
    }
}
