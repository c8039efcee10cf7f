using System.Net;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Modules.Stock.Domain;
using static MokoCrm.IntegrationTests.Modules.Purchasing.PurchasingTestData;
using static MokoCrm.IntegrationTests.Modules.Stock.StockTestData;

namespace MokoCrm.IntegrationTests.Modules.Purchasing;

/// <summary>
/// A draft reception edited (quantities, warehouses, unit costs) under the rules of its creation: never more than
/// what is left to receive, only open warehouses, no service into stock; refused edits change nothing; validated, it
/// moves the edited quantities in at the edited costs; a validated reception is no longer edited.
/// </summary>
public sealed class ReceptionEditTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task A_draft_reception_is_edited_under_the_rules_of_its_creation_and_validated_as_edited()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var supplier = await SupplierAsync(admin, "Réceptions Modifiées SARL");
        var paper = await ProductAsync(app, "EDR-PAPER");
        var ink = await ProductAsync(app, "EDR-INK");
        var repair = await ProductAsync(app, "EDR-FIX", stockManaged: false, type: ProductType.Service);
        var north = await WarehouseAsync(app, "EDR-N");
        var south = await WarehouseAsync(app, "EDR-S");
        var shut = await WarehouseAsync(app, "EDR-SHUT", WarehouseStatus.Closed);
        var order = await SentOrderAsync(admin, supplier,
            new Dictionary<string, string> { ["Kind"] = "Product", ["ProductId"] = paper.ToString(), ["Quantity"] = "10", ["UnitPrice"] = "4" },
            new Dictionary<string, string> { ["Kind"] = "Product", ["ProductId"] = ink.ToString(), ["Quantity"] = "5", ["UnitPrice"] = "2" },
            new Dictionary<string, string> { ["Kind"] = "Product", ["ProductId"] = repair.ToString(), ["Quantity"] = "1", ["UnitPrice"] = "30" });
        var lines = (await OrderAsync(app, order)).Lines;
        var (paperLine, inkLine, repairLine) = (lines.Single(l => l.ProductId == paper).Id, lines.Single(l => l.ProductId == ink).Id, lines.Single(l => l.ProductId == repair).Id);
        (await ReceiveAsync(admin, order, ReceptionFields(order, false, (paperLine, 4m, north)))).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var draft = (await ReceptionsOfAsync(app, order)).Single().Id;
        var card = $"/Purchasing/Receptions/{draft}";

        (await admin.Http.GetStringAsync(card)).ShouldContain($"href=\"{card}/edit\"");
        var form = WebUtility.HtmlDecode(await admin.Http.GetStringAsync($"{card}/edit"));
        form.ShouldContain($"Edit draft reception (PROV{draft})");
        form.ShouldContain($"action=\"{card}/edit\"");
        form.ShouldContain("aria-label=\"Unit cost of line 1\"");

        // Paper: 6 into the south warehouse at 4.50; ink added, 5 into the north one at the order's price; the service, no warehouse.
        var (saved, _) = await EditAsync(admin, draft, ReceptionFields(order, false, (paperLine, 6m, south, 4.5m), (inkLine, 5m, north, null), (repairLine, 1m, null, null)));
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var edited = await LinesOfAsync(order);
        edited.ShouldBe([(1, paperLine, 6m, (long?)south, 4.5m), (2, inkLine, 5m, north, 2m), (3, repairLine, 1m, null, 30m)]);
        (await ReceptionsOfAsync(app, order)).Single().Status.ShouldBe(ReceptionStatus.Draft);
        (await LevelAsync(app, paper, south)).ShouldBe(0m, "a draft moves nothing");
        (await OrderAsync(app, order)).Lines.Sum(l => l.QuantityReceived).ShouldBe(0m);

        // Refused edits: the message, and the draft as it was.
        foreach (var (fields, message) in new (Dictionary<string, string>, string)[]
                 {
                     (ReceptionFields(order, false, (paperLine, 11m, south, null)), "11 cannot be received, 10 is left to receive"),
                     (ReceptionFields(order, false, (paperLine, 2m, shut, null)), "The warehouse EDR-SHUT is closed: nothing can be received into it."),
                     (ReceptionFields(order, false, (repairLine, 1m, north, null)), "is a service: services are not received into stock"),
                     (ReceptionFields(order, false, (paperLine, 2m, north, -1m)), "A unit cost cannot be negative."),
                     (ReceptionFields(order, false, (paperLine, 0m, north, null)), "Enter the quantity received on at least one line."),
                 })
        {
            var (refused, page) = await EditAsync(admin, draft, fields);
            refused.StatusCode.ShouldBe(HttpStatusCode.OK, message);
            page.ShouldContain(message);
            (await LinesOfAsync(order)).ShouldBe(edited, message);
        }

        // Validated as edited: the quantities go in where the edit put them, at the edited cost.
        (await ActAsync(admin, card, "validate")).ShouldContain("Reception validated as RC");
        (await LevelAsync(app, paper, south)).ShouldBe(6m);
        (await LevelAsync(app, paper, north)).ShouldBe(0m);
        (await LevelAsync(app, ink, north)).ShouldBe(5m);
        (await AverageCostAsync(app, paper)).ShouldBe(4.5m);
        var received = await OrderAsync(app, order);
        received.Lines.OrderBy(l => l.Position).Select(l => l.QuantityReceived).ShouldBe([6m, 5m, 1m]);
        received.Status.ShouldBe(PurchaseOrderStatus.PartlyReceived);

        // A validated reception is no longer edited: the form sends back to the card, a post changes nothing.
        var again = await admin.GetAsync($"{card}/edit");
        again.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.Http.GetStringAsync(again.Headers.Location!.ToString())).ShouldContain("only a draft reception can be changed");
        var (late, latePage) = await EditAsync(admin, draft, ReceptionFields(order, false, (paperLine, 1m, north, null)));
        late.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        latePage.ShouldContain("only a draft reception can be changed");
        (await LinesOfAsync(order)).ShouldBe(edited);
    }

    private async Task<(HttpResponseMessage Response, string Page)> EditAsync(SignedInClient client, long reception, Dictionary<string, string> fields)
    {
        var url = $"/Purchasing/Receptions/{reception}/edit";
        var response = await client.PostFormAsync($"/Purchasing/Receptions/{reception}", url, fields);
        var page = response.StatusCode == HttpStatusCode.Redirect
            ? await client.Http.GetStringAsync(response.Headers.Location!.ToString())
            : await response.Content.ReadAsStringAsync();
        return (response, WebUtility.HtmlDecode(page));
    }

    private async Task<List<(int Position, long OrderLineId, decimal Quantity, long? WarehouseId, decimal UnitCost)>> LinesOfAsync(long order) =>
        (await ReceptionsOfAsync(app, order)).Single().Lines.OrderBy(l => l.Position).Select(l => (l.Position, l.OrderLineId, l.Quantity, l.WarehouseId, l.UnitCost)).ToList();
}
