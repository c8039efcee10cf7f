using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Accounting;
using MokoCrm.Web.Modules.Sales;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.IntegrationTests.Api;

/// <summary>Shipments from an order, bank accounts and journal entries over /api/v1.</summary>
public sealed class NativeShippingAndLedgerApiTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task An_order_is_shipped_from_the_warehouse_holding_the_stock_validated_stock_out_and_closed_as_delivered()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var tag = Guid.NewGuid().ToString("N")[..6];
        var customer = (await (await api.PostAsync("/api/v1/third-parties", new { name = $"Native Ship {tag}", isCustomer = true })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        var warehouse = (await (await api.PostAsync("/api/v1/warehouses", new { reference = $"WSH{tag}", label = "Native shipping" })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        var product = (await (await api.PostAsync("/api/v1/products", new { reference = $"NSH{tag}", label = "Shipped widget", price = 20m, vatRate = 20m, stockManaged = true }))
            .ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        await (await api.PostAsync("/api/v1/stock-movements/corrections", new { productId = product, warehouseId = warehouse, quantity = 10m, reason = "Stock to ship" })).ReadAsync(HttpStatusCode.Created);
        var order = (await (await api.PostAsync("/api/v1/orders", new { thirdPartyId = customer, lines = new object[] { new { productId = product, quantity = 4 } } }))
            .ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();

        (await (await api.PostAsync($"/api/v1/orders/{order}/create-shipment", new { })).ReadAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldContain("only a validated order");
        await (await api.PostAsync($"/api/v1/orders/{order}/validate", new { })).ReadAsync(HttpStatusCode.OK);
        var key = Guid.NewGuid().ToString();
        var shipment = await (await api.PostAsync($"/api/v1/orders/{order}/create-shipment", new { carrier = "La Poste", trackingNumber = "LP123" }, key)).ReadAsync(HttpStatusCode.Created);
        var id = shipment["id"]!.GetValue<long>();
        (await (await api.PostAsync($"/api/v1/orders/{order}/create-shipment", new { carrier = "La Poste", trackingNumber = "LP123" }, key)).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>().ShouldBe(id);
        (shipment["status"]!.GetValue<string>(), shipment["carrier"]!.GetValue<string>(), shipment["orderId"]!.GetValue<long>()).ShouldBe(("draft", "La Poste", order));
        shipment["lines"]!.AsArray().Select(l => (l!["warehouseId"]!.GetValue<long>(), l["quantity"]!.GetValue<decimal>())).ShouldBe([(warehouse, 4m)]);

        var validated = await (await api.PostAsync($"/api/v1/shipments/{id}/validate", new { })).ReadAsync(HttpStatusCode.OK);
        (validated["status"]!.GetValue<string>(), validated["reference"]!.GetValue<string>().StartsWith("(PROV", StringComparison.Ordinal)).ShouldBe(("validated", false));
        (await CountAsync<StockMovement>(m => m.ProductId == product && m.WarehouseId == warehouse && m.Quantity == -4m)).ShouldBe(1);
        (await (await api.GetAsync($"/api/v1/orders/{order}")).ReadAsync(HttpStatusCode.OK))["status"]!.GetValue<string>().ShouldBe("delivered");
        (await (await api.PostAsync($"/api/v1/shipments/{id}/validate", new { })).ReadAsync(HttpStatusCode.Conflict))["status"]!.GetValue<int>().ShouldBe(409);
        (await (await api.PostAsync($"/api/v1/shipments/{id}/close", new { })).ReadAsync(HttpStatusCode.OK))["status"]!.GetValue<string>().ShouldBe("delivered");
        (await (await api.GetAsync($"/api/v1/shipments?orderId={order}&status=delivered")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray().Select(s => s!["id"]!.GetValue<long>()).ShouldBe([id]);
        (await api.GetAsync("/api/v1/shipments?status=lost")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var (_, repKey) = await ApiKit.UserWithKeyAsync(app, SalesPermissions.Shipments.Read, SalesPermissions.Shipments.Write, SalesPermissions.Orders.Read);
        using var rep = ApiKit.Client(app, repKey);
        (await rep.GetAsync($"/api/v1/shipments/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await rep.PostAsync($"/api/v1/orders/{order}/create-shipment", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await rep.PostAsync($"/api/v1/shipments/{id}/validate", new { })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Bank_accounts_and_the_journal_entries_an_invoice_posts_are_read_with_filters_and_bad_filters_are_problems()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var bank = await BankAsync($"Native ledger bank {Guid.NewGuid():N}"[..30]);
        var account = await (await api.GetAsync($"/api/v1/bank-accounts/{bank}")).ReadAsync(HttpStatusCode.OK);
        (account["accountingAccount"]!.GetValue<string>(), account["active"]!.GetValue<bool>()).ShouldBe(("512", true));
        (await (await api.GetAsync("/api/v1/bank-accounts?active=true&limit=200")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray().Select(b => b!["id"]!.GetValue<long>()).ShouldContain(bank);
        (await api.GetAsync("/api/v1/bank-accounts/987654321")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var customer = (await (await api.PostAsync("/api/v1/third-parties", new { name = $"Native Ledger {Guid.NewGuid():N}"[..36], isCustomer = true })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        var invoice = (await (await api.PostAsync("/api/v1/invoices", new { thirdPartyId = customer, lines = new object[] { new { description = "Audit", quantity = 1, unitPrice = 100m, vatRate = 20 } } }))
            .ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        var validated = await (await api.PostAsync($"/api/v1/invoices/{invoice}/validate", new { })).ReadAsync(HttpStatusCode.OK);
        var date = validated["date"]!.GetValue<string>();

        var entries = await (await api.GetAsync($"/api/v1/journal-entries?journal=vt&sourceId={invoice}&from={date}&to={date}")).ReadAsync(HttpStatusCode.OK);
        var entry = entries["items"]!.AsArray().Single()!;
        (entry["journalCode"]!.GetValue<string>(), entry["kind"]!.GetValue<string>(), entry["totalDebit"]!.GetValue<decimal>()).ShouldBe(("VT", "posting", 120m));
        var lines = entry["lines"]!.AsArray();
        lines.Sum(l => l!["debit"]!.GetValue<decimal>()).ShouldBe(lines.Sum(l => l!["credit"]!.GetValue<decimal>()));
        var customerAccount = lines.Single(l => l!["debit"]!.GetValue<decimal>() == 120m)!["accountNumber"]!.GetValue<string>();
        var byAccount = await (await api.GetAsync($"/api/v1/journal-entries?account={customerAccount}&sourceId={invoice}")).ReadAsync(HttpStatusCode.OK);
        byAccount["items"]!.AsArray().Select(e => e!["id"]!.GetValue<long>()).ShouldBe([entry["id"]!.GetValue<long>()]);
        (await (await api.GetAsync($"/api/v1/journal-entries?account={customerAccount[..2]}*&sourceId={invoice}")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray().Count.ShouldBe(1);
        (await (await api.GetAsync($"/api/v1/journal-entries?journal=AC&sourceId={invoice}")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray().Count.ShouldBe(0);
        (await (await api.GetAsync($"/api/v1/journal-entries/{entry["id"]!.GetValue<long>()}")).ReadAsync(HttpStatusCode.OK))["sequence"]!.GetValue<long>().ShouldBeGreaterThan(0);
        (await (await api.GetAsync("/api/v1/journal-entries?account=4%27%3B*")).ReadAsync(HttpStatusCode.BadRequest))["errors"]!["account"].ShouldNotBeNull();
        (await (await api.GetAsync("/api/v1/journal-entries?from=01/12/2026")).ReadAsync(HttpStatusCode.BadRequest))["errors"]!["from"].ShouldNotBeNull();

        var (_, salesKey) = await ApiKit.UserWithKeyAsync(app, SalesPermissions.Invoices.Read);
        using var sales = ApiKit.Client(app, salesKey);
        (await sales.GetAsync("/api/v1/journal-entries")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await sales.GetAsync("/api/v1/bank-accounts")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var (_, ledgerKey) = await ApiKit.UserWithKeyAsync(app, AccountingPermissions.Ledger.Read, PlatformPermissions.SetupRead);
        using var ledger = ApiKit.Client(app, ledgerKey);
        (await (await ledger.GetAsync($"/api/v1/journal-entries?sourceId={invoice}&journal=VT")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray().Count.ShouldBe(1);
    }

    private async Task<long> BankAsync(string label)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var bank = new BankAccount { Label = label, AccountingAccount = "512" };
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
