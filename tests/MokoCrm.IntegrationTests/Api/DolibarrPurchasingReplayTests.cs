using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Purchasing;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.IntegrationTests.Api;

/// <summary>
/// A Dolibarr client buying: supplierorders (create with lines, validate, approve, makeorder, receive) and
/// supplierinvoices (create, lines, validate, payments, settopaid), as Dolibarr's SupplierOrders and SupplierInvoices classes answer.
/// </summary>
public sealed class DolibarrPurchasingReplayTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task A_purchase_order_is_validated_approved_sent_and_received_with_Dolibarr_shapes()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var (socid, product, warehouse) = await SupplierProductAndWarehouseAsync(api, "Dol Purchase Replay SA");

        var id = (await (await api.PostAsync("/api/index.php/supplierorders", new
        {
            @ref = "auto", ref_supplier = "SUP-REF-9", socid, entity = 1,
            lines = new object[] { new { fk_product = product, qty = 8, subprice = "7.5", tva_tx = 20 }, new { desc = "Freight", subprice = 12, qty = 1, tva_tx = 20 } },
        })).ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        var draft = await (await api.GetAsync($"/api/index.php/supplierorders/{id}")).ReadAsync(HttpStatusCode.OK);
        (draft["id"]!.GetValue<long>(), draft["socid"]!.GetValue<long>(), draft["statut"]!.GetValue<int>(), draft["ref"]!.GetValue<string>(), draft["ref_supplier"]!.GetValue<string>())
            .ShouldBe((id, socid, 0, $"(PROV{id})", "SUP-REF-9"));
        (draft["total_ht"]!.GetValue<string>(), draft["total_ttc"]!.GetValue<string>(), draft["lines"]!.AsArray().Count).ShouldBe(("72.00000000", "86.40000000", 2));
        var productLine = draft["lines"]!.AsArray().Single(l => l!["fk_product"]?.GetValue<long>() == product)!["id"]!.GetValue<long>();

        var validated = await (await api.PostAsync($"/api/index.php/supplierorders/{id}/validate", new { idwarehouse = 0, notrigger = 0 })).ReadAsync(HttpStatusCode.OK);
        validated["success"]!["code"]!.GetValue<int>().ShouldBe(200);
        validated["success"]!["message"]!.GetValue<string>().ShouldStartWith("Order validated (Ref=");
        (await (await api.PostAsync($"/api/index.php/supplierorders/{id}/makeorder", new { date = 0, method = 3, comment = "" })).DolibarrErrorAsync(HttpStatusCode.BadRequest))
            .ShouldContain("Only an approved order can be sent");
        (await (await api.PostAsync($"/api/index.php/supplierorders/{id}/approve", new { idwarehouse = 0, secondlevel = 0 })).ReadAsync(HttpStatusCode.OK))["success"]!["message"]!
            .GetValue<string>().ShouldStartWith("Order approved (Ref=");
        (await GetAsync(api, id))["statut"]!.GetValue<int>().ShouldBe(2);
        (await (await api.PostAsync($"/api/index.php/supplierorders/{id}/makeorder", new { date = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), method = 3, comment = "" })).ReadAsync(HttpStatusCode.OK))
            ["success"]!["message"]!.GetValue<string>().ShouldStartWith("Order sent (Ref=");
        var ordered = await GetAsync(api, id);
        (ordered["statut"]!.GetValue<int>(), ordered["methode_commande_id"]!.GetValue<int>()).ShouldBe((3, 3));
        ordered["date_commande"]!.GetValue<long>().ShouldBeGreaterThan(0);

        var receive = new { closeopenorder = 1, comment = "", lines = new object[] { new { id = productLine, fk_product = product, qty = 5, warehouse, price = 7.5, comment = "", eatby = 0, sellby = 0, batch = 0, notrigger = 0 } } };
        (await (await api.PostAsync($"/api/index.php/supplierorders/{id}/receive", receive)).ReadAsync(HttpStatusCode.OK))["success"]!["message"]!.GetValue<string>().ShouldStartWith("Order received (Ref=");
        (await GetAsync(api, id))["statut"]!.GetValue<int>().ShouldBe(4);
        (await LevelAsync(product, warehouse)).ShouldBe(5m);
        var listed = await (await api.GetAsync($"/api/index.php/supplierorders?status=received_start&thirdparty_ids={socid}&sqlfilters=" + Uri.EscapeDataString("(t.ref_supplier:like:'sup-ref%')"))).ReadAsync(HttpStatusCode.OK);
        listed.AsArray().Select(o => o!["id"]!.GetValue<long>()).ShouldBe([id]);
        (await (await api.GetAsync($"/api/index.php/supplierorders?status=draft&thirdparty_ids={socid}")).DolibarrErrorAsync(HttpStatusCode.NotFound)).ShouldContain("No supplier order found");
        (await (await api.PostAsync($"/api/index.php/supplierorders/{id}/receive", new { lines = new object[] { new { id = productLine + 99999, qty = 1, warehouse } } })).DolibarrErrorAsync(HttpStatusCode.BadRequest))
            .ShouldContain("not a line of the order");
        (await (await api.PostAsync($"/api/index.php/supplierorders/{id}/receive", new { lines = new object[] { new { id = productLine, qty = 1, warehouse, batch = "LOT-1" } } })).DolibarrErrorAsync(HttpStatusCode.BadRequest))
            .ShouldContain("batch");
        (await LevelAsync(product, warehouse)).ShouldBe(5m);
    }

    [Fact]
    public async Task A_supplier_invoice_is_created_validated_and_paid_and_bad_input_or_rights_are_refused()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var (socid, _, _) = await SupplierProductAndWarehouseAsync(api, "Dol Supplier Invoice SARL");
        var number = "FA-" + Guid.NewGuid().ToString("N")[..8];
        var id = (await (await api.PostAsync("/api/index.php/supplierinvoices", new
        {
            socid, ref_supplier = number, date = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), type = 0, note_public = "Paid by transfer",
            lines = new object[] { new { desc = "Hosting", subprice = 50, qty = 2, tva_tx = 20 } },
        })).ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        var line = (await (await api.PostAsync($"/api/index.php/supplierinvoices/{id}/lines", new { desc = "Setup", subprice = 10, qty = 1, tva_tx = 20 })).ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        var invoice = await (await api.GetAsync($"/api/index.php/supplierinvoices/{id}")).ReadAsync(HttpStatusCode.OK);
        (invoice["ref_supplier"]!.GetValue<string>(), invoice["socid"]!.GetValue<long>(), invoice["statut"]!.GetValue<int>(), invoice["paye"]!.GetValue<int>(), invoice["type"]!.GetValue<int>())
            .ShouldBe((number, socid, 0, 0, 0));
        (invoice["total_ttc"]!.GetValue<string>(), invoice["note_public"]!.GetValue<string>(), invoice["lines"]!.AsArray().Count).ShouldBe(("132.00000000", "Paid by transfer", 2));
        var deleted = await (await api.DeleteAsync($"/api/index.php/supplierinvoices/{id}/lines/{line}")).ReadAsync(HttpStatusCode.OK);
        (deleted["success"]!["code"]!.GetValue<int>(), deleted["success"]!["message"]!.GetValue<string>()).ShouldBe((200, $"line {line} deleted"), "Dolibarr's supplier invoices answer a success message, not the invoice");
        (await (await api.GetAsync($"/api/index.php/supplierinvoices/{id}")).ReadAsync(HttpStatusCode.OK))["total_ttc"]!.GetValue<string>().ShouldBe("120.00000000");
        (await (await api.GetAsync($"/api/index.php/supplierinvoices/{id}/lines")).ReadAsync(HttpStatusCode.OK)).AsArray().Single()!["qty"]!.GetValue<string>().ShouldBe("2.00000000");

        var before = await CountAsync();
        (await (await api.PostAsync("/api/index.php/supplierinvoices", new { ref_supplier = "X" })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldBe("Bad Request: socid field missing");
        (await (await api.PostAsync("/api/index.php/supplierinvoices", new { socid })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("ref_supplier");
        (await (await api.PostAsync("/api/index.php/supplierinvoices", new { socid, ref_supplier = number })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain(number);
        (await (await api.PostAsync("/api/index.php/supplierinvoices", new { socid, ref_supplier = "Y", type = 2 })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("type");
        (await (await api.PostAsync("/api/index.php/supplierinvoices", new { socid, ref_supplier = "Z", label = "x" })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("Unknown field 'label'");
        (await CountAsync()).ShouldBe(before);

        var (_, readerKey) = await ApiKit.UserWithKeyAsync(app, PurchasingPermissions.Invoices.Read);
        using var reader = ApiKit.Client(app, readerKey);
        (await reader.PostAsync($"/api/index.php/supplierinvoices/{id}/validate", new { })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await (await api.PostAsync($"/api/index.php/supplierinvoices/{id}/validate", new { idwarehouse = 0, notrigger = 0 })).ReadAsync(HttpStatusCode.OK))["success"]!["message"]!
            .GetValue<string>().ShouldStartWith("Invoice validated (Ref=");
        (await (await api.PostAsync($"/api/index.php/supplierinvoices/{id}/settopaid", new { })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("120.00000000 left to pay");
        var types = await (await api.GetAsync("/api/index.php/setup/dictionary/payment_types")).ReadAsync(HttpStatusCode.OK);
        var transfer = types.AsArray().First(t => t!["code"]!.GetValue<string>() == "VIR")!["id"]!.GetValue<long>();
        (await (await api.PostAsync($"/api/index.php/supplierinvoices/{id}/payments", new { datepaye = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), payment_mode_id = transfer, closepaidinvoices = "yes" }))
            .DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("Account ID is mandatory");
        var body = new { datepaye = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), payment_mode_id = transfer, closepaidinvoices = "yes", accountid = await BankAsync(), num_payment = "VIR-OUT-1" };
        var key = Guid.NewGuid().ToString();
        var payment = (await (await api.PostAsync($"/api/index.php/supplierinvoices/{id}/payments", body, key)).ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        (await (await api.PostAsync($"/api/index.php/supplierinvoices/{id}/payments", body, key)).ReadAsync(HttpStatusCode.OK)).GetValue<long>().ShouldBe(payment);

        var paid = await (await api.PostAsync($"/api/index.php/supplierinvoices/{id}/settopaid", new { })).ReadAsync(HttpStatusCode.OK);
        (paid["statut"]!.GetValue<int>(), paid["paye"]!.GetValue<int>(), paid["remaintopay"]!.GetValue<string>(), paid["totalpaid"]!.GetValue<string>()).ShouldBe((2, 1, "0.00000000", "120.00000000"));
        var payments = (await (await api.GetAsync($"/api/index.php/supplierinvoices/{id}/payments")).ReadAsync(HttpStatusCode.OK)).AsArray();
        (payments.Single()!["amount"]!.GetValue<string>(), payments.Single()!["type"]!.GetValue<string>(), payments.Single()!["num"]!.GetValue<string>()).ShouldBe(("120.00000000", "VIR", "VIR-OUT-1"));
        (await (await api.GetAsync($"/api/index.php/supplierinvoices?status=paid&thirdparty_ids={socid}")).ReadAsync(HttpStatusCode.OK)).AsArray().Single()!["id"]!.GetValue<long>().ShouldBe(id);
        (await (await api.DeleteAsync($"/api/index.php/supplierinvoices/{id}")).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("cannot be deleted");
        (await (await api.GetAsync("/api/index.php/supplierinvoices/987654321")).DolibarrErrorAsync(HttpStatusCode.NotFound)).ShouldBe("Not Found: Supplier invoice not found");
    }

    private async Task<(long Socid, long Product, long Warehouse)> SupplierProductAndWarehouseAsync(HttpClient api, string name)
    {
        var tag = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var socid = (await (await api.PostAsync("/api/index.php/thirdparties", new { name = $"{name} {tag}", client = 0, fournisseur = 1 })).ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        var product = (await (await api.PostAsync("/api/index.php/products", new { @ref = "BUY-" + tag, label = "Part " + tag, price = 20, tva_tx = 20, status_buy = 1, seuil_stock_alerte = 0 }))
            .ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var depot = new Warehouse("WP" + tag, "Depot " + tag);
        db.Add(depot);
        await db.SaveChangesAsync();
        return (socid, product, depot.Id);
    }

    private static async Task<JsonNode> GetAsync(HttpClient api, long id) => await (await api.GetAsync($"/api/index.php/supplierorders/{id}")).ReadAsync(HttpStatusCode.OK);

    private async Task<decimal> LevelAsync(long product, long warehouse)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<StockMovement>().Where(m => m.ProductId == product && m.WarehouseId == warehouse).SumAsync(m => m.Quantity);
    }

    private async Task<long> BankAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.Set<BankAccount>().Where(b => b.Active).Select(b => (long?)b.Id).FirstOrDefaultAsync() is { } id)
        {
            return id;
        }

        var bank = new BankAccount { Label = "Dolibarr purchasing bank " + Guid.NewGuid().ToString("N")[..6], AccountingAccount = "512" };
        db.Add(bank);
        await db.SaveChangesAsync();
        return bank.Id;
    }

    private async Task<int> CountAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<SupplierInvoice>().CountAsync();
    }
}
