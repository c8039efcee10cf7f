using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Products;
using MokoCrm.Web.Modules.Stock;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.IntegrationTests.Api;

/// <summary>A Dolibarr client correcting stock: POST stockmovements with a signed qty, as the "Correct stock" screen, read back from the movements list.</summary>
public sealed class DolibarrStockMovementReplayTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task Stock_is_added_at_a_price_and_taken_out_with_Dolibarrs_fields_and_the_movements_are_listed()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var (product, warehouse, _) = await StockedProductAsync(api);

        // As Dolibarr's documentation shows it, with the lot fields it sends and that are not tracked here.
        var added = (await (await api.PostAsync("/api/index.php/stockmovements", new
        {
            product_id = product, warehouse_id = warehouse, qty = 10, lot = "", movementcode = "INV123", movementlabel = "Inventory 123", price = "4.5", dlc = "", dluo = "",
        })).ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        // A retried POST with the same Idempotency-Key answers the first movement's id and moves nothing more.
        var key = Guid.NewGuid().ToString();
        var removed = (await (await api.PostAsync("/api/index.php/stockmovements", new { product_id = product, warehouse_id = warehouse, qty = "-3" }, key)).ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        (await (await api.PostAsync("/api/index.php/stockmovements", new { product_id = product, warehouse_id = warehouse, qty = "-3" }, key)).ReadAsync(HttpStatusCode.OK)).GetValue<long>().ShouldBe(removed);

        var listed = await (await api.GetAsync("/api/index.php/stockmovements?sortfield=t.rowid&sqlfilters=" + Uri.EscapeDataString($"(t.fk_product:=:{product})"))).ReadAsync(HttpStatusCode.OK);
        listed.AsArray().Select(m => (m!["id"]!.GetValue<long>(), m["warehouse_id"]!.GetValue<long>(), m["qty"]!.GetValue<string>(), m["type"]!.GetValue<int>(), m["label"]!.GetValue<string>()))
            .ShouldBe([(added, warehouse, "10.00000000", 0, "Inventory 123 (INV123)"), (removed, warehouse, "-3.00000000", 1, "Stock correction")]);
        listed[0]!["price"]!.GetValue<string>().ShouldBe("4.50000000");
        // A removal leaves at the average cost, whatever price is sent.
        listed[1]!["price"]!.GetValue<string>().ShouldBe("4.50000000");
        (await LevelAsync(product, warehouse)).ShouldBe(7m);
    }

    [Fact]
    public async Task Refused_movements_answer_Dolibarrs_error_with_the_reason_and_move_nothing()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var (product, warehouse, closed) = await StockedProductAsync(api);
        await api.PostAsync("/api/index.php/stockmovements", new { product_id = product, warehouse_id = warehouse, qty = 2, movementlabel = "Opening" });
        var tag = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var service = (await (await api.PostAsync("/api/index.php/products", new { @ref = "SRV-" + tag, label = "Service " + tag, type = 1, price = 10, tva_tx = 20 })).ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        var before = await CountAsync();

        (await (await api.PostAsync("/api/index.php/stockmovements", new { product_id = product, warehouse_id = warehouse, qty = -5 })).DolibarrErrorAsync(HttpStatusCode.BadRequest))
            .ShouldStartWith("Bad Request: Error when create stock movement : Not enough stock of");
        (await (await api.PostAsync("/api/index.php/stockmovements", new { product_id = product, warehouse_id = closed, qty = 1 })).DolibarrErrorAsync(HttpStatusCode.BadRequest))
            .ShouldContain("is closed: no stock moves in or out of it");
        (await (await api.PostAsync("/api/index.php/stockmovements", new { product_id = service, warehouse_id = warehouse, qty = 1 })).DolibarrErrorAsync(HttpStatusCode.BadRequest))
            .ShouldContain("is a service: services have no stock");
        (await (await api.PostAsync("/api/index.php/stockmovements", new { product_id = 987654321, warehouse_id = warehouse, qty = 1 })).DolibarrErrorAsync(HttpStatusCode.BadRequest))
            .ShouldContain("does not exist");
        (await (await api.PostAsync("/api/index.php/stockmovements", new { product_id = product, warehouse_id = warehouse, qty = 0 })).DolibarrErrorAsync(HttpStatusCode.BadRequest))
            .ShouldBe("Bad Request: Making a stock movement with a quantity of 0 is not possible");
        (await (await api.PostAsync("/api/index.php/stockmovements", new { warehouse_id = warehouse, qty = 1 })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldBe("Bad Request: product_id field missing");
        (await (await api.PostAsync("/api/index.php/stockmovements", new { product_id = product, qty = 1 })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldBe("Bad Request: warehouse_id field missing");
        (await (await api.PostAsync("/api/index.php/stockmovements", new { product_id = product, warehouse_id = warehouse })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldBe("Bad Request: qty field missing");
        (await (await api.PostAsync("/api/index.php/stockmovements", new { product_id = product, warehouse_id = warehouse, qty = 1, price = "cheap" })).DolibarrErrorAsync(HttpStatusCode.BadRequest))
            .ShouldContain("price: The unit price must be a number");
        (await (await api.PostAsync("/api/index.php/stockmovements", new { product_id = product, warehouse_id = warehouse, qty = 1.123456m })).DolibarrErrorAsync(HttpStatusCode.BadRequest))
            .ShouldContain("qty: A quantity has at most 5 decimals.");
        (await (await api.PostAsync("/api/index.php/stockmovements", new { product_id = product, warehouse_id = warehouse, qty = "lots" })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("qty");
        (await (await api.PostAsync("/api/index.php/stockmovements", new { product_id = product, warehouse_id = warehouse, qty = 1, origin = "x" })).DolibarrErrorAsync(HttpStatusCode.BadRequest))
            .ShouldContain("Unknown field 'origin'");

        var (_, readerKey) = await ApiKit.UserWithKeyAsync(app, StockPermissions.Stock.Read);
        using var reader = ApiKit.Client(app, readerKey);
        (await reader.PostAsync("/api/index.php/stockmovements", new { product_id = product, warehouse_id = warehouse, qty = 1 })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await CountAsync()).ShouldBe(before);
        (await LevelAsync(product, warehouse)).ShouldBe(2m);
    }

    [Fact]
    public async Task Products_show_the_weighted_average_cost_as_pmp_read_only_and_only_to_users_who_may_read_stock()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var (product, warehouse, _) = await StockedProductAsync(api);
        (await (await api.GetAsync($"/api/index.php/products/{product}")).ReadAsync(HttpStatusCode.OK))["pmp"]!.GetValue<string>().ShouldBe("0.00000000");

        await api.PostAsync("/api/index.php/stockmovements", new { product_id = product, warehouse_id = warehouse, qty = 10, price = "4.5" });
        await api.PostAsync("/api/index.php/stockmovements", new { product_id = product, warehouse_id = warehouse, qty = 30, price = "6.1" });
        await api.PostAsync("/api/index.php/stockmovements", new { product_id = product, warehouse_id = warehouse, qty = -4 });

        // (10 × 4.5 + 30 × 6.1) / 40 = 5.7; the output leaves it as it is. Formatted as Dolibarr formats numbers.
        var shown = await (await api.GetAsync($"/api/index.php/products/{product}")).ReadAsync(HttpStatusCode.OK);
        shown["pmp"]!.GetValue<string>().ShouldBe("5.70000000");
        var listed = await (await api.GetAsync("/api/index.php/products?sqlfilters=" + Uri.EscapeDataString($"(t.rowid:=:{product})"))).ReadAsync(HttpStatusCode.OK);
        listed.AsArray().Single()!["pmp"]!.GetValue<string>().ShouldBe("5.70000000");
        (await (await api.GetAsync($"/api/index.php/products/ref/{shown["ref"]!.GetValue<string>()}")).ReadAsync(HttpStatusCode.OK))["pmp"]!.GetValue<string>().ShouldBe("5.70000000");
        (await (await api.PutAsync($"/api/index.php/products/{product}", ApiKit.Json(new { pmp = 1 }))).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("pmp");

        var (_, catalogueKey) = await ApiKit.UserWithKeyAsync(app, ProductsPermissions.Products.Read);
        using var catalogueReader = ApiKit.Client(app, catalogueKey);
        var hidden = await (await catalogueReader.GetAsync($"/api/index.php/products/{product}")).ReadAsync(HttpStatusCode.OK);
        hidden["ref"]!.GetValue<string>().ShouldBe(shown["ref"]!.GetValue<string>());
        hidden["pmp"].ShouldBeNull();
    }

    /// <summary>A stocked product made through the API, an open warehouse and a closed one, both empty.</summary>
    private async Task<(long Product, long Warehouse, long Closed)> StockedProductAsync(HttpClient api)
    {
        var tag = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var product = (await (await api.PostAsync("/api/index.php/products", new { @ref = "MOVE-" + tag, label = "Bolt " + tag, price = 8, tva_tx = 20, seuil_stock_alerte = 0 }))
            .ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var open = new Warehouse("WO" + tag, "Open " + tag);
        var closed = new Warehouse("WC" + tag, "Closed " + tag);
        closed.ChangeStatus(WarehouseStatus.Closed);
        db.AddRange(open, closed);
        await db.SaveChangesAsync();
        return (product, open.Id, closed.Id);
    }

    private async Task<int> CountAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<StockMovement>().CountAsync();
    }

    private async Task<decimal> LevelAsync(long product, long warehouse)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<StockLevel>()
            .Where(l => l.ProductId == product && l.WarehouseId == warehouse).Select(l => l.Quantity).SingleOrDefaultAsync();
    }
}
