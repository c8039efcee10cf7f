using System.Net;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Crm;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Purchasing;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Platform.Setup.Domain;
using static MokoCrm.IntegrationTests.Modules.Purchasing.PurchasingTestData;
using static MokoCrm.IntegrationTests.Modules.Stock.StockTestData;

namespace MokoCrm.IntegrationTests.Modules.Purchasing;

/// <summary>
/// Bad input on the purchasing chain answered with a clear message and nothing saved, and the CRM visibility rule on
/// every supplier document: a rep who may not see all third parties gets 404 on another rep's supplier's documents.
/// </summary>
public sealed class PurchasingRefusalsTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task Receiving_too_much_into_a_closed_warehouse_or_a_service_into_stock_and_billing_drafts_twice_or_paying_too_much_are_refused_and_nothing_is_saved()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var supplier = await SupplierAsync(admin, "Fournitures Refus SARL");
        var bolts = await ProductAsync(app, "REF-BOLT");
        var fitting = await ProductAsync(app, "REF-FIT", stockManaged: false, type: ProductType.Service);
        var open = await WarehouseAsync(app, "REF-OPEN");
        var closed = await WarehouseAsync(app, "REF-SHUT", WarehouseStatus.Closed);
        var order = await SentOrderAsync(admin, supplier,
            new Dictionary<string, string> { ["Kind"] = "Product", ["ProductId"] = bolts.ToString(), ["Quantity"] = "5", ["UnitPrice"] = "3" },
            new Dictionary<string, string> { ["Kind"] = "Product", ["ProductId"] = fitting.ToString(), ["Quantity"] = "1", ["UnitPrice"] = "40" });
        var lines = (await OrderAsync(app, order)).Lines;
        var boltLine = lines.Single(l => l.ProductId == bolts).Id;
        var fittingLine = lines.Single(l => l.ProductId == fitting).Id;

        (await ReceiveAsync(admin, order, ReceptionFields(order, true, (boltLine, 6m, open)))).Page.ShouldContain("6 cannot be received, 5 is left to receive");
        (await ReceiveAsync(admin, order, ReceptionFields(order, false, (boltLine, 6m, open)))).Page.ShouldContain("6 cannot be received, 5 is left to receive", customMessage: "a draft is checked too");
        (await ReceiveAsync(admin, order, ReceptionFields(order, true, (boltLine, 2m, closed)))).Page.ShouldContain("The warehouse REF-SHUT is closed: nothing can be received into it.");
        (await ReceiveAsync(admin, order, ReceptionFields(order, true, (fittingLine, 1m, open)))).Page.ShouldContain("is a service: services are not received into stock");
        (await ReceiveAsync(admin, order, ReceptionFields(order, true, (boltLine, -1m, open)))).Response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ReceptionsOfAsync(app, order)).ShouldBeEmpty();
        (await LevelAsync(app, bolts, open)).ShouldBe(0m);
        var untouched = await OrderAsync(app, order);
        (untouched.Status, untouched.Lines.Sum(l => l.QuantityReceived)).ShouldBe((PurchaseOrderStatus.Ordered, 0m));

        // A draft reception and a draft order are not billed; nothing is created.
        var (draftReception, _) = await ReceiveAsync(admin, order, ReceptionFields(order, false, (boltLine, 2m, open)));
        draftReception.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var draftReceptionId = (await ReceptionsOfAsync(app, order)).Single().Id;
        var draftOrder = await DraftOrderAsync(admin, supplier);
        await AddLineAsync(admin, draftOrder, new() { ["Kind"] = "Free", ["Description"] = "Washers", ["Quantity"] = "1", ["UnitPrice"] = "2", ["VatRate"] = "20" });
        (await InvoiceFormAsync(admin, supplier, "REF-INV-1", receptions: [draftReceptionId])).Page.ShouldContain("is draft: only a validated reception can be billed");
        (await InvoiceFormAsync(admin, supplier, "REF-INV-1", orders: [draftOrder])).Page.ShouldContain("is draft: only an order sent to the supplier can be billed");
        (await InvoicesOfAsync(supplier)).ShouldBeEmpty();

        // The supplier's number once: the second invoice with it is refused, the first stays alone.
        await ActAsync(admin, $"/Purchasing/Receptions/{draftReceptionId}", "validate");
        (await admin.Http.GetStringAsync("/Purchasing/Receptions")).ShouldContain((await ReceptionsOfAsync(app, order)).Single().Number!);
        var (created, _) = await InvoiceFormAsync(admin, supplier, "REF-INV-1", receptions: [draftReceptionId]);
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var invoiceId = long.Parse(created.Headers.Location!.ToString().Split('/')[^1]);
        var (duplicate, duplicatePage) = await InvoiceFormAsync(admin, supplier, "REF-INV-1", orders: [order]);
        duplicate.StatusCode.ShouldBe(HttpStatusCode.OK);
        duplicatePage.ShouldContain("The invoice number REF-INV-1 of Fournitures Refus SARL is already recorded");
        (await InvoicesOfAsync(supplier)).ShouldBe([invoiceId]);

        // Overpayment: refused with the amounts, no payment saved, the invoice still open.
        (await ActAsync(admin, $"/Purchasing/Invoices/{invoiceId}", "validate")).ShouldContain("posted to the purchases journal");
        var invoice = await InvoiceAsync(invoiceId);
        var bank = await BankAsync("Refusals bank");
        var (over, overPage) = await PayAsync(admin, supplier, bank, (invoiceId, invoice.TotalInclTax + 1m));
        over.StatusCode.ShouldBe(HttpStatusCode.OK);
        overPage.ShouldContain($"Overpayment refused: {invoice.Number} has {invoice.TotalInclTax.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} left to pay");
        (await WithDbAsync(app, db => db.Set<SupplierPayment>().AsNoTracking().CountAsync(p => p.SupplierId == supplier))).ShouldBe(0);
        var after = await InvoiceAsync(invoiceId);
        (after.Status, after.AmountSettled).ShouldBe((SupplierInvoiceStatus.Validated, 0m));
    }

    [Fact]
    public async Task A_rep_who_may_not_see_all_third_parties_gets_404_on_another_reps_supplier_orders_receptions_invoices_and_payments()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        string[] rights =
        [
            CrmPermissions.ThirdParties.Read,
            PurchasingPermissions.Orders.Read, PurchasingPermissions.Orders.Write, PurchasingPermissions.Orders.Validate, PurchasingPermissions.Orders.Close, PurchasingPermissions.Orders.Delete,
            PurchasingPermissions.Receptions.Read, PurchasingPermissions.Receptions.Write, PurchasingPermissions.Receptions.Validate,
            PurchasingPermissions.Invoices.Read, PurchasingPermissions.Invoices.Write, PurchasingPermissions.Invoices.Validate,
            PurchasingPermissions.Payments.Read, PurchasingPermissions.Payments.Write,
        ];
        var repA = await NewUserAsync(app, "buyrepa", rights);
        var repB = await NewUserAsync(app, "buyrepb", rights);
        var mine = await SupplierAsync(admin, "Rep A Supplies", repA);
        var theirs = await SupplierAsync(admin, "Rep B Supplies", repB);
        var bank = await BankAsync("Visibility bank");
        var my = await PaidChainAsync(admin, mine, "A-1", bank);
        var their = await PaidChainAsync(admin, theirs, "B-1", bank);
        using var rep = await SignedInClient.AsAsync(app, "buyrepa", "buyrepa-pass-1");

        foreach (var url in Cards(my))
        {
            (await rep.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK, url);
        }

        foreach (var url in Cards(their))
        {
            (await rep.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound, url);
        }

        var receptionDraft = await DraftOrderAsync(admin, theirs);
        foreach (var url in new[] { $"/Purchasing/Receptions/new?order={their.Order}", $"/Purchasing/Invoices/new?supplier={theirs}", $"/Purchasing/Payments/new?invoice={their.Invoice}",
                     $"/Purchasing/Orders/{receptionDraft}/edit" })
        {
            var page = await rep.GetAsync(url);
            if (page.StatusCode == HttpStatusCode.OK)
            {
                (await page.Content.ReadAsStringAsync()).ShouldNotContain("Rep B Supplies", customMessage: url);
            }
            else
            {
                page.StatusCode.ShouldBe(HttpStatusCode.NotFound, url);
            }
        }

        // Acting on them answers 404 and changes nothing.
        foreach (var action in new[]
                 {
                     $"/Purchasing/Orders/{receptionDraft}/validate", $"/Purchasing/Orders/{receptionDraft}/delete", $"/Purchasing/Orders/{their.Order}/cancel",
                     $"/Purchasing/Receptions/{their.Reception}/cancel", $"/Purchasing/Invoices/{their.Invoice}/credit-note", $"/Purchasing/Payments/{their.Payment}/cancel",
                 })
        {
            (await rep.PostFormAsync("/Purchasing/Orders", action, [])).StatusCode.ShouldBe(HttpStatusCode.NotFound, action);
        }

        var line = (await OrderAsync(app, their.Order)).Lines.Single();
        var received = ReceptionFields(their.Order, true, (line.Id, 1m, null));
        (await rep.PostFormAsync("/Purchasing/Orders", "/Purchasing/Receptions/new", received)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var billed = await rep.PostFormAsync("/Purchasing/Orders", "/Purchasing/Invoices/new",
            new() { ["SupplierId"] = theirs.ToString(), ["SupplierInvoiceNumber"] = "B-STOLEN", ["Date"] = Today, ["OrderIds"] = their.Order.ToString() });
        billed.StatusCode.ShouldNotBe(HttpStatusCode.Redirect);
        var paid = await rep.PostFormAsync("/Purchasing/Orders", "/Purchasing/Payments/new", new()
        {
            ["SupplierId"] = theirs.ToString(), ["Date"] = Today, ["BankAccountId"] = bank.ToString(), ["Shares[0].InvoiceId"] = their.Invoice.ToString(), ["Shares[0].Amount"] = "1",
        });
        paid.StatusCode.ShouldNotBe(HttpStatusCode.Redirect);
        (await OrderAsync(app, receptionDraft)).Status.ShouldBe(PurchaseOrderStatus.Draft);
        (await OrderAsync(app, their.Order)).Status.ShouldBe(PurchaseOrderStatus.Received);
        (await InvoicesOfAsync(theirs)).ShouldBe([their.Invoice]);
        (await WithDbAsync(app, db => db.Set<SupplierPayment>().AsNoTracking().CountAsync(p => p.SupplierId == theirs))).ShouldBe(1);
        (await ReceptionsOfAsync(app, their.Order)).Single().Status.ShouldBe(ReceptionStatus.Validated);

        foreach (var list in new[] { "/Purchasing/Orders", "/Purchasing/Receptions", "/Purchasing/Invoices", "/Purchasing/Payments" })
        {
            var page = WebUtility.HtmlDecode(await rep.Http.GetStringAsync(list));
            page.ShouldContain("Rep A Supplies", customMessage: list);
            page.ShouldNotContain("Rep B Supplies", customMessage: list);
        }

        // The home lists what is left to do: rep B's draft order is not rep A's business.
        WebUtility.HtmlDecode(await rep.Http.GetStringAsync("/Purchasing")).ShouldNotContain("Rep B Supplies");
    }

    private static string[] Cards((long Order, long Reception, long Invoice, long Payment) chain) =>
    [
        $"/Purchasing/Orders/{chain.Order}", $"/Purchasing/Orders/{chain.Order}/pdf", $"/Records/purchasing.order/{chain.Order}/links",
        $"/Purchasing/Receptions/{chain.Reception}", $"/Purchasing/Receptions/{chain.Reception}/pdf", $"/Records/purchasing.reception/{chain.Reception}/links",
        $"/Purchasing/Invoices/{chain.Invoice}", $"/Records/purchasing.supplier_invoice/{chain.Invoice}/links",
        $"/Purchasing/Payments/{chain.Payment}", $"/Records/purchasing.supplier_payment/{chain.Payment}/links",
    ];

    /// <summary>An order sent, received, billed from its reception and paid, as the admin does it.</summary>
    private async Task<(long Order, long Reception, long Invoice, long Payment)> PaidChainAsync(SignedInClient admin, long supplier, string number, long bank)
    {
        var order = await SentOrderAsync(admin, supplier, new Dictionary<string, string> { ["Kind"] = "Free", ["Description"] = "Cleaning " + number, ["Quantity"] = "1", ["UnitPrice"] = "100", ["VatRate"] = "20" });
        var line = (await OrderAsync(app, order)).Lines.Single();
        (await ReceiveAsync(admin, order, ReceptionFields(order, true, (line.Id, 1m, null)))).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var reception = (await ReceptionsOfAsync(app, order)).Single().Id;
        var (created, _) = await InvoiceFormAsync(admin, supplier, number, receptions: [reception]);
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var invoice = long.Parse(created.Headers.Location!.ToString().Split('/')[^1]);
        await ActAsync(admin, $"/Purchasing/Invoices/{invoice}", "validate");
        var (paid, _) = await PayAsync(admin, supplier, bank, (invoice, 120m));
        paid.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return (order, reception, invoice, long.Parse(paid.Headers.Location!.ToString().Split('/')[^1]));
    }

    private Task<long> BankAsync(string label) => WithDbAsync(app, async db =>
    {
        var account = new BankAccount { Label = label, AccountingAccount = "512" };
        db.Add(account);
        await db.SaveChangesAsync();
        return account.Id;
    });

    private Task<SupplierInvoice> InvoiceAsync(long id) =>
        WithDbAsync(app, db => db.Set<SupplierInvoice>().AsNoTracking().SingleAsync(i => i.Id == id));

    private Task<List<long>> InvoicesOfAsync(long supplier) =>
        WithDbAsync(app, db => db.Set<SupplierInvoice>().AsNoTracking().Where(i => i.SupplierId == supplier).Select(i => i.Id).ToListAsync());
}
