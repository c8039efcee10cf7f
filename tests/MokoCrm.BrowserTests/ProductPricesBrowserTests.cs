using System.Text.RegularExpressions;

namespace MokoCrm.BrowserTests;

/// <summary>
/// A product's cost price on its form and card, then its Prices tab: the margin, a supplier price added, changed and
/// seen, as a person clicks it. Every name is this test's own (BPP-...): the browser suite shares one database.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ProductPricesBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_admin_states_a_cost_price_opens_the_prices_tab_adds_and_changes_a_supplier_price_and_sees_them()
    {
        var page = await browser.NewPageAsync();
        await SalesSteps.SignInAsAdminAsync(page);

        await page.GotoAsync("/Crm/ThirdParties/new");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Verrerie Prix BPP");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Supplier", Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(ThirdPartyUrl());

        // A cost price that is not a number is answered on the form; then 30 against a sale price of 50.
        await page.GotoAsync("/Products/Products/new");
        await page.GetByLabel("Reference", new() { Exact = true }).FillAsync("BPP-VASE");
        await page.GetByLabel("Label", new() { Exact = true }).FillAsync("Glass vase BPP");
        await page.GetByLabel("Sale price", new() { Exact = true }).FillAsync("50");
        await page.GetByLabel("VAT rate", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Value = "20" });
        await page.GetByLabel("Cost price (excl. tax)", new() { Exact = true }).FillAsync("thirty");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByText("The cost price must be a number, for example 12.50.")).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "pp-01-cost-price-error");
        await page.GetByLabel("Cost price (excl. tax)", new() { Exact = true }).FillAsync("30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(ProductCard());
        await Expect(page.Locator("[data-field=cost-price]")).ToHaveTextAsync("30.00");
        await browser.ScreenshotAsync(page, "pp-02-card-with-cost-price");

        // The Prices tab, second after the card: selling price, cost price and margin, no supplier price yet.
        await page.Locator("a[data-tab=prices]").ClickAsync();
        await Expect(page).ToHaveURLAsync(PricesTab());
        await Expect(page.Locator("a[data-tab]").Nth(1)).ToHaveAttributeAsync("data-tab", "prices");
        await Expect(page.Locator("[data-field=price-incl]")).ToHaveTextAsync("60.00");
        await Expect(page.Locator("[data-field=margin]")).ToHaveTextAsync("20.00");
        await Expect(page.Locator("[data-field=mark-rate]")).ToHaveTextAsync("40 %");
        await Expect(page.GetByText("No supplier price yet")).ToBeVisibleAsync();

        await SalesSteps.PickAsync(page, "SupplierId", "Verrerie Prix", "Verrerie Prix BPP");
        await page.GetByLabel("Supplier's reference", new() { Exact = true }).FillAsync("VER-VASE-BPP");
        await page.GetByLabel("Min. quantity", new() { Exact = true }).FillAsync("6");
        await page.GetByLabel("Unit price excl. tax", new() { Exact = true }).FillAsync("27.5");
        await page.Locator("[data-supplier-price-form] button[type=submit]").ClickAsync();
        await Expect(page.GetByText("Supplier price saved.")).ToBeVisibleAsync();
        var row = page.Locator("[data-supplier-prices] tr[data-supplier-price]");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("VER-VASE-BPP");
        await Expect(row).ToContainTextAsync("27.50");
        await Expect(page.Locator("a[data-tab=prices]")).ToContainTextAsync("1");
        await browser.ScreenshotAsync(page, "pp-03-prices-tab-supplier-price");

        // Changed in place: the supplier stays, its price and minimum move.
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit supplier price Verrerie Prix BPP 6" }).ClickAsync();
        await page.GetByLabel("Unit price excl. tax", new() { Exact = true }).FillAsync("26");
        await page.GetByLabel("Min. quantity", new() { Exact = true }).FillAsync("12");
        await browser.ScreenshotAsync(page, "pp-04-supplier-price-editing");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByText("Supplier price changed.")).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("26.00");
        await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("12");
        await Expect(row).ToContainTextAsync("Verrerie Prix BPP");
        await browser.ScreenshotAsync(page, "pp-05-supplier-price-changed");
        await page.Context.CloseAsync();
    }

    [GeneratedRegex(@"/Crm/ThirdParties/\d+$")]
    private static partial Regex ThirdPartyUrl();

    [GeneratedRegex(@"/Products/Products/\d+$")]
    private static partial Regex ProductCard();

    [GeneratedRegex(@"/Products/Products/\d+/prices(#.*)?$")]
    private static partial Regex PricesTab();
}
