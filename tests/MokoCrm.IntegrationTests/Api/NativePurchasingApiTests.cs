using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Crm;
using MokoCrm.Web.Modules.Purchasing;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.IntegrationTests.Api;

/// <summary>The purchasing chain over /api/v1 on the screens' handlers: order → approval → reception (stock in) → supplier invoice → supplier payment.</summary>
public sealed class NativePurchasingApiTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task A_purchase_order_is_validated_approved_ordered_received_billed_and_paid_and_each_action_answers_the_resulting_resource()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var tag = Guid.NewGuid().ToString("N")[..6];
        var supplier = await SupplierAsync(api, $"Native Supplier {tag}");
        var warehouse = (await (await api.PostAsync("/api/v1/warehouses", new { reference = $"WP{tag}", label = "Native purchasing" })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        var product = (await (await api.PostAsync("/api/v1/products", new { reference = $"NPP{tag}", label = "Bought widget", price = 20m, vatRate = 20m, stockManaged = true }))
            .ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();

        var key = Guid.NewGuid().ToString();
        var body = new
        {
            supplierId = supplier, supplierReference = "THEIR-42", publicNote = "Deliver to gate 2",
            lines = new object[] { new { productId = product, quantity = 5, unitPrice = 10m, vatRate = 20 }, new { description = "Carriage", quantity = 1, unitPrice = 15m, vatRate = 20 } },
        };
        var created = await (await api.PostAsync("/api/v1/purchase-orders", body, key)).ReadAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<long>();
        (await (await api.PostAsync("/api/v1/purchase-orders", body, key)).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>().ShouldBe(id);
        (created["status"]!.GetValue<string>(), created["supplierReference"]!.GetValue<string>(), created["totalExclTax"]!.GetValue<decimal>()).ShouldBe(("draft", "THEIR-42", 65m));
        var productLine = created["lines"]![0]!;
        (productLine["goesToStock"]!.GetValue<bool>(), created["lines"]![1]!["goesToStock"]!.GetValue<bool>()).ShouldBe((true, false));

        var extra = await (await api.PostAsync($"/api/v1/purchase-orders/{id}/lines", new { description = "Pallet", quantity = 2, unitPrice = 3m, vatRate = 20 })).ReadAsync(HttpStatusCode.Created);
        (extra["position"]!.GetValue<int>(), extra["totalExclTax"]!.GetValue<decimal>()).ShouldBe((3, 6m));
        var extraId = extra["id"]!.GetValue<long>();
        var changed = await (await api.PatchAsync($"/api/v1/purchase-orders/{id}/lines/{extraId}", ApiKit.Json(new { quantity = 4 }))).ReadAsync(HttpStatusCode.OK);
        (changed["quantity"]!.GetValue<decimal>(), changed["description"]!.GetValue<string>(), changed["totalExclTax"]!.GetValue<decimal>()).ShouldBe((4m, "Pallet", 12m));
        (await api.DeleteAsync($"/api/v1/purchase-orders/{id}/lines/{extraId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await api.DeleteAsync($"/api/v1/purchase-orders/{id}/lines/{extraId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await api.PatchAsync($"/api/v1/purchase-orders/{id}/lines/{productLine["id"]!.GetValue<long>()}", ApiKit.Json(new { quantity = -1 }))).ReadAsync(HttpStatusCode.BadRequest))["errors"]!["quantity"]
            .ShouldNotBeNull();
        var header = await (await api.PatchAsync($"/api/v1/purchase-orders/{id}", ApiKit.Json(new { deliveryDate = "2099-01-15", supplierReference = "THEIR-43" }))).ReadAsync(HttpStatusCode.OK);
        (header["deliveryDate"]!.GetValue<string>(), header["supplierReference"]!.GetValue<string>(), header["totalExclTax"]!.GetValue<decimal>()).ShouldBe(("2099-01-15", "THEIR-43", 65m));

        (await (await api.PostAsync($"/api/v1/purchase-orders/{id}/receive", new { })).ReadAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        var validated = await (await api.PostAsync($"/api/v1/purchase-orders/{id}/validate", new { })).ReadAsync(HttpStatusCode.OK);
        (validated["status"]!.GetValue<string>(), validated["reference"]!.GetValue<string>().StartsWith("(PROV", StringComparison.Ordinal)).ShouldBe(("validated", false));
        (await (await api.PatchAsync($"/api/v1/purchase-orders/{id}", ApiKit.Json(new { supplierReference = "LATE" }))).ReadAsync(HttpStatusCode.Conflict))["status"]!.GetValue<int>().ShouldBe(409);
        (await (await api.PostAsync($"/api/v1/purchase-orders/{id}/approve", new { })).ReadAsync(HttpStatusCode.OK))["status"]!.GetValue<string>().ShouldBe("approved");
        var ordered = await (await api.PostAsync($"/api/v1/purchase-orders/{id}/order", new { method = "email", orderedOn = DateOnly.FromDateTime(DateTime.UtcNow) })).ReadAsync(HttpStatusCode.OK);
        (ordered["status"]!.GetValue<string>(), ordered["orderMethod"]!.GetValue<string>()).ShouldBe(("ordered", "email"));

        var receiveKey = Guid.NewGuid().ToString();
        var receiveBody = new { lines = new object[] { new { orderLineId = productLine["id"]!.GetValue<long>(), quantity = 3, warehouseId = warehouse } } };
        var reception = await (await api.PostAsync($"/api/v1/purchase-orders/{id}/receive", receiveBody, receiveKey)).ReadAsync(HttpStatusCode.Created);
        var receptionId = reception["id"]!.GetValue<long>();
        (await (await api.PostAsync($"/api/v1/purchase-orders/{id}/receive", receiveBody, receiveKey)).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>().ShouldBe(receptionId);
        (reception["status"]!.GetValue<string>(), reception["purchaseOrderId"]!.GetValue<long>(), reception["lines"]!.AsArray().Count).ShouldBe(("validated", id, 1));
        (await CountAsync<StockMovement>(m => m.ProductId == product && m.WarehouseId == warehouse && m.Quantity == 3m)).ShouldBe(1);
        var partly = await (await api.GetAsync($"/api/v1/purchase-orders/{id}")).ReadAsync(HttpStatusCode.OK);
        (partly["status"]!.GetValue<string>(), partly["lines"]![0]!["quantityReceived"]!.GetValue<decimal>()).ShouldBe(("partly-received", 3m));
        (await (await api.GetAsync($"/api/v1/receptions?purchaseOrderId={id}")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray().Select(r => r!["id"]!.GetValue<long>()).ShouldBe([receptionId]);

        var invoice = await (await api.PostAsync("/api/v1/supplier-invoices", new { supplierId = supplier, supplierInvoiceNumber = $"F-{tag}", receptionIds = new[] { receptionId } }))
            .ReadAsync(HttpStatusCode.Created);
        var invoiceId = invoice["id"]!.GetValue<long>();
        (invoice["status"]!.GetValue<string>(), invoice["lines"]!.AsArray().Count, invoice["totalInclTax"]!.GetValue<decimal>()).ShouldBe(("draft", 1, 36m));
        (await (await api.PostAsync("/api/v1/supplier-invoices", new { supplierId = supplier, supplierInvoiceNumber = $"F-{tag}" })).ReadAsync(HttpStatusCode.Conflict))["detail"]!
            .GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        var valid = await (await api.PostAsync($"/api/v1/supplier-invoices/{invoiceId}/validate", new { })).ReadAsync(HttpStatusCode.OK);
        (valid["invoice"]!["status"]!.GetValue<string>(), valid["invoice"]!["amountDue"]!.GetValue<decimal>(), valid["warnings"]!.AsArray().Count).ShouldBe(("validated", 36m, 0));

        var bank = await BankAsync();
        (await (await api.PostAsync("/api/v1/supplier-payments", new { supplierId = supplier, bankAccountId = bank, shares = new[] { new { invoiceId, amount = 50m } } }))
            .ReadAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        var payment = await (await api.PostAsync("/api/v1/supplier-payments", new { supplierId = supplier, bankAccountId = bank, reference = "VIR OUT", shares = new[] { new { invoiceId, amount = 36m } } }))
            .ReadAsync(HttpStatusCode.Created);
        (payment["amount"]!.GetValue<decimal>(), payment["shares"]![0]!["invoiceId"]!.GetValue<long>(), payment["reference"]!.GetValue<string>()).ShouldBe((36m, invoiceId, "VIR OUT"));
        (await (await api.GetAsync($"/api/v1/supplier-invoices/{invoiceId}")).ReadAsync(HttpStatusCode.OK))["status"]!.GetValue<string>().ShouldBe("paid");
        (await (await api.GetAsync($"/api/v1/supplier-payments?invoiceId={invoiceId}")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray().Count.ShouldBe(1);
        var cancelled = await (await api.PostAsync($"/api/v1/supplier-payments/{payment["id"]!.GetValue<long>()}/cancel", new { })).ReadAsync(HttpStatusCode.OK);
        cancelled["reversedByPaymentId"]!.GetValue<long>().ShouldBeGreaterThan(0);
        (await (await api.GetAsync($"/api/v1/supplier-invoices/{invoiceId}")).ReadAsync(HttpStatusCode.OK))["status"]!.GetValue<string>().ShouldBe("validated");

        var rest = await (await api.PostAsync($"/api/v1/purchase-orders/{id}/receive", new { validate = false })).ReadAsync(HttpStatusCode.Created);
        rest["status"]!.GetValue<string>().ShouldBe("draft");
        (await (await api.PostAsync($"/api/v1/receptions/{rest["id"]!.GetValue<long>()}/validate", new { })).ReadAsync(HttpStatusCode.OK))["status"]!.GetValue<string>().ShouldBe("validated");
        (await (await api.GetAsync($"/api/v1/purchase-orders/{id}")).ReadAsync(HttpStatusCode.OK))["status"]!.GetValue<string>().ShouldBe("received");
    }

    [Fact]
    public async Task Purchasing_refusals_are_problems_a_key_without_the_right_gets_403_and_a_rep_does_not_see_other_suppliers_orders()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var supplier = await SupplierAsync(api, "Native Refusals Supplier");
        var bad = await (await api.PostAsync("/api/v1/purchase-orders", new { supplierId = supplier, lines = new object[] { new { description = "Ok", unitPrice = 1, vatRate = 20 }, new { quantity = 0 } } }))
            .ReadAsync(HttpStatusCode.BadRequest);
        bad["errors"]!["lines[1].quantity"].ShouldNotBeNull();
        (await CountAsync<PurchaseOrder>(o => o.SupplierId == supplier)).ShouldBe(0);
        (await (await api.PostAsync("/api/v1/purchase-orders", new { lines = new object[0] })).ReadAsync(HttpStatusCode.BadRequest))["errors"]!["supplierId"].ShouldNotBeNull();
        (await (await api.PostAsync("/api/v1/purchase-orders", ApiKit.Raw("{\"supplierId\": 1, \"colour\": \"red\"}"))).ReadAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().ShouldContain("colour");

        var empty = (await (await api.PostAsync("/api/v1/purchase-orders", new { supplierId = supplier })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        (await (await api.PostAsync($"/api/v1/purchase-orders/{empty}/validate", new { })).ReadAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldContain("no lines");
        (await (await api.PostAsync($"/api/v1/purchase-orders/{empty}/approve", new { })).ReadAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldContain("Only a validated order");
        (await api.PostAsync("/api/v1/purchase-orders/987654321/validate", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.PostAsync("/api/v1/purchase-orders/987654321/lines", new { description = "X", unitPrice = 1, vatRate = 20 })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.GetAsync("/api/v1/purchase-orders?status=shipped")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.GetAsync("/api/v1/supplier-invoices/987654321")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var (_, readerKey) = await ApiKit.UserWithKeyAsync(app, PurchasingPermissions.Orders.Read, CrmPermissions.ThirdParties.Read, CrmPermissions.ThirdParties.SeeAll);
        using var reader = ApiKit.Client(app, readerKey);
        (await (await reader.GetAsync($"/api/v1/purchase-orders/{empty}")).ReadAsync(HttpStatusCode.OK))["status"]!.GetValue<string>().ShouldBe("draft");
        (await reader.PostAsync($"/api/v1/purchase-orders/{empty}/lines", new { description = "X", unitPrice = 1, vatRate = 20 })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reader.DeleteAsync($"/api/v1/purchase-orders/{empty}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var (_, repKey) = await ApiKit.UserWithKeyAsync(app, PurchasingPermissions.Orders.Read, PurchasingPermissions.Orders.Write, CrmPermissions.ThirdParties.Read);
        using var rep = ApiKit.Client(app, repKey);
        (await rep.GetAsync($"/api/v1/purchase-orders/{empty}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await rep.PostAsync($"/api/v1/purchase-orders/{empty}/lines", new { description = "X", unitPrice = 1, vatRate = 20 })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await rep.GetAsync($"/api/v1/purchase-orders?supplierId={supplier}")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray().Count.ShouldBe(0);
        (await CountAsync<PurchaseOrderLine>(l => l.DocumentId == empty)).ShouldBe(0);
        (await api.DeleteAsync($"/api/v1/purchase-orders/{empty}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    private static async Task<long> SupplierAsync(HttpClient api, string name) =>
        (await (await api.PostAsync("/api/v1/third-parties", new { name = $"{name} {Guid.NewGuid():N}"[..40], isSupplier = true })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();

    private async Task<long> BankAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.Set<BankAccount>().Where(b => b.Active).Select(b => (long?)b.Id).FirstOrDefaultAsync() is { } id)
        {
            return id;
        }

        var bank = new BankAccount { Label = "Native purchasing bank", AccountingAccount = "512" };
        db.Add(bank);
        await db.SaveChangesAsync();
        return bank.Id;
    }

    private async Task<int> CountAsync<T>(System.Linq.Expressions.Expression<Func<T, bool>> where)
        where T : class
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<T>().CountAsync(where);
    }
}
