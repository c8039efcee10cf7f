using System.Diagnostics;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;

namespace MokoCrm.BrowserTests;

/// <summary>
/// The whole sales chain as a person clicks it: prospect → proposal with a catalogue line → validate → sign → order →
/// validate → shipment → validate (stock moves) → invoice → validate → payment into a bank account → invoice paid;
/// then the order's Linked objects and the invoice PDF read back.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class SalesChainBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_prospect_goes_through_proposal_order_shipment_invoice_and_payment_and_the_order_links_them_all()
    {
        var page = await browser.NewPageAsync();
        await SalesSteps.SignInAsAdminAsync(page);

        // A bank account from Setup (the suite shares one database: this label is this test's own).
        await page.GotoAsync("/Setup/BankAccounts/new");
        await page.GetByLabel("Label", new() { Exact = true }).FillAsync("Sales chain bank");
        await page.GetByLabel("Accounting account", new() { Exact = true }).FillAsync("5121");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByText("Bank account Sales chain bank saved.")).ToBeVisibleAsync();

        await page.GotoAsync("/Products/Products/new");
        await page.GetByLabel("Reference", new() { Exact = true }).FillAsync("SCB-LAMP");
        await page.GetByLabel("Label", new() { Exact = true }).FillAsync("Brass desk lamp");
        await page.GetByLabel("Sale price", new() { Exact = true }).FillAsync("120");
        await page.GetByLabel("VAT rate", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByLabel("Manage stock (products only)", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Card("Products/Products"));
        var productId = long.Parse(new Uri(page.Url).AbsolutePath.Split('/')[^1]);
        await SalesSteps.StockAsync(browser, productId, "SCB-DEPOT", 10m);

        await page.GotoAsync("/Crm/ThirdParties/new");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Sales Chain Bistro");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Prospect", Exact = true }).CheckAsync();
        await page.GetByLabel("Town", new() { Exact = true }).FillAsync("Rennes");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Card("Crm/ThirdParties"));
        await browser.ScreenshotAsync(page, "90-chain-prospect");

        // Proposal with a catalogue line: label and price come from the product.
        await page.GetByRole(AriaRole.Link, new() { Name = "Create proposal" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Card("Sales/Proposals"));
        await SalesSteps.PickAsync(page, "ProductId", "SCB-L", "SCB-LAMP");
        await Expect(page.GetByLabel("Unit price")).ToHaveValueAsync(new Regex("120"));
        await page.GetByLabel("Quantity").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add line" }).ClickAsync();
        await Expect(page.Locator("[data-total=excl]")).ToContainTextAsync("240.00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Validate" }).ClickAsync();
        await Expect(page.Locator("[data-reference]")).ToContainTextAsync(Number("PR"));
        var proposalNumber = await ReferenceAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign" }).ClickAsync();
        await Expect(page.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "Signed");
        await browser.ScreenshotAsync(page, "91-chain-proposal-signed");

        await page.GetByRole(AriaRole.Button, new() { Name = "Create order" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Card("Sales/Orders"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Validate" }).ClickAsync();
        await Expect(page.Locator("[data-reference]")).ToContainTextAsync(Number("SO"));
        var orderUrl = page.Url;
        await browser.ScreenshotAsync(page, "92-chain-order-validated");

        // Shipment out of the depot: the stock drops from 10 to 8.
        await page.GetByRole(AriaRole.Link, new() { Name = "Create shipment" }).ClickAsync();
        await Expect(page.GetByLabel("Quantity to ship on line 1")).ToHaveValueAsync("2");
        await page.GetByLabel("Warehouse of line 1").SelectOptionAsync(new SelectOptionValue { Label = "SCB-DEPOT - Depot SCB-DEPOT (10)" });
        await browser.ScreenshotAsync(page, "93-chain-shipment-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create draft shipment" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Card("Sales/Shipments"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Validate" }).ClickAsync();
        await Expect(page.Locator("[data-reference]")).ToContainTextAsync(Number("SH"));
        var shipmentNumber = await ReferenceAsync(page);
        await browser.ScreenshotAsync(page, "94-chain-shipment-validated");
        await page.GotoAsync($"/Stock/Products/{productId}");
        await Expect(page.Locator("[data-field=stock]")).ToHaveTextAsync("8");

        // Invoice what the order has left to bill: ticked on the order list, mass action "Create invoice".
        await page.GotoAsync(orderUrl);
        await Expect(page.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "Delivered");
        var orderNumber = await ReferenceAsync(page);
        await page.GotoAsync("/Sales/Orders?q=" + Uri.EscapeDataString(orderNumber));
        await page.GetByRole(AriaRole.Checkbox, new() { Name = $"Select {orderNumber}", Exact = true }).CheckAsync();
        await browser.ScreenshotAsync(page, "95-chain-order-list-ticked");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create invoice" }).ClickAsync();
        await Expect(page.GetByLabel("Quantity to bill of line 1")).ToHaveValueAsync("2");
        await browser.ScreenshotAsync(page, "95-chain-invoice-orders");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create invoice" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Card("Sales/Invoices"));
        await Expect(page.Locator("[data-total=excl]")).ToContainTextAsync("240.00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Validate" }).ClickAsync();
        await Expect(page.Locator("[data-reference]")).ToContainTextAsync(Number("IN"));
        var invoiceUrl = page.Url;
        var invoiceNumber = await ReferenceAsync(page);
        var totalInclTax = (await page.Locator("[data-total=incl]").InnerTextAsync()).Trim();
        await Expect(page.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "Unpaid");
        await browser.ScreenshotAsync(page, "96-chain-invoice-validated");

        // Payment of the whole invoice into this test's bank account.
        await page.GetByRole(AriaRole.Link, new() { Name = "Record payment" }).ClickAsync();
        await Expect(page.GetByLabel($"Paid now on {invoiceNumber}")).ToHaveValueAsync(new Regex(@"^\d+(\.\d+)?$"));
        await page.GetByLabel("Bank account").SelectOptionAsync(new SelectOptionValue { Label = "Sales chain bank" });
        await browser.ScreenshotAsync(page, "97-chain-payment-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record payment" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Card("Sales/Payments"));
        await Expect(page.GetByText("Payment recorded.")).ToBeVisibleAsync();
        await Expect(page.GetByText("Sales chain bank").First).ToBeVisibleAsync();
        var paymentNumber = await ReferenceAsync(page);
        await browser.ScreenshotAsync(page, "98-chain-payment");
        await page.GotoAsync(invoiceUrl);
        await Expect(page.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "Paid");

        // The order's Linked objects: the proposal it came from, its shipment, its invoice and the invoice's payment.
        await page.GotoAsync(orderUrl);
        await page.GetByRole(AriaRole.Link, new() { Name = "Linked objects" }).ClickAsync();
        foreach (var number in new[] { proposalNumber, shipmentNumber, invoiceNumber, paymentNumber })
        {
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = number, Exact = true }).First).ToBeVisibleAsync();
        }

        await browser.ScreenshotAsync(page, "99-chain-order-linked-objects");

        // The invoice PDF: downloaded as a person would, read back, page 1 kept as a PNG.
        await page.GotoAsync(invoiceUrl);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "PDF" }).ClickAsync());
        download.SuggestedFilename.ShouldBe($"{invoiceNumber}.pdf");
        var pdfPath = Path.Combine(browser.ScreenshotFolder, "99-chain-invoice.pdf");
        await download.SaveAsAsync(pdfPath);
        using (var pdf = PdfDocument.Open(pdfPath))
        {
            var text = string.Join(" ", pdf.GetPages().Select(p => p.Text));
            text.ShouldContain(invoiceNumber);
            text.ShouldContain("Sales Chain Bistro");
            text.ShouldContain("Brass desk lamp");
            text.ShouldContain("240.00");
            text.ShouldContain(totalInclTax);
        }

        SavePageOneAsPng(pdfPath, Path.Combine(browser.ScreenshotFolder, "99-chain-invoice-page1"));
        await page.Context.CloseAsync();
    }

    private static async Task<string> ReferenceAsync(IPage page) => (await page.Locator("[data-reference]").InnerTextAsync()).Trim();

    /// <summary>The artifact a person looks at (poppler's pdftoppm, which test.sh installs).</summary>
    private static void SavePageOneAsPng(string pdfPath, string pngWithoutExtension)
    {
        using var process = Process.Start(new ProcessStartInfo("pdftoppm", ["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdfPath, pngWithoutExtension])
        {
            RedirectStandardError = true,
        })!;
        process.WaitForExit(30_000).ShouldBeTrue();
        process.ExitCode.ShouldBe(0, process.StandardError.ReadToEnd());
    }

    private static Regex Card(string path) => new($"/{path}/\\d+$");

    private static Regex Number(string prefix) => new($@"{prefix}\d{{4}}-\d{{4}}");
}
