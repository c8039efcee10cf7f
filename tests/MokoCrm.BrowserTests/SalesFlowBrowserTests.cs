using System.Text.RegularExpressions;
using MokoCrm.Testing;

namespace MokoCrm.BrowserTests;

/// <summary>Prospect → proposal → line → validate → sign → order → validate, then the order's Linked objects, as a person clicks it.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class SalesFlowBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_admin_turns_a_prospect_into_a_signed_proposal_and_a_validated_order_linked_to_it()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Login").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(MokoAppFactory.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.GotoAsync("/Crm/ThirdParties/new");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Brasserie Juliette");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Prospect", Exact = true }).CheckAsync();
        await page.GetByLabel("Town", new() { Exact = true }).FillAsync("Nantes");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(ThirdPartyUrl());

        await page.GetByRole(AriaRole.Link, new() { Name = "Create proposal" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New proposal" })).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "50-proposal-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(ProposalUrl());
        await Expect(page.Locator("[data-reference]")).ToContainTextAsync("(PROV");

        await page.GetByLabel("Kind").SelectOptionAsync("Free");
        await page.GetByLabel("Description").FillAsync("Tasting menu for 40 guests");
        await page.GetByLabel("Quantity").FillAsync("40");
        await page.GetByLabel("Unit price").FillAsync("32.50");
        await page.GetByLabel("VAT rate").SelectOptionAsync("10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add line" }).ClickAsync();
        await Expect(page.Locator("[data-total=excl]")).ToContainTextAsync("1,300.00");
        await browser.ScreenshotAsync(page, "51-proposal-draft-with-line");

        await page.GetByRole(AriaRole.Button, new() { Name = "Validate" }).ClickAsync();
        await Expect(page.Locator("[data-reference]")).ToContainTextAsync(new Regex(@"PR\d{4}-\d{4}"));
        var proposalNumber = (await page.Locator("[data-reference]").InnerTextAsync()).Trim();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add line" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign" }).ClickAsync();
        await Expect(page.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "Signed");
        await browser.ScreenshotAsync(page, "52-proposal-signed");

        await page.GetByRole(AriaRole.Button, new() { Name = "Create order" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(OrderUrl());
        await Expect(page.Locator("[data-total=incl]")).ToContainTextAsync("1,430.00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Validate" }).ClickAsync();
        await Expect(page.Locator("[data-reference]")).ToContainTextAsync(new Regex(@"SO\d{4}-\d{4}"));
        await browser.ScreenshotAsync(page, "53-order-validated");

        await page.GetByRole(AriaRole.Link, new() { Name = "Linked objects" }).ClickAsync();
        await Expect(page.GetByText(proposalNumber).First).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "54-order-linked-objects");

        await page.GotoAsync("/Sales/Proposals");
        await Expect(page.GetByText(proposalNumber).First).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "55-proposal-list");
        await page.Context.CloseAsync();
    }

    [GeneratedRegex(@"/Crm/ThirdParties/\d+$")]
    private static partial Regex ThirdPartyUrl();

    [GeneratedRegex(@"/Sales/Proposals/\d+$")]
    private static partial Regex ProposalUrl();

    [GeneratedRegex(@"/Sales/Orders/\d+$")]
    private static partial Regex OrderUrl();
}
