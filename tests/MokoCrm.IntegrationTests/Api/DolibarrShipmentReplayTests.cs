using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Sales;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Features;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.IntegrationTests.Api;

/// <summary>A Dolibarr client shipping an order: POST shipments from the order's lines, validate, close, list, delete a draft.</summary>
public sealed class DolibarrShipmentReplayTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task An_order_is_shipped_in_two_shipments_validated_and_closed_with_Dolibarr_shapes()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var (socid, orderId, lineId, product, warehouse) = await ValidatedOrderAsync(api, "Dol Shipping SA", 10m);

        var first = (await (await api.PostAsync("/api/index.php/shipments", new
        {
            socid, origin_id = orderId, origin_type = "commande", date_delivery = DateTimeOffset.UtcNow.AddDays(3).ToUnixTimeSeconds(), tracking_number = "TRK-1",
            entity = 1, lines = new object[] { new { origin_line_id = lineId, qty = 6, entrepot_id = warehouse } },
        })).ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        var draft = await (await api.GetAsync($"/api/index.php/shipments/{first}")).ReadAsync(HttpStatusCode.OK);
        (draft["id"]!.GetValue<long>(), draft["socid"]!.GetValue<long>(), draft["origin_id"]!.GetValue<long>(), draft["origin_type"]!.GetValue<string>()).ShouldBe((first, socid, orderId, "commande"));
        (draft["statut"]!.GetValue<int>(), draft["status"]!.GetValue<int>(), draft["ref"]!.GetValue<string>(), draft["tracking_number"]!.GetValue<string>()).ShouldBe((0, 0, $"(PROV{first})", "TRK-1"));
        draft["linked_objects_ids"]!["commande"]!["0"]!.GetValue<long>().ShouldBe(orderId);
        var line = draft["lines"]!.AsArray().Single()!;
        (line["fk_origin_line"]!.GetValue<long>(), line["origin_line_id"]!.GetValue<long>(), line["fk_product"]!.GetValue<long>(), line["qty"]!.GetValue<string>(), line["entrepot_id"]!.GetValue<long>())
            .ShouldBe((lineId, lineId, product, "6.00000000", warehouse));

        var validated = await (await api.PostAsync($"/api/index.php/shipments/{first}/validate", new { notrigger = 0 })).ReadAsync(HttpStatusCode.OK);
        validated["statut"]!.GetValue<int>().ShouldBe(1);
        validated["ref"]!.GetValue<string>().ShouldNotStartWith("(PROV");
        validated["date_valid"]!.GetValue<long>().ShouldBeGreaterThan(0);
        (await OrderAsync(api, orderId))["statut"]!.GetValue<int>().ShouldBe(2);
        var moves = await (await api.GetAsync($"/api/index.php/stockmovements?sqlfilters=" + Uri.EscapeDataString($"(t.fk_product:=:{product}) and (t.value:<:0)"))).ReadAsync(HttpStatusCode.OK);
        moves.AsArray().Single()!["qty"]!.GetValue<string>().ShouldBe("-6.00000000");

        (await (await api.PostAsync("/api/index.php/shipments", new { socid, origin_id = orderId, origin_type = "commande", lines = new object[] { new { origin_line_id = lineId, qty = 5, entrepot_id = warehouse } } }))
            .DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("only 4 is left to ship");
        var second = (await (await api.PostAsync("/api/index.php/shipments", new { socid, origin_id = orderId, origin_type = "commande", entrepot_id = warehouse, lines = new object[] { new { origin_line_id = lineId, qty = 4 } } }))
            .ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        await (await api.PostAsync($"/api/index.php/shipments/{second}/validate", new { })).ReadAsync(HttpStatusCode.OK);
        (await OrderAsync(api, orderId))["statut"]!.GetValue<int>().ShouldBe(3);

        var closed = await (await api.PostAsync($"/api/index.php/shipments/{first}/close", new { notrigger = 0 })).ReadAsync(HttpStatusCode.OK);
        (closed["statut"]!.GetValue<int>(), closed["status"]!.GetValue<int>()).ShouldBe((2, 2));
        var listed = await (await api.GetAsync($"/api/index.php/shipments?thirdparty_ids={socid}&sortfield=t.rowid&sortorder=DESC&sqlfilters=" + Uri.EscapeDataString("(t.fk_statut:!=:0)")))
            .ReadAsync(HttpStatusCode.OK);
        listed.AsArray().Select(s => s!["id"]!.GetValue<long>()).ShouldBe([second, first]);
        (await (await api.GetAsync($"/api/index.php/shipments?thirdparty_ids={socid}&sqlfilters=(t.fk_statut:=:0)")).DolibarrErrorAsync(HttpStatusCode.NotFound)).ShouldContain("No shipment found");
    }

    [Fact]
    public async Task Bad_shipments_are_refused_with_Dolibarrs_messages_and_a_draft_is_deleted()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var (socid, orderId, lineId, _, warehouse) = await ValidatedOrderAsync(api, "Dol Shipping Errors SARL", 2m);
        var before = await CountAsync();

        (await (await api.PostAsync("/api/index.php/shipments", new { socid, origin_id = orderId })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldBe("Bad Request: origin_type field missing");
        (await (await api.PostAsync("/api/index.php/shipments", new { origin_id = orderId, origin_type = "commande" })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldBe("Bad Request: socid field missing");
        (await (await api.PostAsync("/api/index.php/shipments", new { socid, origin_id = orderId, origin_type = "propal" })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("origin_type");
        (await (await api.PostAsync("/api/index.php/shipments", new { socid = socid + 100000, origin_id = orderId, origin_type = "commande", lines = new object[] { new { origin_line_id = lineId, qty = 1, entrepot_id = warehouse } } }))
            .DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("socid");
        (await (await api.PostAsync("/api/index.php/shipments", new { socid, origin_id = 987654321, origin_type = "commande" })).DolibarrErrorAsync(HttpStatusCode.NotFound)).ShouldContain("Order not found");
        (await (await api.PostAsync("/api/index.php/shipments", new { socid, origin_id = orderId, origin_type = "commande", lines = new object[] { new { origin_line_id = lineId, qty = 1 } } }))
            .DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("warehouse");
        (await (await api.PostAsync("/api/index.php/shipments", new { socid, origin_id = orderId, origin_type = "commande", lines = new object[] { new { origin_line_id = lineId + 99999, qty = 1, entrepot_id = warehouse } } }))
            .DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("not a line of this order");
        (await (await api.PostAsync("/api/index.php/shipments", new { socid, origin_id = orderId, origin_type = "commande", weight_units = 0 })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("Unknown field 'weight_units'");
        (await CountAsync()).ShouldBe(before);

        var draft = (await (await api.PostAsync("/api/index.php/shipments", new { socid, origin_id = orderId, origin_type = "commande", lines = new object[] { new { fk_origin_line = lineId, qty = 2, entrepot_id = warehouse } } }))
            .ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        var (_, readerKey) = await ApiKit.UserWithKeyAsync(app, SalesPermissions.Shipments.Read, SalesPermissions.Shipments.Write);
        using var writer = ApiKit.Client(app, readerKey);
        (await writer.PostAsync($"/api/index.php/shipments/{draft}/validate", new { })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await writer.DeleteAsync($"/api/index.php/shipments/{draft}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await api.PostAsync($"/api/index.php/shipments/{draft}/close", new { })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldNotBeNullOrEmpty();
        var deleted = await (await api.DeleteAsync($"/api/index.php/shipments/{draft}")).ReadAsync(HttpStatusCode.OK);
        (deleted["success"]!["code"]!.GetValue<int>(), deleted["success"]!["message"]!.GetValue<string>()).ShouldBe((200, "Shipment deleted"));
        (await (await api.GetAsync($"/api/index.php/shipments/{draft}")).DolibarrErrorAsync(HttpStatusCode.NotFound)).ShouldBe("Not Found: Shipment not found");
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_line_of_a_draft_is_deleted_and_a_validated_shipment_refuses_it_as_Dolibarr_does()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var (socid, orderId, lineId, product, warehouse) = await ValidatedOrderAsync(api, "Dol Shipment Lines SAS", 5m);
        var id = (await (await api.PostAsync("/api/index.php/shipments", new
        {
            socid, origin_id = orderId, origin_type = "commande", entrepot_id = warehouse,
            lines = new object[] { new { origin_line_id = lineId, qty = 2 }, new { origin_line_id = lineId, qty = 1 }, new { origin_line_id = lineId, qty = 1 } },
        })).ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        var lines = (await (await api.GetAsync($"/api/index.php/shipments/{id}")).ReadAsync(HttpStatusCode.OK))["lines"]!.AsArray().Select(l => l!["id"]!.GetValue<long>()).ToList();

        var (_, readerKey) = await ApiKit.UserWithKeyAsync(app, SalesPermissions.Shipments.Read);
        using var reader = ApiKit.Client(app, readerKey);
        (await reader.DeleteAsync($"/api/index.php/shipments/{id}/lines/{lines[0]}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var (_, repKey) = await ApiKit.UserWithKeyAsync(app, SalesPermissions.Shipments.Read, SalesPermissions.Shipments.Write);
        using var rep = ApiKit.Client(app, repKey);
        (await (await rep.DeleteAsync($"/api/index.php/shipments/{id}/lines/{lines[0]}")).DolibarrErrorAsync(HttpStatusCode.NotFound)).ShouldBe("Not Found: Shipment not found");

        var shipment = await (await api.DeleteAsync($"/api/index.php/shipments/{id}/lines/{lines[0]}")).ReadAsync(HttpStatusCode.OK);
        (shipment["id"]!.GetValue<long>(), shipment["statut"]!.GetValue<int>()).ShouldBe((id, 0));
        shipment["lines"]!.AsArray().Select(l => (l!["id"]!.GetValue<long>(), l["qty"]!.GetValue<string>(), l["rang"]!.GetValue<int>()))
            .ShouldBe([(lines[1], "1.00000000", 1), (lines[2], "1.00000000", 2)]);
        (await (await api.DeleteAsync($"/api/index.php/shipments/{id}/lines/{lines[0]}")).DolibarrErrorAsync(HttpStatusCode.NotFound)).ShouldBe("Not Found: Shipment line not found");
        (await (await api.DeleteAsync($"/api/index.php/shipments/987654321/lines/{lines[1]}")).DolibarrErrorAsync(HttpStatusCode.NotFound)).ShouldBe("Not Found: Shipment not found");

        await (await api.DeleteAsync($"/api/index.php/shipments/{id}/lines/{lines[2]}")).ReadAsync(HttpStatusCode.OK);
        await (await api.PostAsync($"/api/index.php/shipments/{id}/validate", new { notrigger = 0 })).ReadAsync(HttpStatusCode.OK);
        (await (await api.DeleteAsync($"/api/index.php/shipments/{id}/lines/{lines[1]}")).DolibarrErrorAsync(HttpStatusCode.MethodNotAllowed))
            .ShouldStartWith("Method Not Allowed: ErrorDeleteLineNotAllowedByObjectStatus");
        var validated = await (await api.GetAsync($"/api/index.php/shipments/{id}")).ReadAsync(HttpStatusCode.OK);
        validated["lines"]!.AsArray().Select(l => l!["id"]!.GetValue<long>()).ShouldBe([lines[1]]);
        var moves = await (await api.GetAsync("/api/index.php/stockmovements?sqlfilters=" + Uri.EscapeDataString($"(t.fk_product:=:{product}) and (t.value:<:0)"))).ReadAsync(HttpStatusCode.OK);
        moves.AsArray().Single()!["qty"]!.GetValue<string>().ShouldBe("-1.00000000");
    }

    /// <summary>A stocked product made through the API, a warehouse holding 10, and a validated order of <paramref name="quantity"/>.</summary>
    private async Task<(long Socid, long OrderId, long LineId, long Product, long Warehouse)> ValidatedOrderAsync(HttpClient api, string name, decimal quantity)
    {
        var tag = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var socid = (await (await api.PostAsync("/api/index.php/thirdparties", new { name = $"{name} {tag}", client = 1 })).ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        var product = (await (await api.PostAsync("/api/index.php/products", new { @ref = "SHIP-" + tag, label = "Crate " + tag, price = 20, tva_tx = 20, seuil_stock_alerte = 0 }))
            .ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        long warehouse;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var depot = new Warehouse("WS" + tag, "Depot " + tag);
            db.Add(depot);
            await db.SaveChangesAsync();
            warehouse = depot.Id;
            await scope.ServiceProvider.GetRequiredService<StockLedger>().MoveAsync([new StockMove(product, warehouse, 10m, StockMovementKind.In, "Opening stock") { UnitPrice = 10m }]);
        }

        var orderId = (await (await api.PostAsync("/api/index.php/orders", new { socid, lines = new object[] { new { fk_product = product, qty = quantity } } })).ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        var order = await (await api.PostAsync($"/api/index.php/orders/{orderId}/validate", new { })).ReadAsync(HttpStatusCode.OK);
        return (socid, orderId, order["lines"]!.AsArray().Single()!["id"]!.GetValue<long>(), product, warehouse);
    }

    private static async Task<JsonNode> OrderAsync(HttpClient api, long id) => await (await api.GetAsync($"/api/index.php/orders/{id}")).ReadAsync(HttpStatusCode.OK);

    private async Task<int> CountAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Shipment>().CountAsync();
    }
}
