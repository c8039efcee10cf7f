using System.Text.RegularExpressions;
using MokoCrm.Testing;

namespace MokoCrm.BrowserTests;

/// <summary>
/// Issue 3's story as a salesperson clicks it: a prospect and its contact, a call logged on its timeline, a lead moved
/// through the pipeline and won, the automatic event on the timeline, and the top-bar search finding it all.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class CrmStoryTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_salesperson_logs_a_call_moves_a_lead_through_the_pipeline_wins_it_and_finds_it_all_on_the_timeline_and_in_search()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Login").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(MokoAppFactory.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // A prospect and its contact.
        await page.GotoAsync("/Crm/ThirdParties/new");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Crêperie des Dunes");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Prospect", Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(CardUrl());
        var card = page.Url;
        var partyId = card[(card.LastIndexOf('/') + 1)..];
        await page.GotoAsync($"/Crm/Contacts/new?thirdParty={partyId}");
        await page.GetByLabel("First name").FillAsync("Anne");
        await page.GetByLabel("Last name").FillAsync("Le Goff");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Anne Le Goff" }).First).ToBeVisibleAsync();

        // A call logged from the third party's Events tab, with the contact chosen in the picker.
        await page.GotoAsync(card);
        await page.GetByRole(AriaRole.Link, new() { Name = "Events" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Log a call" }).ClickAsync();
        await page.GetByLabel("Title").FillAsync("Called about the spring menu");
        await page.Locator("#ContactId-ts-control").ClickAsync();
        await page.Locator(".ts-dropdown .option", new() { HasText = "Anne Le Goff" }).ClickAsync();
        await browser.ScreenshotAsync(page, "30-crm-log-a-call");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByText("Anne Le Goff").First).ToBeVisibleAsync();

        // A lead for it, moved through the pipeline, then won.
        await page.GotoAsync($"/Crm/Leads/new?thirdParty={partyId}");
        await page.GetByLabel("Title").FillAsync("Spring menu tasting");
        await page.GetByLabel("Expected amount").FillAsync("2400");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Spring menu tasting" }).First).ToBeVisibleAsync();
        var lead = page.Url;

        await page.GotoAsync("/Crm/Leads/pipeline");
        await page.GetByLabel("Move Spring menu tasting to").SelectOptionAsync(new SelectOptionValue { Label = "Negotiation" });
        await page.Locator("form", new() { Has = page.GetByLabel("Move Spring menu tasting to") }).GetByRole(AriaRole.Button, new() { Name = "Move" }).ClickAsync();
        await Expect(page.Locator("[data-stage='Negotiation']", new() { HasText = "Spring menu tasting" })).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "31-crm-pipeline");

        await page.GotoAsync(lead);
        await page.GetByRole(AriaRole.Button, new() { Name = "Won" }).ClickAsync();
        await Expect(page.GetByText("Lead won.").First).ToBeVisibleAsync();

        // The timeline shows the call and the automatic event of the win.
        await page.GotoAsync(card);
        await page.GetByRole(AriaRole.Link, new() { Name = "Events" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Called about the spring menu" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Lead won: Spring menu tasting" })).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "32-crm-timeline");

        // The top-bar search finds the third party, its contact and its lead.
        await page.Locator("#moko-search").FillAsync("dunes");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Crêperie des Dunes" }).First).ToBeVisibleAsync();
        await page.Locator("#moko-search").FillAsync("le goff");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Anne Le Goff" })).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "33-crm-search");
        await page.Context.CloseAsync();
    }

    [GeneratedRegex(@"/Crm/ThirdParties/\d+$")]
    private static partial Regex CardUrl();
}
