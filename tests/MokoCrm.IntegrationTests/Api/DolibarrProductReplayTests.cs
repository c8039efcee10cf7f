using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Products;
using MokoCrm.Web.Modules.Products.Domain;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.IntegrationTests.Api;

/// <summary>A shop connector pushing its catalogue: POST products, read back by id, ref and sqlfilters, PUT a price.</summary>
public sealed class DolibarrProductReplayTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task A_product_is_created_read_listed_and_repriced_with_Dolibarr_fields()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var reference = "DOLP-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        // As PHP clients send them: numbers as strings, Dolibarr's flags, entity and array_options.
        var id = (await (await api.PostAsync("/api/index.php/products", new
        {
            @ref = reference, label = "Shop widget", type = "0", price = "12.5", price_base_type = "HT", tva_tx = "20", status = "1", status_buy = "0",
            description = "From the shop", entity = 1, array_options = new { },
        })).ReadAsync(HttpStatusCode.OK)).GetValue<long>();

        var product = await (await api.GetAsync($"/api/index.php/products/{id}")).ReadAsync(HttpStatusCode.OK);
        (product["id"]!.GetValue<long>(), product["ref"]!.GetValue<string>(), product["label"]!.GetValue<string>(), product["type"]!.GetValue<string>()).ShouldBe((id, reference, "Shop widget", "0"));
        (product["price"]!.GetValue<string>(), product["price_ttc"]!.GetValue<string>(), product["price_base_type"]!.GetValue<string>(), product["tva_tx"]!.GetValue<string>())
            .ShouldBe(("12.50000000", "15.00000000", "HT", "20.00000000"));
        (product["status"]!.GetValue<string>(), product["status_buy"]!.GetValue<string>()).ShouldBe(("1", "0"));
        (await (await api.GetAsync($"/api/index.php/products/ref/{reference}")).ReadAsync(HttpStatusCode.OK))["id"]!.GetValue<long>().ShouldBe(id);
        var listed = await (await api.GetAsync("/api/index.php/products?mode=1&sqlfilters=" + Uri.EscapeDataString($"(t.ref:like:'{reference[..9].ToLowerInvariant()}%') and (t.tosell:=:1)"))).ReadAsync(HttpStatusCode.OK);
        listed.AsArray().Select(p => p!["id"]!.GetValue<long>()).ShouldBe([id]);
        (await (await api.GetAsync("/api/index.php/products?mode=2&sqlfilters=" + Uri.EscapeDataString($"(t.ref:=:'{reference}')"))).DolibarrErrorAsync(HttpStatusCode.NotFound)).ShouldContain("No product found");

        var changed = await (await api.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/index.php/products/{id}") { Content = ApiKit.Json(new { price_ttc = 24, price_base_type = "TTC", status_buy = 1 }) }))
            .ReadAsync(HttpStatusCode.OK);
        (changed["price"]!.GetValue<string>(), changed["price_ttc"]!.GetValue<string>(), changed["price_base_type"]!.GetValue<string>(), changed["status_buy"]!.GetValue<string>(), changed["label"]!.GetValue<string>())
            .ShouldBe(("20.00000000", "24.00000000", "TTC", "1", "Shop widget"));
    }

    [Fact]
    public async Task Bad_products_are_refused_with_the_field_and_nothing_is_created()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var reference = "DOLQ-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        (await api.PostAsync("/api/index.php/products", new { @ref = reference, label = "First", price = 1, tva_tx = 20 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = await CountAsync();

        (await (await api.PostAsync("/api/index.php/products", new { @ref = reference, label = "Again", price = 1, tva_tx = 20 })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("already used");
        (await (await api.PostAsync("/api/index.php/products", new { @ref = reference + "X", label = "No price", tva_tx = 20 })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("price");
        (await (await api.PostAsync("/api/index.php/products", new { @ref = reference + "Y", label = "Odd", price = 1, tva_tx = 20, price_base_type = "GROSS" })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("price_base_type");
        (await (await api.PostAsync("/api/index.php/products", new { @ref = reference + "Z", label = "Odd", price = 1, tva_tx = 20, type = 7 })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("type");
        (await (await api.PostAsync("/api/index.php/products", new { @ref = reference + "W", label = "Colour", price = 1, tva_tx = 20, colour = "red" })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("Unknown field 'colour'");
        (await (await api.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/api/index.php/products/987654321") { Content = ApiKit.Json(new { label = "Ghost" }) }))
            .DolibarrErrorAsync(HttpStatusCode.NotFound)).ShouldBe("Not Found: Product not found");

        var (_, readerKey) = await ApiKit.UserWithKeyAsync(app, ProductsPermissions.Products.Read);
        using var reader = ApiKit.Client(app, readerKey);
        (await reader.PostAsync("/api/index.php/products", new { @ref = reference + "R", label = "Reader", price = 1, tva_tx = 20 })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await CountAsync()).ShouldBe(before);
    }

    private async Task<int> CountAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Product>().CountAsync();
    }
}
