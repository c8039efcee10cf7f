using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.IntegrationTests.Api;

/// <summary>?sort= on native lists: a small list of fields per resource, pages cut by keyset on (key, id) across cursors.</summary>
public sealed class NativeSortingApiTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task Invoices_sorted_by_date_and_total_page_through_cursors_in_order_with_ties_broken_by_id()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var customer = await CustomerAsync(api, "Native Sort Invoices SARL");
        var ids = new List<long>();
        foreach (var (date, price) in new[] { ("2026-12-03", 30m), ("2026-12-01", 10m), ("2026-12-02", 20m), ("2026-12-02", 5m), ("2026-12-01", 40m) })
        {
            ids.Add((await (await api.PostAsync("/api/v1/invoices", new { thirdPartyId = customer, date, lines = new object[] { new { description = "Sorted", quantity = 1, unitPrice = price, vatRate = 0 } } }))
                .ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>());
        }

        var byDateDesc = await AllAsync(api, $"/api/v1/invoices?thirdPartyId={customer}&sort=-date&limit=2");
        byDateDesc.Select(i => i["date"]!.GetValue<string>()).ShouldBe(["2026-12-03", "2026-12-02", "2026-12-02", "2026-12-01", "2026-12-01"]);
        byDateDesc.Select(i => i["id"]!.GetValue<long>()).ShouldBe([ids[0], ids[3], ids[2], ids[4], ids[1]], "ties are broken by the id in the same direction");

        var byDate = await AllAsync(api, $"/api/v1/invoices?thirdPartyId={customer}&sort=date&limit=2");
        byDate.Select(i => i["id"]!.GetValue<long>()).ShouldBe([ids[1], ids[4], ids[2], ids[3], ids[0]]);

        var byTotal = await AllAsync(api, $"/api/v1/invoices?thirdPartyId={customer}&sort=totalInclTax&limit=1");
        byTotal.Select(i => i["totalInclTax"]!.GetValue<decimal>()).ShouldBe([5m, 10m, 20m, 30m, 40m]);

        var first = await (await api.GetAsync($"/api/v1/invoices?thirdPartyId={customer}&sort=date&limit=2")).ReadAsync(HttpStatusCode.OK);
        var cursor = first["nextCursor"]!.GetValue<string>();
        var otherSort = await (await api.GetAsync($"/api/v1/invoices?thirdPartyId={customer}&sort=-date&limit=2&cursor={cursor}")).ReadAsync(HttpStatusCode.BadRequest);
        otherSort["errors"]!["cursor"]![0]!.GetValue<string>().ShouldContain("another sort");
        (await (await api.GetAsync($"/api/v1/invoices?sort=date&cursor=bm9wZQ")).ReadAsync(HttpStatusCode.BadRequest))["errors"]!["cursor"].ShouldNotBeNull();

        var unknown = await api.GetAsync("/api/v1/invoices?sort=colour");
        var problem = await unknown.ReadAsync(HttpStatusCode.BadRequest);
        unknown.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var message = problem["errors"]!["sort"]![0]!.GetValue<string>();
        message.ShouldContain("-date");
        message.ShouldContain("totalInclTax");
        (await api.GetAsync("/api/v1/invoices?sort=--date")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Proposals_sort_by_number_with_drafts_first_and_third_parties_and_products_by_name()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var customer = await CustomerAsync(api, "Native Sort Proposals SAS");
        var proposals = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            proposals.Add((await (await api.PostAsync("/api/v1/proposals", new { thirdPartyId = customer, lines = new object[] { new { description = "P", quantity = 1, unitPrice = 1, vatRate = 0 } } }))
                .ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>());
        }

        await (await api.PostAsync($"/api/v1/proposals/{proposals[2]}/validate", new { })).ReadAsync(HttpStatusCode.OK);
        await (await api.PostAsync($"/api/v1/proposals/{proposals[0]}/validate", new { })).ReadAsync(HttpStatusCode.OK);
        var byNumber = await AllAsync(api, $"/api/v1/proposals?thirdPartyId={customer}&sort=number&limit=1");
        byNumber.Select(p => p["id"]!.GetValue<long>()).ShouldBe([proposals[1], proposals[2], proposals[0]], "the draft has no number yet; then numbers in order of validation");

        var token = Guid.NewGuid().ToString("N")[..10];
        foreach (var name in new[] { "Mid", "Zeta", "Alpha" })
        {
            await (await api.PostAsync("/api/v1/third-parties", new { name = $"{name} {token}", isCustomer = true })).ReadAsync(HttpStatusCode.Created);
        }

        (await AllAsync(api, $"/api/v1/third-parties?q={token}&sort=-name&limit=2")).Select(t => t["name"]!.GetValue<string>()[..4])
            .ShouldBe(["Zeta", "Mid ", "Alph"]);
        (await (await api.GetAsync("/api/v1/third-parties?sort=date")).ReadAsync(HttpStatusCode.BadRequest))["errors"]!["sort"]![0]!.GetValue<string>().ShouldContain("name");
        (await (await api.GetAsync("/api/v1/products?sort=-label&limit=1")).ReadAsync(HttpStatusCode.OK))["items"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Payments_warehouses_contacts_and_the_other_lists_sort_by_their_own_fields_and_name_the_choices_otherwise()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var customer = await CustomerAsync(api, "Native Sort Payments SARL");
        var invoice = (await (await api.PostAsync("/api/v1/invoices", new { thirdPartyId = customer, lines = new object[] { new { description = "Paid", quantity = 1, unitPrice = 100, vatRate = 0 } } }))
            .ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        await (await api.PostAsync($"/api/v1/invoices/{invoice}/validate", new { })).ReadAsync(HttpStatusCode.OK);
        var bank = await BankAsync();
        foreach (var amount in new[] { 30m, 10m, 40m })
        {
            await (await api.PostAsync($"/api/v1/invoices/{invoice}/pay", new { amount, bankAccountId = bank })).ReadAsync(HttpStatusCode.OK);
        }

        (await AllAsync(api, $"/api/v1/payments?invoiceId={invoice}&sort=-amount&limit=1")).Select(p => p["amount"]!.GetValue<decimal>()).ShouldBe([40m, 30m, 10m]);
        var byNumber = await AllAsync(api, $"/api/v1/payments?invoiceId={invoice}&sort=number&limit=2");
        byNumber.Select(p => p["number"]!.GetValue<string>()).ShouldBe(byNumber.Select(p => p["number"]!.GetValue<string>()).Order(StringComparer.Ordinal));

        var token = Guid.NewGuid().ToString("N")[..8];
        foreach (var reference in new[] { "B", "C", "A" })
        {
            await (await api.PostAsync("/api/v1/warehouses", new { reference = $"{reference}{token}", label = $"Sorted {token}" })).ReadAsync(HttpStatusCode.Created);
        }

        (await AllAsync(api, $"/api/v1/warehouses?q={token}&sort=-reference&limit=2")).Select(w => w["reference"]!.GetValue<string>()[..1]).ShouldBe(["C", "B", "A"]);
        foreach (var lastName in new[] { "Martin", "Bernard", "Durand" })
        {
            await (await api.PostAsync("/api/v1/contacts", new { thirdPartyId = customer, lastName })).ReadAsync(HttpStatusCode.Created);
        }

        (await AllAsync(api, $"/api/v1/contacts?thirdPartyId={customer}&sort=lastName&limit=2")).Select(c => c["lastName"]!.GetValue<string>()).ShouldBe(["Bernard", "Durand", "Martin"]);

        foreach (var (list, choice) in new[] { ("payments", "amount"), ("supplier-payments", "amount"), ("supplier-invoices", "totalInclTax"), ("receptions", "number"),
            ("shipments", "number"), ("stock-movements", "date"), ("journal-entries", "date"), ("bank-accounts", "label"), ("contacts", "lastName"), ("warehouses", "label") })
        {
            (await (await api.GetAsync($"/api/v1/{list}?sort=-{choice}&limit=1")).ReadAsync(HttpStatusCode.OK))["items"].ShouldNotBeNull(list);
            (await (await api.GetAsync($"/api/v1/{list}?sort=colour")).ReadAsync(HttpStatusCode.BadRequest))["errors"]!["sort"]![0]!.GetValue<string>().ShouldContain($"-{choice}", customMessage: list);
        }
    }

    private async Task<long> BankAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.Set<BankAccount>().Where(b => b.Active).Select(b => (long?)b.Id).FirstOrDefaultAsync() is { } id)
        {
            return id;
        }

        var bank = new BankAccount { Label = "Sorting bank", AccountingAccount = "512" };
        db.Add(bank);
        await db.SaveChangesAsync();
        return bank.Id;
    }

    /// <summary>Every page of a list, following nextCursor.</summary>
    private static async Task<List<JsonNode>> AllAsync(HttpClient api, string url)
    {
        var all = new List<JsonNode>();
        string? cursor = null;
        do
        {
            var page = await (await api.GetAsync(cursor is null ? url : $"{url}&cursor={Uri.EscapeDataString(cursor)}")).ReadAsync(HttpStatusCode.OK);
            all.AddRange(page["items"]!.AsArray().Select(i => i!));
            cursor = page["nextCursor"]?.GetValue<string>();
            all.Count.ShouldBeLessThan(100, "the cursors must end");
        }
        while (cursor is not null);
        return all;
    }

    private static async Task<long> CustomerAsync(HttpClient api, string name) =>
        (await (await api.PostAsync("/api/v1/third-parties", new { name = $"{name} {Guid.NewGuid():N}"[..40], isCustomer = true })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
}
