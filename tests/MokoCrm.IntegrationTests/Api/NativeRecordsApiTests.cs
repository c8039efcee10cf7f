using System.Net;
using System.Text.Json.Nodes;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Crm;
using MokoCrm.Web.Modules.Sales;

namespace MokoCrm.IntegrationTests.Api;

/// <summary>The endpoints every native record shares: its linked objects and its documents, under its own rights and visibility.</summary>
public sealed class NativeRecordsApiTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task An_order_lists_its_proposal_and_invoice_as_the_linked_objects_tab_does_with_their_native_urls()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var (proposal, order, invoice) = await ChainAsync(api, "Native Links SARL");

        var links = (await (await api.GetAsync($"/api/v1/orders/{order}/links")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray();
        var fromProposal = Single(links, "sales.proposal", proposal);
        (fromProposal["url"]!.GetValue<string>(), fromProposal["depth"]!.GetValue<int>(), fromProposal["direction"]!.GetValue<string>(), fromProposal["kind"]!.GetValue<string>())
            .ShouldBe(($"/api/v1/proposals/{proposal}", 1, "upstream", "converted"));
        fromProposal["reference"]!.GetValue<string>().ShouldStartWith("PR");
        (fromProposal["amount"]!.GetValue<decimal>(), fromProposal["status"]!.GetValue<string>(), fromProposal["via"]!.GetValue<string>()).ShouldBe((20m, "Signed", $"sales.order:{order}"));
        var toInvoice = Single(links, "sales.invoice", invoice);
        (toInvoice["url"]!.GetValue<string>(), toInvoice["direction"]!.GetValue<string>(), toInvoice["typeLabel"]!.GetValue<string>().Length > 0).ShouldBe(($"/api/v1/invoices/{invoice}", "downstream", true));
        (await (await api.GetAsync(toInvoice["url"]!.GetValue<string>())).ReadAsync(HttpStatusCode.OK))["id"]!.GetValue<long>().ShouldBe(invoice);

        var fromInvoice = (await (await api.GetAsync($"/api/v1/invoices/{invoice}/links")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray();
        (Single(fromInvoice, "sales.proposal", proposal)["depth"]!.GetValue<int>(), Single(fromInvoice, "sales.proposal", proposal)["via"]!.GetValue<string>()).ShouldBe((2, $"sales.order:{order}"));
        (await (await api.GetAsync($"/api/v1/invoices/{invoice}/links?depth=1")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray()
            .Select(l => l!["type"]!.GetValue<string>()).ShouldBe(["sales.order"]);

        var bad = await (await api.GetAsync($"/api/v1/invoices/{invoice}/links?depth=9")).ReadAsync(HttpStatusCode.BadRequest);
        bad["errors"]!["depth"]![0]!.GetValue<string>().ShouldContain("between 1 and 6");
        (await api.GetAsync("/api/v1/orders/987654321/links")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.GetAsync("/api/v1/proposals/987654321/links")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Links_answer_403_without_the_types_right_404_for_an_unseen_record_and_leave_out_linked_records_the_user_may_not_read()
    {
        using var admin = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var (_, order, invoice) = await ChainAsync(admin, "Native Links Rights SAS");

        var (_, noRightKey) = await ApiKit.UserWithKeyAsync(app, SalesPermissions.Proposals.Read, CrmPermissions.ThirdParties.Read, CrmPermissions.ThirdParties.SeeAll);
        using var noRight = ApiKit.Client(app, noRightKey);
        (await noRight.GetAsync($"/api/v1/orders/{order}/links")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var (_, repKey) = await ApiKit.UserWithKeyAsync(app, SalesPermissions.Orders.Read, CrmPermissions.ThirdParties.Read);
        using var rep = ApiKit.Client(app, repKey);
        var unseen = await rep.GetAsync($"/api/v1/orders/{order}/links");
        (await unseen.ReadAsync(HttpStatusCode.NotFound))["status"]!.GetValue<int>().ShouldBe(404);
        unseen.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");

        var (_, ordersOnlyKey) = await ApiKit.UserWithKeyAsync(app, SalesPermissions.Orders.Read, SalesPermissions.Invoices.Read, CrmPermissions.ThirdParties.Read, CrmPermissions.ThirdParties.SeeAll);
        using var ordersOnly = ApiKit.Client(app, ordersOnlyKey);
        var seen = (await (await ordersOnly.GetAsync($"/api/v1/orders/{order}/links")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray();
        seen.Select(l => l!["type"]!.GetValue<string>()).ShouldBe(["sales.invoice"], "without the proposals' right the proposal is left out");
        Single(seen, "sales.invoice", invoice).ShouldNotBeNull();
    }

    [Fact]
    public async Task The_record_endpoints_are_in_the_OpenAPI_document_under_each_resource()
    {
        using var anonymous = ApiKit.Client(app, null);
        var paths = (await (await anonymous.GetAsync("/api/v1/openapi.json")).ReadAsync(HttpStatusCode.OK))["paths"]!.AsObject();
        foreach (var resource in new[] { "third-parties", "contacts", "products", "warehouses", "proposals", "orders", "invoices", "payments", "shipments", "purchase-orders", "receptions", "supplier-invoices", "supplier-payments" })
        {
            paths[$"/api/v1/{resource}/{{id}}/links"]?["get"].ShouldNotBeNull($"{resource} has its links");
        }

        var links = paths["/api/v1/invoices/{id}/links"]!["get"]!;
        links["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["Invoices"]);
        links["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ShouldBe(["id", "depth"]);
        paths.Select(p => p.Key).ShouldNotContain(p => p.Contains("stock-movements/{id}/links"), "a stock movement is no record with tabs");
    }

    [Fact]
    public async Task A_validated_proposals_pdf_is_generated_listed_downloaded_and_followed_by_its_order_and_a_drafts_is_refused()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var customer = await CustomerAsync(api, "Native Documents SARL");
        var draft = (await (await api.PostAsync("/api/v1/proposals", new { thirdPartyId = customer, lines = new object[] { new { description = "Doc", quantity = 1, unitPrice = 5, vatRate = 20 } } }))
            .ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        (await (await api.PostAsync($"/api/v1/proposals/{draft}/documents/generate", new { })).ReadAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldContain("draft");
        (await (await api.GetAsync($"/api/v1/proposals/{draft}/documents")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray().Count.ShouldBe(0);

        var validated = await (await api.PostAsync($"/api/v1/proposals/{draft}/validate", new { })).ReadAsync(HttpStatusCode.OK);
        var name = $"{validated["reference"]!.GetValue<string>()}.pdf";
        var generated = await (await api.PostAsync($"/api/v1/proposals/{draft}/documents/generate", new { })).ReadAsync(HttpStatusCode.OK);
        (generated["name"]!.GetValue<string>(), generated["contentType"]!.GetValue<string>(), generated["kind"]!.GetValue<string>(), generated["owner"]!.GetValue<string>())
            .ShouldBe((name, "application/pdf", "generated", $"sales.proposal:{draft}"));
        generated["url"]!.GetValue<string>().ShouldBe($"/api/v1/proposals/{draft}/documents/{Uri.EscapeDataString(name)}");
        generated["sizeBytes"]!.GetValue<long>().ShouldBeGreaterThan(500);

        var listed = (await (await api.GetAsync($"/api/v1/proposals/{draft}/documents")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray();
        listed.Select(f => f!["name"]!.GetValue<string>()).ShouldBe([name], "generating again replaces the kept PDF");
        var download = await api.GetAsync(generated["url"]!.GetValue<string>());
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var bytes = await download.Content.ReadAsByteArrayAsync();
        System.Text.Encoding.ASCII.GetString(bytes, 0, 5).ShouldBe("%PDF-");
        bytes.Length.ShouldBe((int)generated["sizeBytes"]!.GetValue<long>());
        (await (await api.GetAsync($"/api/v1/proposals/{draft}/documents/nothing.pdf")).ReadAsync(HttpStatusCode.NotFound))["detail"]!.GetValue<string>().ShouldContain("nothing.pdf");

        await (await api.PostAsync($"/api/v1/proposals/{draft}/sign", new { })).ReadAsync(HttpStatusCode.OK);
        var order = (await (await api.PostAsync($"/api/v1/proposals/{draft}/create-order", new { })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        var orderFiles = (await (await api.GetAsync($"/api/v1/orders/{order}/documents")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray();
        var followed = orderFiles.Single(f => f!["name"]!.GetValue<string>() == name)!;
        (followed["owner"]!.GetValue<string>(), followed["url"]!.GetValue<string>()).ShouldBe(($"sales.proposal:{draft}", generated["url"]!.GetValue<string>()));
        (await (await api.PostAsync($"/api/v1/orders/{order}/documents/generate", new { })).ReadAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldContain("draft");
    }

    [Fact]
    public async Task Documents_answer_403_without_the_types_right_and_404_for_a_record_the_user_may_not_see()
    {
        using var admin = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var (proposal, _, _) = await ChainAsync(admin, "Native Documents Rights SAS");
        var file = await (await admin.PostAsync($"/api/v1/proposals/{proposal}/documents/generate", new { })).ReadAsync(HttpStatusCode.OK);
        var url = file["url"]!.GetValue<string>();

        var (_, noRightKey) = await ApiKit.UserWithKeyAsync(app, SalesPermissions.Orders.Read, CrmPermissions.ThirdParties.Read, CrmPermissions.ThirdParties.SeeAll);
        using var noRight = ApiKit.Client(app, noRightKey);
        (await noRight.GetAsync($"/api/v1/proposals/{proposal}/documents")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await noRight.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await noRight.PostAsync($"/api/v1/proposals/{proposal}/documents/generate", new { })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var (_, repKey) = await ApiKit.UserWithKeyAsync(app, SalesPermissions.Proposals.Read, CrmPermissions.ThirdParties.Read);
        using var rep = ApiKit.Client(app, repKey);
        (await rep.GetAsync($"/api/v1/proposals/{proposal}/documents")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await rep.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await rep.PostAsync($"/api/v1/proposals/{proposal}/documents/generate", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        using var anonymous = ApiKit.Client(app, null);
        var paths = (await (await anonymous.GetAsync("/api/v1/openapi.json")).ReadAsync(HttpStatusCode.OK))["paths"]!.AsObject();
        paths["/api/v1/invoices/{id}/documents/generate"]!["post"].ShouldNotBeNull();
        paths["/api/v1/invoices/{id}/documents/{name}"]!["get"]!["responses"]!["200"]!["content"]!["application/pdf"].ShouldNotBeNull();
        paths["/api/v1/warehouses/{id}/documents"]!["get"].ShouldNotBeNull();
        paths.ContainsKey("/api/v1/warehouses/{id}/documents/generate").ShouldBeFalse("a warehouse has no PDF");
    }

    private static async Task<long> CustomerAsync(HttpClient api, string name) =>
        (await (await api.PostAsync("/api/v1/third-parties", new { name = $"{name} {Guid.NewGuid():N}"[..40], isCustomer = true })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();

    private static JsonNode Single(JsonArray links, string type, long id) =>
        links.Single(l => l!["type"]!.GetValue<string>() == type && l["id"]!.GetValue<long>() == id)!;

    /// <summary>A signed proposal, its validated order and the order's draft invoice.</summary>
    internal static async Task<(long Proposal, long Order, long Invoice)> ChainAsync(HttpClient api, string name)
    {
        var customer = await CustomerAsync(api, name);
        var proposal = (await (await api.PostAsync("/api/v1/proposals", new
        {
            thirdPartyId = customer,
            lines = new object[] { new { description = "Linked widget", quantity = 2, unitPrice = 10, vatRate = 20 } },
        })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        await (await api.PostAsync($"/api/v1/proposals/{proposal}/validate", new { })).ReadAsync(HttpStatusCode.OK);
        await (await api.PostAsync($"/api/v1/proposals/{proposal}/sign", new { })).ReadAsync(HttpStatusCode.OK);
        var order = (await (await api.PostAsync($"/api/v1/proposals/{proposal}/create-order", new { })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        await (await api.PostAsync($"/api/v1/orders/{order}/validate", new { })).ReadAsync(HttpStatusCode.OK);
        var invoice = (await (await api.PostAsync($"/api/v1/orders/{order}/create-invoice", new { })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        return (proposal, order, invoice);
    }
}
