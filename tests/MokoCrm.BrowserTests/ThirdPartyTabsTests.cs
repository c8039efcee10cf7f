using System.Text.RegularExpressions;
using MokoCrm.Testing;

namespace MokoCrm.BrowserTests;

/// <summary>A third party created through its form, then its record tabs used as a person does: a note, the history.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ThirdPartyTabsTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_admin_creates_a_prospect_writes_a_note_and_finds_it_in_the_history()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Login").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(MokoAppFactory.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.Locator("nav.moko-topbar a.nav-link", new() { HasText = "CRM" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New third party" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator(".text-danger", new() { HasText = "name" }).First).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "20-third-party-form-errors");

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Bistro du Navigateur");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Prospect", Exact = true }).CheckAsync();
        await page.GetByLabel("Town", new() { Exact = true }).FillAsync("Lille");
        await page.GetByLabel("E-mail", new() { Exact = true }).FillAsync("bonjour@bistro-navigateur.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(CardUrl());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Bistro du Navigateur" }).First).ToBeVisibleAsync();
        await Expect(page.GetByText(CustomerCode()).First).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "21-third-party-card");

        await page.GetByRole(AriaRole.Link, new() { Name = "Notes" }).ClickAsync();
        await page.GetByLabel("Public note").FillAsync("Met at the Lille trade fair; wants a tasting menu offer.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save public note" }).ClickAsync();
        await Expect(page.GetByLabel("Public note")).ToHaveValueAsync("Met at the Lille trade fair; wants a tasting menu offer.");
        await browser.ScreenshotAsync(page, "22-third-party-notes");

        await page.GetByRole(AriaRole.Link, new() { Name = "History" }).ClickAsync();
        await Expect(page.GetByText("created").First).ToBeVisibleAsync();
        await Expect(page.GetByText("Lille trade fair").First).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "23-third-party-history");
        await page.Context.CloseAsync();
    }

    [GeneratedRegex(@"/Crm/ThirdParties/\d+$")]
    private static partial Regex CardUrl();

    [GeneratedRegex(@"CU\d{4}-\d{4}")]
    private static partial Regex CustomerCode();
}
