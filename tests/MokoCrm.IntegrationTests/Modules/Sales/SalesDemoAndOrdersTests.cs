using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.IntegrationTests.Crm;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.IntegrationTests.Modules.Sales;

public sealed class SalesDemoDataTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    [Fact]
    public async Task The_demo_data_has_a_draft_and_a_signed_proposal_and_the_validated_order_linked_to_it()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var proposals = await db.Set<Proposal>().AsNoTracking().Include(p => p.Lines).ToListAsync();
        var orders = await db.Set<SalesOrder>().AsNoTracking().Include(o => o.Lines).ToListAsync();

        proposals.Select(p => p.Status).Order().ShouldBe([ProposalStatus.Draft, ProposalStatus.Signed]);
        var signed = proposals.Single(p => p.Status == ProposalStatus.Signed);
        signed.Lines.Select(l => l.Kind).ShouldContain(Web.Platform.Domain.LineKind.Subtotal);
        var order = orders.ShouldHaveSingleItem();
        (order.Status, order.ProposalId, order.TotalInclTax).ShouldBe((SalesOrderStatus.Validated, (long?)signed.Id, signed.TotalInclTax));
        (await db.Set<RecordLink>().CountAsync(l => l.SourceType == "sales.proposal" && l.SourceId == signed.Id && l.TargetType == "sales.order" && l.TargetId == order.Id))
            .ShouldBe(1);
    }
}

public sealed class SalesOrdersTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task An_order_from_scratch_is_validated_cancelled_and_exported_and_a_draft_is_deleted()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await ThirdPartyAsync(admin, "Kilo Orders SAS");
        var created = await admin.PostFormAsync("/Sales/Orders/new", "/Sales/Orders/new", new()
        {
            ["ThirdPartyId"] = customer.ToString(), ["Date"] = DateTime.UtcNow.ToString("yyyy-MM-dd"), ["CustomerReference"] = "PO-778",
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect, await created.Content.ReadAsStringAsync());
        var id = long.Parse(created.Headers.Location!.ToString().Split('/')[^1]);
        var card = $"/Sales/Orders/{id}";
        (await admin.PostFormAsync(card, $"{card}/lines", new() { ["Kind"] = "Free", ["Description"] = "Pallet", ["Quantity"] = "2.5", ["UnitPrice"] = "40", ["VatRate"] = "20" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.PostFormAsync(card, $"{card}/validate", new())).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var validated = await OrderAsync(id);
        (validated.Status, validated.TotalExclTax, validated.TotalInclTax).ShouldBe((SalesOrderStatus.Validated, 100m, 120m));
        (await admin.PostFormAsync(card, $"{card}/delete", new())).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await OrderAsync(id)).ShouldNotBeNull("a numbered order is never deleted");

        var csv = await admin.Http.GetStringAsync($"/Sales/Orders?thirdParty={customer}&export=csv");
        csv.ShouldContain(validated.Number!);
        csv.ShouldContain("Kilo Orders SAS");

        (await admin.PostFormAsync(card, $"{card}/cancel", new())).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await OrderAsync(id)).Status.ShouldBe(SalesOrderStatus.Cancelled);
        (await admin.Http.GetStringAsync($"/Agenda/Events?thirdParty={customer}")).ShouldContain($"Order {validated.Number} cancelled");

        var draft = await admin.PostFormAsync("/Sales/Orders/new", "/Sales/Orders/new", new() { ["ThirdPartyId"] = customer.ToString(), ["Date"] = DateTime.UtcNow.ToString("yyyy-MM-dd") });
        var draftId = long.Parse(draft.Headers.Location!.ToString().Split('/')[^1]);
        (await admin.PostFormAsync($"/Sales/Orders/{draftId}", $"/Sales/Orders/{draftId}/delete", new())).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.GetAsync($"/Sales/Orders/{draftId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static async Task<long> ThirdPartyAsync(SignedInClient client, string name)
    {
        var response = await client.PostFormAsync("/Crm/ThirdParties/new", "/Crm/ThirdParties/new",
            new() { ["Name"] = name, ["IsCustomer"] = "true", ["CountryCode"] = "FR", ["CreateAnyway"] = "true" });
        return long.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    private async Task<SalesOrder> OrderAsync(long id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<SalesOrder>().AsNoTracking().SingleAsync(o => o.Id == id);
    }
}
