using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Crm;
using MokoCrm.Web.Modules.Sales;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.IntegrationTests.Api;

/// <summary>
/// What a Dolibarr client does, call by call, with the answers checked field by field against Dolibarr's shapes:
/// ids as integers, amounts as "0.00000000" strings, dates as Unix seconds, Dolibarr's status codes.
/// </summary>
public sealed class DolibarrReplayTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    private static readonly long Today = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).ToUnixTimeSeconds();

    [Fact]
    public async Task The_order_to_cash_chain_replays_with_Dolibarr_shapes_from_proposal_to_validated_order()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var socid = await ThirdPartyAsync(api, "Replay Customer SA");

        // Paris midnight as a PHP client sends it: 23:00 UTC the day before is still today's date.
        var proposalId = (await (await api.PostAsync("/api/index.php/proposals", new { socid, date = Today - 3600, duree_validite = 15, note_public = "Thanks" }))
            .ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        var first = (await (await api.PostAsync($"/api/index.php/proposals/{proposalId}/line", new { desc = "Widget", subprice = "1.24", qty = 1, tva_tx = 10 }))
            .ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        var more = await (await api.PostAsync($"/api/index.php/proposals/{proposalId}/lines", ApiKit.Json(new object[]
        {
            new { desc = "Widget TTC", subprice = 1.36, qty = 1, tva_tx = 10, price_base_type = "TTC", product_type = 0, rang = 2 },
            new { desc = "Setup", subprice = 6.36, qty = 5, tva_tx = 20, remise_percent = 0 },
        }))).ReadAsync(HttpStatusCode.OK);
        more.AsArray().Count.ShouldBe(2);

        var draft = await (await api.GetAsync($"/api/index.php/proposals/{proposalId}")).ReadAsync(HttpStatusCode.OK);
        draft["id"]!.GetValue<long>().ShouldBe(proposalId);
        draft["ref"]!.GetValue<string>().ShouldBe($"(PROV{proposalId})");
        (draft["statut"]!.GetValue<int>(), draft["status"]!.GetValue<int>(), draft["socid"]!.GetValue<long>()).ShouldBe((0, 0, socid));
        (draft["date"]!.GetValue<long>(), draft["duree_validite"]!.GetValue<int>(), draft["fin_validite"]!.GetValue<long>()).ShouldBe((Today, 15, Today + (15 * 86400)));
        (draft["total_ht"]!.GetValue<string>(), draft["total_tva"]!.GetValue<string>(), draft["total_ttc"]!.GetValue<string>())
            .ShouldBe(("34.28000000", "6.60000000", "40.88000000"), "DOMAIN.md §2: 2 × (1.24 / 0.12 / 1.36) + 5 × 6.36 at 20 % (31.80 / 6.36 / 38.16)");
        draft["note_public"]!.GetValue<string>().ShouldBe("Thanks");
        var lines = draft["lines"]!.AsArray();
        lines.Count.ShouldBe(3);
        var line = lines[0]!;
        (line["id"]!.GetValue<long>(), line["rowid"]!.GetValue<long>(), line["rang"]!.GetValue<int>()).ShouldBe((first, first, 1));
        (line["qty"]!.GetValue<string>(), line["subprice"]!.GetValue<string>(), line["tva_tx"]!.GetValue<string>()).ShouldBe(("1.00000000", "1.24000000", "10.00000000"));
        (line["total_ht"]!.GetValue<string>(), line["total_tva"]!.GetValue<string>(), line["total_ttc"]!.GetValue<string>()).ShouldBe(("1.24000000", "0.12000000", "1.36000000"));
        lines[1]!["price_base_type"]!.GetValue<string>().ShouldBe("TTC");
        (lines[1]!["subprice"]!.GetValue<string>(), lines[1]!["total_ttc"]!.GetValue<string>()).ShouldBe(("1.23636000", "1.36000000"));

        // Change then remove the third line: totals follow.
        var setupLine = lines[2]!["id"]!.GetValue<long>();
        var changed = await (await api.PutAsync($"/api/index.php/proposals/{proposalId}/lines/{setupLine}", ApiKit.Json(new { qty = 3 }))).ReadAsync(HttpStatusCode.OK);
        changed["lines"]!.AsArray()[2]!["total_ht"]!.GetValue<string>().ShouldBe("19.08000000");
        var removed = await (await api.DeleteAsync($"/api/index.php/proposals/{proposalId}/lines/{setupLine}")).ReadAsync(HttpStatusCode.OK);
        (removed["lines"]!.AsArray().Count, removed["total_ht"]!.GetValue<string>(), removed["total_tva"]!.GetValue<string>(), removed["total_ttc"]!.GetValue<string>())
            .ShouldBe((2, "2.48000000", "0.24000000", "2.72000000"));

        var validated = await (await api.PostAsync($"/api/index.php/proposals/{proposalId}/validate", new { notrigger = 0 })).ReadAsync(HttpStatusCode.OK);
        validated["statut"]!.GetValue<int>().ShouldBe(1);
        validated["ref"]!.GetValue<string>().ShouldStartWith("PR");
        validated["date_validation"]!.GetValue<long>().ShouldBeGreaterThan(Today - 1);
        (await (await api.PostAsync($"/api/index.php/proposals/{proposalId}/settodraft", new { })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("never goes back to draft");
        (await (await api.PostAsync($"/api/index.php/proposals/{proposalId}/line", new { desc = "Late", subprice = 1, qty = 1, tva_tx = 20 })).DolibarrErrorAsync(HttpStatusCode.BadRequest))
            .ShouldContain("can no longer be changed");
        (await (await api.PostAsync($"/api/index.php/proposals/{proposalId}/close", new { status = 5 })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("status is 2");
        var signed = await (await api.PostAsync($"/api/index.php/proposals/{proposalId}/close", new { status = 2, note_private = "Signed by fax" })).ReadAsync(HttpStatusCode.OK);
        (signed["statut"]!.GetValue<int>(), signed["date_cloture"] is not null).ShouldBe((2, true));

        var order = await (await api.PostAsync($"/api/index.php/orders/createfromproposal/{proposalId}", new { })).ReadAsync(HttpStatusCode.OK);
        var orderId = order["id"]!.GetValue<long>();
        (order["statut"]!.GetValue<int>(), order["billed"]!.GetValue<int>(), order["socid"]!.GetValue<long>(), order["total_ttc"]!.GetValue<string>())
            .ShouldBe((0, 0, socid, "2.72000000"));
        order["linked_objects_ids"]!["propal"]!["0"]!.GetValue<long>().ShouldBe(proposalId);
        order["note_public"]!.GetValue<string>().ShouldBe("Thanks", "a conversion copies the public note");
        order["lines"]!.AsArray().Count.ShouldBe(2);

        var validOrder = await (await api.PostAsync($"/api/index.php/orders/{orderId}/validate", new { idwarehouse = 0, notrigger = 0 })).ReadAsync(HttpStatusCode.OK);
        (validOrder["statut"]!.GetValue<int>(), validOrder["ref"]!.GetValue<string>()[..2]).ShouldBe((1, "SO"));
        (await (await api.PostAsync($"/api/index.php/orders/{orderId}/close", new { notrigger = 0 })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("shipments");

        var orders = await (await api.GetAsync($"/api/index.php/orders?sqlfilters=(t.fk_soc:=:{socid}) and (t.fk_statut:=:1)")).ReadAsync(HttpStatusCode.OK);
        orders.AsArray().Select(o => o!["id"]!.GetValue<long>()).ShouldBe([orderId]);
        var proposals = await (await api.GetAsync($"/api/index.php/proposals?thirdparty_ids={socid}&sqlfilters=(t.fk_statut:in:(2,4))&sortfield=t.datep&sortorder=DESC")).ReadAsync(HttpStatusCode.OK);
        proposals.AsArray().Select(o => o!["id"]!.GetValue<long>()).ShouldBe([proposalId]);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        (await db.Set<RecordLink>().CountAsync(l => l.SourceType == "sales.proposal" && l.SourceId == proposalId && l.TargetType == "sales.order" && l.TargetId == orderId)).ShouldBe(1);
    }

    [Fact]
    public async Task Refusals_of_the_sales_rules_and_bad_lines_are_4xx_with_the_rule_and_change_nothing()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var socid = await ThirdPartyAsync(api, "Refusals SARL");
        var id = (await (await api.PostAsync("/api/index.php/proposals", new { socid, date = Today })).ReadAsync(HttpStatusCode.OK)).GetValue<long>();

        (await (await api.PostAsync($"/api/index.php/proposals/{id}/validate", new { })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("has no lines");
        (await (await api.PostAsync($"/api/index.php/proposals/{id}/line", new { desc = "No qty", subprice = 1, tva_tx = 20 })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("qty");
        (await (await api.PostAsync($"/api/index.php/proposals/{id}/line", new { desc = "X", subprice = 1, qty = -2, tva_tx = 20 })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("qty");
        (await (await api.PostAsync($"/api/index.php/proposals/{id}/line", new { desc = "X", subprice = 1, qty = 1, tva_tx = 20, price_base_type = "XX" })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("HT or TTC");
        (await (await api.PostAsync($"/api/index.php/proposals/{id}/line", new { subprice = "abc", qty = 1 })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("subprice");
        (await api.PostAsync($"/api/index.php/proposals/{id}/line", new { fk_product = 987654, qty = 1 })).StatusCode.ShouldBeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.NotFound);
        (await (await api.PostAsync($"/api/index.php/proposals/{id}/lines", ApiKit.Json(new object[] { new { desc = "ok", subprice = 1, qty = 1, tva_tx = 20 }, new { desc = "bad", subprice = 1, qty = 0, tva_tx = 20 } })))
            .DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("qty");
        (await api.GetAsync($"/api/index.php/proposals/{id}/lines")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await api.GetAsync($"/api/index.php/proposals/{id}")).ReadAsync(HttpStatusCode.OK))["lines"]!.AsArray().ShouldBeEmpty("a refused batch of lines adds none");
        (await (await api.PostAsync("/api/index.php/proposals", new { date = Today })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("socid");
        (await api.PostAsync("/api/index.php/proposals", new { socid = 987654321, date = Today })).StatusCode.ShouldBeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.NotFound);
        (await (await api.PostAsync($"/api/index.php/orders/createfromproposal/{id}", new { })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("only a signed proposal");
        (await (await api.GetAsync("/api/index.php/proposals/987654321")).DolibarrErrorAsync(HttpStatusCode.NotFound)).ShouldBe("Not Found: Commercial Proposal not found");
        (await api.PostAsync("/api/index.php/orders/987654321/validate", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.PutAsync($"/api/index.php/proposals/{id}/lines/987654321", ApiKit.Json(new { qty = 2 }))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await api.GetAsync($"/api/index.php/orders?sqlfilters=(t.fk_soc:=:{socid})")).DolibarrErrorAsync(HttpStatusCode.NotFound)).ShouldContain("No order found");
    }

    [Fact]
    public async Task Keys_act_with_their_users_rights_and_visibility_on_sales_documents()
    {
        using var admin = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var socid = await ThirdPartyAsync(admin, "Rights Check SA");
        var id = (await (await admin.PostAsync("/api/index.php/proposals", new { socid, date = Today, lines = new[] { new { desc = "A", subprice = 10, qty = 1, tva_tx = 20 } } }))
            .ReadAsync(HttpStatusCode.OK)).GetValue<long>();

        var (_, writerKey) = await ApiKit.UserWithKeyAsync(app, SalesPermissions.Proposals.Read, SalesPermissions.Proposals.Write, CrmPermissions.ThirdParties.Read, CrmPermissions.ThirdParties.SeeAll);
        using var writer = ApiKit.Client(app, writerKey);
        (await (await writer.PostAsync($"/api/index.php/proposals/{id}/validate", new { })).DolibarrErrorAsync(HttpStatusCode.Forbidden)).ShouldContain("right");
        (await StatusAsync(id)).ShouldBe(ProposalStatus.Draft, "a refused call changes nothing");
        (await writer.GetAsync($"/api/index.php/proposals/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var (_, repKey) = await ApiKit.UserWithKeyAsync(app, SalesPermissions.Proposals.Read, SalesPermissions.Proposals.Write, SalesPermissions.Proposals.Validate, CrmPermissions.ThirdParties.Read);
        using var rep = ApiKit.Client(app, repKey);
        (await rep.GetAsync($"/api/index.php/proposals/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "another rep's customer's proposal does not exist for this key");
        (await rep.PostAsync($"/api/index.php/proposals/{id}/validate", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await rep.GetAsync($"/api/index.php/proposals?sqlfilters=(t.rowid:=:{id})")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await StatusAsync(id)).ShouldBe(ProposalStatus.Draft);
    }

    [Fact]
    public async Task Creating_an_order_from_a_proposal_twice_with_one_idempotency_key_makes_one_order()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var socid = await ThirdPartyAsync(api, "Idempotent Orders SA");
        var id = (await (await api.PostAsync("/api/index.php/proposals", new { socid, date = Today, lines = new[] { new { desc = "A", subprice = 10, qty = 1, tva_tx = 20 } } }))
            .ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        (await api.PostAsync($"/api/index.php/proposals/{id}/validate", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.PostAsync($"/api/index.php/proposals/{id}/close", new { status = 2 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var key = Guid.NewGuid().ToString();

        var a = await (await api.PostAsync($"/api/index.php/orders/createfromproposal/{id}", new { }, key)).ReadAsync(HttpStatusCode.OK);
        var b = await (await api.PostAsync($"/api/index.php/orders/createfromproposal/{id}", new { }, key)).ReadAsync(HttpStatusCode.OK);

        b["id"]!.GetValue<long>().ShouldBe(a["id"]!.GetValue<long>());
        await using var scope = app.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<SalesOrder>().CountAsync(o => o.ProposalId == id)).ShouldBe(1);
    }

    [Fact]
    public async Task Reference_resources_answer_in_Dolibarr_shapes()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var types = await (await api.GetAsync("/api/index.php/setup/dictionary/payment_types")).ReadAsync(HttpStatusCode.OK);
        types.AsArray().Select(t => t!["code"]!.GetValue<string>()).ShouldBe(["VIR", "CB", "CHQ", "LIQ", "PRE"], ignoreOrder: true);
        types.AsArray().ShouldAllBe(t => t!["id"]!.GetValue<long>() > 0);

        foreach (var url in new[] { "/api/index.php/bankaccounts", "/api/index.php/warehouses", "/api/index.php/products", "/api/index.php/stockmovements", "/api/index.php/contacts" })
        {
            var response = await api.GetAsync(url + "?limit=5");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                (await response.DolibarrErrorAsync(HttpStatusCode.NotFound)).ShouldContain("found", customMessage: url);
            }
            else
            {
                (await response.ReadAsync(HttpStatusCode.OK)).AsArray().ShouldAllBe(x => x!["id"]!.GetValue<long>() > 0, url);
            }
        }

        (await (await api.GetAsync("/api/index.php/products/987654")).DolibarrErrorAsync(HttpStatusCode.NotFound)).ShouldBe("Not Found: Product not found");
    }

    private static async Task<long> ThirdPartyAsync(HttpClient api, string name) =>
        (await (await api.PostAsync("/api/index.php/thirdparties", new { name, client = 1, code_client = "-1" })).ReadAsync(HttpStatusCode.OK)).GetValue<long>();

    private async Task<ProposalStatus> StatusAsync(long id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Proposal>().Where(p => p.Id == id).Select(p => p.Status).SingleAsync();
    }
}
