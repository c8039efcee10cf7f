using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Features;

namespace MokoCrm.IntegrationTests.Platform.Security;

public sealed class SignInTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_the_login_page()
    {
        using var client = SignedInClient.Anonymous(app);

        var response = await client.GetAsync("/Admin/Users");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/Account/Login");
    }

    [Fact]
    public async Task The_admin_signs_in_and_sees_the_user_list()
    {
        using var client = await SignedInClient.AdminAsync(app);

        var page = await client.Http.GetStringAsync("/Admin/Users");

        page.ShouldContain("Administrator");
        page.ShouldContain("admin");
    }

    [Fact]
    public async Task A_wrong_password_is_answered_with_a_clear_message_and_no_session()
    {
        using var client = SignedInClient.Anonymous(app);

        var response = await client.LoginAsync("admin", "not-the-password1");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Wrong login or password.");
        (await client.GetAsync("/Admin/Users")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_for_the_right_password()
    {
        await CreateUserAsync("locky", "locky-pass-1");
        using var client = SignedInClient.Anonymous(app);
        for (var i = 0; i < 5; i++)
        {
            await client.LoginAsync("locky", "wrong-pass-" + i);
        }

        var response = await client.LoginAsync("locky", "locky-pass-1");

        (await response.Content.ReadAsStringAsync()).ShouldContain("locked");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_post_without_its_antiforgery_token_is_refused_with_a_friendly_page()
    {
        using var client = await SignedInClient.AdminAsync(app);

        var response = await client.PostWithTokenAsync("/Admin/Groups/new", [KeyValuePair.Create("Name", "No token")], token: null);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("The request could not be used");
        (await client.Http.GetStringAsync("/Admin/Groups")).ShouldNotContain("No token");
    }

    [Fact]
    public async Task A_disabled_user_cannot_sign_in()
    {
        var id = await CreateUserAsync("gone", "gone-pass-1");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<UserAdministration>().SetActiveAsync(id, false, actingUserId: 0);
        }

        using var client = SignedInClient.Anonymous(app);
        var response = await client.LoginAsync("gone", "gone-pass-1");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Wrong login or password.");
    }

    [Fact]
    public async Task An_unknown_record_answers_404_with_a_friendly_page()
    {
        using var client = await SignedInClient.AdminAsync(app);

        var response = await client.GetAsync("/Admin/Users/987654321");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Not found");
    }

    private async Task<long> CreateUserAsync(string login, string password)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserAdministration>()
            .CreateUserAsync(new UserForm { UserName = login, FullName = login, Password = password });
    }
}
