namespace MokoCrm.ArchitectureTests.Views;

public sealed class ViewsNextToControllersTests : IDisposable
{
    private readonly DirectoryInfo _badTree = Directory.CreateTempSubdirectory("moko-arch-views-");

    [Fact]
    public void Every_controller_has_its_views_folder_next_to_it_in_the_source_tree()
    {
        TheApp.WebProject.GetFiles("MokoCrm.Web.csproj").ShouldHaveSingleItem("the test must look at the real source tree");

        ViewsNextToControllersRule.Violations(TheApp.Assembly.GetTypes(), TheApp.WebProject).ShouldBeEmpty();
    }

    [Fact]
    public void Every_views_folder_sits_beside_a_controllers_folder()
    {
        ViewsNextToControllersRule.OrphanViewFolders(TheApp.Assembly.GetTypes(), TheApp.WebProject).ShouldBeEmpty();
    }

    [Fact]
    public void The_rules_report_exactly_the_misplaced_controllers_and_views_of_a_bad_example()
    {
        Directory.CreateDirectory(Path.Combine(_badTree.FullName, "Modules", "Alpha", "Views", "Things"));
        Directory.CreateDirectory(Path.Combine(_badTree.FullName, "Modules", "Gamma", "Views", "Lost"));
        var examples = typeof(Web.Modules.Alpha.Controllers.ThingsController).Assembly.GetTypes()
            .Where(t => t.Namespace is "MokoCrm.Web.Modules.Alpha.Controllers" or "MokoCrm.Web.Modules.Alpha.Misplaced");

        ViewsNextToControllersRule.Violations(examples, _badTree).ShouldBe(
        [
            "OrphansController: no folder Modules/Alpha/Views/Orphans",
            "MokoCrm.Web.Modules.Alpha.Misplaced.StrayController: not in a MokoCrm.Web.<...>.Controllers namespace",
        ], ignoreOrder: true);
        ViewsNextToControllersRule.OrphanViewFolders(examples, _badTree).ShouldBe(["Modules/Gamma/Views"]);
    }

    public void Dispose() => _badTree.Delete(recursive: true);
}
