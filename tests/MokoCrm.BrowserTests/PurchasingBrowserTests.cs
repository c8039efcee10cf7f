using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Features;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.BrowserTests;

/// <summary>
/// Purchase order → validate → approve → send → two partial receptions into two warehouses → supplier invoice → payment,
/// then the order's Linked objects and the product's stock and average cost, as a person clicks it. Every name is this
/// test's own (BRP-...): the browser suite shares one database.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class PurchasingBrowserTests(BrowserFixture browser)
{
    private const string BankLabel = "Purchasing bank";

    [Fact]
    public async Task The_admin_orders_from_a_supplier_receives_in_two_parts_bills_pays_and_sees_the_links_stock_and_average_cost()
    {
        await EnsureBankAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Login").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(MokoAppFactory.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // The supplier, the product bought from it (with its supplier price) and two warehouses, through their forms.
        await page.GotoAsync("/Crm/ThirdParties/new");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Scierie Achats BRP");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Supplier", Exact = true }).CheckAsync();
        await page.GetByLabel("Town", new() { Exact = true }).FillAsync("Épinal");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(ThirdPartyUrl());
        var supplierId = long.Parse(new Uri(page.Url).AbsolutePath.Split('/')[^1]);

        await page.GotoAsync("/Products/Products/new");
        await page.GetByLabel("Reference", new() { Exact = true }).FillAsync("BRP-CHAIR");
        await page.GetByLabel("Label", new() { Exact = true }).FillAsync("Oak chair BRP");
        await page.GetByLabel("Sale price", new() { Exact = true }).FillAsync("90");
        await page.GetByLabel("VAT rate", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByLabel("On purchase", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Manage stock (products only)", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(ProductCard());
        var productId = long.Parse(new Uri(page.Url).AbsolutePath.Split('/')[^1]);

        await page.Locator("a[data-tab=prices]").ClickAsync();
        await SalesSteps.PickAsync(page, "SupplierId", "Scierie Achats", "Scierie Achats BRP");
        await page.GetByLabel("Supplier's reference", new() { Exact = true }).FillAsync("SCI-OAK-BRP");
        await page.GetByLabel("Min. quantity", new() { Exact = true }).FillAsync("1");
        await page.GetByLabel("Unit price excl. tax", new() { Exact = true }).FillAsync("40");
        await page.Locator("[data-supplier-price-form] button[type=submit]").ClickAsync();
        await Expect(page.Locator("[data-supplier-prices]")).ToContainTextAsync("SCI-OAK-BRP");
        await browser.ScreenshotAsync(page, "90-product-supplier-price");

        foreach (var (reference, label) in new[] { ("BRP-A", "Purchasing dock A"), ("BRP-B", "Purchasing dock B") })
        {
            await page.GotoAsync("/Stock/Warehouses/new");
            await page.GetByLabel("Reference", new() { Exact = true }).FillAsync(reference);
            await page.GetByLabel("Label", new() { Exact = true }).FillAsync(label);
            await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(WarehouseCard());
        }

        await OpeningStockAsync(productId, "BRP-A", 6m, 45m);

        // The order: the product's line takes the supplier's price and reference.
        await page.GotoAsync($"/Purchasing/Orders/new?supplier={supplierId}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(OrderUrl());
        var orderUrl = new Uri(page.Url).AbsolutePath;
        await SalesSteps.PickAsync(page, "ProductId", "BRP-C", "BRP-CHAIR");
        await Expect(page.GetByLabel("Unit price")).ToHaveValueAsync(new Regex("^40"));
        await page.GetByLabel("Quantity").FillAsync("10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add line" }).ClickAsync();
        await Expect(page.Locator("[data-total=excl]")).ToContainTextAsync("400.00");
        await Expect(page.Locator("[data-lines]")).ToContainTextAsync("SCI-OAK-BRP");
        await browser.ScreenshotAsync(page, "91-purchase-order-draft");

        await page.GetByRole(AriaRole.Button, new() { Name = "Validate" }).ClickAsync();
        await Expect(page.Locator("[data-reference]")).ToContainTextAsync(new Regex(@"PO\d{4}-\d{4}"));
        var orderNumber = (await page.Locator("[data-reference]").InnerTextAsync()).Trim();
        await Expect(page.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "Validated");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).ClickAsync();
        await Expect(page.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "Approved");
        await page.GetByLabel("Ordered by").SelectOptionAsync("Email");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send to supplier" }).ClickAsync();
        await Expect(page.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "Ordered");
        await browser.ScreenshotAsync(page, "92-purchase-order-sent");

        // First reception: 4 into dock A.
        await page.GetByRole(AriaRole.Link, new() { Name = "Receive", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("Receive " + orderNumber) })).ToBeVisibleAsync();
        await page.GetByLabel("Quantity received on line 1").FillAsync("4");
        await page.GetByLabel("Warehouse of line 1").SelectOptionAsync(new SelectOptionValue { Label = "BRP-A - Purchasing dock A" });
        await browser.ScreenshotAsync(page, "93-reception-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Receive", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(ReceptionUrl());
        await Expect(page.Locator("[data-reference]")).ToContainTextAsync(new Regex(@"RC\d{4}-\d{4}"));
        var firstReception = (await page.Locator("[data-reference]").InnerTextAsync()).Trim();
        await Expect(page.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "Validated");
        await browser.ScreenshotAsync(page, "94-reception-validated");

        await page.GotoAsync($"/Stock/Products/{productId}");
        await Expect(page.Locator("[data-field=stock]")).ToHaveTextAsync("10");
        await Expect(page.Locator("[data-field=average-cost]")).ToHaveTextAsync("43.00");

        // Second reception: the 6 left into dock B; the order is then received.
        await page.GotoAsync(orderUrl);
        await Expect(page.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "PartlyReceived");
        await page.GetByRole(AriaRole.Link, new() { Name = "Receive", Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("Quantity received on line 1")).ToHaveValueAsync("6");
        await page.GetByLabel("Quantity received on line 1").FillAsync("6");
        await page.GetByLabel("Warehouse of line 1").SelectOptionAsync(new SelectOptionValue { Label = "BRP-B - Purchasing dock B" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Receive", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(ReceptionUrl());
        await Expect(page.Locator("[data-reference]")).ToContainTextAsync(new Regex(@"RC\d{4}-\d{4}"));
        var secondReception = (await page.Locator("[data-reference]").InnerTextAsync()).Trim();
        await page.GotoAsync(orderUrl);
        await Expect(page.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "Received");

        // The supplier's invoice for the order, validated, then paid from the purchasing bank account.
        await page.GetByRole(AriaRole.Link, new() { Name = "Create supplier invoice" }).ClickAsync();
        await Expect(page.GetByLabel(new Regex("^" + orderNumber))).ToBeCheckedAsync();
        await page.GetByLabel("Supplier's invoice number").FillAsync("SCI-BRP-0001");
        await browser.ScreenshotAsync(page, "95-supplier-invoice-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create draft invoice" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(InvoiceUrl());
        await Expect(page.Locator("[data-field=total-excl]")).ToHaveTextAsync("400.00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Validate" }).ClickAsync();
        await Expect(page.Locator("[data-reference]")).ToContainTextAsync(new Regex(@"SI\d{4}-\d{4}"));
        var invoiceNumber = (await page.Locator("[data-reference]").InnerTextAsync()).Trim();
        var totalInclTax = (await page.Locator("[data-field=total-incl]").InnerTextAsync()).Trim();
        await browser.ScreenshotAsync(page, "96-supplier-invoice-validated");

        await page.GetByRole(AriaRole.Link, new() { Name = "Pay", Exact = true }).ClickAsync();
        await page.GetByLabel("Paid from").SelectOptionAsync(new SelectOptionValue { Label = BankLabel });
        await Expect(page.GetByLabel("Amount paid on " + invoiceNumber)).ToHaveValueAsync(totalInclTax.Replace(",", ""));
        await browser.ScreenshotAsync(page, "97-supplier-payment-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record payment" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(PaymentUrl());
        var paymentNumber = (await page.Locator("[data-reference]").InnerTextAsync()).Trim();
        await Expect(page.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "Paid");

        // The order: billed, and its Linked objects tab lists both receptions, the invoice and the payment.
        await page.GotoAsync(orderUrl);
        await Expect(page.Locator("[data-billed]")).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "98-purchase-order-received-billed");
        await page.GetByRole(AriaRole.Link, new() { Name = "Linked objects" }).ClickAsync();
        foreach (var number in new[] { firstReception, secondReception, invoiceNumber, paymentNumber })
        {
            await Expect(page.GetByText(number).First).ToBeVisibleAsync();
        }

        await browser.ScreenshotAsync(page, "99-purchase-order-linked-objects");

        // The product: 6 opening at 45 + 4 at 40 + 6 at 40 = 16 at 41.875.
        await page.GotoAsync($"/Stock/Products/{productId}");
        await Expect(page.Locator("[data-field=stock]")).ToHaveTextAsync("16");
        await Expect(page.Locator("[data-field=average-cost]")).ToHaveTextAsync("41.875");
        await Expect(page.Locator("tr[data-warehouse=BRP-A] td").Nth(1)).ToHaveTextAsync("10");
        await Expect(page.Locator("tr[data-warehouse=BRP-B] td").Nth(1)).ToHaveTextAsync("6");
        await browser.ScreenshotAsync(page, "9A-product-stock-after-receptions");

        await page.GotoAsync("/Purchasing");
        await browser.ScreenshotAsync(page, "9B-purchasing-home");
        await page.Context.CloseAsync();
    }

    /// <summary>The bank account the payment is made from; its label is this test's own (labels are unique).</summary>
    private Task EnsureBankAsync() => browser.OnceAsync("purchasing-bank", async () =>
    {
        await using var scope = browser.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (!await db.Set<BankAccount>().AnyAsync(b => b.Label == BankLabel))
        {
            db.Add(new BankAccount { Label = BankLabel, AccountingAccount = "512" });
            await db.SaveChangesAsync();
        }
    });

    /// <summary>Stock already on the shelf before the order, so the average cost visibly moves.</summary>
    private async Task OpeningStockAsync(long productId, string warehouseReference, decimal quantity, decimal unitCost)
    {
        await using var scope = browser.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var warehouseId = await db.Set<Warehouse>().Where(w => w.Reference == warehouseReference).Select(w => w.Id).SingleAsync();
        await scope.ServiceProvider.GetRequiredService<StockLedger>().MoveAsync(
            [new StockMove(productId, warehouseId, quantity, StockMovementKind.In, "Opening stock") { UnitPrice = unitCost }]);
    }

    [GeneratedRegex(@"/Crm/ThirdParties/\d+$")]
    private static partial Regex ThirdPartyUrl();

    [GeneratedRegex(@"/Products/Products/\d+$")]
    private static partial Regex ProductCard();

    [GeneratedRegex(@"/Stock/Warehouses/\d+$")]
    private static partial Regex WarehouseCard();

    [GeneratedRegex(@"/Purchasing/Orders/\d+$")]
    private static partial Regex OrderUrl();

    [GeneratedRegex(@"/Purchasing/Receptions/\d+$")]
    private static partial Regex ReceptionUrl();

    [GeneratedRegex(@"/Purchasing/Invoices/\d+$")]
    private static partial Regex InvoiceUrl();

    [GeneratedRegex(@"/Purchasing/Payments/\d+$")]
    private static partial Regex PaymentUrl();
}
