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

/// <summary>The sales chain over /api/v1, on the screens' handlers: proposal → order → invoice → payment, and the refusals.</summary>
public sealed class NativeSalesApiTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task The_sales_chain_runs_from_proposal_to_paid_invoice_with_actions_answering_the_resulting_resource()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var customer = await CustomerAsync(api, "Native Chain SARL");

        var created = await (await api.PostAsync("/api/v1/proposals", new
        {
            thirdPartyId = customer, validityDays = 20,
            lines = new object[] { new { kind = "free", description = "Widget", quantity = 1, unitPrice = 1.24m, vatRate = 10 } },
        })).ReadAsync(HttpStatusCode.Created);
        var proposal = created["id"]!.GetValue<long>();
        (created["status"]!.GetValue<string>(), created["validityDays"]!.GetValue<int>(), created["lines"]!.AsArray().Count).ShouldBe(("draft", 20, 1));
        for (var i = 0; i < 4; i++)
        {
            var line = await (await api.PostAsync($"/api/v1/proposals/{proposal}/lines", new { description = $"Setup {i}", quantity = 1, unitPrice = 10, vatRate = 20 }))
                .ReadAsync(HttpStatusCode.Created);
            (line["kind"]!.GetValue<string>(), line["totalInclTax"]!.GetValue<decimal>(), line["position"]!.GetValue<int>()).ShouldBe(("free", 12m, i + 2));
        }

        var incl = await (await api.PostAsync($"/api/v1/proposals/{proposal}/lines", new { description = "TTC", quantity = 1, unitPrice = 1.36m, priceBasis = "incl-tax", vatRate = 10 }))
            .ReadAsync(HttpStatusCode.Created);
        await api.DeleteAsync($"/api/v1/proposals/{proposal}/lines/{incl["id"]!.GetValue<long>()}");
        var draft = await (await api.GetAsync($"/api/v1/proposals/{proposal}")).ReadAsync(HttpStatusCode.OK);
        (draft["totalExclTax"]!.GetValue<decimal>(), draft["totalVat"]!.GetValue<decimal>(), draft["totalInclTax"]!.GetValue<decimal>()).ShouldBe((41.24m, 8.12m, 49.36m));

        var validated = await (await api.PostAsync($"/api/v1/proposals/{proposal}/validate", new { })).ReadAsync(HttpStatusCode.OK);
        (validated["status"]!.GetValue<string>(), validated["reference"]!.GetValue<string>()[..2]).ShouldBe(("validated", "PR"));
        var late = await api.PostAsync($"/api/v1/proposals/{proposal}/lines", new { description = "Late", quantity = 1, unitPrice = 1, vatRate = 20 });
        (await late.ReadAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldContain("can no longer be changed");
        (await (await api.PostAsync($"/api/v1/proposals/{proposal}/sign", new { note = "Signed by mail" })).ReadAsync(HttpStatusCode.OK))["status"]!.GetValue<string>().ShouldBe("signed");

        var key = Guid.NewGuid().ToString();
        var order = await (await api.PostAsync($"/api/v1/proposals/{proposal}/create-order", new { }, key)).ReadAsync(HttpStatusCode.Created);
        var orderId = order["id"]!.GetValue<long>();
        var retried = await api.PostAsync($"/api/v1/proposals/{proposal}/create-order", new { }, key);
        (await retried.ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>().ShouldBe(orderId);
        (await CountAsync<SalesOrder>(o => o.ProposalId == proposal)).ShouldBe(1);
        (order["status"]!.GetValue<string>(), order["proposalId"]!.GetValue<long>(), order["totalInclTax"]!.GetValue<decimal>()).ShouldBe(("draft", proposal, 49.36m));
        (await (await api.PostAsync($"/api/v1/orders/{orderId}/validate", new { })).ReadAsync(HttpStatusCode.OK))["status"]!.GetValue<string>().ShouldBe("validated");

        var invoice = await (await api.PostAsync($"/api/v1/orders/{orderId}/create-invoice", new { })).ReadAsync(HttpStatusCode.Created);
        var invoiceId = invoice["id"]!.GetValue<long>();
        (invoice["kind"]!.GetValue<string>(), invoice["status"]!.GetValue<string>(), invoice["totalInclTax"]!.GetValue<decimal>()).ShouldBe(("standard", "draft", 49.36m));
        var unpaid = await (await api.PostAsync($"/api/v1/invoices/{invoiceId}/validate", new { })).ReadAsync(HttpStatusCode.OK);
        (unpaid["status"]!.GetValue<string>(), unpaid["amountDue"]!.GetValue<decimal>()).ShouldBe(("unpaid", 49.36m));
        (await (await api.GetAsync($"/api/v1/orders/{orderId}")).ReadAsync(HttpStatusCode.OK))["billed"]!.GetValue<bool>().ShouldBeTrue();

        var bank = await BankAsync();
        var paying = await api.PostAsync($"/api/v1/invoices/{invoiceId}/pay", new { bankAccountId = bank, reference = "VIR 42" });
        var paid = await paying.ReadAsync(HttpStatusCode.OK);
        (paid["status"]!.GetValue<string>(), paid["amountSettled"]!.GetValue<decimal>(), paid["amountDue"]!.GetValue<decimal>()).ShouldBe(("paid", 49.36m, 0m));
        var payment = await (await api.GetAsync(paying.Headers.Location!.ToString())).ReadAsync(HttpStatusCode.OK);
        (payment["amount"]!.GetValue<decimal>(), payment["shares"]![0]!["invoiceId"]!.GetValue<long>(), payment["reference"]!.GetValue<string>()).ShouldBe((49.36m, invoiceId, "VIR 42"));
        var listed = await (await api.GetAsync($"/api/v1/payments?invoiceId={invoiceId}")).ReadAsync(HttpStatusCode.OK);
        listed["items"]!.AsArray().Select(p => p!["id"]!.GetValue<long>()).ShouldBe([payment["id"]!.GetValue<long>()]);

        var cancelled = await (await api.PostAsync($"/api/v1/payments/{payment["id"]!.GetValue<long>()}/cancel", new { })).ReadAsync(HttpStatusCode.OK);
        cancelled["reversedById"]!.GetValue<long>().ShouldBeGreaterThan(0);
        (await (await api.GetAsync($"/api/v1/invoices/{invoiceId}")).ReadAsync(HttpStatusCode.OK))["status"]!.GetValue<string>().ShouldBe("unpaid");

        var credit = await (await api.PostAsync($"/api/v1/invoices/{invoiceId}/credit-note", new { })).ReadAsync(HttpStatusCode.Created);
        (credit["kind"]!.GetValue<string>(), credit["creditedInvoiceId"]!.GetValue<long>(), credit["totalInclTax"]!.GetValue<decimal>()).ShouldBe(("credit-note", invoiceId, -49.36m));
        var invoices = await (await api.GetAsync($"/api/v1/invoices?thirdPartyId={customer}&kind=credit-note")).ReadAsync(HttpStatusCode.OK);
        invoices["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()).ShouldBe([credit["id"]!.GetValue<long>()]);
    }

    [Fact]
    public async Task A_direct_invoice_is_created_with_lines_paid_in_part_and_abandoned_and_refusals_are_problems()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var customer = await CustomerAsync(api, "Native Direct Invoice SA");
        var bad = await api.PostAsync("/api/v1/invoices", new { thirdPartyId = customer, lines = new object[] { new { description = "Ok", unitPrice = 1, vatRate = 20 }, new { kind = "free", quantity = -1 } } });
        var problem = await bad.ReadAsync(HttpStatusCode.BadRequest);
        problem["errors"]!["lines[1].quantity"]![0]!.GetValue<string>().ShouldContain("more than zero");
        problem["errors"]!["lines[1].description"].ShouldNotBeNull();
        (await CountAsync<Invoice>(i => i.ThirdPartyId == customer)).ShouldBe(0);

        var invoice = await (await api.PostAsync("/api/v1/invoices", new { thirdPartyId = customer, lines = new object[] { new { description = "Consulting", quantity = 2, unitPrice = 50, vatRate = 20 } } }))
            .ReadAsync(HttpStatusCode.Created);
        var id = invoice["id"]!.GetValue<long>();
        (await (await api.PostAsync($"/api/v1/invoices/{id}/pay", new { bankAccountId = await BankAsync() })).ReadAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldContain("draft");
        await (await api.PostAsync($"/api/v1/invoices/{id}/validate", new { })).ReadAsync(HttpStatusCode.OK);
        var part = await (await api.PostAsync($"/api/v1/invoices/{id}/pay", new { bankAccountId = await BankAsync(), amount = 20 })).ReadAsync(HttpStatusCode.OK);
        (part["status"]!.GetValue<string>(), part["amountDue"]!.GetValue<decimal>()).ShouldBe(("unpaid", 100m));
        (await (await api.PostAsync($"/api/v1/invoices/{id}/cancel", new { })).ReadAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldContain("Choose why");
        (await (await api.PostAsync($"/api/v1/invoices/{id}/cancel", new { reason = "sideways" })).ReadAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().ShouldContain("reason");
        var abandoned = await (await api.PostAsync($"/api/v1/invoices/{id}/cancel", new { reason = "bad-debt", note = "Gone" })).ReadAsync(HttpStatusCode.OK);
        abandoned["status"]!.GetValue<string>().ShouldBe("abandoned");

        (await api.GetAsync("/api/v1/invoices/987654321")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.PostAsync("/api/v1/proposals/987654321/validate", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var empty = await (await api.PostAsync("/api/v1/proposals", new { thirdPartyId = customer })).ReadAsync(HttpStatusCode.Created);
        (await (await api.PostAsync($"/api/v1/proposals/{empty["id"]!.GetValue<long>()}/validate", new { })).ReadAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldContain("no lines");
        (await api.DeleteAsync($"/api/v1/proposals/{empty["id"]!.GetValue<long>()}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_key_with_only_the_read_right_reads_but_cannot_validate_and_a_rep_does_not_see_others_invoices()
    {
        using var admin = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var customer = await CustomerAsync(admin, "Native Rights SAS");
        var invoice = (await (await admin.PostAsync("/api/v1/invoices", new { thirdPartyId = customer, lines = new object[] { new { description = "X", unitPrice = 5, vatRate = 20 } } }))
            .ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();

        var (_, readerKey) = await ApiKit.UserWithKeyAsync(app, SalesPermissions.Invoices.Read, MokoCrm.Web.Modules.Crm.CrmPermissions.ThirdParties.Read);
        using var reader = ApiKit.Client(app, readerKey);
        (await reader.GetAsync($"/api/v1/invoices/{invoice}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "a user without 'see all third parties' sees only their customers");
        (await reader.PostAsync($"/api/v1/invoices/{invoice}/validate", new { })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await CountAsync<Invoice>(i => i.Id == invoice && i.Status == InvoiceStatus.Draft)).ShouldBe(1);
    }

    private static async Task<long> CustomerAsync(HttpClient api, string name) =>
        (await (await api.PostAsync("/api/v1/third-parties", new { name = $"{name} {Guid.NewGuid():N}"[..40], isCustomer = true })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();

    private async Task<long> BankAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.Set<BankAccount>().Where(b => b.Active).Select(b => (long?)b.Id).FirstOrDefaultAsync() is { } id)
        {
            return id;
        }

        var bank = new BankAccount { Label = "Native API bank", AccountingAccount = "512" };
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
