using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Stock.Public;
using static MokoCrm.IntegrationTests.Modules.Purchasing.PurchasingTestData;
using static MokoCrm.IntegrationTests.Modules.Stock.StockTestData;

namespace MokoCrm.IntegrationTests.Modules.Purchasing;

/// <summary>
/// Virtual stock counts open purchase orders (sent to the supplier, not fully received): ordered − received of their
/// goods. A supplier credit note takes back what its invoice billed: the order is no longer billed.
/// </summary>
public sealed class PurchasingVirtualStockAndCreditTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task An_order_counts_in_virtual_stock_from_sending_to_full_reception_and_only_for_what_is_left_to_receive()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var supplier = await SupplierAsync(admin, "Virtuel Fournitures");
        var ink = await ProductAsync(app, "VIR-INK");
        var repair = await ProductAsync(app, "VIR-FIX", stockManaged: false, type: ProductType.Service);
        var shelf = await WarehouseAsync(app, "VIR-W");
        await StockInAsync(app, ink, shelf, 3m, 5m);

        var id = await DraftOrderAsync(admin, supplier);
        var card = $"/Purchasing/Orders/{id}";
        await AddLineAsync(admin, id, new() { ["Kind"] = "Product", ["ProductId"] = ink.ToString(), ["Quantity"] = "10", ["UnitPrice"] = "4" });
        await AddLineAsync(admin, id, new() { ["Kind"] = "Product", ["ProductId"] = repair.ToString(), ["Quantity"] = "2", ["UnitPrice"] = "30" });
        await ActAsync(admin, card, "validate");
        await ActAsync(admin, card, "approve");
        (await PlannedAsync(ink)).ShouldBe((3m, 0m), "an order not yet sent to the supplier plans nothing");

        await ActAsync(admin, card, "send", new() { ["OrderedOn"] = Today, ["Method"] = "Portal" });
        (await PlannedAsync(ink)).ShouldBe((3m, 10m));
        (await PlannedAsync(repair)).ShouldBe((0m, 0m), "a service never enters stock");

        var lines = (await OrderAsync(app, id)).Lines;
        var inkLine = lines.Single(l => l.ProductId == ink).Id;
        (await ReceiveAsync(admin, id, ReceptionFields(id, true, (inkLine, 4m, shelf)))).Response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
        var afterFirst = await PlannedAsync(ink);
        afterFirst.ShouldBe((7m, 6m), "4 came in, 6 are still expected");

        (await ReceiveAsync(admin, id, ReceptionFields(id, false, (inkLine, 6m, shelf)))).Response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
        (await PlannedAsync(ink)).ShouldBe((7m, 6m), "a draft reception receives nothing yet");
        var draft = (await ReceptionsOfAsync(app, id)).Single(r => r.Number is null).Id;
        await ActAsync(admin, $"/Purchasing/Receptions/{draft}", "validate");
        (await PlannedAsync(ink)).ShouldBe((13m, 0m), "a received order plans nothing more");
    }

    [Fact]
    public async Task A_supplier_credit_note_unbills_the_order_and_reception_lines_its_invoice_billed_so_they_can_be_billed_again()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var supplier = await SupplierAsync(admin, "Avoirs Fournisseur");
        var id = await DraftOrderAsync(admin, supplier);
        var card = $"/Purchasing/Orders/{id}";
        await AddLineAsync(admin, id, new() { ["Kind"] = "Free", ["Description"] = "Maintenance visit", ["Quantity"] = "2", ["UnitPrice"] = "10", ["VatRate"] = "20" });
        await ActAsync(admin, card, "validate");
        await ActAsync(admin, card, "approve");
        await ActAsync(admin, card, "send", new() { ["OrderedOn"] = Today, ["Method"] = "Email" });
        var line = (await OrderAsync(app, id)).Lines.Single();
        await ReceiveAsync(admin, id, ReceptionFields(id, true, (line.Id, 2m, null)));
        var reception = (await ReceptionsOfAsync(app, id)).Single().Id;
        var (created, _) = await InvoiceFormAsync(admin, supplier, "AV-INV-1", receptions: [reception]);
        var invoice = created.Headers.Location!.ToString();
        await ActAsync(admin, invoice, "validate");
        var billed = await OrderAsync(app, id);
        (billed.Billed, billed.Lines.Single().LeftToBill).ShouldBe((true, 0m));
        (await ReceptionsOfAsync(app, id)).Single().Lines.Single().LeftToBill.ShouldBe(0m);

        var credit = await admin.PostFormAsync(invoice, invoice + "/credit-note", new() { ["supplierCreditNoteNumber"] = "AV-CN-1" });
        credit.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
        var creditCard = credit.Headers.Location!.ToString();
        (await OrderAsync(app, id)).Billed.ShouldBeTrue("a draft credit note changes nothing yet");
        (await ActAsync(admin, creditCard, "validate")).ShouldContain("validated as SC");
        var unbilled = await OrderAsync(app, id);
        (unbilled.Billed, unbilled.Lines.Single().LeftToBill, unbilled.Lines.Single().QuantityReceived).ShouldBe((false, 2m, 2m));
        (await ReceptionsOfAsync(app, id)).Single().Lines.Single().LeftToBill.ShouldBe(2m);

        var (again, _) = await InvoiceFormAsync(admin, supplier, "AV-INV-2", receptions: [reception]);
        again.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect, "what the credit note took back is billed again");
        await ActAsync(admin, again.Headers.Location!.ToString(), "validate");
        (await OrderAsync(app, id)).Billed.ShouldBeTrue();
    }

    /// <summary>The product's physical stock and what open purchase orders plan for it, through Stock/Public.</summary>
    private async Task<(decimal Physical, decimal Planned)> PlannedAsync(long productId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var stock = (await scope.ServiceProvider.GetRequiredService<IVirtualStockReader>().OfProductsAsync([productId]))[productId];
        return (stock.Physical, stock.Planned.Where(p => p.Source == "Open purchase orders").Sum(p => p.Quantity));
    }
}
