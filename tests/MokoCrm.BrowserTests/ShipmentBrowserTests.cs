using System.Text.RegularExpressions;
using MokoCrm.Testing;

namespace MokoCrm.BrowserTests;

/// <summary>Proposal → validate → sign → order → validate → shipment → validate, then the order's Linked objects and the stock, as a person clicks it.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ShipmentBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_admin_ships_a_signed_proposals_order_and_sees_the_shipment_linked_and_the_stock_dropped()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Login").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(MokoAppFactory.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.GotoAsync("/Products/Products/new");
        await page.GetByLabel("Reference", new() { Exact = true }).FillAsync("BRS-TABLE");
        await page.GetByLabel("Label", new() { Exact = true }).FillAsync("Walnut table");
        await page.GetByLabel("Sale price", new() { Exact = true }).FillAsync("450");
        await page.GetByLabel("VAT rate", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByLabel("Manage stock (products only)", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(ProductCard());
        var productId = long.Parse(new Uri(page.Url).AbsolutePath.Split('/')[^1]);
        await SalesSteps.StockAsync(browser, productId, "BRS-DEPOT", 8m);

        await page.GotoAsync("/Crm/ThirdParties/new");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Maison Shipping");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Customer", Exact = true }).CheckAsync();
        await page.GetByLabel("Town", new() { Exact = true }).FillAsync("Lyon");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(ThirdPartyUrl());

        await page.GetByRole(AriaRole.Link, new() { Name = "Create proposal" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(ProposalUrl());
        await SalesSteps.PickAsync(page, "ProductId", "BRS-T", "BRS-TABLE");
        await Expect(page.GetByLabel("Unit price")).ToHaveValueAsync(new Regex("450"));
        await page.GetByLabel("Quantity").FillAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add line" }).ClickAsync();
        await Expect(page.Locator("[data-total=excl]")).ToContainTextAsync("1,350.00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Validate" }).ClickAsync();
        await Expect(page.Locator("[data-reference]")).ToContainTextAsync(new Regex(@"PR\d{4}-\d{4}"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create order" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(OrderUrl());
        await page.GetByRole(AriaRole.Button, new() { Name = "Validate" }).ClickAsync();
        await Expect(page.Locator("[data-reference]")).ToContainTextAsync(new Regex(@"SO\d{4}-\d{4}"));
        var orderUrl = page.Url;

        await page.GetByRole(AriaRole.Link, new() { Name = "Create shipment" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("New shipment of SO") })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Quantity to ship on line 1")).ToHaveValueAsync("3");
        await page.GetByLabel("Warehouse of line 1").SelectOptionAsync(new SelectOptionValue { Label = "BRS-DEPOT - Depot BRS-DEPOT (8)" });
        await page.GetByLabel("Carrier").FillAsync("Rapid Freight");
        await browser.ScreenshotAsync(page, "60-shipment-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create draft shipment" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(ShipmentUrl());
        await Expect(page.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "Draft");
        await page.GetByRole(AriaRole.Button, new() { Name = "Validate" }).ClickAsync();
        await Expect(page.Locator("[data-reference]")).ToContainTextAsync(new Regex(@"SH\d{4}-\d{4}"));
        var shipmentNumber = (await page.Locator("[data-reference]").InnerTextAsync()).Trim();
        await Expect(page.GetByText($"Shipment validated as {shipmentNumber}.")).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "61-shipment-validated");

        await page.GotoAsync(orderUrl);
        await Expect(page.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "Delivered");
        await page.GetByRole(AriaRole.Link, new() { Name = "Linked objects" }).ClickAsync();
        await Expect(page.GetByText(shipmentNumber).First).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "62-order-linked-objects-with-shipment");

        await page.GotoAsync($"/Stock/Products/{productId}");
        await Expect(page.Locator("[data-field=stock]")).ToHaveTextAsync("5");
        await browser.ScreenshotAsync(page, "63-stock-after-shipment");

        await page.GotoAsync("/Sales/Shipments");
        await Expect(page.GetByText(shipmentNumber).First).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "64-shipment-list");
        await page.GotoAsync("/Sales");
        await Expect(page.Locator("[data-tile=orders-to-ship]")).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "66-sales-home");
        await page.GotoAsync("/Sales/Automations");
        await browser.ScreenshotAsync(page, "65-sales-automations");
        await page.Context.CloseAsync();
    }

    [GeneratedRegex(@"/Products/Products/\d+$")]
    private static partial Regex ProductCard();

    [GeneratedRegex(@"/Crm/ThirdParties/\d+$")]
    private static partial Regex ThirdPartyUrl();

    [GeneratedRegex(@"/Sales/Proposals/\d+$")]
    private static partial Regex ProposalUrl();

    [GeneratedRegex(@"/Sales/Orders/\d+$")]
    private static partial Regex OrderUrl();

    [GeneratedRegex(@"/Sales/Shipments/\d+$")]
    private static partial Regex ShipmentUrl();
}
