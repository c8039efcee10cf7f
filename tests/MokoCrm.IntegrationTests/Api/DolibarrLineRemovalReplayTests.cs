using System.Net;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Crm;
using MokoCrm.Web.Modules.Sales;

namespace MokoCrm.IntegrationTests.Api;

/// <summary>
/// DELETE {id}/lines/{lineid} on a proposal, order or invoice that is no longer a draft: Dolibarr's deleteLine fails
/// with ErrorDeleteLineNotAllowedByObjectStatus and its API answers 405 with that error; the document is unchanged.
/// </summary>
public sealed class DolibarrLineRemovalReplayTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Theory]
    [InlineData("proposals")]
    [InlineData("orders")]
    [InlineData("invoices")]
    public async Task Deleting_a_line_of_a_validated_document_is_refused_with_405_as_Dolibarr_and_changes_nothing(string resource)
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var customer = (await (await api.PostAsync("/api/v1/third-parties", new { name = $"Dol Line Removal {Guid.NewGuid():N}"[..40], isCustomer = true }))
            .ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        var created = await (await api.PostAsync($"/api/v1/{resource}", new
        {
            thirdPartyId = customer,
            lines = new object[] { new { description = "Kept", quantity = 1, unitPrice = 100, vatRate = 20 }, new { description = "Also kept", quantity = 2, unitPrice = 10, vatRate = 20 } },
        })).ReadAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<long>();
        var line = created["lines"]![0]!["id"]!.GetValue<long>();
        await (await api.PostAsync($"/api/v1/{resource}/{id}/validate", new { })).ReadAsync(HttpStatusCode.OK);

        var message = await (await api.DeleteAsync($"/api/index.php/{resource}/{id}/lines/{line}")).DolibarrErrorAsync(HttpStatusCode.MethodNotAllowed);
        message.ShouldStartWith("Method Not Allowed: ErrorDeleteLineNotAllowedByObjectStatus: ");
        message.Length.ShouldBeGreaterThan("Method Not Allowed: ErrorDeleteLineNotAllowedByObjectStatus: ".Length + 10, "our own words follow Dolibarr's error code");

        var after = await (await api.GetAsync($"/api/index.php/{resource}/{id}")).ReadAsync(HttpStatusCode.OK);
        after["lines"]!.AsArray().Count.ShouldBe(2);
        after["total_ht"]!.GetValue<string>().ShouldBe("120.00000000");

        (await (await api.DeleteAsync($"/api/index.php/{resource}/{id}/lines/987654321")).DolibarrErrorAsync(HttpStatusCode.NotFound)).ShouldEndWith("line not found");
        var (_, readerKey) = await ApiKit.UserWithKeyAsync(app, SalesPermissions.Proposals.Read, SalesPermissions.Orders.Read, SalesPermissions.Invoices.Read,
            CrmPermissions.ThirdParties.Read, CrmPermissions.ThirdParties.SeeAll);
        using var reader = ApiKit.Client(app, readerKey);
        (await reader.DeleteAsync($"/api/index.php/{resource}/{id}/lines/{line}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Deleting_a_line_of_a_draft_still_answers_the_document_without_it()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var customer = (await (await api.PostAsync("/api/v1/third-parties", new { name = $"Dol Draft Line {Guid.NewGuid():N}"[..40], isCustomer = true }))
            .ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        var created = await (await api.PostAsync("/api/v1/orders", new
        {
            thirdPartyId = customer,
            lines = new object[] { new { description = "Gone", quantity = 1, unitPrice = 100, vatRate = 20 }, new { description = "Stays", quantity = 2, unitPrice = 10, vatRate = 20 } },
        })).ReadAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<long>();

        var order = await (await api.DeleteAsync($"/api/index.php/orders/{id}/lines/{created["lines"]![0]!["id"]!.GetValue<long>()}")).ReadAsync(HttpStatusCode.OK);
        (order["lines"]!.AsArray().Count, order["total_ht"]!.GetValue<string>()).ShouldBe((1, "20.00000000"));
    }
}
