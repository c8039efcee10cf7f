using System.Text.RegularExpressions;
using MokoCrm.Testing;

namespace MokoCrm.BrowserTests;

/// <summary>
/// Manufacturing as a person does it: components received by correction, a bill of materials written with the
/// product pickers, a manufacturing order validated and produced, the product's stock and cost on its card.
/// The browser suite shares one database: every record here carries this run's own tag.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ManufacturingBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_admin_writes_a_bill_runs_a_manufacturing_order_and_sees_the_product_come_into_stock_at_the_consumed_cost()
    {
        var tag = "MF" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var page = await browser.NewPageAsync();
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Login").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(MokoAppFactory.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        var stool = await ProductAsync(page, $"{tag}-STOOL", $"Stool {tag}");
        await ProductAsync(page, $"{tag}-SEAT", $"Seat {tag}");
        await ProductAsync(page, $"{tag}-LEG", $"Leg {tag}");
        await page.GotoAsync("/Stock/Warehouses/new");
        await page.GetByLabel("Reference", new() { Exact = true }).FillAsync($"{tag}-WS");
        await page.GetByLabel("Label", new() { Exact = true }).FillAsync($"Workshop {tag}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(WarehouseCard());

        // Components in stock: 4 seats at 20, 12 legs at 2.5.
        foreach (var (product, quantity, cost) in new[] { ($"{tag}-SEAT", "4", "20"), ($"{tag}-LEG", "12", "2.5") })
        {
            await page.GotoAsync("/Stock/Movements/correct");
            await SalesSteps.PickAsync(page, "ProductId", product, product);
            await SalesSteps.PickAsync(page, "WarehouseId", $"{tag}-WS", $"{tag}-WS");
            await page.GetByLabel("Quantity", new() { Exact = true }).FillAsync(quantity);
            await page.GetByLabel("Unit cost (additions)", new() { Exact = true }).FillAsync(cost);
            await page.GetByLabel("Reason", new() { Exact = true }).FillAsync("Opening stock");
            await page.GetByRole(AriaRole.Button, new() { Name = "Record the correction" }).ClickAsync();
            await Expect(page.Locator("[data-field=stock]")).ToHaveTextAsync(quantity);
        }

        // The bill: one stool is a seat and 3 legs; first the stool itself as a component, refused.
        await page.GotoAsync("/Stock/Boms/new");
        await page.GetByLabel("Label", new() { Exact = true }).FillAsync($"Stool {tag}, three legs");
        await SalesSteps.PickAsync(page, "ProductId", $"{tag}-STOOL", $"{tag}-STOOL");
        await page.GetByLabel("Quantity produced", new() { Exact = true }).FillAsync("1");
        await browser.ScreenshotAsync(page, "60-bom-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(BomCard());
        await AddComponentAsync(page, $"{tag}-STOOL", "1");
        await Expect(page.GetByText("A product cannot be a component of itself: choose another component.")).ToBeVisibleAsync();
        await AddComponentAsync(page, $"{tag}-SEAT", "1");
        await AddComponentAsync(page, $"{tag}-LEG", "3");
        await Expect(page.Locator($"tr[data-product={tag}-LEG] [data-field=needed]")).ToHaveTextAsync("3");
        await browser.ScreenshotAsync(page, "61-bom-draft-with-components");
        await page.GetByRole(AriaRole.Button, new() { Name = "Validate" }).ClickAsync();
        await Expect(page.Locator("[data-field=status]")).ToHaveTextAsync("Validated");
        // 20 + 3 × 2.5 = 27.50 at today's average costs.
        await Expect(page.Locator("[data-field=cost]")).ToContainTextAsync("27.50");
        await browser.ScreenshotAsync(page, "62-bom-validated");

        // The order: 2 stools from the workshop into the workshop.
        await page.GetByRole(AriaRole.Link, new() { Name = "New manufacturing order" }).ClickAsync();
        await page.GetByLabel("Quantity to produce", new() { Exact = true }).FillAsync("2");
        await SalesSteps.PickAsync(page, "ConsumeWarehouseId", $"{tag}-WS", $"{tag}-WS");
        await SalesSteps.PickAsync(page, "ProduceWarehouseId", $"{tag}-WS", $"{tag}-WS");
        await browser.ScreenshotAsync(page, "63-mo-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(OrderCard());
        await Expect(page.Locator($"tr[data-product={tag}-LEG] [data-field=planned]")).ToHaveTextAsync("6");

        // The draft is edited in place: 3 stools first, then back to 2 with a label of its own.
        await page.Locator("a[href^='/Stock/ManufacturingOrders/'][href$='/edit']").ClickAsync();
        await page.GetByLabel("Quantity to produce", new() { Exact = true }).FillAsync("3");
        await page.Locator("#Label").FillAsync($"Two stools {tag}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByText("Manufacturing order saved.")).ToBeVisibleAsync();
        await Expect(page.Locator($"tr[data-product={tag}-LEG] [data-field=planned]")).ToHaveTextAsync("9");
        await page.Locator("a[href^='/Stock/ManufacturingOrders/'][href$='/edit']").ClickAsync();
        await page.GetByLabel("Quantity to produce", new() { Exact = true }).FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByText("Enter a quantity other than zero.")).ToBeVisibleAsync();
        await page.GetByLabel("Quantity to produce", new() { Exact = true }).FillAsync("2");
        await browser.ScreenshotAsync(page, "63a-mo-edit-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator($"tr[data-product={tag}-LEG] [data-field=planned]")).ToHaveTextAsync("6");
        await page.GetByRole(AriaRole.Button, new() { Name = "Validate" }).ClickAsync();
        await Expect(page.Locator("[data-field=number]")).ToHaveTextAsync(MoNumber());
        await Expect(page.Locator("[data-field=status]")).ToHaveTextAsync("Validated");
        var orderUrl = new Uri(page.Url).AbsolutePath;

        // Planned: 2 stools to come, 2 seats and 6 legs to go.
        await page.GotoAsync($"/Stock/Levels/virtual?q={tag}");
        await Expect(page.Locator($"tr[data-product={tag}-STOOL] [data-field=virtual]")).ToHaveTextAsync("2");
        await Expect(page.Locator($"tr[data-product={tag}-LEG] [data-field=virtual]")).ToHaveTextAsync("6");
        await browser.ScreenshotAsync(page, "64-virtual-stock");

        // Produce all: each stool costs 27.50.
        await page.GotoAsync(orderUrl);
        await page.GetByLabel("Quantity produced now", new() { Exact = true }).FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Produce" }).ClickAsync();
        await Expect(page.GetByText("Produced 2: components consumed, product in stock at 27.50 per unit.")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-field=status]")).ToHaveTextAsync("Produced");
        await Expect(page.Locator($"tr[data-movement={tag}-STOOL] [data-field=unit-price]")).ToHaveTextAsync("27.50");
        await browser.ScreenshotAsync(page, "65-mo-produced");
        await page.Locator("a[data-tab=events]").ClickAsync();
        await Expect(page.GetByText(new Regex(@"Manufacturing order MO\d{4}-\d{4}: 2 produced")).First).ToBeVisibleAsync();
        await Expect(page.GetByText(new Regex(@"Manufacturing order MO\d{4}-\d{4} validated")).First).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "65a-mo-events");
        await page.GotoAsync(orderUrl);
        await page.Locator("a[data-tab=links]").ClickAsync();
        await Expect(page.GetByText($"Stool {tag}, three legs").First).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "66-mo-linked-objects");

        // The stool's stock tab: 2 in the workshop at 27.50, worth 55.00; the legs are down to 6.
        await page.GotoAsync($"/Stock/Products/{stool}");
        await Expect(page.Locator("[data-field=stock]")).ToHaveTextAsync("2");
        await Expect(page.Locator("[data-field=average-cost]")).ToHaveTextAsync("27.50");
        await Expect(page.Locator("[data-field=value]")).ToHaveTextAsync("55.00");
        await browser.ScreenshotAsync(page, "67-product-stock-after-production");
        await page.Context.CloseAsync();
    }

    private static async Task<long> ProductAsync(IPage page, string reference, string label)
    {
        await page.GotoAsync("/Products/Products/new");
        await page.GetByLabel("Reference", new() { Exact = true }).FillAsync(reference);
        await page.GetByLabel("Label", new() { Exact = true }).FillAsync(label);
        await page.GetByLabel("Sale price", new() { Exact = true }).FillAsync("10");
        await page.GetByLabel("VAT rate", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByLabel("Manage stock (products only)", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(ProductCard());
        return long.Parse(new Uri(page.Url).AbsolutePath.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task AddComponentAsync(IPage page, string reference, string quantity)
    {
        await SalesSteps.PickAsync(page, "ComponentId", reference, reference);
        await page.GetByLabel("Quantity", new() { Exact = true }).FillAsync(quantity);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
    }

    [GeneratedRegex(@"/Products/Products/\d+$")]
    private static partial Regex ProductCard();

    [GeneratedRegex(@"/Stock/Warehouses/\d+$")]
    private static partial Regex WarehouseCard();

    [GeneratedRegex(@"/Stock/Boms/\d+$")]
    private static partial Regex BomCard();

    [GeneratedRegex(@"/Stock/ManufacturingOrders/\d+$")]
    private static partial Regex OrderCard();

    [GeneratedRegex(@"^MO\d{4}-\d{4}$")]
    private static partial Regex MoNumber();
}
