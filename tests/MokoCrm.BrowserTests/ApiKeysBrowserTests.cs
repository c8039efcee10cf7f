using System.Net;
using MokoCrm.Testing;

namespace MokoCrm.BrowserTests;

/// <summary>
/// The API keys of the profile page, clicked as a person does: a key is created and shown once, a program uses it on
/// /api/v1 and on Dolibarr's /api/index.php/status, the key is revoked, and the program is refused from then on.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ApiKeysBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_key_is_shown_once_works_for_a_program_and_is_refused_once_revoked()
    {
        var page = await browser.NewPageAsync();
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await SalesSteps.SignInAsAdminAsync(page);
        var label = "Browser shop " + Guid.NewGuid().ToString("N")[..8];

        await page.GotoAsync("/Account/Profile");
        await page.GetByLabel("Name of the new key").FillAsync(label);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create a key" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync($"Key \"{label}\" created. Copy it now: it will not be shown again.");
        var key = await page.GetByLabel("The new API key").InputValueAsync();
        key.ShouldStartWith("moko_");
        var row = page.Locator("tr", new() { HasText = label });
        await Expect(row).ToContainTextAsync("Active");
        await Expect(row).ToContainTextAsync("Never");
        await browser.ScreenshotAsync(page, "api-keys-01-created");

        using var program = new HttpClient { BaseAddress = new Uri(browser.App.Address) };
        program.DefaultRequestHeaders.Add("DOLAPIKEY", key);
        var status = await program.GetAsync("/api/index.php/status");
        (await status.Content.ReadAsStringAsync()).ShouldContain("\"dolibarr_version\":\"22.0.0\"");
        status.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await program.GetAsync("/api/v1/third-parties?limit=1")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await page.GotoAsync("/Account/Profile");
        await Expect(page.GetByLabel("The new API key")).ToHaveCountAsync(0);
        (await page.ContentAsync()).ShouldNotContain(key);
        await Expect(row).Not.ToContainTextAsync("Never");
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Revoked");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Revoke" })).ToHaveCountAsync(0);
        await browser.ScreenshotAsync(page, "api-keys-02-revoked");

        (await program.GetAsync("/api/index.php/status")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await program.GetAsync("/api/v1/third-parties?limit=1")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await page.Context.CloseAsync();
    }
}
