using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Modules.Accounting.Features;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.IntegrationTests.Modules.Accounting;

/// <summary>
/// Lettering through the real flows: an invoice paid in two parts is lettered with both payments when it becomes
/// paid; one payment of two invoices letters the three lines together; a cancelled payment is unlettered and lettered
/// with its reversal; by hand, unbalanced lines are refused and nothing is saved, balanced ones get the next code,
/// the FEC shows EcritureLet / DateLet, and unlettering frees the lines.
/// </summary>
public sealed class LetteringTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task An_invoice_is_lettered_with_its_payments_when_it_becomes_paid_and_a_cancelled_payment_is_unlettered()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateCustomerAsync(admin, "Lettering Auto SA");
        var invoice = await CreateValidatedInvoiceAsync(admin, customer, "1000");
        var subledger = (await CustomerLinesAsync(invoice)).Single().Subledger!;

        await PayAsync(admin, customer, "700", (invoice, "700"));
        (await LettersAsync(subledger)).ShouldBeEmpty("the invoice is not paid yet");
        await PayAsync(admin, customer, "500", (invoice, "500"));
        var letters = await LettersAsync(subledger);
        letters.Select(l => (l.Code, l.Debit, l.Credit)).ShouldBe([("AA", 1200m, 0m), ("AA", 0m, 700m), ("AA", 0m, 500m)], ignoreOrder: true);
        (await app.WithDbAsync(db => db.Set<Lettering>().SingleAsync(l => l.Subledger == subledger))).Automatic.ShouldBeTrue();

        // One payment for two invoices: the three lines under the next code.
        var second = await CreateValidatedInvoiceAsync(admin, customer, "100");
        var third = await CreateValidatedInvoiceAsync(admin, customer, "200");
        var both = await PayAsync(admin, customer, "360", (second, "120"), (third, "240"));
        (await LettersAsync(subledger)).Where(l => l.Code == "AB").Select(l => l.Debit - l.Credit).ShouldBe([120m, 240m, -360m], ignoreOrder: true);

        // Cancelling that payment: the invoices are unpaid again, so their code goes; the payment and its reversal
        // balance and are lettered together (the freed code is the next one again).
        await PostAsync(admin, $"/Sales/Payments/{both}", "cancel", new());
        var after = await LettersAsync(subledger);
        after.Where(l => l.Code != "AA").Select(l => l.Debit - l.Credit).ShouldBe([-360m, 360m], ignoreOrder: true);
        after.Where(l => l.Code != "AA").Select(l => l.Code).Distinct().ShouldHaveSingleItem();
        after.Count(l => l.Code == "AA").ShouldBe(3);
    }

    [Fact]
    public async Task A_credit_note_used_on_an_invoice_is_lettered_with_it_and_with_the_payment_that_pays_the_rest()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateCustomerAsync(admin, "Lettering Credit SAS");
        var invoice = await CreateValidatedInvoiceAsync(admin, customer, "100");
        var subledger = (await CustomerLinesAsync(invoice)).Single().Subledger!;

        // A credit note of 30.00 incl. tax (of another invoice) used on the 120.00 invoice: used up, but the invoice
        // still owes 90.00, so nothing balances and nothing is lettered.
        var note = await CreateValidatedCreditNoteAsync(admin, await CreateValidatedInvoiceAsync(admin, customer, "25"));
        await PostAsync(admin, $"/Sales/Invoices/{invoice}", "use-credit", new() { ["creditNoteId"] = note.ToString(CultureInfo.InvariantCulture) });
        (await LettersAsync(subledger)).ShouldBeEmpty("the invoice still owes 90.00");

        // The payment of the rest pays it: invoice, credit note and payment under one code.
        await PayAsync(admin, customer, "90", (invoice, "90"));
        (await LettersAsync(subledger)).Select(l => (l.Code, l.Debit - l.Credit)).ShouldBe([("AA", 120m), ("AA", -30m), ("AA", -90m)], ignoreOrder: true);

        // A credit note that pays a whole invoice of its amount: the two are lettered at once.
        var same = await CreateValidatedInvoiceAsync(admin, customer, "25");
        var second = await CreateValidatedCreditNoteAsync(admin, await CreateValidatedInvoiceAsync(admin, customer, "25"));
        await PostAsync(admin, $"/Sales/Invoices/{same}", "use-credit", new() { ["creditNoteId"] = second.ToString(CultureInfo.InvariantCulture) });
        (await LettersAsync(subledger)).Where(l => l.Code == "AB").Select(l => l.Debit - l.Credit).ShouldBe([30m, -30m], ignoreOrder: true);
    }

    [Fact]
    public async Task A_supplier_invoice_is_lettered_with_its_payments_when_paid_and_a_cancelled_supplier_payment_is_unlettered()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var supplier = await MokoCrm.IntegrationTests.Modules.Purchasing.PurchasingTestData.SupplierAsync(admin, "Lettering Supplier SA");
        var bank = await app.WithDbAsync(async db => await db.Set<BankAccount>().Where(b => b.Active).Select(b => (long?)b.Id).FirstOrDefaultAsync()) ?? await app.BankIdAsync();
        var invoice = await CreateValidatedSupplierInvoiceAsync(admin, supplier, "LET-S-1", "500");
        var subledger = (await SupplierLinesAsync(invoice)).Single().Subledger!;

        await PaySupplierAsync(admin, supplier, bank, (invoice, 200m));
        (await LettersAsync(subledger)).ShouldBeEmpty("the invoice still owes 400.00");
        var last = await PaySupplierAsync(admin, supplier, bank, (invoice, 400m));
        var letters = await LettersAsync(subledger);
        letters.Select(l => (l.Code, l.Debit - l.Credit)).ShouldBe([("AA", -600m), ("AA", 200m), ("AA", 400m)], ignoreOrder: true);
        (await app.WithDbAsync(db => db.Set<Lettering>().SingleAsync(l => l.Subledger == subledger))).Automatic.ShouldBeTrue();

        // Cancelling the last payment: the invoice is unpaid again (its code goes), the payment and its reversing
        // payment are lettered together.
        await PostAsync(admin, $"/Purchasing/Payments/{last}", "cancel", new());
        var after = await LettersAsync(subledger);
        after.Select(l => l.Debit - l.Credit).ShouldBe([400m, -400m], ignoreOrder: true);
        after.Select(l => l.Code).Distinct().ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Lines_are_lettered_by_hand_only_when_they_balance_shown_in_the_fec_and_unlettered()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateCustomerAsync(admin, "Lettering Manual SARL");
        var invoice = await CreateValidatedInvoiceAsync(admin, customer, "50");
        var other = await CreateValidatedInvoiceAsync(admin, customer, "25");
        var invoiceLine = (await CustomerLinesAsync(invoice)).Single();
        var otherLine = (await CustomerLinesAsync(other)).Single();

        // A payment posted without its invoice shares (as a bank import would): nothing is lettered automatically.
        var paymentLine = await PostPaymentAsync(invoiceLine.Subledger!, invoiceLine.EntryDate, 30m);
        var code = invoiceLine.Subledger!;
        var card = $"/Accounting/Subledgers/customers/{code}";
        var year = invoiceLine.EntryDate.Year;
        var range = $"?from={year}-01-01&to={year}-12-31";
        (await LettersAsync(code)).ShouldBeEmpty();

        // 60 + 30 against 30: refused, with the difference, nothing saved.
        var refused = await LetterAsync(admin, card + range, null, invoiceLine.Id, otherLine.Id, paymentLine.Id);
        refused.ShouldContain("do not balance");
        refused.ShouldContain("difference 60.00");
        (await LettersAsync(code)).ShouldBeEmpty();
        (await app.WithDbAsync(db => db.Set<Lettering>().CountAsync(l => l.Subledger == code))).ShouldBe(0);

        // The second invoice (30.00) and its payment balance.
        var done = await LetterAsync(admin, card + range, "2026-01-15", otherLine.Id, paymentLine.Id);
        done.ShouldContain("2 lines lettered AA.");
        (await LettersAsync(code)).Select(l => (l.Id, l.Code)).ShouldBe([(otherLine.Id, "AA"), (paymentLine.Id, "AA")], ignoreOrder: true);
        done.ShouldContain("Unletter AA");
        (await LetterAsync(admin, card + range, null, otherLine.Id, invoiceLine.Id)).ShouldContain("already lettered");

        var fec = await admin.Http.GetStringAsync($"/Accounting/Fec?from={year}-01-01&to={year}-12-31&download=true");
        var rows = fec.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split('\t')).Where(f => f[6] == code).ToList();
        rows.Where(f => f[13] == "AA").Select(f => f[14]).ShouldBe(["20260115", "20260115"]);
        rows.Count(f => f[13] == "").ShouldBe(1);

        // Unletter: the lines are free again (and may be lettered anew: the code after the highest in use).
        var lettering = await app.WithDbAsync(db => db.Set<Lettering>().SingleAsync(l => l.Subledger == code));
        var page = await admin.Http.GetStringAsync(card + range);
        var unletter = await admin.PostWithTokenAsync($"{card}/unletter/{lettering.Id}", [], SignedInClient.TokenIn(page));
        unletter.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await LettersAsync(code)).ShouldBeEmpty();
        (await app.WithDbAsync(db => db.Set<LetteredLine>().CountAsync(l => l.LetteringId == lettering.Id))).ShouldBe(0);
    }

    private async Task<List<(long Id, string Code, decimal Debit, decimal Credit)>> LettersAsync(string subledger) =>
        (await app.WithDbAsync(db => (
                from lt in db.Set<Lettering>()
                from ll in lt.Lines
                join l in db.Set<JournalEntryLine>() on ll.EntryLineId equals l.Id
                where lt.Subledger == subledger
                select new { l.Id, lt.Code, l.Debit, l.Credit })
            .ToListAsync()))
        .Select(x => (x.Id, x.Code, x.Debit, x.Credit)).ToList();

    private async Task<JournalEntryLine> PostPaymentAsync(string subledger, DateOnly date, decimal amount)
    {
        var bank = await app.BankIdAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var engine = scope.ServiceProvider.GetRequiredService<PostingEngine>();
        await using var tx = await db.Database.BeginTransactionAsync();
        var entry = await engine.PostAsync(PostingBuilders.CustomerPayment(
            new PaymentPosting("test.payment", 1, "LET-1", date, "Lettering Manual SARL", subledger, "512", amount, bank), await engine.DefaultsAsync()));
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return entry.Lines.Single(l => l.Subledger != null);
    }

    private Task<List<JournalEntryLine>> SupplierLinesAsync(long invoice) =>
        app.WithDbAsync(db => db.Set<JournalEntry>().Where(e => e.SourceType == MokoCrm.Web.Modules.Purchasing.Public.PurchasingRecordTypes.SupplierInvoice && e.SourceId == invoice)
            .SelectMany(e => e.Lines).Where(l => l.Subledger != null).ToListAsync());

    /// <summary>A supplier invoice of one free line at 20 %, validated.</summary>
    private static async Task<long> CreateValidatedSupplierInvoiceAsync(SignedInClient client, long supplier, string number, string price)
    {
        var (created, page) = await MokoCrm.IntegrationTests.Modules.Purchasing.PurchasingTestData.InvoiceFormAsync(client, supplier, number);
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect, page);
        var card = created.Headers.Location!.ToString();
        await PostAsync(client, card, "lines", new() { ["Kind"] = "Free", ["Description"] = "Service", ["Quantity"] = "1", ["UnitPrice"] = price, ["VatRate"] = "20" });
        await PostAsync(client, card, "validate", new());
        return long.Parse(card.Split('/')[^1], CultureInfo.InvariantCulture);
    }

    private async Task<long> PaySupplierAsync(SignedInClient client, long supplier, long bank, params (long Invoice, decimal Amount)[] shares)
    {
        var (response, page) = await MokoCrm.IntegrationTests.Modules.Purchasing.PurchasingTestData.PayAsync(client, supplier, bank, shares);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, page);
        return await app.WithDbAsync(db => db.Set<MokoCrm.Web.Modules.Purchasing.Domain.SupplierPayment>().Where(p => p.SupplierId == supplier).MaxAsync(p => p.Id));
    }

    /// <summary>A credit note of the whole (one-line) invoice, validated.</summary>
    private async Task<long> CreateValidatedCreditNoteAsync(SignedInClient client, long invoice)
    {
        var line = await app.WithDbAsync(db => db.Set<MokoCrm.Web.Modules.Sales.Domain.Invoice>().Where(i => i.Id == invoice).SelectMany(i => i.Lines).Select(l => l.Id).FirstAsync());
        var response = await client.PostFormAsync($"/Sales/Invoices/{invoice}", $"/Sales/Invoices/{invoice}/credit-note",
            new() { [$"Quantities[{line}]"] = "1" });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var id = long.Parse(response.Headers.Location!.ToString().Split('/')[^1], CultureInfo.InvariantCulture);
        await PostAsync(client, $"/Sales/Invoices/{id}", "validate", new());
        return id;
    }

    private Task<List<JournalEntryLine>> CustomerLinesAsync(long invoice) =>
        app.WithDbAsync(db => db.Set<JournalEntry>().Where(e => e.SourceType == SalesPostings.InvoiceSource && e.SourceId == invoice)
            .SelectMany(e => e.Lines).Where(l => l.Subledger != null).ToListAsync());

    private static async Task<string> LetterAsync(SignedInClient client, string card, string? date, params long[] lines)
    {
        var page = await client.Http.GetStringAsync(card);
        var fields = lines.Select(id => KeyValuePair.Create("LineIds", id.ToString(CultureInfo.InvariantCulture))).ToList();
        if (date is not null)
        {
            fields.Add(KeyValuePair.Create("Date", date));
        }

        var path = card.Split('?')[0];
        fields.Add(KeyValuePair.Create("back", card));
        var response = await client.PostWithTokenAsync($"{path}/letter", fields, SignedInClient.TokenIn(page));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return WebUtility.HtmlDecode(await client.Http.GetStringAsync(response.Headers.Location!.ToString()));
    }

    private static string Today() => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task PostAsync(SignedInClient client, string card, string action, Dictionary<string, string> fields)
    {
        var response = await client.PostFormAsync(card, $"{card}/{action}", fields);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
    }

    private static async Task<long> CreateCustomerAsync(SignedInClient client, string name)
    {
        var response = await client.PostFormAsync("/Crm/ThirdParties/new", "/Crm/ThirdParties/new",
            new() { ["Name"] = name, ["IsCustomer"] = "true", ["CountryCode"] = "FR", ["CreateAnyway"] = "true" });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.ToString().Split('/')[^1], CultureInfo.InvariantCulture);
    }

    /// <summary>One free line at 20 %: the invoice is the price plus its VAT.</summary>
    private static async Task<long> CreateValidatedInvoiceAsync(SignedInClient client, long customer, string price)
    {
        var response = await client.PostFormAsync("/Sales/Invoices/new", "/Sales/Invoices/new", new() { ["ThirdPartyId"] = customer.ToString(CultureInfo.InvariantCulture), ["Date"] = Today(), ["Kind"] = "Standard" });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var id = long.Parse(response.Headers.Location!.ToString().Split('/')[^1], CultureInfo.InvariantCulture);
        await PostAsync(client, $"/Sales/Invoices/{id}", "lines", new() { ["Kind"] = "Free", ["Description"] = "Work", ["Quantity"] = "1", ["UnitPrice"] = price, ["VatRate"] = "20" });
        await PostAsync(client, $"/Sales/Invoices/{id}", "validate", new());
        return id;
    }

    private async Task<long> PayAsync(SignedInClient client, long customer, string amount, params (long Invoice, string Amount)[] shares)
    {
        var bank = await app.WithDbAsync(async db => await db.Set<BankAccount>().Where(b => b.Active).Select(b => (long?)b.Id).FirstOrDefaultAsync()) ?? await app.BankIdAsync();
        var fields = new List<KeyValuePair<string, string>>
        {
            new("ThirdPartyId", customer.ToString(CultureInfo.InvariantCulture)), new("Date", Today()), new("Amount", amount), new("BankAccountId", bank.ToString(CultureInfo.InvariantCulture)), new("Reference", "LET"),
        };
        fields.AddRange(shares.Select(s => KeyValuePair.Create($"Shares[{s.Invoice}]", s.Amount)));
        var page = await client.Http.GetStringAsync($"/Sales/Payments/new?thirdParty={customer}");
        var response = await client.PostWithTokenAsync("/Sales/Payments/new", fields, SignedInClient.TokenIn(page));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.ToString().Split('/')[^1], CultureInfo.InvariantCulture);
    }
}
