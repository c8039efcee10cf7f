using System.Net;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Crm;
using MokoCrm.Web.Modules.Sales;

namespace MokoCrm.IntegrationTests.Api;

/// <summary>PATCH of a draft proposal's, order's and invoice's header over /api/v1, on the edit screens' forms, validators and handlers.</summary>
public sealed class NativeSalesHeadersApiTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task A_draft_proposals_header_changes_only_the_fields_sent_and_bad_input_is_refused_with_field_errors()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var customer = await CustomerAsync(api, "Native Patch Proposal SARL");
        var other = await CustomerAsync(api, "Native Patch Other SARL");
        var created = await (await api.PostAsync("/api/v1/proposals", new { thirdPartyId = customer, date = "2026-12-01", validityDays = 30, lines = new object[] { Line() } }))
            .ReadAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<long>();

        var changed = await (await PatchAsync(api, $"/api/v1/proposals/{id}", new { validityDays = 45, thirdPartyId = other })).ReadAsync(HttpStatusCode.OK);
        (changed["validityDays"]!.GetValue<int>(), changed["thirdPartyId"]!.GetValue<long>(), changed["date"]!.GetValue<string>(), changed["validUntil"]!.GetValue<string>())
            .ShouldBe((45, other, "2026-12-01", "2027-01-15"));
        changed["lines"]!.AsArray().Count.ShouldBe(1, "a header change keeps the lines");

        var invalid = await (await PatchAsync(api, $"/api/v1/proposals/{id}", new { validityDays = -1 })).ReadAsync(HttpStatusCode.BadRequest);
        invalid["errors"]!["validityDays"]![0]!.GetValue<string>().ShouldContain("between 0 and 3650");
        (await (await PatchAsync(api, $"/api/v1/proposals/{id}", new { lines = Array.Empty<object>() })).ReadAsync(HttpStatusCode.BadRequest))["errors"]!["lines"].ShouldNotBeNull();
        (await (await PatchAsync(api, $"/api/v1/proposals/{id}", new { colour = "red" })).ReadAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().ShouldContain("Unknown field 'colour'");
        (await (await PatchAsync(api, $"/api/v1/proposals/{id}", new { validityDays = "long" })).ReadAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().ShouldContain("validityDays");
        (await (await api.GetAsync($"/api/v1/proposals/{id}")).ReadAsync(HttpStatusCode.OK))["validityDays"]!.GetValue<int>().ShouldBe(45, "a refused change changes nothing");
        (await PatchAsync(api, "/api/v1/proposals/987654321", new { validityDays = 5 })).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        await (await api.PostAsync($"/api/v1/proposals/{id}/validate", new { })).ReadAsync(HttpStatusCode.OK);
        var late = await PatchAsync(api, $"/api/v1/proposals/{id}", new { validityDays = 60 });
        (await late.ReadAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        late.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await (await api.GetAsync($"/api/v1/proposals/{id}")).ReadAsync(HttpStatusCode.OK))["validityDays"]!.GetValue<int>().ShouldBe(45);
    }

    [Fact]
    public async Task A_draft_orders_and_a_draft_invoices_headers_change_and_are_refused_once_validated()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var customer = await CustomerAsync(api, "Native Patch Order SAS");
        var order = (await (await api.PostAsync("/api/v1/orders", new { thirdPartyId = customer, date = "2026-12-02", lines = new object[] { Line() } })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        var changed = await (await PatchAsync(api, $"/api/v1/orders/{order}", new { customerReference = "PO-778", deliveryDate = "2026-12-20" })).ReadAsync(HttpStatusCode.OK);
        (changed["customerReference"]!.GetValue<string>(), changed["deliveryDate"]!.GetValue<string>(), changed["date"]!.GetValue<string>()).ShouldBe(("PO-778", "2026-12-20", "2026-12-02"));
        (await (await PatchAsync(api, $"/api/v1/orders/{order}", new { deliveryDate = "2026-11-01" })).ReadAsync(HttpStatusCode.BadRequest))["errors"]!["deliveryDate"].ShouldNotBeNull();
        (await (await PatchAsync(api, $"/api/v1/orders/{order}", new { deliveryDate = "20/12/2026" })).ReadAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().ShouldContain("deliveryDate");
        await (await api.PostAsync($"/api/v1/orders/{order}/validate", new { })).ReadAsync(HttpStatusCode.OK);
        (await PatchAsync(api, $"/api/v1/orders/{order}", new { customerReference = "PO-779" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var invoice = (await (await api.PostAsync("/api/v1/invoices", new { thirdPartyId = customer, date = "2026-12-03", lines = new object[] { Line() } })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        (await (await PatchAsync(api, $"/api/v1/invoices/{invoice}", new { date = "2026-12-04" })).ReadAsync(HttpStatusCode.OK))["date"]!.GetValue<string>().ShouldBe("2026-12-04");
        await (await api.PostAsync($"/api/v1/invoices/{invoice}/validate", new { })).ReadAsync(HttpStatusCode.OK);
        (await PatchAsync(api, $"/api/v1/invoices/{invoice}", new { date = "2026-12-05" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await (await api.GetAsync($"/api/v1/invoices/{invoice}")).ReadAsync(HttpStatusCode.OK))["date"]!.GetValue<string>().ShouldBe("2026-12-04");
    }

    [Fact]
    public async Task A_key_without_the_write_right_gets_403_and_a_rep_who_does_not_see_the_customer_gets_404()
    {
        using var admin = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var customer = await CustomerAsync(admin, "Native Patch Rights SA");
        var invoice = (await (await admin.PostAsync("/api/v1/invoices", new { thirdPartyId = customer, date = "2026-12-03", lines = new object[] { Line() } })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();

        var (_, readerKey) = await ApiKit.UserWithKeyAsync(app, SalesPermissions.Invoices.Read, CrmPermissions.ThirdParties.Read, CrmPermissions.ThirdParties.SeeAll);
        using var reader = ApiKit.Client(app, readerKey);
        (await PatchAsync(reader, $"/api/v1/invoices/{invoice}", new { date = "2026-12-06" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var (_, repKey) = await ApiKit.UserWithKeyAsync(app, SalesPermissions.Invoices.Read, SalesPermissions.Invoices.Write, CrmPermissions.ThirdParties.Read);
        using var rep = ApiKit.Client(app, repKey);
        (await PatchAsync(rep, $"/api/v1/invoices/{invoice}", new { date = "2026-12-06" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await admin.GetAsync($"/api/v1/invoices/{invoice}")).ReadAsync(HttpStatusCode.OK))["date"]!.GetValue<string>().ShouldBe("2026-12-03");

        using var anonymous = ApiKit.Client(app, null);
        var paths = (await (await anonymous.GetAsync("/api/v1/openapi.json")).ReadAsync(HttpStatusCode.OK))["paths"]!.AsObject();
        foreach (var resource in new[] { "proposals", "orders", "invoices", "purchase-orders" })
        {
            paths[$"/api/v1/{resource}/{{id}}"]!["patch"]!["requestBody"].ShouldNotBeNull(resource);
        }
    }

    [Fact]
    public async Task A_field_sent_as_null_is_emptied_where_the_screen_can_empty_it_and_refused_where_it_cannot()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var customer = await CustomerAsync(api, "Native Null Clear SARL");
        var order = (await (await api.PostAsync("/api/v1/orders", new { thirdPartyId = customer, date = "2026-12-02", customerReference = "PO-1", deliveryDate = "2026-12-20", lines = new object[] { Line() } }))
            .ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        var cleared = await (await api.PatchAsync($"/api/v1/orders/{order}", ApiKit.Raw("""{"customerReference": null, "deliveryDate": null}"""))).ReadAsync(HttpStatusCode.OK);
        (cleared["customerReference"], cleared["deliveryDate"], cleared["date"]!.GetValue<string>()).ShouldBe((null, null, "2026-12-02"), "null empties, a field left out is kept");
        (await (await api.PatchAsync($"/api/v1/orders/{order}", ApiKit.Raw("""{"thirdPartyId": null}"""))).ReadAsync(HttpStatusCode.BadRequest))["errors"]!["thirdPartyId"].ShouldNotBeNull("the screen cannot leave an order without its customer");
        (await (await api.GetAsync($"/api/v1/orders/{order}")).ReadAsync(HttpStatusCode.OK))["thirdPartyId"]!.GetValue<long>().ShouldBe(customer);

        var party = (await (await api.PostAsync("/api/v1/third-parties", new { name = $"Null Party {Guid.NewGuid():N}"[..30], isCustomer = true, email = "null@example.fr", town = "Lyon" }))
            .ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        var emptied = await (await api.PatchAsync($"/api/v1/third-parties/{party}", ApiKit.Raw("""{"email": null, "town": null}"""))).ReadAsync(HttpStatusCode.OK);
        (emptied["email"], emptied["town"], emptied["isCustomer"]!.GetValue<bool>()).ShouldBe((null, null, true));
        (await (await api.PatchAsync($"/api/v1/third-parties/{party}", ApiKit.Raw("""{"name": null}"""))).ReadAsync(HttpStatusCode.BadRequest))["errors"]!["name"].ShouldNotBeNull();
        (await (await api.PatchAsync($"/api/v1/third-parties/{party}", ApiKit.Raw("""{"isCustomer": null}"""))).ReadAsync(HttpStatusCode.BadRequest))["errors"]!["isCustomer"].ShouldNotBeNull();

        var proposal = (await (await api.PostAsync("/api/v1/proposals", new { thirdPartyId = customer, date = "2026-12-01" })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        var line = await (await api.PostAsync($"/api/v1/proposals/{proposal}/lines", new { description = "Discounted", quantity = 1, unitPrice = 100, vatRate = 20, discountPercent = 10 })).ReadAsync(HttpStatusCode.Created);
        line["totalExclTax"]!.GetValue<decimal>().ShouldBe(90m);
        var undiscounted = await (await api.PatchAsync($"/api/v1/proposals/{proposal}/lines/{line["id"]!.GetValue<long>()}", ApiKit.Raw("""{"discountPercent": null}"""))).ReadAsync(HttpStatusCode.OK);
        (undiscounted["discountPercent"]!.GetValue<decimal>(), undiscounted["totalExclTax"]!.GetValue<decimal>(), undiscounted["description"]!.GetValue<string>()).ShouldBe((0m, 100m, "Discounted"));
    }

    private static object Line() => new { description = "Header test", quantity = 1, unitPrice = 10, vatRate = 20 };

    private static Task<HttpResponseMessage> PatchAsync(HttpClient api, string url, object body) => api.PatchAsync(url, ApiKit.Json(body));

    private static async Task<long> CustomerAsync(HttpClient api, string name) =>
        (await (await api.PostAsync("/api/v1/third-parties", new { name = $"{name} {Guid.NewGuid():N}"[..40], isCustomer = true })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
}
