using System.Net;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Crm;
using MokoCrm.Web.Modules.Sales;
using MokoCrm.Web.Modules.Stock;

namespace MokoCrm.IntegrationTests.Api;

/// <summary>Deposit invoices from a proposal or an order (the screen's handler), and stock levels read from Stock/Public.</summary>
public sealed class NativeDepositsAndStockApiTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task A_deposit_of_a_percentage_of_a_proposal_and_of_an_amount_of_an_order_are_draft_deposit_invoices_linked_to_their_source()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var customer = await CustomerAsync(api, "Native Deposit SARL");
        var proposal = (await (await api.PostAsync("/api/v1/proposals", new
        {
            thirdPartyId = customer,
            lines = new object[] { new { description = "Goods", quantity = 1, unitPrice = 100, vatRate = 20 }, new { description = "Books", quantity = 1, unitPrice = 50, vatRate = 5.5m } },
        })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        (await (await api.PostAsync($"/api/v1/proposals/{proposal}/deposit", new { percent = 30 })).ReadAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldContain("validated or signed");
        await (await api.PostAsync($"/api/v1/proposals/{proposal}/validate", new { })).ReadAsync(HttpStatusCode.OK);

        var key = Guid.NewGuid().ToString();
        var deposit = await (await api.PostAsync($"/api/v1/proposals/{proposal}/deposit", new { percent = 30 }, key)).ReadAsync(HttpStatusCode.Created);
        var depositId = deposit["id"]!.GetValue<long>();
        (deposit["kind"]!.GetValue<string>(), deposit["status"]!.GetValue<string>(), deposit["thirdPartyId"]!.GetValue<long>(), deposit["totalExclTax"]!.GetValue<decimal>())
            .ShouldBe(("deposit", "draft", customer, 45m));
        deposit["lines"]!.AsArray().Select(l => l!["vatRate"]!.GetValue<decimal>()).Order().ToArray().ShouldBe(new[] { 5.5m, 20m }, "one line per VAT rate of the proposal");
        (await (await api.PostAsync($"/api/v1/proposals/{proposal}/deposit", new { percent = 30 }, key)).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>().ShouldBe(depositId);
        var links = (await (await api.GetAsync($"/api/v1/invoices/{depositId}/links")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray();
        links.ShouldContain(l => l!["type"]!.GetValue<string>() == "sales.proposal" && l["id"]!.GetValue<long>() == proposal);

        var order = (await (await api.PostAsync("/api/v1/orders", new { thirdPartyId = customer, lines = new object[] { new { description = "Goods", quantity = 2, unitPrice = 100, vatRate = 20 } } }))
            .ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        await (await api.PostAsync($"/api/v1/orders/{order}/validate", new { })).ReadAsync(HttpStatusCode.OK);
        var byAmount = await (await api.PostAsync($"/api/v1/orders/{order}/deposit", new { amount = 40 })).ReadAsync(HttpStatusCode.Created);
        (byAmount["kind"]!.GetValue<string>(), byAmount["totalExclTax"]!.GetValue<decimal>(), byAmount["totalInclTax"]!.GetValue<decimal>()).ShouldBe(("deposit", 40m, 48m));

        // The deposit form's refusals come from its validator, run by the screen's handler: 400 with the field in error.
        (await DepositRefusalAsync(api, order, new { percent = 10, amount = 40 }))["amount"]![0]!.GetValue<string>().ShouldContain("not both");
        (await DepositRefusalAsync(api, order, new { }))["percent"]![0]!.GetValue<string>().ShouldContain("either a percentage or an amount");
        (await DepositRefusalAsync(api, order, new { percent = 0 }))["percent"]![0]!.GetValue<string>().ShouldContain("more than 0 and at most 100");
        (await DepositRefusalAsync(api, order, new { percent = 101 }))["percent"]![0]!.GetValue<string>().ShouldContain("more than 0 and at most 100");
        (await DepositRefusalAsync(api, order, new { amount = 10.555m }))["amount"]![0]!.GetValue<string>().ShouldContain("at most 2 decimals");
        (await DepositRefusalAsync(api, order, new { amount = 500 }))["amount"]![0]!.GetValue<string>().ShouldBe("The deposit amount is at most the total excl. tax (200.00).");
        (await DepositRefusalAsync(api, proposal, new { amount = -1 }, "proposals"))["amount"]![0]!.GetValue<string>().ShouldContain("more than 0");
        (await (await api.PostAsync($"/api/v1/orders/{order}/deposit", new { percent = "half" })).ReadAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().ShouldContain("percent");
        (await (await api.PostAsync($"/api/v1/orders/{order}/deposit", new { share = 3 })).ReadAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().ShouldContain("Unknown field 'share'");
        (await api.PostAsync("/api/v1/orders/987654321/deposit", new { percent = 10 })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await api.GetAsync($"/api/v1/invoices?thirdPartyId={customer}&kind=deposit")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray().Count.ShouldBe(2, "refusals created nothing");
    }

    [Fact]
    public async Task Deposits_need_the_right_to_write_invoices_and_a_visible_source()
    {
        using var admin = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var customer = await CustomerAsync(admin, "Native Deposit Rights SA");
        var order = (await (await admin.PostAsync("/api/v1/orders", new { thirdPartyId = customer, lines = new object[] { new { description = "Goods", quantity = 1, unitPrice = 100, vatRate = 20 } } }))
            .ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        await (await admin.PostAsync($"/api/v1/orders/{order}/validate", new { })).ReadAsync(HttpStatusCode.OK);

        var (_, readerKey) = await ApiKit.UserWithKeyAsync(app, SalesPermissions.Orders.Read, SalesPermissions.Invoices.Read, CrmPermissions.ThirdParties.Read, CrmPermissions.ThirdParties.SeeAll);
        using var reader = ApiKit.Client(app, readerKey);
        (await reader.PostAsync($"/api/v1/orders/{order}/deposit", new { percent = 10 })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var (_, repKey) = await ApiKit.UserWithKeyAsync(app, SalesPermissions.Orders.Read, SalesPermissions.Invoices.Write, CrmPermissions.ThirdParties.Read);
        using var rep = ApiKit.Client(app, repKey);
        (await rep.PostAsync($"/api/v1/orders/{order}/deposit", new { percent = 10 })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await admin.GetAsync($"/api/v1/invoices?thirdPartyId={customer}&kind=deposit")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray().Count.ShouldBe(0);
    }

    [Fact]
    public async Task Stock_levels_show_a_products_quantity_per_warehouse_and_refuse_a_missing_product_or_right()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var tag = Guid.NewGuid().ToString("N")[..8];
        var main = (await (await api.PostAsync("/api/v1/warehouses", new { reference = $"LM{tag}", label = "Levels main" })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        var shop = (await (await api.PostAsync("/api/v1/warehouses", new { reference = $"LS{tag}", label = "Levels shop" })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        var product = (await (await api.PostAsync("/api/v1/products", new { reference = $"LV{tag}", label = "Levelled", price = 9m, vatRate = 20m, stockManaged = true }))
            .ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        await (await api.PostAsync("/api/v1/stock-movements/corrections", new { productId = product, warehouseId = main, quantity = 7m, unitPrice = 2m, reason = "Count", date = "2026-12-01" }))
            .ReadAsync(HttpStatusCode.Created);
        await (await api.PostAsync("/api/v1/stock-movements/corrections", new { productId = product, warehouseId = shop, quantity = 3m, unitPrice = 2m, reason = "Count", date = "2026-12-01" }))
            .ReadAsync(HttpStatusCode.Created);

        var levels = (await (await api.GetAsync($"/api/v1/stock-levels?productId={product}")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray();
        levels.Select(l => (l!["warehouseId"]!.GetValue<long>(), l["quantity"]!.GetValue<decimal>())).OrderBy(l => l.Item2).ToArray().ShouldBe(new[] { (shop, 3m), (main, 7m) });
        var inShop = (await (await api.GetAsync($"/api/v1/stock-levels?productId={product}&warehouseId={shop}")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray();
        (inShop.Count, inShop[0]!["warehouseReference"]!.GetValue<string>(), inShop[0]!["productId"]!.GetValue<long>()).ShouldBe((1, $"LS{tag}", product));

        var total = await (await api.GetAsync($"/api/v1/products/{product}/stock")).ReadAsync(HttpStatusCode.OK);
        (total["quantity"]!.GetValue<decimal>(), total["averageCost"]!.GetValue<decimal>(), total["value"]!.GetValue<decimal>(), total["warehouses"]!.AsArray().Count).ShouldBe((10m, 2m, 20m, 2));

        (await (await api.GetAsync("/api/v1/stock-levels")).ReadAsync(HttpStatusCode.BadRequest))["errors"]!["productId"].ShouldNotBeNull();
        (await (await api.GetAsync("/api/v1/stock-levels?productId=abc")).ReadAsync(HttpStatusCode.BadRequest))["errors"]!["productId"].ShouldNotBeNull();
        (await api.GetAsync("/api/v1/products/987654321/stock")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.GetAsync("/api/v1/stock-levels?productId=987654321")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var (_, catalogueKey) = await ApiKit.UserWithKeyAsync(app, MokoCrm.Web.Modules.Products.ProductsPermissions.Products.Read);
        using var catalogue = ApiKit.Client(app, catalogueKey);
        (await catalogue.GetAsync($"/api/v1/products/{product}/stock")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await catalogue.GetAsync($"/api/v1/stock-levels?productId={product}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var (_, stockKey) = await ApiKit.UserWithKeyAsync(app, StockPermissions.Stock.Read);
        using var stockReader = ApiKit.Client(app, stockKey);
        (await (await stockReader.GetAsync($"/api/v1/products/{product}/stock")).ReadAsync(HttpStatusCode.OK))["quantity"]!.GetValue<decimal>().ShouldBe(10m);
    }

    [Fact]
    public async Task A_warehouses_stock_lists_each_product_it_holds_page_by_page_and_refuses_an_unknown_warehouse_or_a_missing_right()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var tag = Guid.NewGuid().ToString("N")[..8];
        var warehouse = (await (await api.PostAsync("/api/v1/warehouses", new { reference = $"BP{tag}", label = "By product" })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        var products = new List<long>();
        foreach (var (suffix, quantity) in new[] { ("A", 4m), ("B", 2.5m), ("C", 1m) })
        {
            var product = (await (await api.PostAsync("/api/v1/products", new { reference = $"BP{suffix}{tag}", label = "Held", price = 5m, vatRate = 20m, stockManaged = true }))
                .ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
            await (await api.PostAsync("/api/v1/stock-movements/corrections", new { productId = product, warehouseId = warehouse, quantity, unitPrice = 1m, reason = "Count", date = "2026-12-01" }))
                .ReadAsync(HttpStatusCode.Created);
            products.Add(product);
        }

        await (await api.PostAsync("/api/v1/stock-movements/corrections", new { productId = products[2], warehouseId = warehouse, quantity = 1m, direction = "remove", reason = "Broken", date = "2026-12-02" }))
            .ReadAsync(HttpStatusCode.Created);

        var first = await (await api.GetAsync($"/api/v1/stock-levels?warehouseId={warehouse}&limit=1")).ReadAsync(HttpStatusCode.OK);
        var second = await (await api.GetAsync($"/api/v1/stock-levels?warehouseId={warehouse}&limit=1&cursor={first["nextCursor"]!.GetValue<string>()}")).ReadAsync(HttpStatusCode.OK);
        second["nextCursor"].ShouldBeNull("the emptied level of the third product is left out");
        first["items"]!.AsArray().Concat(second["items"]!.AsArray())
            .Select(l => (l!["productId"]!.GetValue<long>(), l["quantity"]!.GetValue<decimal>(), l["warehouseReference"]!.GetValue<string>()))
            .ShouldBe([(products[0], 4m, $"BP{tag}"), (products[1], 2.5m, $"BP{tag}")]);
        (await (await api.GetAsync($"/api/v1/stock-levels?warehouseId={warehouse}&sort=-id")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray()
            .Select(l => l!["productId"]!.GetValue<long>()).ShouldBe([products[1], products[0]]);

        (await (await api.GetAsync($"/api/v1/stock-levels?warehouseId={warehouse}&sort=quantity")).ReadAsync(HttpStatusCode.BadRequest))["errors"]!["sort"].ShouldNotBeNull();
        (await (await api.GetAsync($"/api/v1/stock-levels?warehouseId={warehouse}&cursor=nonsense")).ReadAsync(HttpStatusCode.BadRequest))["errors"]!["cursor"].ShouldNotBeNull();
        (await api.GetAsync("/api/v1/stock-levels?warehouseId=987654321")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var (_, catalogueKey) = await ApiKit.UserWithKeyAsync(app, MokoCrm.Web.Modules.Products.ProductsPermissions.Products.Read, StockPermissions.Warehouses.Read);
        using var catalogue = ApiKit.Client(app, catalogueKey);
        (await catalogue.GetAsync($"/api/v1/stock-levels?warehouseId={warehouse}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> DepositRefusalAsync(HttpClient api, long source, object body, string resource = "orders")
    {
        var problem = await (await api.PostAsync($"/api/v1/{resource}/{source}/deposit", body, Guid.NewGuid().ToString())).ReadAsync(HttpStatusCode.BadRequest);
        problem["detail"]!.GetValue<string>().ShouldBe("The data is not valid.");
        return problem["errors"]!;
    }

    private static async Task<long> CustomerAsync(HttpClient api, string name) =>
        (await (await api.PostAsync("/api/v1/third-parties", new { name = $"{name} {Guid.NewGuid():N}"[..40], isCustomer = true })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
}
