using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.IntegrationTests.Api;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Products;
using MokoCrm.Web.Modules.Products.Domain;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.IntegrationTests.Modules.Products;

/// <summary>
/// The cost price (Dolibarr's cost_price): stated on the product's form, shown on its card, offered to other modules,
/// read and written by both APIs, exported with the list. Bad input is answered and nothing is saved.
/// </summary>
public sealed class ProductCostPriceTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    private const string NewForm = "/Products/Products/new";

    [Fact]
    public async Task A_cost_price_is_stated_on_creation_shown_on_the_card_and_changed_by_editing()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var fields = Fields("COST-1", "Costed chair");
        fields["CostPrice"] = "41.25";

        var created = await client.PostFormAsync(NewForm, NewForm, fields);

        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var product = await FindAsync("COST-1");
        product.CostPrice.ShouldBe(41.25m);
        (await client.Http.GetStringAsync($"/Products/Products/{product.Id}")).ShouldContain("<dd class=\"col-7\" data-field=\"cost-price\">41.25</dd>");
        (await client.Http.GetStringAsync($"/Products/Products/{product.Id}/edit")).ShouldContain("value=\"41.25");

        fields["CostPrice"] = "38.12345";
        (await client.PostFormAsync($"/Products/Products/{product.Id}/edit", $"/Products/Products/{product.Id}/edit", fields)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await FindAsync("COST-1")).CostPrice.ShouldBe(38.12345m);

        fields["CostPrice"] = "";
        (await client.PostFormAsync($"/Products/Products/{product.Id}/edit", $"/Products/Products/{product.Id}/edit", fields)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await FindAsync("COST-1")).CostPrice.ShouldBeNull();
    }

    [Theory]
    [InlineData("-4", "A cost price cannot be negative.")]
    [InlineData("abc", "The cost price must be a number, for example 12.50.")]
    [InlineData("1.123456", "Use at most 5 decimals.")]
    public async Task A_bad_cost_price_is_answered_on_the_form_and_nothing_is_saved(string typed, string message)
    {
        using var client = await SignedInClient.AdminAsync(app);
        var reference = "COSTBAD-" + Guid.NewGuid().ToString("N")[..6];
        var fields = Fields(reference, "Bad cost");
        fields["CostPrice"] = typed;

        var response = await client.PostFormAsync(NewForm, NewForm, fields);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await response.Content.ReadAsStringAsync();
        page.ShouldContain(message);
        page.ShouldNotContain("is not valid for");
        (await CountAsync(p => p.Reference == reference)).ShouldBe(0);
    }

    [Fact]
    public async Task A_bad_cost_price_on_editing_leaves_the_product_as_it_was()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var fields = Fields("COST-KEEP", "Kept cost");
        fields["CostPrice"] = "10";
        await client.PostFormAsync(NewForm, NewForm, fields);
        var id = (await FindAsync("COST-KEEP")).Id;
        fields["CostPrice"] = "-1";
        fields["Label"] = "Changed label";

        var response = await client.PostFormAsync($"/Products/Products/{id}/edit", $"/Products/Products/{id}/edit", fields);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("A cost price cannot be negative.");
        var kept = await FindAsync("COST-KEEP");
        (kept.CostPrice, kept.Label).ShouldBe((10m, "Kept cost"));
    }

    [Fact]
    public async Task Other_modules_read_the_cost_price_through_Products_Public()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var fields = Fields("COST-PUB", "Public cost");
        fields["CostPrice"] = "7.5";
        await client.PostFormAsync(NewForm, NewForm, fields);
        var id = (await FindAsync("COST-PUB")).Id;

        await using var scope = app.Services.CreateAsyncScope();
        var summary = await scope.ServiceProvider.GetRequiredService<IProductLookup>().FindAsync(id);
        var header = await CatalogueQueries.Headers(scope.ServiceProvider.GetRequiredService<AppDbContext>()).SingleAsync(h => h.Id == id);

        summary!.CostPrice.ShouldBe(7.5m);
        header.CostPrice.ShouldBe(7.5m);
    }

    [Fact]
    public async Task The_product_list_export_carries_the_cost_price()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var fields = Fields("COST-EXP", "Exported cost");
        fields["CostPrice"] = "3.75";
        await client.PostFormAsync(NewForm, NewForm, fields);

        var csv = await client.Http.GetStringAsync("/Products/Products?q=COST-EXP&export=csv");

        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldContain("Cost price");
        var header = lines[0].TrimEnd('\r').Split(',');
        var row = lines.Single(l => l.Contains("COST-EXP", StringComparison.Ordinal)).TrimEnd('\r').Split(',');
        decimal.Parse(row[Array.IndexOf(header, "Cost price")], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(3.75m);
    }

    [Fact]
    public async Task The_native_api_reads_and_writes_the_cost_price_and_refuses_a_negative_one()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var reference = "NCOST-" + Guid.NewGuid().ToString("N")[..6];

        var created = await (await api.PostAsync("/api/v1/products", new { reference, label = "Native cost", price = 20m, vatRate = 20m, costPrice = 8.5m })).ReadAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<long>();
        created["costPrice"]!.GetValue<decimal>().ShouldBe(8.5m);
        (await (await api.GetAsync($"/api/v1/products/{id}")).ReadAsync(HttpStatusCode.OK))["costPrice"]!.GetValue<decimal>().ShouldBe(8.5m);

        var changed = await (await api.PatchAsync($"/api/v1/products/{id}", ApiKit.Json(new { costPrice = 9.25m }))).ReadAsync(HttpStatusCode.OK);
        (changed["costPrice"]!.GetValue<decimal>(), changed["salePrice"]!.GetValue<decimal>()).ShouldBe((9.25m, 20m));

        var refused = await (await api.PatchAsync($"/api/v1/products/{id}", ApiKit.Json(new { costPrice = -1m }))).ReadAsync(HttpStatusCode.BadRequest);
        refused["errors"]!["costPrice"]![0]!.GetValue<string>().ShouldBe("A cost price cannot be negative.");
        var notNumber = await (await api.PatchAsync($"/api/v1/products/{id}", ApiKit.Raw("{\"costPrice\":\"cheap\"}"))).ReadAsync(HttpStatusCode.BadRequest);
        notNumber["detail"]!.GetValue<string>().ShouldContain("costPrice");
        (await FindAsync(reference)).CostPrice.ShouldBe(9.25m);

        var without = await (await api.PostAsync("/api/v1/products", new { reference = reference + "N", label = "No cost", price = 1m, vatRate = 20m })).ReadAsync(HttpStatusCode.Created);
        without["costPrice"].ShouldBeNull();
    }

    [Fact]
    public async Task The_Dolibarr_api_reads_and_writes_cost_price_as_Dolibarr_does()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var reference = "DCOST-" + Guid.NewGuid().ToString("N")[..6];

        var id = (await (await api.PostAsync("/api/index.php/products", new { @ref = reference, label = "Dolibarr cost", price = "30", tva_tx = "20", cost_price = "12.4" }))
            .ReadAsync(HttpStatusCode.OK)).GetValue<long>();

        (await (await api.GetAsync($"/api/index.php/products/{id}")).ReadAsync(HttpStatusCode.OK))["cost_price"]!.GetValue<string>().ShouldBe("12.40000000");
        var changed = await (await api.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/index.php/products/{id}") { Content = ApiKit.Json(new { cost_price = 13 }) }))
            .ReadAsync(HttpStatusCode.OK);
        (changed["cost_price"]!.GetValue<string>(), changed["price"]!.GetValue<string>()).ShouldBe(("13.00000000", "30.00000000"));
        var listed = await (await api.GetAsync("/api/index.php/products?sqlfilters=" + Uri.EscapeDataString($"(t.ref:=:'{reference}') and (t.cost_price:>:12)"))).ReadAsync(HttpStatusCode.OK);
        listed.AsArray().Select(p => p!["id"]!.GetValue<long>()).ShouldBe([id]);

        (await (await api.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/index.php/products/{id}") { Content = ApiKit.Json(new { cost_price = -2 }) }))
            .DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("cost_price");
        (await (await api.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/index.php/products/{id}") { Content = ApiKit.Json(new { cost_price = "cheap" }) }))
            .DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("cost_price");
        (await FindAsync(reference)).CostPrice.ShouldBe(13m);

        var (_, readerKey) = await ApiKit.UserWithKeyAsync(app, ProductsPermissions.Products.Read);
        using var reader = ApiKit.Client(app, readerKey);
        (await reader.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/index.php/products/{id}") { Content = ApiKit.Json(new { cost_price = 1 }) }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await FindAsync(reference)).CostPrice.ShouldBe(13m);
    }

    private static Dictionary<string, string> Fields(string reference, string label) => ProductTestData.Fields(reference, label);

    private Task<Product> FindAsync(string reference) => ProductTestData.FindAsync(app, reference);

    private Task<int> CountAsync(System.Linq.Expressions.Expression<Func<Product, bool>> predicate) => ProductTestData.CountAsync(app, predicate);
}
