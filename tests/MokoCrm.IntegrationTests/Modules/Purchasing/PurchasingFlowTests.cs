using System.Net;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Crm;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Purchasing;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Setup.Domain;
using static MokoCrm.IntegrationTests.Modules.Purchasing.PurchasingTestData;
using static MokoCrm.IntegrationTests.Modules.Stock.StockTestData;

namespace MokoCrm.IntegrationTests.Modules.Purchasing;

/// <summary>Purchase orders and receptions through the web endpoints, as the screens post them, on one database.</summary>
public sealed class PurchasingFlowTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task An_order_from_supplier_prices_is_approved_sent_and_received_in_two_parts_into_two_warehouses_moving_stock_and_average_cost()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var supplier = await SupplierAsync(admin, "Papeterie Lumière SARL");
        var paper = await ProductAsync(app, "PUR-PAPER");
        var service = await ProductAsync(app, "PUR-SETUP", stockManaged: false, type: ProductType.Service);
        var north = await WarehouseAsync(app, "PUR-N");
        var south = await WarehouseAsync(app, "PUR-S");
        var closed = await WarehouseAsync(app, "PUR-X", WarehouseStatus.Closed);
        await SupplierPriceAsync(admin, paper, supplier, "LUM-A4", 8m, 1m);
        await SupplierPriceAsync(admin, paper, supplier, "LUM-A4-BOX", 7m, 10m);
        await StockInAsync(app, paper, north, 6m, 10m);

        var id = await DraftOrderAsync(admin, supplier);
        var card = $"/Purchasing/Orders/{id}";
        await AddLineAsync(admin, id, new() { ["Kind"] = "Product", ["ProductId"] = paper.ToString(), ["Quantity"] = "10", ["DiscountPercent"] = "10" });
        await AddLineAsync(admin, id, new() { ["Kind"] = "Product", ["ProductId"] = service.ToString(), ["Quantity"] = "1", ["UnitPrice"] = "50" });
        var draft = await OrderAsync(app, id);
        var paperLine = draft.Lines.Single(l => l.ProductId == paper);
        var serviceLine = draft.Lines.Single(l => l.ProductId == service);
        (paperLine.UnitPrice, paperLine.SupplierReference, paperLine.IsService).ShouldBe((7m, "LUM-A4-BOX", false), "10 units take the price from 10 on");
        paperLine.NetUnitCost.ShouldBe(6.3m);
        serviceLine.IsService.ShouldBeTrue();
        (draft.TotalExclTax, draft.TotalInclTax).ShouldBe((113m, 113m), "63 + 50, the test products carry no VAT");

        (await ActAsync(admin, card, "validate")).ShouldContain("waits for approval");
        (await ActAsync(admin, card, "approve")).ShouldContain("Purchase order approved");
        (await ActAsync(admin, card, "send", new() { ["OrderedOn"] = Today, ["Method"] = "Email" })).ShouldContain("marked as sent to the supplier");
        var ordered = await OrderAsync(app, id);
        (ordered.Status, ordered.OrderMethod, ordered.Number!.StartsWith("PO", StringComparison.Ordinal)).ShouldBe((PurchaseOrderStatus.Ordered, OrderMethod.Email, true));

        // Bad input: more than ordered, a closed warehouse, a service into stock; nothing is received.
        var (tooMany, tooManyPage) = await ReceiveAsync(admin, id, ReceptionFields(id, true, (paperLine.Id, 11m, north)));
        tooMany.StatusCode.ShouldBe(HttpStatusCode.OK);
        tooManyPage.ShouldContain("11 cannot be received, 10 is left to receive");
        (await ReceiveAsync(admin, id, ReceptionFields(id, true, (paperLine.Id, 4m, closed)))).Page.ShouldContain("The warehouse PUR-X is closed: nothing can be received into it.");
        (await ReceiveAsync(admin, id, ReceptionFields(id, true, (serviceLine.Id, 1m, north)))).Page.ShouldContain("is a service: services are not received into stock");
        (await ReceptionsOfAsync(app, id)).ShouldBeEmpty();
        (await LevelAsync(app, paper, north)).ShouldBe(6m);

        // First reception: 4 sheets into the north warehouse and the service.
        var (first, _) = await ReceiveAsync(admin, id, ReceptionFields(id, true, (paperLine.Id, 4m, north), (serviceLine.Id, 1m, null)));
        first.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await OrderAsync(app, id)).Status.ShouldBe(PurchaseOrderStatus.PartlyReceived);
        (await LevelAsync(app, paper, north)).ShouldBe(10m);
        (await AverageCostAsync(app, paper)).ShouldBe(8.52m, "(6 × 10 + 4 × 6.30) / 10");

        // Second reception: the 6 left into the south warehouse.
        var (second, _) = await ReceiveAsync(admin, id, ReceptionFields(id, true, (paperLine.Id, 6m, south)));
        second.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var received = await OrderAsync(app, id);
        received.Status.ShouldBe(PurchaseOrderStatus.Received);
        received.Lines.Single(l => l.Id == paperLine.Id).QuantityReceived.ShouldBe(10m);
        (await LevelAsync(app, paper, south)).ShouldBe(6m);
        (await AverageCostAsync(app, paper)).ShouldBe(7.6875m, "(10 × 8.52 + 6 × 6.30) / 16");
        (await InvariantBreachesAsync(app)).ShouldBeEmpty();

        var receptions = await ReceptionsOfAsync(app, id);
        receptions.Select(r => r.Status).ShouldBe([ReceptionStatus.Validated, ReceptionStatus.Validated]);
        receptions.ShouldAllBe(r => r.Number!.StartsWith("RC"));
        receptions[0].Lines.Single(l => l.OrderLineId == paperLine.Id).UnitCost.ShouldBe(6.3m);
        var links = await WithDbAsync(app, db => db.Set<RecordLink>().AsNoTracking().Where(l => l.SourceType == "purchasing.order" && l.SourceId == id).ToListAsync());
        links.Select(l => l.TargetId).Order().ShouldBe(receptions.Select(r => r.Id));
        var movements = await WithDbAsync(app, db => db.Set<StockMovement>().AsNoTracking().Where(m => m.OriginType == "purchasing.reception").CountAsync());
        movements.ShouldBe(2, "the service line never moves stock");

        var pdf = await admin.GetAsync($"{card}/pdf");
        pdf.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var note = await admin.GetAsync($"/Purchasing/Receptions/{receptions[0].Id}/pdf");
        note.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var timeline = WebUtility.HtmlDecode(await admin.Http.GetStringAsync($"/Agenda/Events?thirdParty={supplier}"));
        timeline.ShouldContain($"Purchase order {received.Number} approved");
        timeline.ShouldContain($"Reception {receptions[1].Number} validated");
        (await admin.Http.GetStringAsync("/Purchasing/Orders?export=csv")).ShouldContain(received.Number!);

        // Bad input: a draft order is not billed.
        var draftOrder = await DraftOrderAsync(admin, supplier);
        await AddLineAsync(admin, draftOrder, new() { ["Kind"] = "Free", ["Description"] = "Staples", ["Quantity"] = "1", ["UnitPrice"] = "2", ["VatRate"] = "20" });
        var refusedInvoice = await InvoiceFormAsync(admin, supplier, "LUM-0000", orders: [draftOrder]);
        refusedInvoice.Page.ShouldContain("is draft: only an order sent to the supplier can be billed");

        // The supplier's invoice, from both receptions: linked to the order and to each reception.
        var (created, _) = await InvoiceFormAsync(admin, supplier, "LUM-2026-118", receptions: [receptions[0].Id, receptions[1].Id]);
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var invoiceId = long.Parse(created.Headers.Location!.ToString().Split('/')[^1]);
        var invoiceCard = $"/Purchasing/Invoices/{invoiceId}";
        var invoiceLinks = await WithDbAsync(app, db => db.Set<RecordLink>().AsNoTracking().Where(l => l.TargetType == "purchasing.supplier_invoice" && l.TargetId == invoiceId)
            .Select(l => l.SourceType + ":" + l.SourceId).ToListAsync());
        invoiceLinks.Order().ShouldBe(new[] { $"purchasing.order:{id}", $"purchasing.reception:{receptions[0].Id}", $"purchasing.reception:{receptions[1].Id}" }.Order());
        (await ActAsync(admin, invoiceCard, "validate")).ShouldContain("posted to the purchases journal");
        var invoice = await WithDbAsync(app, db => db.Set<SupplierInvoice>().AsNoTracking().Include(i => i.Lines).SingleAsync(i => i.Id == invoiceId));
        (invoice.Status, invoice.TotalExclTax, invoice.Number!.StartsWith("SI", StringComparison.Ordinal)).ShouldBe((SupplierInvoiceStatus.Validated, 113m, true));
        invoice.Lines.Count.ShouldBe(3);
        (await OrderAsync(app, id)).Billed.ShouldBeTrue("every order line is billed");
        var purchases = await EntryLinesAsync("purchasing.supplier_invoice", invoiceId);
        purchases.ShouldBe(["AC 604 D50.00", "AC 607 D63.00", "AC 401 C113.00"], ignoreOrder: true);

        // The supplier's number is recorded once.
        var (duplicate, duplicatePage) = await InvoiceFormAsync(admin, supplier, "LUM-2026-118");
        duplicate.StatusCode.ShouldBe(HttpStatusCode.OK);
        duplicatePage.ShouldContain("The invoice number LUM-2026-118 of Papeterie Lumière SARL is already recorded");

        // Payment: too much is refused with the amount, the right amount pays; cancelling it reverses the posting.
        var bank = await WithDbAsync(app, async db =>
        {
            var account = new BankAccount { Label = "Purchasing bank", AccountingAccount = "512" };
            db.Add(account);
            await db.SaveChangesAsync();
            return account.Id;
        });
        var (over, overPage) = await PayAsync(admin, supplier, bank, (invoiceId, 120m));
        over.StatusCode.ShouldBe(HttpStatusCode.OK);
        overPage.ShouldContain("Overpayment refused: " + invoice.Number + " has 113.00 left to pay, 120.00 is 7.00 too much.");
        var (paid, _) = await PayAsync(admin, supplier, bank, (invoiceId, 113m));
        paid.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var paymentId = long.Parse(paid.Headers.Location!.ToString().Split('/')[^1]);
        (await InvoiceStatusAsync(invoiceId)).ShouldBe(SupplierInvoiceStatus.Paid);
        (await EntryLinesAsync("purchasing.supplier_payment", paymentId)).ShouldBe(["BQ 401 D113.00", "BQ 512 C113.00"], ignoreOrder: true);

        var linked = WebUtility.HtmlDecode(await admin.Http.GetStringAsync($"/Records/purchasing.order/{id}/links"));
        var payment = await WithDbAsync(app, db => db.Set<SupplierPayment>().AsNoTracking().SingleAsync(p => p.Id == paymentId));
        foreach (var number in new[] { receptions[0].Number!, receptions[1].Number!, invoice.Number!, payment.Number })
        {
            linked.ShouldContain(number);
        }

        var cancelled = await admin.PostFormAsync($"/Purchasing/Payments/{paymentId}", $"/Purchasing/Payments/{paymentId}/cancel", []);
        cancelled.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var reversalId = long.Parse(cancelled.Headers.Location!.ToString().Split('/')[^1]);
        (await InvoiceStatusAsync(invoiceId)).ShouldBe(SupplierInvoiceStatus.Validated);
        (await EntryLinesAsync("purchasing.supplier_payment", reversalId)).ShouldBe(["BQ 401 C113.00", "BQ 512 D113.00"], ignoreOrder: true);

        // A billed reception is not cancelled.
        (await ActAsync(admin, $"/Purchasing/Receptions/{receptions[1].Id}", "cancel")).ShouldContain("has been billed by a supplier invoice");
        (await OrderAsync(app, id)).Status.ShouldBe(PurchaseOrderStatus.Received);
        (await LevelAsync(app, paper, south)).ShouldBe(6m);
        (await admin.Http.GetStringAsync("/Purchasing")).ShouldContain(invoice.Number!);
    }

    private Task<List<string>> EntryLinesAsync(string sourceType, long sourceId) => WithDbAsync(app, async db =>
        (await (from e in db.Set<JournalEntry>().AsNoTracking()
                from l in e.Lines
                where e.SourceType == sourceType && e.SourceId == sourceId
                select new { l.JournalCode, l.AccountNumber, l.Debit, l.Credit }).ToListAsync())
            .Select(l => $"{l.JournalCode} {l.AccountNumber} {(l.Debit != 0 ? "D" + l.Debit.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : "C" + l.Credit.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture))}")
            .ToList());

    private Task<SupplierInvoiceStatus> InvoiceStatusAsync(long id) =>
        WithDbAsync(app, db => db.Set<SupplierInvoice>().AsNoTracking().Where(i => i.Id == id).Select(i => i.Status).SingleAsync());

    [Fact]
    public async Task Approval_needs_the_right_a_second_approver_above_the_threshold_and_never_the_author_when_the_settings_forbid_it()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var settings = await admin.PostFormAsync("/Purchasing/Settings", "/Purchasing/Settings", new() { ["SecondApprovalAbove"] = "1000", ["ForbidSelfApproval"] = "true" });
        settings.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var supplier = await SupplierAsync(admin, "Outillage Duval");
        var common = new[] { PurchasingPermissions.Orders.Read, PurchasingPermissions.Orders.Write, PurchasingPermissions.Orders.Validate, CrmPermissions.ThirdParties.Read, CrmPermissions.ThirdParties.SeeAll };
        await NewUserAsync(app, "buyer1", common);
        await NewUserAsync(app, "approver1", [.. common, PurchasingPermissions.Orders.Approve]);
        await NewUserAsync(app, "approver2", [.. common, PurchasingPermissions.Orders.Approve, PurchasingPermissions.Orders.ApproveSecond]);
        using var buyer = await SignedInClient.AsAsync(app, "buyer1", "buyer1-pass-1");
        using var first = await SignedInClient.AsAsync(app, "approver1", "approver1-pass-1");
        using var second = await SignedInClient.AsAsync(app, "approver2", "approver2-pass-1");

        var big = await DraftOrderAsync(buyer, supplier);
        var card = $"/Purchasing/Orders/{big}";
        await AddLineAsync(buyer, big, new() { ["Kind"] = "Free", ["Description"] = "Drill press", ["Quantity"] = "1", ["UnitPrice"] = "2000", ["VatRate"] = "20" });
        (await ActAsync(buyer, card, "validate")).ShouldNotContain("data-actions><form method=\"post\" action=\"" + card + "/approve");
        (await buyer.PostFormAsync(card, $"{card}/approve", [])).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "a buyer cannot approve");

        var mine = await DraftOrderAsync(first, supplier);
        await AddLineAsync(first, mine, new() { ["Kind"] = "Free", ["Description"] = "Gloves", ["Quantity"] = "2", ["UnitPrice"] = "10", ["VatRate"] = "20" });
        await ActAsync(first, $"/Purchasing/Orders/{mine}", "validate");
        (await ActAsync(first, $"/Purchasing/Orders/{mine}", "approve")).ShouldContain("forbid approving one's own order");
        (await OrderAsync(app, mine)).Status.ShouldBe(PurchaseOrderStatus.Validated);
        (await ActAsync(second, $"/Purchasing/Orders/{mine}", "approve")).ShouldContain("Purchase order approved");

        (await ActAsync(first, card, "approve")).ShouldContain("needs a second approver");
        var half = await OrderAsync(app, big);
        (half.Status, half.FirstApprovedByUserId is not null).ShouldBe((PurchaseOrderStatus.Validated, true));
        (await ActAsync(first, card, "approve")).ShouldContain("the second approval needs the right");
        (await OrderAsync(app, big)).Status.ShouldBe(PurchaseOrderStatus.Validated);
        (await ActAsync(second, card, "approve")).ShouldContain("Purchase order approved");
        var approved = await OrderAsync(app, big);
        (approved.Status, approved.ApprovedByUserId == approved.FirstApprovedByUserId).ShouldBe((PurchaseOrderStatus.Approved, false));

        await ActAsync(admin, card, "send", new() { ["OrderedOn"] = Today, ["Method"] = "Phone" });
        var (billed, _) = await InvoiceFormAsync(admin, supplier, "DUV-77", orders: [big]);
        billed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var bigInvoice = billed.Headers.Location!.ToString();
        (await admin.Http.GetStringAsync(bigInvoice)).ShouldContain("data-billing-warnings");
        (await ActAsync(admin, bigInvoice, "validate")).ShouldContain("Billed beyond what was received");

        var refused = await DraftOrderAsync(buyer, supplier);
        await AddLineAsync(buyer, refused, new() { ["Kind"] = "Free", ["Description"] = "Golden stapler", ["Quantity"] = "1", ["UnitPrice"] = "500", ["VatRate"] = "20" });
        await ActAsync(buyer, $"/Purchasing/Orders/{refused}", "validate");
        (await ActAsync(first, $"/Purchasing/Orders/{refused}", "refuse", new() { ["reason"] = "Too expensive" })).ShouldContain("Purchase order refused");
        var gone = await OrderAsync(app, refused);
        (gone.Status, gone.RefusalReason).ShouldBe((PurchaseOrderStatus.Refused, "Too expensive"));

        // A draft order cannot be received.
        var draft = await DraftOrderAsync(buyer, supplier);
        await AddLineAsync(buyer, draft, new() { ["Kind"] = "Free", ["Description"] = "Tape", ["Quantity"] = "1", ["UnitPrice"] = "3", ["VatRate"] = "20" });
        var line = (await OrderAsync(app, draft)).Lines.Single();
        (await ReceiveAsync(admin, draft, ReceptionFields(draft, true, (line.Id, 1m, null)))).Page
            .ShouldContain("only an order sent to the supplier and not fully received can be received");

        var home = WebUtility.HtmlDecode(await admin.Http.GetStringAsync("/Purchasing"));
        home.ShouldContain("Orders to send");
        home.ShouldContain(approved.Number!);
    }
}
