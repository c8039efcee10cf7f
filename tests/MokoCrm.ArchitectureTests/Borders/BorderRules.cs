using System.Reflection;
using Mono.Cecil;
using NetArchTest.Rules;

namespace MokoCrm.ArchitectureTests.Borders;

/// <summary>A type of <paramref name="From"/> that uses something of <paramref name="To"/> it may not use.</summary>
internal sealed record BorderViolation(string From, string To, string Type)
{
    public override string ToString() => $"{Type} ({From}) uses {To} outside what it may use";
}

/// <summary>
/// The module borders of STYLE.md, as functions over any assembly so each can be run on a bad example too.
/// NetArchTest (Mono.Cecil) reads the IL, so references inside method bodies, async state machines, lambdas and
/// compiled Razor views count, not only signatures.
/// </summary>
internal static class BorderRules
{
    /// <summary>For each pair of modules X, Y: no type of X uses a type of Y outside Y's Public folder.</summary>
    public static IReadOnlyList<BorderViolation> ModulesUseOnlyPublicOfOthers(Assembly assembly)
    {
        var map = new ModuleMap(assembly);
        var violations = new List<BorderViolation>();
        foreach (var from in map.Modules)
        {
            var sources = map.TypesOf(o => o.Name == from);
            foreach (var to in map.Modules.Where(m => m != from))
            {
                var privateTypes = map.TypesOf(o => o.Name == to && !o.IsPublic);
                violations.AddRange(TypesUsingAny(assembly, sources, privateTypes).Select(t => new BorderViolation(from, to, t)));
            }
        }

        return violations;
    }

    /// <summary>The platform is the shared kernel: it uses no module at all, Public folders included.</summary>
    public static IReadOnlyList<BorderViolation> PlatformUsesNoModule(Assembly assembly)
    {
        var map = new ModuleMap(assembly);
        var sources = map.TypesOf(o => o.Name == Owner.Platform);
        var moduleTypes = map.TypesOf(o => o.Name != Owner.Platform);
        return TypesUsingAny(assembly, sources, moduleTypes).Select(t => new BorderViolation(Owner.Platform, "a module", t)).ToList();
    }

    private static IEnumerable<string> TypesUsingAny(Assembly assembly, IReadOnlySet<string> sources, IReadOnlySet<string> targets)
    {
        if (sources.Count == 0 || targets.Count == 0)
        {
            return [];
        }

        var result = Types.InAssembly(assembly)
            .That().MeetCustomRule(new OneOf(sources))
            .ShouldNot().HaveDependencyOnAny([.. targets])
            .GetResult();
        return result.IsSuccessful ? [] : result.FailingTypeNames
            // a lambda or async state machine is reported as its outer type: that is the type a reader knows
            .Select(n => n.Split('/', '+')[0]).Distinct().Order(StringComparer.Ordinal);
    }

    private sealed class OneOf(IReadOnlySet<string> names) : ICustomRule
    {
        public bool MeetsRule(TypeDefinition type) => names.Contains(type.FullName);
    }
}
