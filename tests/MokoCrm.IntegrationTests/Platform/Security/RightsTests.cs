using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Hr;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Features;

namespace MokoCrm.IntegrationTests.Platform.Security;

public sealed class RightsTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task A_user_without_the_right_gets_403_and_the_menu_hides_the_module()
    {
        await CreateUserAsync("plain", "plain-pass-1");
        using var client = await SignedInClient.AsAsync(app, "plain", "plain-pass-1");

        var forbidden = await client.GetAsync("/Admin/Users");
        var home = await client.Http.GetStringAsync("/");

        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await forbidden.Content.ReadAsStringAsync()).ShouldContain("You do not have the right");
        home.ShouldNotContain("href=\"/Admin/Users\"");
    }

    [Fact]
    public async Task A_user_with_only_part_of_a_module_sees_it_in_the_top_bar_leading_to_the_part_they_may_open()
    {
        var userId = await CreateUserAsync("expenses-only", "expenses-pass-1");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<UserAdministration>()
                .SetUserPermissionsAsync(userId, [HrPermissions.ExpenseReports.Read, HrPermissions.ExpenseReports.Write]);
        }

        using var client = await SignedInClient.AsAsync(app, "expenses-only", "expenses-pass-1");
        var home = await client.Http.GetStringAsync("/");

        home.ShouldContain("href=\"/Hr/ExpenseReports\"");
        home.ShouldNotContain("href=\"/Hr/Salaries\"");
        (await client.GetAsync("/Hr/ExpenseReports")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Rights_of_a_group_reach_its_members_and_the_effective_rights_are_the_union()
    {
        var userId = await CreateUserAsync("reader", "reader-pass-1");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var groupId = await admin.CreateGroupAsync(new GroupForm { Name = "User readers", MemberIds = [userId] });
            await admin.SetGroupPermissionsAsync(groupId, [PlatformPermissions.UsersRead]);
            await admin.SetUserPermissionsAsync(userId, [PlatformPermissions.SetupRead]);
        }

        using var client = await SignedInClient.AsAsync(app, "reader", "reader-pass-1");

        (await client.GetAsync("/Admin/Users")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/Admin/Users/new")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var card = await client.Http.GetStringAsync($"/Admin/Users/{userId}");
        card.ShouldContain($"value=\"{PlatformPermissions.UsersRead}\"");
        card.ShouldContain($"value=\"{PlatformPermissions.SetupRead}\"");
    }

    [Fact]
    public async Task The_admin_creates_a_group_and_a_user_through_the_screens()
    {
        using var client = await SignedInClient.AdminAsync(app);

        var created = await client.PostFormAsync("/Admin/Groups/new", "/Admin/Groups/new", new() { ["Name"] = "Setup editors", ["Description"] = "Edit setup" });
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var rightsUrl = created.Headers.Location!.ToString();
        var saved = await client.PostFormAsync(rightsUrl, rightsUrl, new() { ["permissions"] = PlatformPermissions.SetupWrite });
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var groupId = rightsUrl.Split('/')[3];

        var user = await client.PostFormAsync("/Admin/Users/new", "/Admin/Users/new", new()
        {
            ["UserName"] = "editor", ["FullName"] = "Eddie Editor", ["Password"] = "editor-pass-1", ["GroupIds"] = groupId,
        });

        user.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var card = await client.Http.GetStringAsync(user.Headers.Location!.ToString());
        card.ShouldContain("Setup editors");
    }

    [Fact]
    public async Task An_invalid_user_form_shows_messages_by_field_and_saves_nothing()
    {
        using var client = await SignedInClient.AdminAsync(app);

        var response = await client.PostFormAsync("/Admin/Users/new", "/Admin/Users/new", new() { ["UserName"] = "bad login!", ["FullName"] = "" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("A login may contain letters, digits and . _ @ - only.");
        html.ShouldContain("Enter the person");
        html.ShouldContain("Enter a password for the new user.");
    }

    [Fact]
    public async Task The_last_active_administrator_cannot_be_disabled()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var adminId = (await scope.ServiceProvider.GetRequiredService<Web.Platform.Security.Queries.UserQueries>().SearchUsersAsync("admin")).First(u => u.Text.Contains("(admin)")).Id;

        var refused = await Should.ThrowAsync<DomainException>(() => admin.SetActiveAsync(adminId, false, actingUserId: -1));

        refused.Message.ShouldBe("You cannot disable the last active administrator.");
    }

    [Fact]
    public async Task An_unknown_right_is_refused()
    {
        var userId = await CreateUserAsync("oddity", "oddity-pass-1");
        await using var scope = app.Services.CreateAsyncScope();

        var refused = await Should.ThrowAsync<DomainException>(() =>
            scope.ServiceProvider.GetRequiredService<UserAdministration>().SetUserPermissionsAsync(userId, ["crm.everything.own"]));

        refused.Message.ShouldContain("Unknown right");
    }

    private async Task<long> CreateUserAsync(string login, string password)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserAdministration>()
            .CreateUserAsync(new UserForm { UserName = login, FullName = login, Password = password });
    }
}
