using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using MokoCrm.IntegrationTests.Modules.Accounting;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Modules.Crm;
using MokoCrm.Web.Modules.Purchasing;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Modules.Purchasing.Public;
using MokoCrm.Web.Platform.Links;
using static MokoCrm.IntegrationTests.Modules.Purchasing.PurchasingTestData;

namespace MokoCrm.IntegrationTests.Modules.Purchasing;

/// <summary>
/// A supplier credit note used on a supplier invoice (the mirror of the sales side's "credit note used"): the card
/// offers the supplier's validated credit notes with credit left; using one settles both by the same amount, capped at
/// what the invoice still owes; the invoice is paid once covered; the two are linked; nothing is posted, and Accounting
/// letters the set once it balances. Another supplier's credit note, drafts, a used-up credit note, a credit note on a
/// credit note and a paid invoice are refused with nothing changed; the right to pay supplier invoices is needed.
/// </summary>
public sealed class SupplierInvoiceCreditUseTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task A_credit_note_is_used_up_to_what_is_left_to_pay_the_invoice_is_paid_once_covered_both_are_linked_and_the_set_is_lettered()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var supplier = await SupplierAsync(admin, "Credit Use Fournitures SARL");
        var invoice = await ValidatedInvoiceAsync(admin, supplier, "CU-INV-1", "1000");          // 1,200.00
        var small = await ValidatedCreditNoteAsync(admin, await ValidatedInvoiceAsync(admin, supplier, "CU-INV-2", "300"), "CU-CN-1"); // 360.00
        var big = await ValidatedCreditNoteAsync(admin, await ValidatedInvoiceAsync(admin, supplier, "CU-INV-3", "1000"), "CU-CN-2"); // 1,200.00
        var card = $"/Purchasing/Invoices/{invoice}";
        var entries = await EntryCountAsync();

        // The card offers both credit notes with what is left of them.
        var shown = WebUtility.HtmlDecode(await admin.Http.GetStringAsync(card));
        shown.ShouldContain("data-credits");
        shown.ShouldContain($"Use {(await InvoiceAsync(small)).Number} (360.00)");
        shown.ShouldContain($"Use {(await InvoiceAsync(big)).Number} (1,200.00)");

        // The small one is used whole: the invoice still owes 840.00, the credit note is used up.
        var after = await ActAsync(admin, card, "use-credit", new() { ["creditNoteId"] = Id(small) });
        after.ShouldContain("Credit of 360.00 used on the supplier invoice.");
        after.ShouldContain("Credit note used");
        after.ShouldNotContain($"Use {(await InvoiceAsync(small)).Number}");
        (await StandingAsync(invoice)).ShouldBe((SupplierInvoiceStatus.Validated, 360m, 840m));
        (await StandingAsync(small)).ShouldBe((SupplierInvoiceStatus.Paid, -360m, 0m));

        // The big one covers only the 840.00 left: the invoice is paid, 360.00 of credit stays on the credit note.
        (await ActAsync(admin, card, "use-credit", new() { ["creditNoteId"] = Id(big) })).ShouldContain("Credit of 840.00 used on the supplier invoice.");
        (await StandingAsync(invoice)).ShouldBe((SupplierInvoiceStatus.Paid, 1200m, 0m));
        (await StandingAsync(big)).ShouldBe((SupplierInvoiceStatus.Validated, -840m, -360m));
        (await app.WithDbAsync(db => db.Set<SupplierInvoiceCreditUse>().AsNoTracking().Where(u => u.InvoiceId == invoice).OrderBy(u => u.Id)
            .Select(u => new { u.CreditNoteId, u.Amount }).ToListAsync())).Select(u => (u.CreditNoteId, u.Amount)).ShouldBe([(small, 360m), (big, 840m)]);

        // Linked both ways: each card shows the other document, the credit note's card says where it went.
        (await app.WithDbAsync(db => db.Set<RecordLink>().AsNoTracking()
            .CountAsync(l => l.SourceType == PurchasingRecordTypes.SupplierInvoice && l.TargetType == PurchasingRecordTypes.SupplierInvoice && l.TargetId == invoice
                && (l.SourceId == small || l.SourceId == big) && l.Kind == LinkKinds.Pays))).ShouldBe(2);
        var invoiceNumber = (await InvoiceAsync(invoice)).Number!;
        var bigCard = WebUtility.HtmlDecode(await admin.Http.GetStringAsync($"/Purchasing/Invoices/{big}"));
        bigCard.ShouldContain(invoiceNumber);
        bigCard.ShouldContain("Used on invoice");
        bigCard.ShouldContain("-840.00");
        var paidCard = WebUtility.HtmlDecode(await admin.Http.GetStringAsync(card));
        paidCard.ShouldContain((await InvoiceAsync(big)).Number!);
        paidCard.ShouldNotContain("data-credits", customMessage: "a paid invoice offers no credit");

        // Nothing is posted (401 of one supplier on both sides) and nothing balances yet (1,200 + 360 against 1,560 of
        // credit notes... only when the big credit note is used up): no lettering.
        (await EntryCountAsync()).ShouldBe(entries);
        var subledger = (await SupplierLinesAsync(invoice)).Single().Subledger!;
        (await LettersAsync(subledger)).ShouldBeEmpty();

        // The rest of the big credit note on a 360.00 invoice: that invoice is paid, the credit note used up, and the
        // four supplier lines balance: one code for all of them.
        var last = await ValidatedInvoiceAsync(admin, supplier, "CU-INV-4", "300");
        (await ActAsync(admin, $"/Purchasing/Invoices/{last}", "use-credit", new() { ["creditNoteId"] = Id(big) })).ShouldContain("Credit of 360.00 used");
        (await StandingAsync(last)).ShouldBe((SupplierInvoiceStatus.Paid, 360m, 0m));
        (await StandingAsync(big)).ShouldBe((SupplierInvoiceStatus.Paid, -1200m, 0m));
        var letters = await LettersAsync(subledger);
        letters.Select(l => l.Debit - l.Credit).ShouldBe([-1200m, 360m, 1200m, -360m], ignoreOrder: true);
        letters.Select(l => l.Code).Distinct().ShouldHaveSingleItem();
        (await app.WithDbAsync(db => db.Set<Lettering>().AsNoTracking().SingleAsync(l => l.Subledger == subledger))).Automatic.ShouldBeTrue();
        (await EntryCountAsync()).ShouldBe(entries + 1, "only the last invoice's own AC entry");
    }

    [Fact]
    public async Task A_credit_note_of_its_amount_is_lettered_with_the_invoice_at_once()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var supplier = await SupplierAsync(admin, "Credit Use Lettrage SAS");
        var invoice = await ValidatedInvoiceAsync(admin, supplier, "CUL-INV-1", "250");
        var credit = await ValidatedCreditNoteAsync(admin, await ValidatedInvoiceAsync(admin, supplier, "CUL-INV-2", "250"), "CUL-CN-1");
        (await ActAsync(admin, $"/Purchasing/Invoices/{invoice}", "use-credit", new() { ["creditNoteId"] = Id(credit) })).ShouldContain("Credit of 300.00 used");

        var subledger = (await SupplierLinesAsync(invoice)).Single().Subledger!;
        var letters = await LettersAsync(subledger);
        letters.Select(l => (l.EntryId, l.Debit - l.Credit)).ShouldBe(
            [((await SupplierLinesAsync(invoice)).Single().EntryId, -300m), ((await SupplierLinesAsync(credit)).Single().EntryId, 300m)], ignoreOrder: true);
        letters.Select(l => l.Code).Distinct().ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Another_suppliers_credit_note_drafts_a_used_up_credit_note_a_credit_note_on_a_credit_note_and_a_paid_invoice_are_refused_and_nothing_changes()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var supplier = await SupplierAsync(admin, "Credit Use Refus SA");
        var other = await SupplierAsync(admin, "Credit Use Autre SA");
        var invoice = await ValidatedInvoiceAsync(admin, supplier, "CUR-INV-1", "500");
        var card = $"/Purchasing/Invoices/{invoice}";
        var number = (await InvoiceAsync(invoice)).Number!;

        // Another supplier's credit note: not offered, refused.
        var foreign = await ValidatedCreditNoteAsync(admin, await ValidatedInvoiceAsync(admin, other, "CUR-OTH-1", "100"), "CUR-OTH-CN");
        var foreignNumber = (await InvoiceAsync(foreign)).Number!;
        (await admin.Http.GetStringAsync(card)).ShouldNotContain(foreignNumber);
        (await ActAsync(admin, card, "use-credit", new() { ["creditNoteId"] = Id(foreign) }))
            .ShouldContain($"{foreignNumber} is a credit of another third party: it can only be used on its own invoices.");

        // A draft credit note: not offered, refused.
        var source = await ValidatedInvoiceAsync(admin, supplier, "CUR-INV-2", "100");
        var draftCredit = await CreditNoteAsync(admin, source, "CUR-CN-DRAFT");
        (await ActAsync(admin, card, "use-credit", new() { ["creditNoteId"] = Id(draftCredit) }))
            .ShouldContain($"(PROV{draftCredit}) is a draft: validate the credit note before using it.");

        // A draft invoice takes no credit.
        var credit = await ValidatedCreditNoteAsync(admin, await ValidatedInvoiceAsync(admin, supplier, "CUR-INV-3", "100"), "CUR-CN-1");
        var (draftCreated, draftPage) = await InvoiceFormAsync(admin, supplier, "CUR-INV-DRAFT");
        draftCreated.StatusCode.ShouldBe(HttpStatusCode.Redirect, draftPage);
        var draftCard = draftCreated.Headers.Location!.ToString();
        await ActAsync(admin, draftCard, "lines", new() { ["Kind"] = "Free", ["Description"] = "Draft work", ["Quantity"] = "1", ["UnitPrice"] = "50", ["VatRate"] = "20" });
        var draftId = long.Parse(draftCard.Split('/')[^1], CultureInfo.InvariantCulture);
        (await ActAsync(admin, draftCard, "use-credit", new() { ["creditNoteId"] = Id(credit) }))
            .ShouldContain($"Only an unpaid supplier invoice takes a credit; (PROV{draftId}) is draft.");

        // A credit note on a credit note.
        var creditCard = $"/Purchasing/Invoices/{credit}";
        (await ActAsync(admin, creditCard, "use-credit", new() { ["creditNoteId"] = Id(credit) })).ShouldContain("A credit is used on an invoice, not on another credit note.");

        foreach (var id in new[] { invoice, foreign, draftCredit, credit, draftId })
        {
            var standing = await StandingAsync(id);
            standing.Settled.ShouldBe(0m, $"document {id} is untouched");
        }

        (await app.WithDbAsync(db => db.Set<SupplierInvoiceCreditUse>().AsNoTracking().CountAsync(u => u.InvoiceId == invoice || u.InvoiceId == draftId || u.InvoiceId == credit)))
            .ShouldBe(0);

        // Used up, then used again; and a paid invoice takes no more.
        (await ActAsync(admin, card, "use-credit", new() { ["creditNoteId"] = Id(credit) })).ShouldContain("Credit of 120.00 used");
        var creditNumber = (await InvoiceAsync(credit)).Number!;
        (await ActAsync(admin, card, "use-credit", new() { ["creditNoteId"] = Id(credit) })).ShouldContain($"{creditNumber} has no credit left.");
        var second = await ValidatedCreditNoteAsync(admin, await ValidatedInvoiceAsync(admin, supplier, "CUR-INV-4", "1000"), "CUR-CN-2");
        (await ActAsync(admin, card, "use-credit", new() { ["creditNoteId"] = Id(second) })).ShouldContain("Credit of 480.00 used");
        (await ActAsync(admin, card, "use-credit", new() { ["creditNoteId"] = Id(second) }))
            .ShouldContain($"Only an unpaid supplier invoice takes a credit; {number} is paid.");
        (await StandingAsync(invoice)).ShouldBe((SupplierInvoiceStatus.Paid, 600m, 0m));
        (await StandingAsync(second)).ShouldBe((SupplierInvoiceStatus.Validated, -480m, -720m));

        // A credit note the user cannot name at all.
        (await admin.PostFormAsync(card, $"{card}/use-credit", new() { ["creditNoteId"] = "987654321" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Only_a_user_who_may_pay_supplier_invoices_sees_the_credits_and_may_use_one()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        string[] rights =
        [
            CrmPermissions.ThirdParties.Read, CrmPermissions.ThirdParties.SeeAll,
            PurchasingPermissions.Invoices.Read, PurchasingPermissions.Invoices.Write, PurchasingPermissions.Invoices.Validate,
        ];
        await NewUserAsync(app, "cuclerk", rights);
        await NewUserAsync(app, "cupayer", [.. rights, PurchasingPermissions.Payments.Read, PurchasingPermissions.Payments.Write]);
        var supplier = await SupplierAsync(admin, "Credit Use Droits SARL");
        var invoice = await ValidatedInvoiceAsync(admin, supplier, "CUD-INV-1", "100");
        var credit = await ValidatedCreditNoteAsync(admin, await ValidatedInvoiceAsync(admin, supplier, "CUD-INV-2", "50"), "CUD-CN-1");
        var card = $"/Purchasing/Invoices/{invoice}";

        using var clerk = await SignedInClient.AsAsync(app, "cuclerk", "cuclerk-pass-1");
        (await clerk.Http.GetStringAsync(card)).ShouldNotContain("data-credits");
        (await clerk.PostFormAsync(card, $"{card}/use-credit", new() { ["creditNoteId"] = Id(credit) })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await StandingAsync(invoice)).ShouldBe((SupplierInvoiceStatus.Validated, 0m, 120m));

        using var payer = await SignedInClient.AsAsync(app, "cupayer", "cupayer-pass-1");
        (await payer.Http.GetStringAsync(card)).ShouldContain("data-credits");
        (await ActAsync(payer, card, "use-credit", new() { ["creditNoteId"] = Id(credit) })).ShouldContain("Credit of 60.00 used");
        (await StandingAsync(invoice)).ShouldBe((SupplierInvoiceStatus.Validated, 60m, 60m));
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>A supplier invoice of one free line at 20 % (price excl. tax), validated.</summary>
    private static async Task<long> ValidatedInvoiceAsync(SignedInClient client, long supplier, string number, string price)
    {
        var (created, page) = await InvoiceFormAsync(client, supplier, number);
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect, page);
        var card = created.Headers.Location!.ToString();
        await ActAsync(client, card, "lines", new() { ["Kind"] = "Free", ["Description"] = "Service " + number, ["Quantity"] = "1", ["UnitPrice"] = price, ["VatRate"] = "20" });
        (await ActAsync(client, card, "validate")).ShouldContain("posted to the purchases journal");
        return long.Parse(card.Split('/')[^1], CultureInfo.InvariantCulture);
    }

    /// <summary>A draft credit note of the whole invoice (its lines copied).</summary>
    private static async Task<long> CreditNoteAsync(SignedInClient client, long invoice, string number)
    {
        var card = $"/Purchasing/Invoices/{invoice}";
        var response = await client.PostFormAsync(card, $"{card}/credit-note", new() { ["supplierCreditNoteNumber"] = number });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return long.Parse(response.Headers.Location!.ToString().Split('/')[^1], CultureInfo.InvariantCulture);
    }

    private static async Task<long> ValidatedCreditNoteAsync(SignedInClient client, long invoice, string number)
    {
        var id = await CreditNoteAsync(client, invoice, number);
        (await ActAsync(client, $"/Purchasing/Invoices/{id}", "validate")).ShouldContain("posted to the purchases journal");
        return id;
    }

    private Task<SupplierInvoice> InvoiceAsync(long id) => app.WithDbAsync(db => db.Set<SupplierInvoice>().AsNoTracking().SingleAsync(i => i.Id == id));

    private async Task<(SupplierInvoiceStatus Status, decimal Settled, decimal Remaining)> StandingAsync(long id)
    {
        var i = await InvoiceAsync(id);
        return (i.Status, i.AmountSettled, i.Remaining);
    }

    private Task<int> EntryCountAsync() => app.WithDbAsync(db => db.Set<JournalEntry>().AsNoTracking().CountAsync());

    private Task<List<JournalEntryLine>> SupplierLinesAsync(long invoice) =>
        app.WithDbAsync(db => db.Set<JournalEntry>().AsNoTracking().Where(e => e.SourceType == PurchasingRecordTypes.SupplierInvoice && e.SourceId == invoice)
            .SelectMany(e => e.Lines).Where(l => l.Subledger != null).ToListAsync());

    private async Task<List<(long EntryId, string Code, decimal Debit, decimal Credit)>> LettersAsync(string subledger) =>
        (await app.WithDbAsync(db => (
                from lt in db.Set<Lettering>()
                from ll in lt.Lines
                join l in db.Set<JournalEntryLine>() on ll.EntryLineId equals l.Id
                where lt.Subledger == subledger
                select new { l.EntryId, lt.Code, l.Debit, l.Credit })
            .ToListAsync()))
        .Select(x => (x.EntryId, x.Code, x.Debit, x.Credit)).ToList();
}
