using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Crm;
using MokoCrm.Web.Modules.Products;
using MokoCrm.Web.Modules.Stock;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.IntegrationTests.Api;

/// <summary>Products, warehouses, stock movements and contacts over /api/v1, on the screens' handlers, validators and rights.</summary>
public sealed class NativeCatalogueApiTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task A_product_is_created_once_per_key_found_by_filters_page_by_page_changed_archived_and_bad_input_is_a_problem()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var prefix = "NP" + Guid.NewGuid().ToString("N")[..6];
        var key = Guid.NewGuid().ToString();
        var first = await api.PostAsync("/api/v1/products", new { reference = $"{prefix}-A", label = "Native widget", price = 12m, vatRate = 20m, stockManaged = true }, key);
        var created = await first.ReadAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<long>();
        first.Headers.Location!.ToString().ShouldBe($"/api/v1/products/{id}");
        (created["type"]!.GetValue<string>(), created["salePrice"]!.GetValue<decimal>(), created["salePriceInclTax"]!.GetValue<decimal>(), created["saleAccount"]!.GetValue<string>())
            .ShouldBe(("product", 12m, 14.4m, "707"));
        var again = await api.PostAsync("/api/v1/products", new { reference = $"{prefix}-A", label = "Native widget", price = 12m, vatRate = 20m, stockManaged = true }, key);
        (await again.ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>().ShouldBe(id);

        var service = (await (await api.PostAsync("/api/v1/products", new { reference = $"{prefix}-S", label = "Native service", type = "service", price = 60m, priceBase = "incl-tax", vatRate = 20m, durationHours = 1.5m }))
            .ReadAsync(HttpStatusCode.Created));
        (service["salePrice"]!.GetValue<decimal>(), service["priceBase"]!.GetValue<string>(), service["durationHours"]!.GetValue<decimal>()).ShouldBe((50m, "incl-tax", 1.5m));
        await api.PostAsync("/api/v1/products", new { reference = $"{prefix}-B", label = "Native bolt", price = 1m, vatRate = 20m });

        var services = await (await api.GetAsync($"/api/v1/products?q={prefix}&type=service")).ReadAsync(HttpStatusCode.OK);
        services["items"]!.AsArray().Select(p => p!["reference"]!.GetValue<string>()).ShouldBe([$"{prefix}-S"]);
        var page1 = await (await api.GetAsync($"/api/v1/products?q={prefix}&limit=2&sort=-id")).ReadAsync(HttpStatusCode.OK);
        var page2 = await (await api.GetAsync($"/api/v1/products?q={prefix}&limit=2&sort=-id&cursor={page1["nextCursor"]!.GetValue<string>()}")).ReadAsync(HttpStatusCode.OK);
        page1["items"]!.AsArray().Concat(page2["items"]!.AsArray()).Select(p => p!["reference"]!.GetValue<string>()).ShouldBe([$"{prefix}-B", $"{prefix}-S", $"{prefix}-A"]);
        page2["nextCursor"].ShouldBeNull();

        var changed = await (await api.PatchAsync($"/api/v1/products/{id}", ApiKit.Json(new { price = 15m, stockAlertLevel = 3m }))).ReadAsync(HttpStatusCode.OK);
        (changed["salePrice"]!.GetValue<decimal>(), changed["label"]!.GetValue<string>(), changed["stockAlertLevel"]!.GetValue<decimal>()).ShouldBe((15m, "Native widget", 3m));
        (await (await api.PostAsync($"/api/v1/products/{id}/archive", new { })).ReadAsync(HttpStatusCode.OK))["archived"]!.GetValue<bool>().ShouldBeTrue();
        (await (await api.PostAsync($"/api/v1/products/{id}/archive", new { })).ReadAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldContain("already archived");
        (await (await api.GetAsync($"/api/v1/products?q={prefix}&archived=true")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray().Count.ShouldBe(1);
        (await (await api.PostAsync($"/api/v1/products/{id}/unarchive", new { })).ReadAsync(HttpStatusCode.OK))["archived"]!.GetValue<bool>().ShouldBeFalse();

        var missing = await (await api.PostAsync("/api/v1/products", new { reference = $"{prefix}-C", price = -1m, vatRate = 20m })).ReadAsync(HttpStatusCode.BadRequest);
        missing["errors"]!["label"]![0]!.GetValue<string>().ShouldContain("Enter a label");
        missing["errors"]!["price"]![0]!.GetValue<string>().ShouldContain("negative");
        (await (await api.PostAsync("/api/v1/products", new { reference = $"{prefix}-A", label = "Twin", price = 1m, vatRate = 20m })).ReadAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>()
            .ShouldContain("already used");
        (await (await api.PostAsync("/api/v1/products", new { reference = $"{prefix}-D", label = "Odd VAT", price = 1m, vatRate = 13.7m })).ReadAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>()
            .ShouldContain("not an active rate");
        (await (await api.PostAsync("/api/v1/products", ApiKit.Raw($"{{\"reference\":\"{prefix}-E\",\"label\":\"X\",\"type\":\"gadget\",\"price\":1,\"vatRate\":20}}"))).ReadAsync(HttpStatusCode.BadRequest))["detail"]!
            .GetValue<string>().ShouldContain("type");
        (await (await api.GetAsync("/api/v1/products?type=gadget")).ReadAsync(HttpStatusCode.BadRequest))["errors"]!["type"].ShouldNotBeNull();
        (await api.GetAsync("/api/v1/products/987654321")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await CountAsync<MokoCrm.Web.Modules.Products.Domain.Product>(p => p.Reference.StartsWith(prefix))).ShouldBe(3);

        var (_, readerKey) = await ApiKit.UserWithKeyAsync(app, ProductsPermissions.Products.Read);
        using var reader = ApiKit.Client(app, readerKey);
        (await (await reader.GetAsync($"/api/v1/products/{id}")).ReadAsync(HttpStatusCode.OK))["reference"]!.GetValue<string>().ShouldBe($"{prefix}-A");
        (await reader.PatchAsync($"/api/v1/products/{id}", ApiKit.Json(new { label = "Refused" }))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reader.DeleteAsync($"/api/v1/products/{id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await api.DeleteAsync($"/api/v1/products/{service["id"]!.GetValue<long>()}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Stock_is_corrected_and_transferred_between_warehouses_made_over_the_api_and_the_movements_are_listed_by_filters()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var tag = Guid.NewGuid().ToString("N")[..6];
        var main = await (await api.PostAsync("/api/v1/warehouses", new { reference = $"WM{tag}", label = "Native main", town = "Lyon", countryCode = "FR" })).ReadAsync(HttpStatusCode.Created);
        var shop = await (await api.PostAsync("/api/v1/warehouses", new { reference = $"WS{tag}", label = "Native shop", parentId = main["id"]!.GetValue<long>() })).ReadAsync(HttpStatusCode.Created);
        var (mainId, shopId) = (main["id"]!.GetValue<long>(), shop["id"]!.GetValue<long>());
        (main["status"]!.GetValue<string>(), shop["parentId"]!.GetValue<long>()).ShouldBe(("open", mainId));
        (await (await api.PatchAsync($"/api/v1/warehouses/{shopId}", ApiKit.Json(new { status = "internal-only" }))).ReadAsync(HttpStatusCode.OK))["status"]!.GetValue<string>().ShouldBe("internal-only");
        (await (await api.GetAsync($"/api/v1/warehouses?q={tag}&status=internal-only")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray().Select(w => w!["id"]!.GetValue<long>()).ShouldBe([shopId]);
        (await (await api.PostAsync("/api/v1/warehouses", new { reference = $"WM{tag}", label = "Twin" })).ReadAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldContain("already used");
        (await (await api.PostAsync("/api/v1/warehouses", new { label = "No ref", countryCode = "FRA" })).ReadAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().Select(e => e.Key)
            .ShouldBe(["reference", "countryCode"], ignoreOrder: true);

        var product = (await (await api.PostAsync("/api/v1/products", new { reference = $"NSP{tag}", label = "Native stocked", price = 9m, vatRate = 20m, stockManaged = true }))
            .ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        var key = Guid.NewGuid().ToString();
        var correction = new { productId = product, warehouseId = mainId, quantity = 10m, unitPrice = 5m, reason = "Opening stock", date = "2026-12-01" };
        var added = await (await api.PostAsync("/api/v1/stock-movements/corrections", correction, key)).ReadAsync(HttpStatusCode.Created);
        (added["quantity"]!.GetValue<decimal>(), added["unitPrice"]!.GetValue<decimal>(), added["kind"]!.GetValue<string>(), added["date"]!.GetValue<string>(), added["label"]!.GetValue<string>())
            .ShouldBe((10m, 5m, "correction", "2026-12-01", "Opening stock"));
        (await (await api.PostAsync("/api/v1/stock-movements/corrections", correction, key)).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>().ShouldBe(added["id"]!.GetValue<long>());

        var transfer = await (await api.PostAsync("/api/v1/stock-movements/transfers", new { productId = product, fromWarehouseId = mainId, toWarehouseId = shopId, quantity = 4m }))
            .ReadAsync(HttpStatusCode.Created);
        transfer["movements"]!.AsArray().Select(m => (m!["warehouseId"]!.GetValue<long>(), m["quantity"]!.GetValue<decimal>(), m["transferCode"]!.GetValue<string>()))
            .ShouldBe([(mainId, -4m, transfer["transferCode"]!.GetValue<string>()), (shopId, 4m, transfer["transferCode"]!.GetValue<string>())], ignoreOrder: true);
        var removed = await (await api.PostAsync("/api/v1/stock-movements/corrections", new { productId = product, warehouseId = mainId, direction = "remove", quantity = 1m, reason = "Broken" }))
            .ReadAsync(HttpStatusCode.Created);
        removed["quantity"]!.GetValue<decimal>().ShouldBe(-1m);

        var tooMuch = await api.PostAsync("/api/v1/stock-movements/corrections", new { productId = product, warehouseId = mainId, direction = "remove", quantity = 100m, reason = "Lost" });
        (await tooMuch.ReadAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        var zero = await (await api.PostAsync("/api/v1/stock-movements/corrections", new { productId = product, warehouseId = mainId, quantity = 0m })).ReadAsync(HttpStatusCode.BadRequest);
        (zero["errors"]!["quantity"]![0]!.GetValue<string>(), zero["errors"]!["reason"]![0]!.GetValue<string>()).ShouldBe(("Enter a quantity other than zero.", "Say why the stock is corrected."));
        (await (await api.PostAsync("/api/v1/stock-movements/transfers", new { productId = product, fromWarehouseId = mainId, toWarehouseId = mainId, quantity = 1m }))
            .ReadAsync(HttpStatusCode.BadRequest))["errors"]!["toWarehouseId"].ShouldNotBeNull();

        var inMain = await (await api.GetAsync($"/api/v1/stock-movements?productId={product}&warehouseId={mainId}")).ReadAsync(HttpStatusCode.OK);
        inMain["items"]!.AsArray().Select(m => m!["quantity"]!.GetValue<decimal>()).ShouldBe([10m, -4m, -1m]);
        var corrections = await (await api.GetAsync($"/api/v1/stock-movements?productId={product}&kind=correction&from=2026-12-01&to=2026-12-01")).ReadAsync(HttpStatusCode.OK);
        corrections["items"]!.AsArray().Select(m => m!["id"]!.GetValue<long>()).ShouldBe([added["id"]!.GetValue<long>()]);
        (await (await api.GetAsync($"/api/v1/stock-movements/{removed["id"]!.GetValue<long>()}")).ReadAsync(HttpStatusCode.OK))["label"]!.GetValue<string>().ShouldBe("Broken");
        (await (await api.GetAsync("/api/v1/stock-movements?from=yesterday")).ReadAsync(HttpStatusCode.BadRequest))["errors"]!["from"].ShouldNotBeNull();
        (await CountAsync<StockMovement>(m => m.ProductId == product)).ShouldBe(4);

        var (_, readerKey) = await ApiKit.UserWithKeyAsync(app, StockPermissions.Stock.Read, StockPermissions.Warehouses.Read);
        using var reader = ApiKit.Client(app, readerKey);
        (await (await reader.GetAsync($"/api/v1/stock-movements?productId={product}")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray().Count.ShouldBe(4);
        (await reader.PostAsync("/api/v1/stock-movements/corrections", correction)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reader.PatchAsync($"/api/v1/warehouses/{mainId}", ApiKit.Json(new { label = "Refused" }))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await CountAsync<StockMovement>(m => m.ProductId == product)).ShouldBe(4);
    }

    [Fact]
    public async Task A_contact_is_created_at_a_third_party_listed_changed_and_hidden_from_a_rep_who_cannot_see_the_third_party()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var party = (await (await api.PostAsync("/api/v1/third-parties", new { name = $"Native Contacts {Guid.NewGuid():N}"[..36], isCustomer = true })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        var created = await (await api.PostAsync("/api/v1/contacts", new { thirdPartyId = party, firstName = "Ada", lastName = "Lovelace", email = "ada@example.com" }, Guid.NewGuid().ToString()))
            .ReadAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<long>();
        (created["thirdPartyId"]!.GetValue<long>(), created["active"]!.GetValue<bool>()).ShouldBe((party, true));
        await api.PostAsync("/api/v1/contacts", new { thirdPartyId = party, lastName = "Babbage" });

        var listed = await (await api.GetAsync($"/api/v1/contacts?thirdPartyId={party}&q=love")).ReadAsync(HttpStatusCode.OK);
        listed["items"]!.AsArray().Select(c => c!["id"]!.GetValue<long>()).ShouldBe([id]);
        var changed = await (await api.PatchAsync($"/api/v1/contacts/{id}", ApiKit.Json(new { jobTitle = "Analyst", noEmail = true }))).ReadAsync(HttpStatusCode.OK);
        (changed["jobTitle"]!.GetValue<string>(), changed["noEmail"]!.GetValue<bool>(), changed["lastName"]!.GetValue<string>()).ShouldBe(("Analyst", true, "Lovelace"));
        (await (await api.PatchAsync($"/api/v1/contacts/{id}", ApiKit.Json(new { email = "not-mail" }))).ReadAsync(HttpStatusCode.BadRequest))["errors"]!["email"].ShouldNotBeNull();
        (await (await api.PostAsync("/api/v1/contacts", new { firstName = "Nobody" })).ReadAsync(HttpStatusCode.BadRequest))["errors"]!["lastName"].ShouldNotBeNull();
        (await (await api.PostAsync("/api/v1/contacts", new { lastName = "Ghost", thirdPartyId = 987654321 })).ReadAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldContain("does not exist");

        var (_, repKey) = await ApiKit.UserWithKeyAsync(app, CrmPermissions.Contacts.Read, CrmPermissions.Contacts.Write);
        using var rep = ApiKit.Client(app, repKey);
        (await rep.GetAsync($"/api/v1/contacts/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await rep.PatchAsync($"/api/v1/contacts/{id}", ApiKit.Json(new { jobTitle = "Hijacked" }))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await rep.GetAsync($"/api/v1/contacts?thirdPartyId={party}")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray().Count.ShouldBe(0);
        var own = (await (await rep.PostAsync("/api/v1/contacts", new { lastName = "Private Person" })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        (await (await rep.GetAsync($"/api/v1/contacts/{own}")).ReadAsync(HttpStatusCode.OK))["thirdPartyId"].ShouldBeNull();
        (await (await api.GetAsync($"/api/v1/contacts/{id}")).ReadAsync(HttpStatusCode.OK))["jobTitle"]!.GetValue<string>().ShouldBe("Analyst");
    }

    private async Task<int> CountAsync<T>(System.Linq.Expressions.Expression<Func<T, bool>> where)
        where T : class
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<T>().CountAsync(where);
    }
}
