using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Products.Domain;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Stock;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Security.Features;
using MokoCrm.Web.Platform.Security;
using static MokoCrm.IntegrationTests.Modules.Stock.StockTestData;

namespace MokoCrm.IntegrationTests.Modules.Stock;

/// <summary>Every stock operation through its web endpoint, as a user posts it; the invariant is checked after each.</summary>
public sealed class StockScreensTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    private const string Correct = "/Stock/Movements/correct";
    private const string Transfer = "/Stock/Movements/transfer";

    [Fact]
    public async Task A_correction_in_with_a_cost_adds_stock_sets_the_average_cost_and_shows_on_the_product_tabs()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var product = await ProductAsync(app, "WEB-IN");
        var warehouse = await WarehouseAsync(app, "W-IN");

        var response = await client.PostFormAsync(Correct, Correct, Correction(product, warehouse, "Add", "10", "4.5", "Opening stock"));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe($"/Stock/Products/{product}");
        (await LevelAsync(app, product, warehouse)).ShouldBe(10m);
        (await AverageCostAsync(app, product)).ShouldBe(4.5m);
        var tab = await client.Http.GetStringAsync($"/Stock/Products/{product}");
        tab.ShouldContain("data-field=\"stock\">10<");
        tab.ShouldContain("data-field=\"average-cost\">4.50<");
        tab.ShouldContain("data-field=\"value\">45.00<");
        var card = await client.Http.GetStringAsync($"/Products/Products/{product}");
        card.ShouldContain($"href=\"/Stock/Products/{product}/movements\"");
        (await client.Http.GetStringAsync($"/Stock/Products/{product}/movements")).ShouldContain("Opening stock");
        (await InvariantBreachesAsync(app)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Removing_more_than_the_stock_is_refused_with_product_warehouse_and_available_quantity()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var product = await ProductAsync(app, "WEB-SHORT");
        var warehouse = await WarehouseAsync(app, "W-SHORT");
        await client.PostFormAsync(Correct, Correct, Correction(product, warehouse, "Add", "2", "", "Found"));

        var response = await client.PostFormAsync(Correct, Correct, Correction(product, warehouse, "Remove", "3", "", "Broken"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Html(response)).ShouldContain("Not enough stock of WEB-SHORT - Item WEB-SHORT in W-SHORT: 2 available, 3 asked.");
        (await LevelAsync(app, product, warehouse)).ShouldBe(2m);
        (await MovementCountAsync(app, product)).ShouldBe(1);
        (await InvariantBreachesAsync(app)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Bad_input_is_answered_with_a_clear_message_and_nothing_moves()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var product = await ProductAsync(app, "WEB-BAD");
        var service = await ProductAsync(app, "WEB-SVC", stockManaged: false, type: ProductType.Service);
        var warehouse = await WarehouseAsync(app, "W-BAD");
        var closed = await WarehouseAsync(app, "W-BAD-CLOSED", WarehouseStatus.Closed);

        var cases = new (Dictionary<string, string> Fields, string Url, string Message)[]
        {
            (Correction(987654321, warehouse, "Add", "1", "", "x"), Correct, "The product #987654321 does not exist."),
            (Correction(product, 987654321, "Add", "1", "", "x"), Correct, "The warehouse #987654321 does not exist."),
            (Correction(product, warehouse, "Add", "0", "", "x"), Correct, "Enter a quantity other than zero."),
            (Correction(product, warehouse, "Add", "abc", "", "x"), Correct, "The quantity must be a number, for example 5 or 2.5."),
            (Correction(product, warehouse, "Add", "1.123456", "", "x"), Correct, "A quantity has at most 5 decimals."),
            (Correction(product, warehouse, "Add", "1", "", ""), Correct, "Say why the stock is corrected."),
            (Correction(service, warehouse, "Add", "1", "", "x"), Correct, "WEB-SVC is a service: services have no stock."),
            (Correction(product, closed, "Add", "1", "", "x"), Correct, "The warehouse W-BAD-CLOSED is closed: no stock moves in or out of it."),
            (TransferFields(product, warehouse, warehouse, "1"), Transfer, "Choose two different warehouses: a transfer to the same warehouse moves nothing."),
            (TransferFields(product, warehouse, closed, "1"), Transfer, "The warehouse W-BAD-CLOSED is closed: no stock moves in or out of it."),
            (TransferFields(product, warehouse, 987654321, "1"), Transfer, "The warehouse #987654321 does not exist."),
            (TransferFields(product, warehouse, closed, "zero"), Transfer, "The quantity must be a number, for example 5 or 2.5."),
        };

        foreach (var (fields, url, message) in cases)
        {
            var response = await client.PostFormAsync(url, url, fields);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, message);
            (await Html(response)).ShouldContain(message);
        }

        (await MovementCountAsync(app, product)).ShouldBe(0);
        (await MovementCountAsync(app, service)).ShouldBe(0);
        (await InvariantBreachesAsync(app)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_transfer_writes_two_movements_sharing_a_code_and_leaves_the_average_cost_alone()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var product = await ProductAsync(app, "WEB-TR");
        var from = await WarehouseAsync(app, "W-TR-FROM");
        var to = await WarehouseAsync(app, "W-TR-TO");
        await client.PostFormAsync(Correct, Correct, Correction(product, from, "Add", "8", "7.25", "Opening"));

        var response = await client.PostFormAsync(Transfer, Transfer, TransferFields(product, from, to, "3"));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await LevelAsync(app, product, from)).ShouldBe(5m);
        (await LevelAsync(app, product, to)).ShouldBe(3m);
        (await AverageCostAsync(app, product)).ShouldBe(7.25m);
        var halves = await WithDbAsync(app, db => db.Set<StockMovement>().Where(m => m.ProductId == product && m.TransferCode != null).ToListAsync());
        halves.Select(m => (m.Kind, m.Quantity, m.UnitPrice)).OrderBy(h => h.Quantity).ShouldBe([(StockMovementKind.TransferOut, -3m, 7.25m), (StockMovementKind.TransferIn, 3m, 7.25m)]);
        halves.Select(m => m.TransferCode).Distinct().Count().ShouldBe(1);
        (await InvariantBreachesAsync(app)).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_inventory_count_is_reviewed_then_validated_into_corrections_at_the_average_cost()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var counted = await ProductAsync(app, "WEB-INV-A");
        var added = await ProductAsync(app, "WEB-INV-B");
        var warehouse = await WarehouseAsync(app, "W-INV");
        await client.PostFormAsync(Correct, Correct, Correction(counted, warehouse, "Add", "10", "3", "Opening"));
        await client.PostFormAsync(Correct, Correct, Correction(added, warehouse, "Add", "1", "2", "Opening"));
        await client.PostFormAsync(Correct, Correct, Correction(added, warehouse, "Remove", "1", "", "Sold at the fair"));

        var created = await client.PostFormAsync("/Stock/Inventories/new", "/Stock/Inventories/new", new()
        {
            ["Label"] = "Spring count", ["WarehouseId"] = Id(warehouse), ["AddProductsInStock"] = "true",
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var card = created.Headers.Location!.ToString();
        var inventoryId = long.Parse(card.Split('/').Last(), CultureInfo.InvariantCulture);
        (await client.PostFormAsync(card, $"{card}/lines", new() { ["productId"] = Id(added) })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var lines = await WithDbAsync(app, db => db.Set<InventoryLine>().Where(l => l.InventoryId == inventoryId).ToDictionaryAsync(l => l.ProductId, l => l.Id));
        lines.Keys.ShouldBe([counted, added], ignoreOrder: true);

        var badCount = await client.PostFormAsync(card, $"{card}/count", new() { [$"counted[{lines[counted]}]"] = "lots" });
        (await client.Http.GetStringAsync(badCount.Headers.Location!.ToString())).ShouldContain("The count of WEB-INV-A must be a number, for example 12 or 2.5.");
        await client.PostFormAsync(card, $"{card}/count", new() { [$"counted[{lines[counted]}]"] = "7", [$"counted[{lines[added]}]"] = "2" });
        var review = WebUtility.HtmlDecode(await client.Http.GetStringAsync(card));
        review.ShouldContain("-3");
        review.ShouldContain("+2");

        var validated = await client.PostFormAsync(card, $"{card}/validate", []);
        validated.StatusCode.ShouldBe(HttpStatusCode.Redirect, await validated.Content.ReadAsStringAsync());

        (await client.Http.GetStringAsync(validated.Headers.Location!.ToString())).ShouldContain("Inventory validated: 2 correction(s) recorded at the average cost.");
        (await LevelAsync(app, counted, warehouse)).ShouldBe(7m);
        (await LevelAsync(app, added, warehouse)).ShouldBe(2m);
        var corrections = await WithDbAsync(app, db => db.Set<StockMovement>().Where(m => m.OriginType == StockRecordTypes.Inventory && m.OriginId == inventoryId).ToListAsync());
        corrections.Select(m => (m.ProductId, m.Quantity, m.UnitPrice)).ShouldBe([(counted, -3m, 3m), (added, 2m, 2m)], ignoreOrder: true);
        (await AverageCostAsync(app, counted)).ShouldBe(3m);
        (await WithDbAsync(app, db => db.Set<Inventory>().Where(i => i.Id == inventoryId).Select(i => i.Status).SingleAsync())).ShouldBe(InventoryStatus.Validated);
        var again = await client.PostFormAsync(card, $"{card}/validate", []);
        (await client.Http.GetStringAsync(again.Headers.Location!.ToString())).ShouldContain("is validated: it can no longer change.");
        (await InvariantBreachesAsync(app)).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_settings_screen_saves_the_triggers_the_default_warehouse_and_negative_stock()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var product = await ProductAsync(app, "WEB-SET");
        var warehouse = await WarehouseAsync(app, "W-SET");

        var saved = await client.PostFormAsync("/Stock/Settings", "/Stock/Settings", new()
        {
            ["DecreaseOn"] = "CustomerInvoiceValidated", ["IncreaseOn"] = "PurchaseOrderApproved", ["DefaultWarehouseId"] = Id(warehouse), ["AllowNegativeStock"] = "true",
        });

        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var settings = await scope.ServiceProvider.GetRequiredService<IStockReader>().SettingsAsync();
            settings.ShouldBe(new StockSettingsSnapshot(StockDecreaseTrigger.CustomerInvoiceValidated, StockIncreaseTrigger.PurchaseOrderApproved, warehouse, true));
        }

        var negative = await client.PostFormAsync(Correct, Correct, Correction(product, warehouse, "Remove", "2", "", "Sold before received"));
        negative.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await LevelAsync(app, product, warehouse)).ShouldBe(-2m);

        await client.PostFormAsync("/Stock/Settings", "/Stock/Settings", new()
        {
            ["DecreaseOn"] = "ShipmentValidated", ["IncreaseOn"] = "ReceptionValidated", ["DefaultWarehouseId"] = Id(warehouse),
        });
        var refused = await client.PostFormAsync(Correct, Correct, Correction(product, warehouse, "Remove", "1", "", "Again"));
        (await Html(refused)).ShouldContain("Not enough stock of WEB-SET - Item WEB-SET in W-SET: -2 available, 1 asked.");
        (await InvariantBreachesAsync(app)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Lists_and_reports_show_filter_and_export_the_stock()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var product = await ProductAsync(app, "WEB-LIST");
        var warehouse = await WarehouseAsync(app, "W-LIST");
        await WithDbAsync(app, async db =>
        {
            (await db.Set<Product>().SingleAsync(p => p.Id == product)).SetStockAlertLevel(50);
            return await db.SaveChangesAsync();
        });
        await client.PostFormAsync(Correct, Correct, Correction(product, warehouse, "Add", "4", "2.5", "Listed receipt"));
        await client.PostFormAsync(Correct, Correct, Correction(product, warehouse, "Remove", "1", "", "Listed breakage"));

        var byKind = await client.Http.GetStringAsync($"/Stock/Movements?product={product}&kind=Correction&from=2000-01-01");
        byKind.ShouldContain("Listed receipt");
        byKind.ShouldContain("Listed breakage");
        (await client.Http.GetStringAsync($"/Stock/Movements?product={product}&kind=TransferIn")).ShouldNotContain("Listed receipt");
        (await client.Http.GetStringAsync($"/Stock/Movements?product={product}&to=2000-01-01")).ShouldNotContain("Listed receipt");
        var csv = await client.Http.GetStringAsync($"/Stock/Movements?product={product}&export=csv");
        csv.ShouldContain("Listed breakage");

        var report = await client.Http.GetStringAsync($"/Stock/Levels?warehouse={warehouse}");
        report.ShouldContain("WEB-LIST");
        report.ShouldContain("7.50");
        (await client.Http.GetStringAsync("/Stock/Levels/alerts")).ShouldContain("WEB-LIST");
        (await client.Http.GetStringAsync($"/Stock/Warehouses/{warehouse}")).ShouldContain($"href=\"/Stock/Products/{product}\"");
        (await InvariantBreachesAsync(app)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Two_users_removing_the_last_unit_at_once_one_succeeds_and_the_other_is_told_nothing_is_left()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        using var other = await SignedInClient.AdminAsync(app);
        var product = await ProductAsync(app, "WEB-LAST");
        var warehouse = await WarehouseAsync(app, "W-LAST");
        await admin.PostFormAsync(Correct, Correct, Correction(product, warehouse, "Add", "1", "9", "The last one"));
        var tokens = await Task.WhenAll(admin.Http.GetStringAsync(Correct), other.Http.GetStringAsync(Correct));

        var responses = await Task.WhenAll(
            admin.PostWithTokenAsync(Correct, Correction(product, warehouse, "Remove", "1", "", "Mine"), SignedInClient.TokenIn(tokens[0])),
            other.PostWithTokenAsync(Correct, Correction(product, warehouse, "Remove", "1", "", "No, mine"), SignedInClient.TokenIn(tokens[1])));

        responses.Count(r => r.StatusCode == HttpStatusCode.Redirect).ShouldBe(1);
        var refused = responses.Single(r => r.StatusCode == HttpStatusCode.OK);
        (await Html(refused)).ShouldContain("Not enough stock of WEB-LAST - Item WEB-LAST in W-LAST: 0 available, 1 asked.");
        (await LevelAsync(app, product, warehouse)).ShouldBe(0m);
        (await InvariantBreachesAsync(app)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_reader_sees_stock_but_gets_403_on_every_change_and_on_export_and_a_user_without_the_right_gets_403()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var reader = await admin.CreateUserAsync(new UserForm { UserName = "stockreader", FullName = "Reader", Password = "stockreader-pass-1" });
            await admin.SetUserPermissionsAsync(reader, [StockPermissions.Stock.Read, StockPermissions.Warehouses.Read]);
            await admin.CreateUserAsync(new UserForm { UserName = "nostock", FullName = "No stock", Password = "nostock-pass-1" });
        }

        var product = await ProductAsync(app, "WEB-RIGHTS");
        var warehouse = await WarehouseAsync(app, "W-RIGHTS");
        using var client = await SignedInClient.AsAsync(app, "stockreader", "stockreader-pass-1");
        var list = await client.Http.GetStringAsync("/Stock/Movements");
        var token = SignedInClient.TokenIn(list);
        list.ShouldNotContain("href=\"/Stock/Movements/correct\"");
        list.ShouldNotContain("export=csv");

        (await client.PostWithTokenAsync(Correct, Correction(product, warehouse, "Add", "1", "", "x"), token)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.PostWithTokenAsync(Transfer, TransferFields(product, warehouse, warehouse, "1"), token)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.PostWithTokenAsync("/Stock/Inventories/new", new Dictionary<string, string> { ["Label"] = "x", ["WarehouseId"] = Id(warehouse) }, token)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.PostWithTokenAsync("/Stock/Settings", new Dictionary<string, string> { ["AllowNegativeStock"] = "true" }, token)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetAsync("/Stock/Settings")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetAsync("/Stock/Movements?export=csv")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var outsider = await SignedInClient.AsAsync(app, "nostock", "nostock-pass-1");
        (await outsider.GetAsync("/Stock/Movements")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await outsider.GetAsync("/Stock/Levels")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await MovementCountAsync(app, product)).ShouldBe(0);
    }

    private static Dictionary<string, string> Correction(long product, long warehouse, string direction, string quantity, string price, string reason) => new()
    {
        ["ProductId"] = Id(product), ["WarehouseId"] = Id(warehouse), ["Direction"] = direction, ["Quantity"] = quantity, ["UnitPrice"] = price, ["Reason"] = reason,
    };

    private static Dictionary<string, string> TransferFields(long product, long from, long to, string quantity) => new()
    {
        ["ProductId"] = Id(product), ["FromWarehouseId"] = Id(from), ["ToWarehouseId"] = Id(to), ["Quantity"] = quantity, ["Reason"] = "Move to the shop",
    };

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static async Task<string> Html(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
}
