using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Sales;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.IntegrationTests.Api;

/// <summary>A Dolibarr client billing and collecting: createfromorder, validate, list with sqlfilters, payments, settopaid.</summary>
public sealed class DolibarrInvoiceReplayTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task An_order_is_invoiced_validated_paid_and_listed_with_Dolibarr_shapes()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var socid = await ThirdPartyAsync(api, "Dol Invoice Replay SA");
        var orderId = (await (await api.PostAsync("/api/index.php/orders", new
        {
            socid, lines = new object[] { new { desc = "Widget", subprice = "10", qty = 3, tva_tx = 20 } },
        })).ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        await (await api.PostAsync($"/api/index.php/orders/{orderId}/validate", new { })).ReadAsync(HttpStatusCode.OK);

        var invoice = await (await api.PostAsync($"/api/index.php/invoices/createfromorder/{orderId}", new { })).ReadAsync(HttpStatusCode.OK);
        var id = invoice["id"]!.GetValue<long>();
        (invoice["statut"]!.GetValue<int>(), invoice["paye"]!.GetValue<int>(), invoice["type"]!.GetValue<int>(), invoice["socid"]!.GetValue<long>()).ShouldBe((0, 0, 0, socid));
        (invoice["total_ht"]!.GetValue<string>(), invoice["total_tva"]!.GetValue<string>(), invoice["total_ttc"]!.GetValue<string>()).ShouldBe(("30.00000000", "6.00000000", "36.00000000"));
        invoice["ref"]!.GetValue<string>().ShouldBe($"(PROV{id})");
        invoice["linked_objects_ids"]!["commande"]!["0"]!.GetValue<long>().ShouldBe(orderId);
        invoice["lines"]!.AsArray().Single()!["qty"]!.GetValue<string>().ShouldBe("3.00000000");

        var validated = await (await api.PostAsync($"/api/index.php/invoices/{id}/validate", new { idwarehouse = 0, notrigger = 0 })).ReadAsync(HttpStatusCode.OK);
        (validated["statut"]!.GetValue<int>(), validated["remaintopay"]!.GetValue<string>(), validated["totalpaid"]!.GetValue<string>()).ShouldBe((1, "36.00000000", "0.00000000"));
        var reference = validated["ref"]!.GetValue<string>();
        reference.ShouldNotStartWith("(PROV");
        (await (await api.GetAsync($"/api/index.php/invoices/ref/{reference}")).ReadAsync(HttpStatusCode.OK))["id"]!.GetValue<long>().ShouldBe(id);
        (await (await api.PostAsync($"/api/index.php/invoices/{id}/settopaid", new { close_code = "" })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("left to pay");

        var unpaid = await (await api.GetAsync($"/api/index.php/invoices?status=unpaid&thirdparty_ids={socid}&sqlfilters=" + Uri.EscapeDataString("(t.total_ttc:>=:36) and (t.type:=:0)")))
            .ReadAsync(HttpStatusCode.OK);
        unpaid.AsArray().Select(i => i!["id"]!.GetValue<long>()).ShouldBe([id]);

        var types = await (await api.GetAsync("/api/index.php/setup/dictionary/payment_types")).ReadAsync(HttpStatusCode.OK);
        var transfer = types.AsArray().First(t => t!["code"]!.GetValue<string>() == "VIR")!["id"]!.GetValue<long>();
        var bank = await BankAsync();
        (await (await api.PostAsync($"/api/index.php/invoices/{id}/payments", new { datepaye = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), paymentid = transfer, closepaidinvoices = "yes" }))
            .DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("Account ID is mandatory");
        var key = Guid.NewGuid().ToString();
        var body = new { datepaye = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), paymentid = transfer, closepaidinvoices = "yes", accountid = bank, num_payment = "VIR-778" };
        var paymentId = (await (await api.PostAsync($"/api/index.php/invoices/{id}/payments", body, key)).ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        (await (await api.PostAsync($"/api/index.php/invoices/{id}/payments", body, key)).ReadAsync(HttpStatusCode.OK)).GetValue<long>().ShouldBe(paymentId);

        var paid = await (await api.GetAsync($"/api/index.php/invoices/{id}")).ReadAsync(HttpStatusCode.OK);
        (paid["statut"]!.GetValue<int>(), paid["paye"]!.GetValue<int>(), paid["remaintopay"]!.GetValue<string>(), paid["totalpaid"]!.GetValue<string>()).ShouldBe((2, 1, "0.00000000", "36.00000000"));
        var listed = await (await api.GetAsync($"/api/index.php/invoices/{id}/payments")).ReadAsync(HttpStatusCode.OK);
        var payment = listed.AsArray().Single()!;
        (payment["amount"]!.GetValue<string>(), payment["type"]!.GetValue<string>(), payment["num"]!.GetValue<string>()).ShouldBe(("36.00000000", "VIR", "VIR-778"));
        payment["ref"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        (await (await api.PostAsync($"/api/index.php/invoices/{id}/settopaid", new { })).ReadAsync(HttpStatusCode.OK))["statut"]!.GetValue<int>().ShouldBe(2);
        (await (await api.GetAsync($"/api/index.php/invoices?status=paid&sqlfilters=(t.rowid:=:{id})")).ReadAsync(HttpStatusCode.OK)).AsArray().Count.ShouldBe(1);
        (await (await api.GetAsync($"/api/index.php/invoices?status=draft&sqlfilters=(t.rowid:=:{id})")).DolibarrErrorAsync(HttpStatusCode.NotFound)).ShouldContain("No invoice found");
    }

    [Fact]
    public async Task A_direct_invoice_is_created_with_lines_and_bad_input_or_rights_are_refused_with_nothing_changed()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var socid = await ThirdPartyAsync(api, "Dol Direct Invoice SARL");
        var id = (await (await api.PostAsync("/api/index.php/invoices", new { socid, type = 0, entity = 1, lines = new object[] { new { desc = "Consulting", subprice = 100, qty = 1, tva_tx = 20 } } }))
            .ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        var line = (await (await api.PostAsync($"/api/index.php/invoices/{id}/line", new { desc = "Travel", subprice = 12, qty = 2, tva_tx = 10 })).ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        var invoice = await (await api.GetAsync($"/api/index.php/invoices/{id}")).ReadAsync(HttpStatusCode.OK);
        (invoice["total_ttc"]!.GetValue<string>(), invoice["lines"]!.AsArray().Count).ShouldBe(("146.40000000", 2));
        var removed = await (await api.DeleteAsync($"/api/index.php/invoices/{id}/lines/{line}")).ReadAsync(HttpStatusCode.OK);
        removed["total_ttc"]!.GetValue<string>().ShouldBe("120.00000000");

        var before = await CountAsync();
        (await (await api.PostAsync("/api/index.php/invoices", new { socid, type = 2 })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("type");
        (await (await api.PostAsync("/api/index.php/invoices", new { socid, colour = "red" })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("Unknown field 'colour'");
        (await (await api.PostAsync("/api/index.php/invoices", new { })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("socid");
        (await (await api.GetAsync("/api/index.php/invoices?sqlfilters=" + Uri.EscapeDataString("(t.ref:=:'x') or 1=1"))).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("sqlfilters");
        (await (await api.GetAsync("/api/index.php/invoices?status=sideways")).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("status");
        (await (await api.PostAsync($"/api/index.php/invoices/{id}/payments", new { paymentid = 1, accountid = await BankAsync() })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("draft");
        (await (await api.GetAsync("/api/index.php/invoices/987654321")).DolibarrErrorAsync(HttpStatusCode.NotFound)).ShouldBe("Not Found: Invoice not found");
        var (_, readerKey) = await ApiKit.UserWithKeyAsync(app, SalesPermissions.Invoices.Read);
        using var reader = ApiKit.Client(app, readerKey);
        (await reader.PostAsync($"/api/index.php/invoices/{id}/validate", new { })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await CountAsync()).ShouldBe(before);
        (await api.DeleteAsync($"/api/index.php/invoices/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_payment_is_distributed_among_invoices_as_Dolibarrs_paymentsdistributed_and_bad_shares_change_nothing()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var socid = await ThirdPartyAsync(api, "Dol Distributed SA");
        var other = await ThirdPartyAsync(api, "Dol Distributed Other SA");
        var first = await ValidatedInvoiceAsync(api, socid, 100m);
        var second = await ValidatedInvoiceAsync(api, socid, 50m);
        var foreign = await ValidatedInvoiceAsync(api, other, 10m);
        var types = await (await api.GetAsync("/api/index.php/setup/dictionary/payment_types")).ReadAsync(HttpStatusCode.OK);
        var transfer = types.AsArray().First(t => t!["code"]!.GetValue<string>() == "VIR")!["id"]!.GetValue<long>();
        var bank = await BankAsync();
        object Body(Dictionary<string, object> amounts) => new { arrayofamounts = amounts, datepaye = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), paymentid = transfer, closepaidinvoices = "yes", accountid = bank, num_payment = "DIST-1" };

        (await (await api.PostAsync("/api/index.php/invoices/paymentsdistributed", Body(new() { [$"{first}"] = new { amount = "500", multicurrency_amount = "" } })))
            .DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldBe($"Bad Request: Payment amount on invoice ID {first} (500.00000000) is higher than remain to pay (120.00000000)");
        (await (await api.PostAsync("/api/index.php/invoices/paymentsdistributed", Body(new() { ["987654321"] = new { amount = "remain" } })))
            .DolibarrErrorAsync(HttpStatusCode.NotFound)).ShouldBe("Not Found: Invoice ID 987654321 not found");
        (await (await api.PostAsync("/api/index.php/invoices/paymentsdistributed", Body(new() { [$"{first}"] = new { amount = "remain" }, [$"{foreign}"] = new { amount = "remain" } })))
            .DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("one customer");
        (await (await api.PostAsync("/api/index.php/invoices/paymentsdistributed", new { arrayofamounts = new Dictionary<string, object> { [$"{first}"] = new { amount = "remain" } }, paymentid = transfer }))
            .DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("Account ID is mandatory");
        (await (await api.GetAsync($"/api/index.php/invoices/{first}")).ReadAsync(HttpStatusCode.OK))["totalpaid"]!.GetValue<string>().ShouldBe("0.00000000");

        var payment = (await (await api.PostAsync("/api/index.php/invoices/paymentsdistributed", Body(new() { [$"{first}"] = new { amount = "remain", multicurrency_amount = "" }, [$"{second}"] = new { amount = 20 } })))
            .ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        payment.ShouldBeGreaterThan(0);
        var paid = await (await api.GetAsync($"/api/index.php/invoices/{first}")).ReadAsync(HttpStatusCode.OK);
        (paid["statut"]!.GetValue<int>(), paid["paye"]!.GetValue<int>(), paid["totalpaid"]!.GetValue<string>()).ShouldBe((2, 1, "120.00000000"));
        var part = await (await api.GetAsync($"/api/index.php/invoices/{second}")).ReadAsync(HttpStatusCode.OK);
        (part["statut"]!.GetValue<int>(), part["totalpaid"]!.GetValue<string>(), part["remaintopay"]!.GetValue<string>()).ShouldBe((1, "20.00000000", "40.00000000"));
        (await (await api.GetAsync($"/api/index.php/invoices/{second}/payments")).ReadAsync(HttpStatusCode.OK)).AsArray().Single()!["num"]!.GetValue<string>().ShouldBe("DIST-1");
    }

    private static async Task<long> ValidatedInvoiceAsync(HttpClient api, long socid, decimal amount)
    {
        var id = (await (await api.PostAsync("/api/index.php/invoices", new { socid, lines = new object[] { new { desc = "Service", subprice = amount, qty = 1, tva_tx = 20 } } })).ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        await (await api.PostAsync($"/api/index.php/invoices/{id}/validate", new { })).ReadAsync(HttpStatusCode.OK);
        return id;
    }

    private static async Task<long> ThirdPartyAsync(HttpClient api, string name) =>
        (await (await api.PostAsync("/api/index.php/thirdparties", new { name = $"{name} {Guid.NewGuid():N}"[..40], client = 1 })).ReadAsync(HttpStatusCode.OK)).GetValue<long>();

    private async Task<long> BankAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.Set<BankAccount>().Where(b => b.Active).Select(b => (long?)b.Id).FirstOrDefaultAsync() is { } id)
        {
            return id;
        }

        var bank = new BankAccount { Label = "Dolibarr replay bank", AccountingAccount = "512" };
        db.Add(bank);
        await db.SaveChangesAsync();
        return bank.Id;
    }

    private async Task<int> CountAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Invoice>().CountAsync();
    }
}
