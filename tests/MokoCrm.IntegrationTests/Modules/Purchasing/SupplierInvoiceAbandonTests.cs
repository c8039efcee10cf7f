using System.Net;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Modules.Agenda.Domain;
using MokoCrm.Web.Modules.Crm;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Purchasing;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Platform.Setup.Domain;
using static MokoCrm.IntegrationTests.Modules.Purchasing.PurchasingTestData;
using static MokoCrm.IntegrationTests.Modules.Stock.StockTestData;

namespace MokoCrm.IntegrationTests.Modules.Purchasing;

/// <summary>
/// "Classify abandoned" on a supplier invoice (DOMAIN.md §3: validated → abandoned with no payments): the reason and
/// note kept, the AC entry reversed line for line in the same action, a timeline event; drafts, paid, partly paid
/// invoices and credit notes refused with nothing changed; the right "Abandon" needed for the page, the button and the action.
/// </summary>
public sealed class SupplierInvoiceAbandonTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task Abandoning_an_unpaid_supplier_invoice_keeps_its_reason_and_note_reverses_its_purchases_entry_line_for_line_and_records_an_event()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var supplier = await SupplierAsync(admin, "Abandon Papeterie SARL");
        var invoiceId = await ValidatedInvoiceAsync(admin, supplier, "ABN-1", "ABN-PAPER", "ABN-SETUP");
        var card = $"/Purchasing/Invoices/{invoiceId}";
        var number = (await InvoiceAsync(invoiceId)).Number!;
        (await EntryLinesAsync(invoiceId, EntryKind.Posting)).ShouldBe(["AC 607 D1000.00", "AC 604 D50.00", "AC 44566 D210.00", "AC 401 C1260.00"], ignoreOrder: true);

        var shown = WebUtility.HtmlDecode(await admin.Http.GetStringAsync(card));
        shown.ShouldContain($"href=\"{card}/abandon\"");
        var form = WebUtility.HtmlDecode(await admin.Http.GetStringAsync($"{card}/abandon"));
        form.ShouldContain($"Classify {number} abandoned");
        form.ShouldContain("Waived by the supplier");
        form.ShouldContain("1,260.00");

        var done = await ActAsync(admin, card, "abandon", new() { ["Reason"] = "Disputed", ["Note"] = "  Goods returned, agreed with their sales desk  " });
        done.ShouldContain("Supplier invoice abandoned");
        done.ShouldContain("Disputed: not owed: Goods returned, agreed with their sales desk");
        done.ShouldNotContain($"href=\"{card}/abandon\"");
        done.ShouldNotContain("data-pay");

        var abandoned = await InvoiceAsync(invoiceId);
        (abandoned.Status, abandoned.AbandonReason, abandoned.AbandonNote, abandoned.AmountSettled)
            .ShouldBe((SupplierInvoiceStatus.Abandoned, SupplierInvoiceAbandonReason.Disputed, "Goods returned, agreed with their sales desk", 0m));
        abandoned.AbandonedAt.ShouldNotBeNull();

        // The reversal: every line of the AC entry on the other side, same accounts, the supplier's subledger kept.
        (await EntryLinesAsync(invoiceId, EntryKind.Reversal)).ShouldBe(["AC 607 C1000.00", "AC 604 C50.00", "AC 44566 C210.00", "AC 401 D1260.00"], ignoreOrder: true);
        var (original, reversal) = await WithDbAsync(app, async db =>
        {
            var entries = await db.Set<JournalEntry>().AsNoTracking().Include(e => e.Lines)
                .Where(e => e.SourceType == "purchasing.supplier_invoice" && e.SourceId == invoiceId).ToListAsync();
            return (entries.Single(e => e.Kind == EntryKind.Posting), entries.Single(e => e.Kind == EntryKind.Reversal));
        });
        reversal.ReversesEntryId.ShouldBe(original.Id);
        reversal.EntryDate.ShouldBe(DateOnly.FromDateTime(DateTime.UtcNow));
        reversal.Reason.ShouldBe($"{number} abandoned (Disputed): Goods returned, agreed with their sales desk");
        reversal.Lines.Single(l => l.AccountNumber == "401").Subledger.ShouldBe(original.Lines.Single(l => l.AccountNumber == "401").Subledger);
        reversal.Lines.Single(l => l.AccountNumber == "401").Subledger.ShouldNotBeNullOrEmpty();

        (await WithDbAsync(app, db => db.Set<AgendaEvent>().AsNoTracking().CountAsync(e => e.Title == $"Supplier invoice {number} abandoned"))).ShouldBe(1);

        // Abandoned is final: not again, not paid, not offered to pay.
        (await ActAsync(admin, card, "abandon", new() { ["Reason"] = "Other" })).ShouldContain($"Only an unpaid supplier invoice can be abandoned; {number} is abandoned.");
        var bank = await BankAsync("Abandon bank 1");
        var (paid, paidPage) = await PayAsync(admin, supplier, bank, (invoiceId, 10m));
        paid.StatusCode.ShouldBe(HttpStatusCode.OK, paidPage);
        (await WithDbAsync(app, db => db.Set<SupplierPayment>().AsNoTracking().CountAsync(p => p.SupplierId == supplier))).ShouldBe(0);
        (await EntryLinesAsync(invoiceId, EntryKind.Reversal)).Count.ShouldBe(4);
        (await admin.GetAsync($"{card}/abandon")).StatusCode.ShouldBe(HttpStatusCode.Redirect, "the confirmation page is only for an invoice that can be abandoned");
    }

    [Fact]
    public async Task A_draft_a_paid_a_partly_paid_invoice_a_credit_note_or_no_reason_are_refused_with_a_message_and_nothing_changes()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var supplier = await SupplierAsync(admin, "Abandon Refus SA");
        var bank = await BankAsync("Abandon bank 2");

        // A draft: no number, nothing posted.
        var order = await SentOrderAsync(admin, supplier, new Dictionary<string, string> { ["Kind"] = "Free", ["Description"] = "Draft work", ["Quantity"] = "1", ["UnitPrice"] = "10", ["VatRate"] = "20" });
        var (draftCreated, _) = await InvoiceFormAsync(admin, supplier, "ABR-DRAFT", orders: [order]);
        var draft = long.Parse(draftCreated.Headers.Location!.ToString().Split('/')[^1]);
        (await ActAsync(admin, $"/Purchasing/Invoices/{draft}", "abandon", new() { ["Reason"] = "Other" }))
            .ShouldContain($"Only an unpaid supplier invoice can be abandoned; (PROV{draft}) is draft.");
        (await InvoiceAsync(draft)).Status.ShouldBe(SupplierInvoiceStatus.Draft);

        // No reason chosen.
        var unpaid = await ValidatedInvoiceAsync(admin, supplier, "ABR-NOREASON", "ABR-P1", "ABR-S1");
        (await ActAsync(admin, $"/Purchasing/Invoices/{unpaid}", "abandon", new() { ["Note"] = "why not" })).ShouldContain("Choose why the supplier invoice is abandoned.");
        (await InvoiceAsync(unpaid)).Status.ShouldBe(SupplierInvoiceStatus.Validated);
        (await EntryLinesAsync(unpaid, EntryKind.Reversal)).ShouldBeEmpty();

        // Paid in full, and partly paid: payments come first (cancel them, then abandon).
        var paid = await ValidatedInvoiceAsync(admin, supplier, "ABR-PAID", "ABR-P2", "ABR-S2");
        (await PayAsync(admin, supplier, bank, (paid, 1260m))).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var paidNumber = (await InvoiceAsync(paid)).Number;
        (await ActAsync(admin, $"/Purchasing/Invoices/{paid}", "abandon", new() { ["Reason"] = "Other" }))
            .ShouldContain($"Only an unpaid supplier invoice can be abandoned; {paidNumber} is paid.");
        var partly = await ValidatedInvoiceAsync(admin, supplier, "ABR-PARTLY", "ABR-P3", "ABR-S3");
        (await PayAsync(admin, supplier, bank, (partly, 100m))).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var partlyCard = WebUtility.HtmlDecode(await admin.Http.GetStringAsync($"/Purchasing/Invoices/{partly}"));
        partlyCard.ShouldNotContain("/abandon\"", customMessage: "no button on a partly paid invoice");
        (await ActAsync(admin, $"/Purchasing/Invoices/{partly}", "abandon", new() { ["Reason"] = "Waived" }))
            .ShouldContain("is partly paid (100.00): cancel its payments before abandoning it.");
        foreach (var id in new[] { paid, partly })
        {
            (await EntryLinesAsync(id, EntryKind.Reversal)).ShouldBeEmpty();
        }

        (await InvoiceAsync(paid)).Status.ShouldBe(SupplierInvoiceStatus.Paid);
        (await InvoiceAsync(partly)).Status.ShouldBe(SupplierInvoiceStatus.Validated);

        // A credit note is refunded, not abandoned.
        var creditOf = $"/Purchasing/Invoices/{unpaid}";
        var credit = await admin.PostFormAsync(creditOf, creditOf + "/credit-note", new() { ["supplierCreditNoteNumber"] = "ABR-CN" });
        var creditCard = credit.Headers.Location!.ToString();
        await ActAsync(admin, creditCard, "validate");
        (await ActAsync(admin, creditCard, "abandon", new() { ["Reason"] = "Other" })).ShouldContain("is a credit note: record its refund instead.");
        (await InvoiceAsync(long.Parse(creditCard.Split('/')[^1]))).Status.ShouldNotBe(SupplierInvoiceStatus.Abandoned);
        (await WithDbAsync(app, db => db.Set<AgendaEvent>().AsNoTracking().CountAsync(e => e.Title.StartsWith("Supplier invoice") && e.Title.EndsWith("abandoned")))).ShouldBe(0);
    }

    [Fact]
    public async Task Only_a_user_with_the_abandon_right_sees_the_button_and_the_page_and_may_abandon()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        string[] rights =
        [
            CrmPermissions.ThirdParties.Read, CrmPermissions.ThirdParties.SeeAll,
            PurchasingPermissions.Invoices.Read, PurchasingPermissions.Invoices.Write, PurchasingPermissions.Invoices.Validate,
        ];
        await NewUserAsync(app, "abnclerk", rights);
        await NewUserAsync(app, "abnchief", [.. rights, PurchasingPermissions.Invoices.Close]);
        var supplier = await SupplierAsync(admin, "Abandon Droits SAS");
        var invoiceId = await ValidatedInvoiceAsync(admin, supplier, "ABD-1", "ABD-P", "ABD-S");
        var card = $"/Purchasing/Invoices/{invoiceId}";

        using var clerk = await SignedInClient.AsAsync(app, "abnclerk", "abnclerk-pass-1");
        var clerkCard = await clerk.Http.GetStringAsync(card);
        clerkCard.ShouldNotContain($"{card}/abandon");
        (await clerk.GetAsync($"{card}/abandon")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await clerk.PostFormAsync(card, $"{card}/abandon", new() { ["Reason"] = "Other" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await InvoiceAsync(invoiceId)).Status.ShouldBe(SupplierInvoiceStatus.Validated);

        using var chief = await SignedInClient.AsAsync(app, "abnchief", "abnchief-pass-1");
        (await chief.Http.GetStringAsync(card)).ShouldContain($"{card}/abandon");
        (await chief.GetAsync($"{card}/abandon")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ActAsync(chief, card, "abandon", new() { ["Reason"] = "Waived" })).ShouldContain("Supplier invoice abandoned");
        (await InvoiceAsync(invoiceId)).Status.ShouldBe(SupplierInvoiceStatus.Abandoned);

        // The right is on the permissions screen with the others of supplier invoices.
        var permissions = WebUtility.HtmlDecode(await admin.Http.GetStringAsync($"/Admin/Users/{await UserIdAsync("abnclerk")}/rights"));
        permissions.ShouldContain(PurchasingPermissions.Invoices.Close);
    }

    /// <summary>A validated invoice billing an order of 10 goods at 100.00 (607) and one service at 50.00 (604), both at 20 % VAT.</summary>
    private async Task<long> ValidatedInvoiceAsync(SignedInClient admin, long supplier, string supplierNumber, string goodsReference, string serviceReference)
    {
        var goods = await ProductAsync(app, goodsReference);
        var service = await ProductAsync(app, serviceReference, stockManaged: false, type: ProductType.Service);
        var order = await SentOrderAsync(admin, supplier,
            new Dictionary<string, string> { ["Kind"] = "Product", ["ProductId"] = goods.ToString(), ["Quantity"] = "10", ["UnitPrice"] = "100", ["VatRate"] = "20" },
            new Dictionary<string, string> { ["Kind"] = "Product", ["ProductId"] = service.ToString(), ["Quantity"] = "1", ["UnitPrice"] = "50", ["VatRate"] = "20" });
        var (created, page) = await InvoiceFormAsync(admin, supplier, supplierNumber, orders: [order]);
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect, page);
        var id = long.Parse(created.Headers.Location!.ToString().Split('/')[^1]);
        (await ActAsync(admin, $"/Purchasing/Invoices/{id}", "validate")).ShouldContain("posted to the purchases journal");
        return id;
    }

    private static async Task<long> SentOrderAsync(SignedInClient admin, long supplier, params Dictionary<string, string>[] lines)
    {
        var order = await DraftOrderAsync(admin, supplier);
        foreach (var line in lines)
        {
            await AddLineAsync(admin, order, line);
        }

        var card = $"/Purchasing/Orders/{order}";
        await ActAsync(admin, card, "validate");
        await ActAsync(admin, card, "approve");
        await ActAsync(admin, card, "send", new() { ["OrderedOn"] = Today, ["Method"] = "Email" });
        return order;
    }

    private Task<List<string>> EntryLinesAsync(long invoiceId, EntryKind kind) => WithDbAsync(app, async db =>
        (await (from e in db.Set<JournalEntry>().AsNoTracking()
                from l in e.Lines
                where e.SourceType == "purchasing.supplier_invoice" && e.SourceId == invoiceId && e.Kind == kind
                select new { l.JournalCode, l.AccountNumber, l.Debit, l.Credit }).ToListAsync())
            .Select(l => $"{l.JournalCode} {l.AccountNumber} {(l.Debit != 0 ? "D" + l.Debit.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : "C" + l.Credit.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture))}")
            .ToList());

    private Task<SupplierInvoice> InvoiceAsync(long id) =>
        WithDbAsync(app, db => db.Set<SupplierInvoice>().AsNoTracking().SingleAsync(i => i.Id == id));

    private Task<long> UserIdAsync(string login) =>
        WithDbAsync(app, db => db.Set<MokoCrm.Web.Platform.Security.Domain.AppUser>().AsNoTracking().Where(u => u.UserName == login).Select(u => u.Id).SingleAsync());

    private Task<long> BankAsync(string label) => WithDbAsync(app, async db =>
    {
        var account = new BankAccount { Label = label, AccountingAccount = "512" };
        db.Add(account);
        await db.SaveChangesAsync();
        return account.Id;
    });
}
