using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.IntegrationTests.Modules.Purchasing;
using MokoCrm.IntegrationTests.Modules.Stock;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Products;
using MokoCrm.Web.Modules.Products.Domain;
using MokoCrm.Web.Modules.Stock;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.IntegrationTests.Modules.Products;

/// <summary>
/// The product's Prices tab (Dolibarr's Selling prices and Buying prices tabs): selling price, cost price and margin,
/// average cost from Stock, and the supplier prices with add, change and remove, each under the products rights.
/// </summary>
public sealed partial class ProductPricesTabTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task The_prices_tab_shows_the_selling_price_cost_margin_average_cost_and_supplier_prices_between_card_and_stock()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var (productId, supplierId) = await ProductWithSupplierAsync(admin, "PTAB-1", "Prices tab supplier");
        await PurchasingTestData.SupplierPriceAsync(admin, productId, supplierId, "SUP-PTAB-1", 61.5m, 1m);
        await PurchasingTestData.SupplierPriceAsync(admin, productId, supplierId, "SUP-PTAB-10", 58m, 10m);
        var warehouse = await StockTestData.WarehouseAsync(app, "PTAB-WH");
        await PurchasingTestData.StockInAsync(app, productId, warehouse, 4m, 62.25m);

        var page = await admin.Http.GetStringAsync($"/Products/Products/{productId}/prices");

        Field(page, "price").ShouldBe("100.00");
        Field(page, "price-incl").ShouldBe("120.00");
        Field(page, "vat").ShouldBe("20 %");
        Field(page, "cost-price").ShouldBe("80.00");
        Field(page, "margin").ShouldBe("20.00");
        (Field(page, "margin-rate"), Field(page, "mark-rate")).ShouldBe(("25 %", "20 %"));
        Field(page, "average-cost").ShouldStartWith("62.25");
        page.ShouldContain("SUP-PTAB-1");
        page.ShouldContain("SUP-PTAB-10");
        page.ShouldContain("58.00");
        page.ShouldContain("data-supplier-price-form");
        Tabs(page).ShouldBe(["Product", "Prices", "Stock", "Movements", "Events", "Linked objects", "Documents", "Notes", "History"]);
        Tab(page, "prices").ShouldBe("Prices 2");

        var card = await admin.Http.GetStringAsync($"/Products/Products/{productId}");
        card.ShouldNotContain("data-supplier-prices");
        Tabs(card).ShouldBe(["Product", "Prices", "Stock", "Movements", "Events", "Linked objects", "Documents", "Notes", "History"]);
        var stockTab = await admin.Http.GetStringAsync($"/Stock/Products/{productId}");
        Tabs(stockTab).ShouldBe(["Product", "Prices", "Stock", "Movements", "Events", "Linked objects", "Documents", "Notes", "History"]);
        Tab(stockTab, "prices").ShouldBe("Prices 2");
    }

    [Fact]
    public async Task A_supplier_price_is_changed_from_the_tab_and_a_clash_or_another_supplier_is_refused_with_nothing_changed()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var (productId, supplierId) = await ProductWithSupplierAsync(admin, "PTAB-EDIT", "Editing supplier");
        await PurchasingTestData.SupplierPriceAsync(admin, productId, supplierId, "ED-1", 10m, 1m);
        await PurchasingTestData.SupplierPriceAsync(admin, productId, supplierId, "ED-5", 9m, 5m);
        var other = await PurchasingTestData.SupplierAsync(admin, "Other supplier PTAB");
        var prices = await PricesAsync(productId);
        var one = prices.Single(p => p.SupplierReference == "ED-1");
        var tab = $"/Products/Products/{productId}/prices?edit={one.Id}";
        var form = await admin.Http.GetStringAsync(tab);
        form.ShouldContain($"action=\"/Products/Products/{productId}/supplier-prices/{one.Id}/edit\"");
        form.ShouldNotContain("data-supplier-price-form");

        var changed = await admin.PostFormAsync(tab, Edit(productId, one.Id), PriceFields(supplierId, "ED-1B", "9.5", "2"));

        changed.Headers.Location!.ToString().ShouldBe($"/Products/Products/{productId}/prices#supplier-prices");
        (await StockTestData.FlashOnAsync(admin, $"/Products/Products/{productId}/prices")).ShouldBe("Supplier price changed.");
        foreach (var (fields, message) in new[]
        {
            (PriceFields(supplierId, "ED-X", "1", "5"), "This supplier already has a price from a quantity of 5: change that one instead."),
            (PriceFields(other, "ED-Y", "1", "2"), "A supplier price keeps its supplier: remove it and add a price for the other supplier."),
            (PriceFields(supplierId, "ED-Z", "-1", "2"), "A supplier price cannot be negative."),
        })
        {
            var refused = await admin.PostFormAsync(tab, Edit(productId, one.Id), fields);
            refused.Headers.Location!.ToString().ShouldBe($"/Products/Products/{productId}/prices?edit={one.Id}#supplier-prices");
            (await StockTestData.FlashOnAsync(admin, refused.Headers.Location!.ToString())).ShouldBe(message);
        }

        var after = await PricesAsync(productId);
        after.Count.ShouldBe(2);
        after.Single(p => p.Id == one.Id).ShouldSatisfyAllConditions(
            p => p.SupplierReference.ShouldBe("ED-1B"), p => p.UnitPrice.ShouldBe(9.5m), p => p.MinimumQuantity.ShouldBe(2m), p => p.SupplierId.ShouldBe(supplierId));
        after.Single(p => p.Id != one.Id).ShouldSatisfyAllConditions(p => p.SupplierReference.ShouldBe("ED-5"), p => p.UnitPrice.ShouldBe(9m));
        (await admin.Http.GetStringAsync($"/Products/Products/{productId}/prices")).ShouldContain("ED-1B");
    }

    [Fact]
    public async Task A_reader_sees_the_tab_without_forms_or_average_cost_and_every_write_is_refused()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var (productId, supplierId) = await ProductWithSupplierAsync(admin, "PTAB-RIGHTS", "Rights supplier");
        await PurchasingTestData.SupplierPriceAsync(admin, productId, supplierId, "RI-1", 10m, 1m);
        var priceId = (await PricesAsync(productId)).Single().Id;
        await PurchasingTestData.NewUserAsync(app, "ptabreader", [ProductsPermissions.Products.Read]);
        await PurchasingTestData.NewUserAsync(app, "ptabstock", [ProductsPermissions.Products.Read, StockPermissions.Stock.Read]);
        await PurchasingTestData.NewUserAsync(app, "ptabnobody", [StockPermissions.Stock.Read]);
        using var reader = await SignedInClient.AsAsync(app, "ptabreader", "ptabreader-pass-1");
        using var stockReader = await SignedInClient.AsAsync(app, "ptabstock", "ptabstock-pass-1");
        using var nobody = await SignedInClient.AsAsync(app, "ptabnobody", "ptabnobody-pass-1");
        var tab = $"/Products/Products/{productId}/prices";

        var seen = await reader.Http.GetStringAsync(tab + $"?edit={priceId}");
        var token = SignedInClient.TokenIn(await reader.Http.GetStringAsync("/Products/Products"));
        var add = await reader.PostWithTokenAsync($"/Products/Products/{productId}/supplier-prices", PriceFields(supplierId, "RI-2", "5", "3"), token);
        var edit = await reader.PostWithTokenAsync($"/Products/Products/{productId}/supplier-prices/{priceId}/edit", PriceFields(supplierId, "RI-3", "5", "1"), token);
        var remove = await reader.PostWithTokenAsync($"/Products/Products/{productId}/supplier-prices/{priceId}/delete", [], token);

        seen.ShouldContain("RI-1");
        seen.ShouldNotContain("data-supplier-price-form");
        seen.ShouldNotContain("/supplier-prices/");
        seen.ShouldNotContain("data-field=\"average-cost\"");
        seen.ShouldNotContain("Edit prices");
        (add.StatusCode, edit.StatusCode, remove.StatusCode).ShouldBe((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden));
        var left = (await PricesAsync(productId)).Single();
        (left.SupplierReference, left.UnitPrice).ShouldBe(("RI-1", 10m));
        (await stockReader.Http.GetStringAsync(tab)).ShouldContain("data-field=\"average-cost\"");
        (await nobody.Http.GetAsync(tab)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        Tabs(await nobody.Http.GetStringAsync($"/Stock/Products/{productId}")).ShouldNotContain("Prices");
        (await admin.Http.GetAsync("/Products/Products/987654321/prices")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task<(long ProductId, long SupplierId)> ProductWithSupplierAsync(SignedInClient admin, string reference, string supplier)
    {
        var fields = ProductTestData.Fields(reference, "Item " + reference);
        fields["CostPrice"] = "80";
        fields["StockManaged"] = "true";
        var created = await admin.PostFormAsync("/Products/Products/new", "/Products/Products/new", fields);
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var productId = long.Parse(created.Headers.Location!.ToString().Split('/')[^1]);
        return (productId, await PurchasingTestData.SupplierAsync(admin, supplier));
    }

    private static Dictionary<string, string> PriceFields(long supplierId, string reference, string price, string minimum) => new()
    {
        ["SupplierId"] = supplierId.ToString(), ["SupplierReference"] = reference, ["UnitPrice"] = price, ["MinimumQuantity"] = minimum,
    };

    private static string Edit(long productId, long priceId) => $"/Products/Products/{productId}/supplier-prices/{priceId}/edit";

    private async Task<List<SupplierPrice>> PricesAsync(long productId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<SupplierPrice>().AsNoTracking().Where(p => p.ProductId == productId).OrderBy(p => p.MinimumQuantity).ToListAsync();
    }

    private static string Field(string html, string name)
    {
        var match = Regex.Match(html, $"data-field=\"{name}\">([^<]*)<");
        match.Success.ShouldBeTrue($"no data-field {name}");
        return WebUtility.HtmlDecode(match.Groups[1].Value).Trim();
    }

    /// <summary>The tab bar's labels in order, without their counts.</summary>
    private static List<string> Tabs(string html) => TabPattern().Matches(html).Select(m => Text(Regex.Replace(m.Groups[2].Value, "<span.*?</span>", ""))).ToList();

    /// <summary>One tab as a person reads it, count included ("Prices 2").</summary>
    private static string Tab(string html, string key) => Text(TabPattern().Matches(html).Single(m => m.Groups[1].Value == key).Groups[2].Value);

    private static string Text(string html) => Regex.Replace(WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", " ")), @"\s+", " ").Trim();

    [GeneratedRegex("<a[^>]*data-tab=\"([^\"]+)\"[^>]*>(.*?)</a>", RegexOptions.Singleline)]
    private static partial Regex TabPattern();
}
