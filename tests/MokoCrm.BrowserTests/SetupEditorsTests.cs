using System.Text.RegularExpressions;
using MokoCrm.Testing;

namespace MokoCrm.BrowserTests;

/// <summary>
/// The proof of the users-and-rights issue, clicked as a person does: the administrator gives a group the Setup
/// rights and not the user administration, puts a new user in it, and that user sees Setup but not Administration.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class SetupEditorsTests(BrowserFixture browser)
{
    private const string EditorLogin = "sally";
    private const string EditorPassword = "sally-pass-1";

    [Fact]
    public async Task A_wrong_password_shows_the_message_and_keeps_the_visitor_on_the_login_page()
    {
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Login").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync("not-the-password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Wrong login or password.");
        await Expect(page).ToHaveURLAsync(LoginUrl());
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Administration" })).ToHaveCountAsync(0);
        await browser.ScreenshotAsync(page, "01-wrong-password");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_setup_editor_does_not_see_the_administration_and_is_refused_the_user_list()
    {
        await SetupEditorExistsAsync();
        var page = await browser.NewPageAsync();

        await SignInAsync(page, EditorLogin, EditorPassword);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome, Sally Setup" })).ToBeVisibleAsync();
        // neither in the top menu nor as a card on the home page
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Administration" })).ToHaveCountAsync(0);
        await browser.ScreenshotAsync(page, "07-editor-home");

        var response = await page.GotoAsync("/Admin/Users");

        response!.Status.ShouldBe(403);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You do not have the right to do this" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Back to the home page" })).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "08-editor-refused-user-list");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_setup_editor_sees_the_setup_menu_and_opens_the_company_screen()
    {
        await SetupEditorExistsAsync();
        var page = await browser.NewPageAsync();
        await SignInAsync(page, EditorLogin, EditorPassword);

        await Expect(TopMenu(page).Locator("a.nav-link[href^='/Setup']")).ToBeVisibleAsync();
        var response = await page.GotoAsync("/Setup/Company");

        response!.Status.ShouldBe(200);
        await Expect(page.GetByText("You do not have the right to do this")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync(page, "09-editor-setup-company");
        await page.Context.CloseAsync();
    }

    /// <summary>The administrator's part of the story, through the screens, once per suite.</summary>
    private Task SetupEditorExistsAsync() => browser.OnceAsync("setup-editor", async () =>
    {
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(LoginUrl());
        await browser.ScreenshotAsync(page, "02-login");
        await SignInAsync(page, "admin", MokoAppFactory.AdminPassword);
        await Expect(TopMenu(page).GetByRole(AriaRole.Link, new() { Name = "Administration" })).ToBeVisibleAsync();

        // A group with the Setup rights and without the user administration.
        await TopMenu(page).GetByRole(AriaRole.Link, new() { Name = "Administration" }).ClickAsync();
        await page.GetByRole(AriaRole.Complementary).GetByRole(AriaRole.Link, new() { Name = "Groups" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New group" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("Setup editors");
        await page.GetByLabel("Description").FillAsync("Company, VAT rates, payment terms, banks, fiscal years");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create group" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(GroupRightsUrl());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Rights of the group Setup editors" })).ToBeVisibleAsync();
        await page.Locator("#perm-platform-setup-read").CheckAsync();
        await page.Locator("#perm-platform-setup-write").CheckAsync();
        await Expect(page.Locator("#perm-platform-users-read")).Not.ToBeCheckedAsync();
        await Expect(page.Locator("#perm-platform-users-write")).Not.ToBeCheckedAsync();
        await browser.ScreenshotAsync(page, "03-group-rights-matrix");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save rights" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Rights saved.");
        await Expect(page.Locator("#perm-platform-setup-read")).ToBeCheckedAsync();
        await Expect(page.Locator("#perm-platform-setup-write")).ToBeCheckedAsync();
        await Expect(page.Locator("#perm-platform-users-read")).Not.ToBeCheckedAsync();
        await Expect(page.Locator("#perm-platform-users-write")).Not.ToBeCheckedAsync();
        await browser.ScreenshotAsync(page, "04-group-card");

        // A user in that group; the group picker is a Tom Select.
        await page.GetByRole(AriaRole.Complementary).GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New user" }).ClickAsync();
        await page.GetByLabel("Login").FillAsync(EditorLogin);
        await page.GetByLabel("Full name").FillAsync("Sally Setup");
        await page.GetByLabel("E-mail").FillAsync("sally@example.com");
        await page.GetByLabel("Password").FillAsync(EditorPassword);
        await page.Locator("#GroupIds-ts-control").ClickAsync();
        await page.Locator("#GroupIds-ts-control").FillAsync("Setup");
        await page.Locator(".ts-dropdown .option", new() { HasText = "Setup editors" }).ClickAsync();
        await Expect(page.Locator(".ts-control .item", new() { HasText = "Setup editors" })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await browser.ScreenshotAsync(page, "05-new-user-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync($"User {EditorLogin} created.");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sally Setup" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Setup editors" })).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "06-user-card");

        await page.GetByRole(AriaRole.Button, new() { Name = "Administrator" }).Or(page.Locator("nav .dropdown-toggle")).First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(LoginUrl());
        await page.Context.CloseAsync();
    });

    private static ILocator TopMenu(IPage page) => page.Locator("nav.moko-topbar");

    private static async Task SignInAsync(IPage page, string login, string password)
    {
        if (!LoginUrl().IsMatch(page.Url))
        {
            await page.GotoAsync("/Account/Login");
        }

        await page.GetByLabel("Login").FillAsync(login);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(LoginUrl());
    }

    [GeneratedRegex("/Account/Login")]
    private static partial Regex LoginUrl();

    [GeneratedRegex(@"/Admin/Groups/\d+/rights$")]
    private static partial Regex GroupRightsUrl();
}
