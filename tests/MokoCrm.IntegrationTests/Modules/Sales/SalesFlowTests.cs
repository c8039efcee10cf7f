using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Crm;
using MokoCrm.Web.Modules.Crm.Domain;
using MokoCrm.Web.Modules.Crm.Features;
using MokoCrm.Web.Modules.Sales;
using MokoCrm.Web.Modules.Sales.Documents;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Features;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Modules.Products;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Documents;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Outbox;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Features;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.IntegrationTests.Modules.Sales;

/// <summary>Proposals and orders through the web endpoints, as the screens post them.</summary>
public sealed partial class SalesFlowTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    private const string NewProposal = "/Sales/Proposals/new";

    [Fact]
    public async Task A_draft_gets_lines_is_validated_with_a_number_signed_and_becomes_an_order_linked_both_ways()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "Alpha Bistro", null);
        await OfferVatRateAsync(21m);
        var product = await CreateProductAsync(admin, "SAL-CHAIR", "Sales chair", "6.36", "21");
        var id = await CreateProposalAsync(admin, customer, new() { ["PublicNote"] = "Delivered in May." });
        (await admin.Http.GetStringAsync($"/Sales/Proposals/{id}")).ShouldContain($"(PROV{id})");

        for (var i = 0; i < 3; i++)
        {
            await PostAsync(admin, $"/Sales/Proposals/{id}", "lines", new() { ["Kind"] = "Product", ["ProductId"] = product.ToString(), ["Quantity"] = "5" });
        }

        var draft = await ProposalAsync(id);
        draft.Lines.Count.ShouldBe(3);
        draft.Lines.ShouldAllBe(l => l.Description == "Sales chair" && l.UnitPrice == 6.36m && l.VatRatePercent == 21m && l.AccountCode != null);
        (draft.TotalExclTax, draft.TotalVat, draft.TotalInclTax).ShouldBe((95.40m, 20.04m, 115.44m));

        var validated = await PostAsync(admin, $"/Sales/Proposals/{id}", "validate", new());
        var proposal = await ProposalAsync(id);
        proposal.Status.ShouldBe(ProposalStatus.Validated);
        proposal.Number.ShouldNotBeNull().ShouldMatch(@"^PR\d{4}-\d{4}$");
        (await FollowAsync(admin, validated)).ShouldContain($"Proposal validated as {proposal.Number}.");

        await PostAsync(admin, $"/Sales/Proposals/{id}", "sign", new());
        (await ProposalAsync(id)).Status.ShouldBe(ProposalStatus.Signed);

        var created = await PostAsync(admin, $"/Sales/Proposals/{id}", "order", new());
        var orderId = long.Parse(created.Headers.Location!.ToString().Split('/')[^1]);
        var order = await OrderAsync(orderId);
        (order.Status, order.ThirdPartyId, order.ProposalId, order.TotalInclTax, order.Lines.Count).ShouldBe((SalesOrderStatus.Draft, customer, (long?)id, 115.44m, 3));
        order.Lines.ShouldAllBe(l => l.QuantityShipped == 0m && l.QuantityInvoiced == 0m && l.LeftToShip == 5m && l.LeftToBill == 5m);

        await PostAsync(admin, $"/Sales/Orders/{orderId}", "validate", new());
        (await OrderAsync(orderId)).Number.ShouldNotBeNull().ShouldMatch(@"^SO\d{4}-\d{4}$");

        var orderLinks = await admin.Http.GetStringAsync($"/Records/sales.order/{orderId}/links");
        orderLinks.ShouldContain(proposal.Number);
        var proposalLinks = await admin.Http.GetStringAsync($"/Records/sales.proposal/{id}/links");
        proposalLinks.ShouldContain((await OrderAsync(orderId)).Number!);
        (await admin.Http.GetStringAsync($"/Records/sales.order/{orderId}/notes")).ShouldContain("Delivered in May.");
        (await admin.Http.GetStringAsync($"/Sales/Proposals?thirdParty={customer}")).ShouldContain(proposal.Number);
        (await admin.Http.GetStringAsync($"/Sales/Orders?status=Validated")).ShouldContain((await OrderAsync(orderId)).Number!);
    }

    [Fact]
    public async Task An_order_and_its_proposal_become_billed_with_the_invoice_that_bills_the_last_line_even_when_its_link_to_the_order_was_removed()
    {
        async Task<T> InScope<T>(Func<IServiceProvider, Task<T>> step)
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await step(scope.ServiceProvider);
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var customer = await InScope(s => s.GetRequiredService<ThirdPartyAdministration>()
            .CreateAsync(new ThirdPartyForm { Name = "Billed Upstream SARL", IsCustomer = true, CountryCode = "FR" }));
        var proposal = await InScope(s => s.GetRequiredService<ProposalAdministration>().CreateAsync(new ProposalForm { ThirdPartyId = customer, Date = today }));
        await InScope(s => s.GetRequiredService<ProposalAdministration>().AddLineAsync(proposal,
            new LineForm { Kind = LineKind.Free, Description = "Fitting", Quantity = 3m, UnitPrice = 10m, VatRate = 20m }));
        await InScope(s => s.GetRequiredService<ProposalAdministration>().ValidateAsync(proposal));
        await InScope(async s => { await s.GetRequiredService<ProposalAdministration>().SignAsync(proposal, null); return 0; });
        var order = await InScope(s => s.GetRequiredService<OrderAdministration>().CreateFromProposalAsync(proposal));
        await InScope(s => s.GetRequiredService<OrderAdministration>().ValidateAsync(order));
        var line = (await OrderAsync(order)).Lines.Single().Id;

        // A first invoice bills one of three: neither the order nor the proposal is billed.
        var first = await InScope(s => s.GetRequiredService<InvoiceAdministration>()
            .CreateFromOrdersAsync(new InvoiceFromOrdersForm { OrderIds = [order], Quantities = { [line] = 1m } }));
        await InScope(s => s.GetRequiredService<InvoiceAdministration>().ValidateAsync(first));
        (await OrderAsync(order)).Billed.ShouldBeFalse();
        (await ProposalAsync(proposal)).Status.ShouldBe(ProposalStatus.Signed);

        // The second bills the rest; its link to the order is removed by hand before validation: its line still names the order.
        var second = await InScope(s => s.GetRequiredService<InvoiceAdministration>().CreateFromOrdersAsync(new InvoiceFromOrdersForm { OrderIds = [order] }));
        await InScope(async s =>
        {
            (await s.GetRequiredService<ILinkService>().UnlinkAsync(new RecordRef(SalesRecordTypes.Order, order), new RecordRef(BillingRecordTypes.Invoice, second))).ShouldBeTrue();
            return await s.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });
        await InScope(s => s.GetRequiredService<InvoiceAdministration>().ValidateAsync(second));
        (await OrderAsync(order)).Billed.ShouldBeTrue();
        (await ProposalAsync(proposal)).Status.ShouldBe(ProposalStatus.Billed);
    }

    [Fact]
    public async Task Validation_writes_the_pdf_through_the_outbox_and_it_is_kept_as_the_documents_and_served_on_demand()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "Bravo PDF SA", null);
        var id = await CreateProposalAsync(admin, customer);
        await PostAsync(admin, $"/Sales/Proposals/{id}", "lines", new() { ["Kind"] = "Title", ["Description"] = "Advice" });
        await PostAsync(admin, $"/Sales/Proposals/{id}", "lines", FreeLine("Consulting day", "1", "1.24", "10"));
        await PostAsync(admin, $"/Sales/Proposals/{id}", "lines", new() { ["Kind"] = "Subtotal" });
        await PostAsync(admin, $"/Sales/Proposals/{id}", "validate", new());
        var number = (await ProposalAsync(id)).Number!;

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var payloads = await db.Set<OutboxMessage>().Where(m => m.Type == "sales.generate-pdf").Select(m => m.Payload).ToListAsync();
            payloads.Count(p => System.Text.Json.JsonDocument.Parse(p).RootElement.GetProperty("id").GetInt64() == id).ShouldBe(1);
        }

        // The app's own worker may hold the row at the same moment: run what is due, then wait for its commit.
        var documents = "";
        for (var attempt = 0; attempt < 50 && !documents.Contains($"{number}.pdf", StringComparison.Ordinal); attempt++)
        {
            while (await app.Services.GetRequiredService<OutboxProcessor>().RunOnceAsync() > 0)
            {
            }

            documents = await admin.Http.GetStringAsync($"/Records/sales.proposal/{id}/documents");
            if (!documents.Contains($"{number}.pdf", StringComparison.Ordinal))
            {
                await Task.Delay(200);
            }
        }

        documents.ShouldContain($"{number}.pdf");

        var pdf = await admin.Http.GetAsync($"/Sales/Proposals/{id}/pdf");
        pdf.StatusCode.ShouldBe(HttpStatusCode.OK);
        pdf.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        await File.WriteAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "sales-proposal.pdf"), bytes); // an artifact to look at
        var text = string.Join(" ", UglyToad.PdfPig.PdfDocument.Open(bytes).GetPages().Select(p => p.Text));
        text.ShouldContain(number);
        text.ShouldContain("Consulting day");
        text.ShouldContain("1.36");
        text.ShouldContain("Bravo PDF SA");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<StoredFile>().CountAsync(f => f.OwnerType == "sales.proposal" && f.OwnerId == id))
                .ShouldBe(1, "on demand rewrites the same generated file");
        }
    }

    [Fact]
    public async Task Signing_wins_the_lead_and_refusing_loses_it_and_the_lead_card_offers_create_proposal()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "Charlie Leads SARL", null);
        var won = await CreateLeadAsync(admin, "Charlie big deal", customer);
        var lost = await CreateLeadAsync(admin, "Charlie small deal", customer);
        (await admin.Http.GetStringAsync($"/Crm/Leads/{won}")).ShouldContain($"/Sales/Proposals/new?leadId={won}");
        var form = await admin.Http.GetStringAsync($"/Sales/Proposals/new?leadId={won}");
        form.ShouldContain("Charlie big deal");
        form.ShouldContain("Charlie Leads SARL");

        var p1 = await CreateProposalAsync(admin, customer, new() { ["LeadId"] = won.ToString() });
        var p2 = await CreateProposalAsync(admin, customer, new() { ["LeadId"] = lost.ToString() });
        foreach (var p in new[] { p1, p2 })
        {
            await PostAsync(admin, $"/Sales/Proposals/{p}", "lines", FreeLine("Work", "2", "100", "20"));
            await PostAsync(admin, $"/Sales/Proposals/{p}", "validate", new());
        }

        await PostAsync(admin, $"/Sales/Proposals/{p1}", "sign", new());
        await PostAsync(admin, $"/Sales/Proposals/{p2}", "refuse", new() { ["note"] = "Budget" });

        (await LeadAsync(won)).Status.ShouldBe(LeadStatus.Won);
        var lostLead = await LeadAsync(lost);
        lostLead.Status.ShouldBe(LeadStatus.Lost);
        lostLead.LostReason.ShouldNotBeNull().ShouldContain((await ProposalAsync(p2)).Number!);
        (await admin.Http.GetStringAsync($"/Records/crm.lead/{won}/links")).ShouldContain((await ProposalAsync(p1)).Number!);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_clear_message_and_changes_nothing()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "Delta Errors GmbH", null);
        var id = await CreateProposalAsync(admin, customer);
        var card = $"/Sales/Proposals/{id}";

        (await FollowAsync(admin, await PostAsync(admin, card, "lines", FreeLine("Zero", "0", "10", "20")))).ShouldContain("The quantity must be more than zero.");
        (await FollowAsync(admin, await PostAsync(admin, card, "lines", FreeLine("Negative", "-2", "10", "20")))).ShouldContain("The quantity must be more than zero.");
        (await FollowAsync(admin, await PostAsync(admin, card, "lines", new() { ["Kind"] = "Product", ["ProductId"] = "987654321", ["Quantity"] = "1" })))
            .ShouldContain("The product chosen does not exist.");
        (await FollowAsync(admin, await PostAsync(admin, card, "lines", FreeLine("Odd VAT", "1", "10", "7.7")))).ShouldContain("The VAT rate 7.7 % is not offered in Setup.");
        (await FollowAsync(admin, await PostAsync(admin, card, "validate", new()))).ShouldContain("has no lines");
        var empty = await ProposalAsync(id);
        (empty.Lines.Count, empty.Status, empty.Number).ShouldBe((0, ProposalStatus.Draft, (string?)null));

        var outside = await admin.PostFormAsync(NewProposal, NewProposal, new() { ["ThirdPartyId"] = customer.ToString(), ["Date"] = "1999-01-10" });
        (await outside.Content.ReadAsStringAsync()).ShouldContain("1999-01-10 is outside every fiscal year");
        await LockAsync(new DateOnly(DateTime.UtcNow.Year, 1, 1), new DateOnly(DateTime.UtcNow.Year, 1, 31));
        var locked = await admin.PostFormAsync(NewProposal, NewProposal, new() { ["ThirdPartyId"] = customer.ToString(), ["Date"] = $"{DateTime.UtcNow.Year}-01-15" });
        (await locked.Content.ReadAsStringAsync()).ShouldContain("is locked");

        // A refused proposal does not become an order.
        await PostAsync(admin, card, "lines", FreeLine("Real work", "1", "10", "20"));
        await PostAsync(admin, card, "validate", new());
        await PostAsync(admin, card, "refuse", new());
        var before = await CountAsync<SalesOrder>();
        (await FollowAsync(admin, await PostAsync(admin, card, "order", new()))).ShouldContain("only a signed proposal can become an order");
        (await CountAsync<SalesOrder>()).ShouldBe(before);

        // A validated proposal is immutable.
        (await FollowAsync(admin, await PostAsync(admin, card, "lines", FreeLine("Late", "1", "10", "20")))).ShouldContain("can no longer be changed");
    }

    [Fact]
    public async Task A_closed_third_party_takes_no_proposal()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "Echo Closed Ltd", null);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            (await db.Set<ThirdParty>().SingleAsync(t => t.Id == customer)).Close();
            await db.SaveChangesAsync();
        }

        var response = await admin.PostFormAsync(NewProposal, NewProposal, new() { ["ThirdPartyId"] = customer.ToString(), ["Date"] = Today() });
        (await response.Content.ReadAsStringAsync()).ShouldContain("Echo Closed Ltd is closed");
    }

    [Fact]
    public async Task A_user_who_may_create_but_not_validate_gets_403_and_sees_no_validate_button()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var writer = await NewUserAsync("salesdrafter", [SalesPermissions.Proposals.Read, SalesPermissions.Proposals.Write, CrmPermissions.ThirdParties.Read, CrmPermissions.ThirdParties.SeeAll]);
        var customer = await CreateThirdPartyAsync(admin, "Foxtrot Rights", null);
        using var client = await SignedInClient.AsAsync(app, "salesdrafter", "salesdrafter-pass-1");
        var id = await CreateProposalAsync(client, customer);
        await PostAsync(client, $"/Sales/Proposals/{id}", "lines", FreeLine("Work", "1", "10", "20"));

        var card = await client.Http.GetStringAsync($"/Sales/Proposals/{id}");
        card.ShouldContain("Add line");
        card.ShouldNotContain($"/Sales/Proposals/{id}/validate");
        card.ShouldNotContain($"/Sales/Proposals/{id}/delete");
        var response = await client.PostFormAsync($"/Sales/Proposals/{id}", $"/Sales/Proposals/{id}/validate", new());
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ProposalAsync(id)).Status.ShouldBe(ProposalStatus.Draft);
        _ = writer;
        (await admin.Http.GetStringAsync($"/Sales/Proposals/{id}")).ShouldContain($"/Sales/Proposals/{id}/validate");
    }

    [Fact]
    public async Task A_rep_without_see_all_gets_404_for_another_reps_proposal_and_its_pdf_and_does_not_list_it()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var rights = new[] { SalesPermissions.Proposals.Read, SalesPermissions.Proposals.Write, SalesPermissions.Proposals.Validate, CrmPermissions.ThirdParties.Read };
        var mine = await NewUserAsync("repgolf", rights);
        var other = await NewUserAsync("rephotel", rights);
        var myCustomer = await CreateThirdPartyAsync(admin, "Golf Mine", mine);
        var theirCustomer = await CreateThirdPartyAsync(admin, "Hotel Theirs", other);
        var myProposal = await CreateProposalAsync(admin, myCustomer);
        var theirProposal = await CreateProposalAsync(admin, theirCustomer);
        await PostAsync(admin, $"/Sales/Proposals/{theirProposal}", "lines", FreeLine("Secret", "1", "10", "20"));
        await PostAsync(admin, $"/Sales/Proposals/{theirProposal}", "validate", new());

        using var rep = await SignedInClient.AsAsync(app, "repgolf", "repgolf-pass-1");
        (await rep.GetAsync($"/Sales/Proposals/{myProposal}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await rep.GetAsync($"/Sales/Proposals/{theirProposal}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await rep.GetAsync($"/Sales/Proposals/{theirProposal}/pdf")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await rep.GetAsync($"/Records/sales.proposal/{theirProposal}/links")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var list = await rep.Http.GetStringAsync("/Sales/Proposals");
        list.ShouldContain("Golf Mine");
        list.ShouldNotContain("Hotel Theirs");
        await PostAsync(admin, $"/Sales/Proposals/{theirProposal}", "sign", new());
        var order = await PostAsync(admin, $"/Sales/Proposals/{theirProposal}", "order", new());
        var orderUrl = order.Headers.Location!.ToString();
        await NewUserAsync("repindia", [SalesPermissions.Orders.Read, CrmPermissions.ThirdParties.Read]);
        using var orderRep = await SignedInClient.AsAsync(app, "repindia", "repindia-pass-1");
        (await orderRep.GetAsync(orderUrl)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await orderRep.GetAsync($"{orderUrl}/pdf")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.GetAsync(orderUrl)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var post = await rep.PostFormAsync($"/Sales/Proposals/{myProposal}", $"/Sales/Proposals/{theirProposal}/lines", FreeLine("Sneaky", "1", "1", "20"));
        post.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ProposalAsync(theirProposal)).Lines.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Lines_are_edited_reordered_and_deleted_in_a_draft_and_an_incl_tax_price_keeps_its_incl_total()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "India Lines", null);
        var id = await CreateProposalAsync(admin, customer);
        var card = $"/Sales/Proposals/{id}";
        await PostAsync(admin, card, "lines", new() { ["Kind"] = "Title", ["Description"] = "Section A" });
        await PostAsync(admin, card, "lines", new() { ["Kind"] = "Free", ["Description"] = "Shop item", ["Quantity"] = "3", ["UnitPrice"] = "9.99", ["PriceBasis"] = "InclTax", ["VatRate"] = "20" });
        await PostAsync(admin, card, "lines", new() { ["Kind"] = "Free", ["Description"] = "Discounted", ["Quantity"] = "3", ["UnitPrice"] = "19.99", ["DiscountPercent"] = "15", ["VatRate"] = "20" });
        var p = await ProposalAsync(id);
        var shop = p.Lines.Single(l => l.Description == "Shop item");
        (shop.TotalInclTax, shop.TotalExclTax, shop.UnitPrice).ShouldBe((29.97m, 24.98m, 8.325m));
        (p.TotalExclTax, p.TotalInclTax).ShouldBe((24.98m + 50.97m, 29.97m + 61.17m));

        var discounted = p.Lines.Single(l => l.Description == "Discounted");
        await PostAsync(admin, card, $"lines/{discounted.Id}/move", new() { ["delta"] = "-1" });
        await PostAsync(admin, card, $"lines/{discounted.Id}", new() { ["Kind"] = "Free", ["Description"] = "Discounted", ["Quantity"] = "1", ["UnitPrice"] = "100", ["VatRate"] = "10" });
        await PostAsync(admin, card, $"lines/{shop.Id}/delete", new());
        var after = await ProposalAsync(id);
        after.OrderedLines.Select(l => (l.Position, l.Description)).ShouldBe([(1, "Section A"), (2, "Discounted")]);
        (after.TotalExclTax, after.TotalVat, after.TotalInclTax).ShouldBe((100m, 10m, 110m));
        (await admin.Http.GetStringAsync($"/Records/sales.proposal/{id}/history")).ShouldContain("Line");
    }

    private static Dictionary<string, string> FreeLine(string description, string quantity, string price, string vat) =>
        new() { ["Kind"] = "Free", ["Description"] = description, ["Quantity"] = quantity, ["UnitPrice"] = price, ["VatRate"] = vat };

    private static string Today() => DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<HttpResponseMessage> PostAsync(SignedInClient client, string card, string action, Dictionary<string, string> fields)
    {
        var response = await client.PostFormAsync(card, $"{card}/{action}", fields);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return response;
    }

    private static async Task<string> FollowAsync(SignedInClient client, HttpResponseMessage redirect) =>
        WebUtility.HtmlDecode(await client.Http.GetStringAsync(redirect.Headers.Location!.ToString()));

    private static async Task<long> CreateProposalAsync(SignedInClient client, long thirdParty, Dictionary<string, string>? extra = null)
    {
        var fields = new Dictionary<string, string> { ["ThirdPartyId"] = thirdParty.ToString(), ["Date"] = Today(), ["ValidityDays"] = "30" };
        foreach (var (k, v) in extra ?? [])
        {
            fields[k] = v;
        }

        var response = await client.PostFormAsync(NewProposal, NewProposal, fields);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    private static async Task<long> CreateThirdPartyAsync(SignedInClient client, string name, long? representative)
    {
        var fields = new Dictionary<string, string> { ["Name"] = name, ["IsCustomer"] = "true", ["CountryCode"] = "FR", ["CreateAnyway"] = "true" };
        if (representative is { } rep)
        {
            fields["SalesRepresentativeIds"] = rep.ToString();
        }

        var response = await client.PostFormAsync("/Crm/ThirdParties/new", "/Crm/ThirdParties/new", fields);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    private static async Task<long> CreateProductAsync(SignedInClient client, string reference, string label, string price, string vat)
    {
        var fields = new Dictionary<string, string>
        {
            ["Reference"] = reference, ["Label"] = label, ["Type"] = "Product", ["Price"] = price, ["PriceBase"] = "ExclTax", ["VatRate"] = vat,
            ["OnSale"] = "true", ["OnPurchase"] = "true",
        };
        var response = await client.PostFormAsync("/Products/Products/new", "/Products/Products/new", fields);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    private static async Task<long> CreateLeadAsync(SignedInClient client, string title, long thirdParty)
    {
        var response = await client.PostFormAsync("/Crm/Leads/new", "/Crm/Leads/new", new() { ["Title"] = title, ["ThirdPartyId"] = thirdParty.ToString() });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    private async Task OfferVatRateAsync(decimal rate)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (!await db.Set<VatRate>().AnyAsync(v => v.Rate == rate))
        {
            db.Add(new VatRate { Rate = rate, Label = $"{rate} %" });
            await db.SaveChangesAsync();
        }
    }

    private async Task LockAsync(DateOnly from, DateOnly to)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Add(new LockedPeriod { FromDate = from, ToDate = to, Reason = "VAT return filed" });
        await db.SaveChangesAsync();
    }

    private async Task<Proposal> ProposalAsync(long id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Proposal>().AsNoTracking().Include(p => p.Lines).SingleAsync(p => p.Id == id);
    }

    private async Task<SalesOrder> OrderAsync(long id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<SalesOrder>().AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Id == id);
    }

    private async Task<Lead> LeadAsync(long id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Lead>().AsNoTracking().SingleAsync(l => l.Id == id);
    }

    private async Task<int> CountAsync<T>()
        where T : class
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<T>().CountAsync();
    }

    private async Task<long> NewUserAsync(string login, string[] rights)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var id = await admin.CreateUserAsync(new UserForm { UserName = login, FullName = login, Password = login + "-pass-1" });
        await admin.SetUserPermissionsAsync(id, rights);
        return id;
    }
}
