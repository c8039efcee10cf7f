using System.Text.RegularExpressions;
using MokoCrm.Testing;

namespace MokoCrm.BrowserTests;

/// <summary>Stock as a person moves it: a product and two warehouses, a correction in, a transfer, an inventory count.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class StockMovesTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_admin_receives_by_correction_transfers_counts_and_sees_stock_value_and_movements_change()
    {
        var page = await browser.NewPageAsync();
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Login").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(MokoAppFactory.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // A stock-managed product and two warehouses, through their forms.
        await page.GotoAsync("/Products/Products/new");
        await page.GetByLabel("Reference", new() { Exact = true }).FillAsync("BRW-LAMP");
        await page.GetByLabel("Label", new() { Exact = true }).FillAsync("Brass lamp");
        await page.GetByLabel("Sale price", new() { Exact = true }).FillAsync("59");
        await page.GetByLabel("VAT rate", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByLabel("Manage stock (products only)", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Stock alert level", new() { Exact = true }).FillAsync("20");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(ProductCard());
        var productUrl = new Uri(page.Url).AbsolutePath;
        foreach (var (reference, label) in new[] { ("BRW-A", "Browser depot"), ("BRW-B", "Browser shop") })
        {
            await page.GotoAsync("/Stock/Warehouses/new");
            await page.GetByLabel("Reference", new() { Exact = true }).FillAsync(reference);
            await page.GetByLabel("Label", new() { Exact = true }).FillAsync(label);
            await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(WarehouseCard());
        }

        var warehouseB = new Uri(page.Url).AbsolutePath;

        // Correction in: 10 at 12.50; first a bad quantity, answered on the form.
        await page.GotoAsync("/Stock/Movements/correct");
        await PickAsync(page, "ProductId", "BRW-L", "BRW-LAMP - Brass lamp");
        await PickAsync(page, "WarehouseId", "BRW-A", "BRW-A - Browser depot");
        await page.GetByLabel("Quantity", new() { Exact = true }).FillAsync("ten");
        await page.GetByLabel("Reason", new() { Exact = true }).FillAsync("Opening stock");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the correction" }).ClickAsync();
        await Expect(page.GetByText("The quantity must be a number, for example 5 or 2.5.")).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "40-stock-correction-error");
        await page.GetByLabel("Quantity", new() { Exact = true }).FillAsync("10");
        await page.GetByLabel("Unit cost (additions)", new() { Exact = true }).FillAsync("12.5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the correction" }).ClickAsync();
        await Expect(page.Locator("[data-field=stock]")).ToHaveTextAsync("10");
        await Expect(page.Locator("[data-field=average-cost]")).ToHaveTextAsync("12.50");
        await Expect(page.Locator("[data-field=value]")).ToHaveTextAsync("125.00");
        await browser.ScreenshotAsync(page, "41-stock-tab-after-correction");

        // Transfer 4 to the shop: the product is already chosen from its Stock tab.
        await page.GetByRole(AriaRole.Link, new() { Name = "Transfer", Exact = true }).Last.ClickAsync();
        await PickAsync(page, "FromWarehouseId", "BRW-A", "BRW-A - Browser depot");
        await PickAsync(page, "ToWarehouseId", "BRW-B", "BRW-B - Browser shop");
        await page.GetByLabel("Quantity", new() { Exact = true }).FillAsync("4");
        await browser.ScreenshotAsync(page, "42-stock-transfer-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Transfer", Exact = true }).ClickAsync();
        await Expect(page.Locator("tr[data-warehouse=BRW-A] td").Nth(1)).ToHaveTextAsync("6");
        await Expect(page.Locator("tr[data-warehouse=BRW-B] td").Nth(1)).ToHaveTextAsync("4");
        await Expect(page.Locator("[data-field=average-cost]")).ToHaveTextAsync("12.50");

        // Inventory of the shop: 3 counted instead of 4.
        await page.GotoAsync(warehouseB);
        await page.GetByRole(AriaRole.Link, new() { Name = "Count this warehouse" }).ClickAsync();
        await page.GetByLabel("Label", new() { Exact = true }).FillAsync("Shop shelf count");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await page.GetByLabel("Counted BRW-LAMP", new() { Exact = true }).FillAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save counts" }).ClickAsync();
        await Expect(page.Locator("tr[data-product=BRW-LAMP] [data-field=difference]")).ToHaveTextAsync("-1");
        await browser.ScreenshotAsync(page, "43-inventory-review");
        await page.GetByRole(AriaRole.Button, new() { Name = "Validate" }).ClickAsync();
        await Expect(page.GetByText("Inventory validated: 1 correction(s) recorded at the average cost.")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-field=status]")).ToHaveTextAsync("Validated");
        await browser.ScreenshotAsync(page, "44-inventory-validated");

        // The product's tabs: 9 in stock worth 112.50, four movements.
        await page.GotoAsync(productUrl);
        await page.Locator("a[data-tab=stock]").ClickAsync();
        await Expect(page.Locator("[data-field=stock]")).ToHaveTextAsync("9");
        await Expect(page.Locator("[data-field=value]")).ToHaveTextAsync("112.50");
        await page.Locator("a[data-tab=movements]").ClickAsync();
        await Expect(page.Locator("table.moko-list tbody tr")).ToHaveCountAsync(4);
        await Expect(page.GetByText("Inventory Shop shelf count")).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "45-product-movements-tab");

        await page.GotoAsync("/Stock/Levels");
        await Expect(page.Locator("table[data-list=warehouse-totals]")).ToContainTextAsync("BRW-A - Browser depot");
        await browser.ScreenshotAsync(page, "46-stock-by-warehouse");
        await page.GotoAsync("/Stock/Levels/alerts");
        await Expect(page.GetByText("BRW-LAMP")).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "47-stock-alerts");
        await page.GotoAsync(warehouseB);
        await Expect(page.Locator("table[data-list=warehouse-stock]")).ToContainTextAsync("BRW-LAMP");
        await browser.ScreenshotAsync(page, "48-warehouse-card-stock");
        await page.GotoAsync("/Stock/Settings");
        await page.GetByLabel("When a customer invoice is validated").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByText("Stock settings saved.")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("When a customer invoice is validated")).ToBeCheckedAsync();
        await browser.ScreenshotAsync(page, "49-stock-settings");
        await page.Context.CloseAsync();
    }

    private static async Task PickAsync(IPage page, string selectId, string typed, string option)
    {
        var input = page.Locator($"#{selectId}-ts-control");
        await input.ClickAsync();
        await input.FillAsync(typed);
        await page.Locator($"#{selectId}-ts-dropdown .option", new() { HasText = option }).First.ClickAsync();
        await page.Keyboard.PressAsync("Escape");
    }

    [GeneratedRegex(@"/Products/Products/\d+$")]
    private static partial Regex ProductCard();

    [GeneratedRegex(@"/Stock/Warehouses/\d+$")]
    private static partial Regex WarehouseCard();
}
