using MokoCrm.ArchitectureTests.Examples.Controllers;
using MokoCrm.Web.Platform.Security.Controllers;

namespace MokoCrm.ArchitectureTests.Permissions;

public sealed class ActionPermissionTests
{
    /// <summary>
    /// Actions open to every signed-in user, on purpose. Each needs a reason and an explicit [Authorize].
    /// </summary>
    private static readonly IReadOnlySet<string> SignedInOnly = new HashSet<string>(StringComparer.Ordinal)
    {
        // Signing out needs a session and nothing else.
        "AccountController.Logout",
        // The home workboard: every signed-in user lands there; it shows only the modules the user may read.
        "HomeController.Index",
        // The global search: each record type's group shows only with that type's read right and visibility.
        "SearchController.Index",
        "SearchController.Lookup",
        // Each user's own profile page and API keys: a key only ever acts with its owner's rights.
        "ProfileController.Index",
        "ProfileController.CreateKey",
        "ProfileController.RevokeKey",
        // Dolibarr's GET /status: any valid key may check that it works.
        "StatusController.Get",
        // Dolibarr's POST documents/upload: the right depends on the modulepart its body names, checked in the action
        // (the type's read and attach rights, then the record's visibility; DolibarrDocumentUploadReplayTests).
        "DolibarrDocumentsController.Upload",
    };

    [Fact]
    public void Every_action_of_the_app_needs_a_permission_or_is_explicitly_anonymous()
    {
        var violations = ActionPermissionRule.Violations(TheApp.Assembly.GetTypes(), SignedInOnly);

        violations.ShouldBeEmpty();
    }

    [Fact]
    public void The_rule_sees_the_app_controllers_and_their_actions()
    {
        // Guards against checking the wrong assembly (and so passing on nothing).
        var controllers = ActionPermissionRule.Controllers(TheApp.Assembly.GetTypes());
        var actions = ActionPermissionRule.Actions(controllers).Select(a => a.Name).ToList();

        controllers.ShouldContain(typeof(UsersController));
        controllers.ShouldContain(typeof(GroupsController));
        controllers.ShouldContain(typeof(AccountController));
        actions.ShouldContain("UsersController.Create");
        actions.ShouldContain("AccountController.Login");
    }

    [Fact]
    public void Every_listed_exception_names_a_real_action_of_the_app()
    {
        var actions = ActionPermissionRule.Actions(ActionPermissionRule.Controllers(TheApp.Assembly.GetTypes())).Select(a => a.Name).ToHashSet();

        SignedInOnly.Where(e => !actions.Contains(e)).ShouldBeEmpty("an exception for an action that no longer exists is stale");
    }

    [Fact]
    public void The_rule_reports_exactly_the_actions_without_a_permission_in_a_bad_example()
    {
        var examples = typeof(ExampleBadController).Assembly.GetTypes().Where(t => t.Namespace == typeof(ExampleBadController).Namespace);

        var violations = ActionPermissionRule.Violations(examples, new HashSet<string> { "ExampleBadController.SignedInOnlyListed", "ExampleBadController.ListedButNotAuthorized" });

        violations.Order(StringComparer.Ordinal).ShouldBe(
        [
            "ExampleBadController.ListedButNotAuthorized",
            "ExampleBadController.NoAttributeAtAll",
            "ExampleBadController.PlainAuthorize",
            "ExampleBadController.RolesAreNotPermissions",
            "ExampleUnmarkedController.Index",
        ]);
    }
}
