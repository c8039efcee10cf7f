using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Products;
using MokoCrm.Web.Modules.Products.Domain;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Features;

namespace MokoCrm.IntegrationTests.Modules.Products;

public sealed class ProductsTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    private const string NewForm = "/Products/Products/new";

    [Fact]
    public async Task A_product_is_created_and_shown_on_its_card_with_its_tabs()
    {
        using var client = await SignedInClient.AdminAsync(app);

        var response = await client.PostFormAsync(NewForm, NewForm, Fields("CARD-1", "Card chair"));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var card = await client.Http.GetStringAsync(response.Headers.Location!.ToString());
        card.ShouldContain("CARD-1 - Card chair");
        card.ShouldContain("Linked objects");
        card.ShouldContain("History");
        var list = await client.Http.GetStringAsync("/Products/Products?q=CARD-");
        list.ShouldContain("CARD-1");
    }

    [Fact]
    public async Task A_duplicate_reference_is_refused_with_its_value()
    {
        using var client = await SignedInClient.AdminAsync(app);
        (await client.PostFormAsync(NewForm, NewForm, Fields("DUP-1", "First"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var response = await client.PostFormAsync(NewForm, NewForm, Fields("DUP-1", "Second"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("The reference DUP-1 is already used by another product.");
        (await CountAsync(p => p.Reference == "DUP-1")).ShouldBe(1);
    }

    [Fact]
    public async Task A_price_entered_incl_tax_is_stored_with_its_excl_tax_price_to_5_decimals()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var fields = Fields("TTC-1", "Shop item");
        fields["Price"] = "10";
        fields["PriceBase"] = "InclTax";
        fields["VatRate"] = "5.5";

        (await client.PostFormAsync(NewForm, NewForm, fields)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var product = await FindAsync("TTC-1");
        product.SalePrice.ShouldBe(9.47867m);
        product.SalePriceInclTax.ShouldBe(10m);
        product.VatRate.ShouldBe(5.5m);
    }

    [Fact]
    public async Task An_unknown_vat_rate_and_a_negative_price_are_answered_and_nothing_is_saved()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var badVat = Fields("BAD-VAT", "Bad VAT");
        badVat["VatRate"] = "7";
        var negative = Fields("BAD-PRICE", "Bad price");
        negative["Price"] = "-3";

        var vatResponse = await client.PostFormAsync(NewForm, NewForm, badVat);
        var priceResponse = await client.PostFormAsync(NewForm, NewForm, negative);

        vatResponse.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await vatResponse.Content.ReadAsStringAsync()).ShouldContain("The VAT rate 7 % is not an active rate of Setup.");
        priceResponse.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await priceResponse.Content.ReadAsStringAsync()).ShouldContain("A price cannot be negative.");
        (await CountAsync(p => p.Reference.StartsWith("BAD-"))).ShouldBe(0);
    }

    [Fact]
    public async Task A_stock_managed_service_is_refused_with_the_rule()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var fields = Fields("SRV-STOCK", "Stocked service");
        fields["Type"] = "Service";
        fields["StockManaged"] = "true";

        var response = await client.PostFormAsync(NewForm, NewForm, fields);

        (await response.Content.ReadAsStringAsync()).ShouldContain("A service cannot be stock-managed.");
        (await CountAsync(p => p.Reference == "SRV-STOCK")).ShouldBe(0);
    }

    [Fact]
    public async Task A_reader_sees_the_list_but_gets_403_on_posting_a_product()
    {
        using var reader = await UserAsync("prodreader", ProductsPermissions.Products.Read);
        using var admin = await SignedInClient.AdminAsync(app);
        var list = await reader.Http.GetAsync("/Products/Products");
        list.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await list.Content.ReadAsStringAsync()).ShouldNotContain("/Products/Products/new");

        var token = SignedInClient.TokenIn(await reader.Http.GetStringAsync("/Products/Products"));
        var response = await reader.PostWithTokenAsync(NewForm, Fields("READER-1", "Not allowed"), token);
        var exported = await reader.Http.GetAsync("/Products/Products?export=csv");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        exported.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await CountAsync(p => p.Reference == "READER-1")).ShouldBe(0);
    }

    [Fact]
    public async Task The_lookup_finds_products_by_reference_prefix_and_leaves_archived_ones_out()
    {
        using var client = await SignedInClient.AdminAsync(app);
        await client.PostFormAsync(NewForm, NewForm, Fields("LK-TABLE", "Lookup table"));
        await client.PostFormAsync(NewForm, NewForm, Fields("LK-OLD", "Lookup old"));
        await client.PostFormAsync(NewForm, NewForm, Fields("XLK-1", "Not a prefix match"));
        var old = await FindAsync("LK-OLD");
        var archive = await client.PostFormAsync($"/Products/Products/{old.Id}", $"/Products/Products/{old.Id}/archive", []);
        archive.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var found = await LookupAsync(client, "lk-");

        found.ShouldBe(["LK-TABLE - Lookup table"]);
        (await LookupAsync(client, "lk")).ShouldBe(["LK-TABLE - Lookup table"]);
        (await LookupAsync(client, "okup tab")).ShouldBe(["LK-TABLE - Lookup table"]);
        (await LookupAsync(client, "l%")).ShouldBeEmpty();
        (await client.Http.GetStringAsync("/Products/Products?q=LK-OLD")).ShouldNotContain("Lookup old");
        (await client.Http.GetStringAsync("/Products/Products?q=LK-OLD&status=archived")).ShouldContain("Lookup old");
    }

    [Fact]
    public async Task A_product_never_used_can_be_deleted()
    {
        using var client = await SignedInClient.AdminAsync(app);
        await client.PostFormAsync(NewForm, NewForm, Fields("DEL-1", "To delete"));
        var product = await FindAsync("DEL-1");

        var response = await client.PostFormAsync($"/Products/Products/{product.Id}", $"/Products/Products/{product.Id}/delete", []);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await CountAsync(p => p.Reference == "DEL-1")).ShouldBe(0);
    }

    [Fact]
    public async Task Editing_a_product_keeps_its_id_and_changes_its_price()
    {
        using var client = await SignedInClient.AdminAsync(app);
        await client.PostFormAsync(NewForm, NewForm, Fields("EDIT-1", "Before"));
        var product = await FindAsync("EDIT-1");
        var fields = Fields("EDIT-1", "After");
        fields["Price"] = "12.34567";

        var response = await client.PostFormAsync($"/Products/Products/{product.Id}/edit", $"/Products/Products/{product.Id}/edit", fields);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var edited = await FindAsync("EDIT-1");
        edited.Id.ShouldBe(product.Id);
        edited.Label.ShouldBe("After");
        edited.SalePrice.ShouldBe(12.34567m);
    }

    [Fact]
    public async Task Other_modules_read_a_product_through_the_public_lookup()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var fields = Fields("PUB-1", "Public service");
        fields["Type"] = "Service";
        fields["DurationHours"] = "1.5";
        await client.PostFormAsync(NewForm, NewForm, fields);
        var id = (await FindAsync("PUB-1")).Id;

        await using var scope = app.Services.CreateAsyncScope();
        var summary = await scope.ServiceProvider.GetRequiredService<IProductLookup>().FindAsync(id);

        summary.ShouldNotBeNull();
        summary.Type.ShouldBe(ProductType.Service);
        (summary.SaleAccount, summary.PurchaseAccount).ShouldBe(("706", "604"));
        summary.DurationHours.ShouldBe(1.5m);
        summary.VatRate.ShouldBe(20m);
    }

    [Fact]
    public async Task The_lookup_answers_once_per_action_and_reads_anew_after_a_save_of_its_scope()
    {
        using var client = await SignedInClient.AdminAsync(app);
        await client.PostFormAsync(NewForm, NewForm, Fields("LOOK-1", "Looked up"));
        var id = (await FindAsync("LOOK-1")).Id;

        await using var scope = app.Services.CreateAsyncScope();
        var lookup = scope.ServiceProvider.GetRequiredService<IProductLookup>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        (await lookup.FindManyAsync([id, id, -1])).ShouldHaveSingleItem().OnSale.ShouldBeTrue();
        (await lookup.FindAsync(-1)).ShouldBeNull();

        var product = await db.Set<Product>().SingleAsync(p => p.Id == id);
        product.Archive();
        await db.SaveChangesAsync();

        (await lookup.FindAsync(id)).ShouldNotBeNull().Archived.ShouldBeTrue();
    }

    [Fact]
    public async Task The_demo_catalogue_has_products_and_services_that_follow_the_rules()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var seeder = scope.ServiceProvider.GetServices<IDemoDataSeeder>().Single(s => s.GetType().Namespace!.Contains(".Products.", StringComparison.Ordinal));
            await seeder.SeedAsync(scope.ServiceProvider, CancellationToken.None);
        }

        await using var check = app.Services.CreateAsyncScope();
        var products = await check.ServiceProvider.GetRequiredService<AppDbContext>().Set<Product>().Where(p => p.Reference.StartsWith("CHAIR-") || p.Reference.StartsWith("SRV-")).ToListAsync();
        products.Count(p => p.Type == ProductType.Service).ShouldBeGreaterThanOrEqualTo(4);
        products.ShouldAllBe(p => p.Type == ProductType.Product || !p.StockManaged);
        products.Single(p => p.Reference == "SRV-DELIVERY").SaleAccount.ShouldBe("706");
        products.Where(p => p.Type == ProductType.Product).ShouldAllBe(p => p.CostPrice > 0 && p.CostPrice < p.MinSalePrice);
        products.Where(p => p.Type == ProductType.Service).ShouldAllBe(p => p.CostPrice == null);
    }

    private static Dictionary<string, string> Fields(string reference, string label) => ProductTestData.Fields(reference, label);

    private static async Task<List<string>> LookupAsync(SignedInClient client, string q)
    {
        var json = await client.Http.GetStringAsync($"/Products/Products/lookup?q={Uri.EscapeDataString(q)}");
        return JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => e.GetProperty("text").GetString()!).ToList();
    }

    private Task<Product> FindAsync(string reference) => ProductTestData.FindAsync(app, reference);

    private Task<int> CountAsync(System.Linq.Expressions.Expression<Func<Product, bool>> predicate) => ProductTestData.CountAsync(app, predicate);

    private async Task<SignedInClient> UserAsync(string login, params string[] rights)
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var id = await admin.CreateUserAsync(new UserForm { UserName = login, FullName = login, Password = login + "-pass-1" });
            await admin.SetUserPermissionsAsync(id, rights);
        }

        return await SignedInClient.AsAsync(app, login, login + "-pass-1");
    }
}
