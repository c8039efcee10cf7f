using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Crm.Features;
using MokoCrm.Web.Modules.Products.Domain;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Modules.Purchasing.Features;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.BrowserTests;

/// <summary>
/// A draft reception edited on its form (quantity, warehouse, unit cost), a supplier invoice classified abandoned
/// through its confirmation page and a supplier credit note used on an unpaid invoice, as a person clicks them. The
/// documents are set up through the use cases; every name carries this run's tag (the browser suite shares one
/// database).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PurchasingDraftsBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_admin_edits_a_draft_reception_then_classifies_a_supplier_invoice_abandoned_from_its_confirmation_page()
    {
        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var (reception, invoice, dock) = await SetUpAsync(tag);
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Login").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(MokoAppFactory.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // The draft reception: 3 received instead of 2, into the second dock, at 4.25 instead of the order's 4.
        await page.GotoAsync($"/Purchasing/Receptions/{reception}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex($@"Edit draft reception \(PROV{reception}\)") })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Quantity received on line 1")).ToHaveValueAsync("2");
        await page.GetByLabel("Quantity received on line 1").FillAsync("3");
        await page.GetByLabel("Warehouse of line 1").SelectOptionAsync(new SelectOptionValue { Label = $"{dock} - Dock {tag}" });
        await page.GetByLabel("Unit cost of line 1").FillAsync("4.25");
        await browser.ScreenshotAsync(page, "A1-reception-draft-edit-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/Purchasing/Receptions/{reception}$"));
        await Expect(page.Locator("tr[data-line='1']")).ToContainTextAsync("3");
        await Expect(page.Locator("tr[data-line='1']")).ToContainTextAsync(dock);
        await Expect(page.Locator("tr[data-line='1']")).ToContainTextAsync("4.25");
        await browser.ScreenshotAsync(page, "A2-reception-draft-edited");

        // The supplier invoice: "Classify abandoned", the confirmation page, a reason and a note.
        await page.GotoAsync($"/Purchasing/Invoices/{invoice}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Classify abandoned" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/Purchasing/Invoices/{invoice}/abandon$"));
        await page.GetByLabel("Waived by the supplier").CheckAsync();
        await page.GetByLabel("Note").FillAsync($"Goodwill gesture {tag}");
        await browser.ScreenshotAsync(page, "A3-supplier-invoice-abandon-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm: classify abandoned" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/Purchasing/Invoices/{invoice}$"));
        await Expect(page.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "Abandoned");
        await Expect(page.Locator("[data-field=abandoned]")).ToContainTextAsync($"Waived by the supplier: Goodwill gesture {tag}");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Classify abandoned" })).ToHaveCountAsync(0);
        await browser.ScreenshotAsync(page, "A4-supplier-invoice-abandoned");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_admin_uses_a_supplier_credit_note_on_an_unpaid_supplier_invoice_from_its_card()
    {
        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var (invoice, creditNumber) = await CreditSetUpAsync(tag);
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Login").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(MokoAppFactory.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // The unpaid invoice of 120.00 offers the supplier's credit note of 60.00; using it leaves 60.00 to pay.
        await page.GotoAsync($"/Purchasing/Invoices/{invoice}");
        await Expect(page.Locator("[data-field=remaining]")).ToHaveTextAsync("120.00");
        var use = page.GetByRole(AriaRole.Button, new() { Name = $"Use {creditNumber} (60.00)" });
        await Expect(use).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "A5-supplier-invoice-credit-available");
        await use.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/Purchasing/Invoices/{invoice}$"));
        await Expect(page.GetByText("Credit of 60.00 used on the supplier invoice.")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-field=remaining]")).ToHaveTextAsync("60.00");
        await Expect(page.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "Validated");
        await Expect(page.Locator("tr[data-credit-use]")).ToContainTextAsync(creditNumber);
        await Expect(page.Locator("[data-credits]")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync(page, "A6-supplier-invoice-credit-used");
        await page.Context.CloseAsync();
    }

    /// <summary>A new supplier with a validated invoice of 100.00 + 20 % and a validated credit note of 50.00 + 20 % (of another invoice).</summary>
    private async Task<(long Invoice, string CreditNumber)> CreditSetUpAsync(string tag)
    {
        await using var scope = browser.App.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var supplier = await services.GetRequiredService<ThirdPartyAdministration>()
            .CreateAsync(new ThirdPartyForm { Name = $"Credit Supplier {tag}", IsSupplier = true, CountryCode = "FR" });
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var invoices = services.GetRequiredService<SupplierInvoiceAdministration>();
        async Task<long> ValidatedAsync(string number, decimal price)
        {
            var id = await invoices.CreateAsync(new SupplierInvoiceForm { SupplierId = supplier, SupplierInvoiceNumber = number, Date = today });
            await invoices.AddLineAsync(id, new LineForm { Kind = LineKind.Free, Description = $"Service {number}", Quantity = 1m, UnitPrice = price, VatRate = 20m });
            await invoices.ValidateAsync(id);
            return id;
        }

        var invoice = await ValidatedAsync($"BRC-{tag}-1", 100m);
        var credit = await invoices.CreateCreditNoteAsync(await ValidatedAsync($"BRC-{tag}-2", 50m), $"BRC-{tag}-CN");
        await invoices.ValidateAsync(credit);
        var number = await services.GetRequiredService<AppDbContext>().Set<SupplierInvoice>().Where(i => i.Id == credit).Select(i => i.Number!).SingleAsync();
        return (invoice, number);
    }

    /// <summary>An order of 5 goods at 4.00 sent to a new supplier, a draft reception of 2 into the first dock, and a validated invoice of another order.</summary>
    private async Task<(long Reception, long Invoice, string SecondDock)> SetUpAsync(string tag)
    {
        await using var scope = browser.App.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var supplier = await services.GetRequiredService<ThirdPartyAdministration>()
            .CreateAsync(new ThirdPartyForm { Name = $"Drafts Supplier {tag}", IsSupplier = true, CountryCode = "FR" });
        var db = services.GetRequiredService<AppDbContext>();
        var product = new Product($"BRE-{tag}", $"Crate {tag}", ProductType.Product);
        product.SetStockManaged(true);
        var first = new Warehouse($"BRE1-{tag}", $"Dock {tag}");
        var second = new Warehouse($"BRE2-{tag}", $"Dock {tag}");
        db.AddRange(product, first, second);
        await db.SaveChangesAsync();

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var orders = services.GetRequiredService<PurchaseOrderAdministration>();
        async Task<(long Order, long Line)> SentOrderAsync()
        {
            var order = await orders.CreateAsync(new PurchaseOrderForm { SupplierId = supplier, Date = today });
            var line = await orders.AddLineAsync(order, new LineForm { Kind = LineKind.Product, ProductId = product.Id, Quantity = 5m, UnitPrice = 4m });
            await orders.ValidateAsync(order);
            await orders.ApproveAsync(order);
            await orders.SendAsync(order, new SendOrderForm { OrderedOn = today, Method = OrderMethod.Email });
            return (order, line);
        }

        var (toReceive, line) = await SentOrderAsync();
        var reception = await services.GetRequiredService<ReceptionAdministration>().CreateAsync(new ReceptionForm
        {
            OrderId = toReceive, Date = today, Lines = [new ReceptionLineForm { OrderLineId = line, Quantity = 2m, WarehouseId = first.Id }],
        });
        var (toBill, _) = await SentOrderAsync();
        var invoices = services.GetRequiredService<SupplierInvoiceAdministration>();
        var invoice = await invoices.CreateAsync(new SupplierInvoiceForm { SupplierId = supplier, SupplierInvoiceNumber = $"BRE-{tag}", Date = today, OrderIds = [toBill] });
        await invoices.ValidateAsync(invoice);
        return (reception, invoice, second.Reference);
    }
}
