using MokoCrm.ArchitectureTests.Examples.Controllers;

namespace MokoCrm.ArchitectureTests.Borders;

public sealed class ModuleBorderTests
{
    private static readonly System.Reflection.Assembly BadExample = typeof(ExampleBadController).Assembly;

    [Fact]
    public void Modules_use_each_other_only_through_their_Public_folder()
    {
        BorderRules.ModulesUseOnlyPublicOfOthers(TheApp.Assembly).ShouldBeEmpty();
    }

    [Fact]
    public void The_platform_uses_no_module()
    {
        BorderRules.PlatformUsesNoModule(TheApp.Assembly).ShouldBeEmpty();
    }

    [Fact]
    public void The_border_map_sees_the_app_platform_types_and_its_compiled_views()
    {
        // Guards against checking the wrong assembly, or views the map cannot see (and so passing on nothing).
        var map = new ModuleMap(TheApp.Assembly);

        map.TypesOf(o => o.Name == Owner.Platform).ShouldContain(typeof(Web.Platform.Security.Controllers.UsersController).FullName!);
        var usersEdit = map.ViewPaths.Single(v => v.Value == "/Platform/Security/Views/Users/Edit.cshtml").Key;
        usersEdit.ShouldStartWith("AspNetCoreGeneratedDocument.");
        map.OwnerOf(usersEdit).ShouldBe(new Owner(Owner.Platform, false));
        // Every module of the app, found from its namespaces and view paths; none is hard-coded here.
        map.Modules.ShouldAllBe(m => TheApp.Assembly.GetTypes().Any(t => t.Namespace != null && t.Namespace.StartsWith("MokoCrm.Web.Modules." + m, StringComparison.Ordinal))
            || map.ViewPaths.Values.Any(p => p.StartsWith($"/Modules/{m}/", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_border_rule_reports_exactly_the_illegal_references_of_a_bad_example()
    {
        var violations = BorderRules.ModulesUseOnlyPublicOfOthers(BadExample);

        new ModuleMap(BadExample).Modules.ShouldBe(["Alpha", "Beta", "BetaExtra"]);
        violations.OrderBy(v => v.Type, StringComparer.Ordinal).ShouldBe(
        [
            new BorderViolation("Alpha", "Beta", "AspNetCoreGeneratedDocument.Modules_Alpha_Views_Things_Show"),
            new BorderViolation("Alpha", "Beta", "MokoCrm.Web.Modules.Alpha.Features.UsesBetaInternals"),
            new BorderViolation("Alpha", "Beta", "MokoCrm.Web.Modules.Alpha.Features.UsesBetaNestedTypeInALambda"),
        ]);
    }

    [Fact]
    public void The_platform_rule_reports_exactly_the_platform_types_of_a_bad_example_that_use_a_module()
    {
        var violations = BorderRules.PlatformUsesNoModule(BadExample);

        violations.Select(v => v.Type).Order(StringComparer.Ordinal).ShouldBe(
        [
            "AspNetCoreGeneratedDocument.Platform_Example_Views_Home_Index",
            "MokoCrm.Web.Platform.Example.PlatformUsesAModule",
        ]);
    }
}
