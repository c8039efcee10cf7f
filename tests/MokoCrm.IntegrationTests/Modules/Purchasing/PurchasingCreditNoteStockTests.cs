using System.Net;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Stock.Domain;
using static MokoCrm.IntegrationTests.Modules.Purchasing.PurchasingTestData;
using static MokoCrm.IntegrationTests.Modules.Stock.StockTestData;

namespace MokoCrm.IntegrationTests.Modules.Purchasing;

/// <summary>
/// Under the stock setting "increase on supplier invoice validated" (its own class: the setting is the database's):
/// the reception moves nothing, the supplier invoice brings the goods into the default warehouse at its net price,
/// and its validated credit note takes what it credits back out.
/// </summary>
public sealed class PurchasingCreditNoteStockTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task Under_increase_on_supplier_invoice_validated_a_supplier_credit_note_takes_the_goods_back_out_of_the_default_warehouse()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var depot = await WarehouseAsync(app, "CNS-DEPOT");
        var settings = await admin.PostFormAsync("/Stock/Settings", "/Stock/Settings", new()
        {
            ["DecreaseOn"] = "ShipmentValidated", ["IncreaseOn"] = "SupplierInvoiceValidated", ["DefaultWarehouseId"] = depot.ToString(), ["AllowNegativeStock"] = "false",
        });
        settings.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var supplier = await SupplierAsync(admin, "Avoir Stock SARL");
        var boxes = await ProductAsync(app, "CNS-BOX");
        var order = await SentOrderAsync(admin, supplier,
            new Dictionary<string, string> { ["Kind"] = "Product", ["ProductId"] = boxes.ToString(), ["Quantity"] = "10", ["UnitPrice"] = "4", ["VatRate"] = "20" });
        var line = (await OrderAsync(app, order)).Lines.Single().Id;
        (await ReceiveAsync(admin, order, ReceptionFields(order, true, (line, 10m, depot)))).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await LevelAsync(app, boxes, depot)).ShouldBe(0m, "under this setting the reception moves nothing");

        var reception = (await ReceptionsOfAsync(app, order)).Single().Id;
        var (created, _) = await InvoiceFormAsync(admin, supplier, "CNS-INV-1", receptions: [reception]);
        var invoice = created.Headers.Location!.ToString();
        await ActAsync(admin, invoice, "validate");
        (await LevelAsync(app, boxes, depot)).ShouldBe(10m);
        (await AverageCostAsync(app, boxes)).ShouldBe(4m);

        var credit = await admin.PostFormAsync(invoice, invoice + "/credit-note", new() { ["supplierCreditNoteNumber"] = "CNS-CN-1" });
        credit.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var creditCard = credit.Headers.Location!.ToString();
        (await LevelAsync(app, boxes, depot)).ShouldBe(10m, "a draft credit note moves nothing");
        var validated = await ActAsync(admin, creditCard, "validate");
        validated.ShouldContain("validated as SC");
        var creditNumber = System.Text.RegularExpressions.Regex.Match(validated, @"SC\d{4}-\d{4}").Value;

        (await LevelAsync(app, boxes, depot)).ShouldBe(0m, "the credit note takes the 10 back out");
        var moves = await WithDbAsync(app, db => db.Set<StockMovement>().AsNoTracking().Where(m => m.ProductId == boxes).OrderBy(m => m.Id)
            .Select(m => new { m.WarehouseId, m.Quantity, m.Label }).ToListAsync());
        moves.Select(m => (m.WarehouseId, m.Quantity)).ShouldBe([(depot, 10m), (depot, -10m)]);
        moves[1].Label.ShouldBe($"Supplier credit note {creditNumber}");
        (await InvariantBreachesAsync(app)).ShouldBeEmpty();
    }
}
