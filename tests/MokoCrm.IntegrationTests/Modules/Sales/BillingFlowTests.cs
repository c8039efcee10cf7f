using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Modules.Accounting.Features;
using MokoCrm.Web.Modules.Crm;
using MokoCrm.Web.Modules.Sales;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Outbox;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Features;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.IntegrationTests.Modules.Sales;

/// <summary>Invoices, credit notes, deposits and payments through the web endpoints, with their links and postings.</summary>
public sealed class BillingFlowTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task An_order_is_invoiced_line_by_line_the_invoice_posts_the_worked_example_is_paid_and_a_cancelled_payment_reverses()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "Acme Billing", null);
        var service = await CreateProductAsync(admin, "BIL-DAY", "Consulting day", "100", "20", "Service");
        var order = await CreateValidatedOrderAsync(admin, customer, ("Product", service.ToString(), "10"), ("Free", "Travel", "2"));
        var orderLines = (await OrderAsync(order)).OrderedLines.ToList();

        // Bill part of the second line only; the first line fully.
        var invoiceId = await FromOrdersAsync(admin, [order], new() { [orderLines[1].Id] = 1m });
        var draft = await InvoiceAsync(invoiceId);
        draft.Lines.Count.ShouldBe(2);
        (await OrderAsync(order)).OrderedLines.Select(l => l.LeftToBill).ShouldBe([0m, 1m]);
        (await FollowAsync(admin, await PostAsync(admin, $"/Sales/Invoices/{invoiceId}", $"lines/{draft.OrderedLines.Last().Id}",
            new() { ["Kind"] = "Free", ["Description"] = "Travel", ["Quantity"] = "5", ["UnitPrice"] = "50", ["VatRate"] = "20" })))
            .ShouldContain("5 cannot be billed, 2 is left to bill on the order.");
        await PostAsync(admin, $"/Sales/Invoices/{invoiceId}", $"lines/{draft.OrderedLines.Last().Id}/delete", new());
        (await OrderAsync(order)).OrderedLines.Select(l => l.LeftToBill).ShouldBe([0m, 2m]);

        var validated = await PostAsync(admin, $"/Sales/Invoices/{invoiceId}", "validate", new());
        var invoice = await InvoiceAsync(invoiceId);
        invoice.Number.ShouldNotBeNull().ShouldMatch(@"^IN\d{4}-\d{4}$");
        (await FollowAsync(admin, validated)).ShouldContain($"Invoice validated as {invoice.Number}.");
        (invoice.Status, invoice.TotalExclTax, invoice.TotalVat, invoice.TotalInclTax).ShouldBe((InvoiceStatus.Unpaid, 1000m, 200m, 1200m));
        (await OrderAsync(order)).Billed.ShouldBeFalse("line 2 is still to bill");

        // DOMAIN.md §8 worked example, line for line.
        (await EntryLinesAsync("sales.invoice", invoiceId)).ShouldBe([("VT", "411", 1200.00m, 0m), ("VT", "706", 0m, 1000.00m), ("VT", "44571", 0m, 200.00m)]);

        // Links both ways.
        (await admin.Http.GetStringAsync($"/Records/sales.order/{order}/links")).ShouldContain(invoice.Number);
        (await admin.Http.GetStringAsync($"/Records/sales.invoice/{invoiceId}/links")).ShouldContain((await OrderAsync(order)).Number!);

        // Overpayment refused with the amount, nothing recorded.
        var payments = await CountAsync<CustomerPayment>();
        var over = await RecordPaymentAsync(admin, customer, "1250", new() { [invoiceId] = "1250" });
        over.ShouldContain("Overpayment refused: " + invoice.Number + " has 1200.00 left to pay, 1250.00 is 50.00 too much.");
        (await CountAsync<CustomerPayment>()).ShouldBe(payments);

        var paid = await RecordPaymentAsync(admin, customer, "1200", new() { [invoiceId] = "1200" });
        paid.ShouldContain("Payment recorded.");
        var payment = await SingleAsync<CustomerPayment>(p => p.ThirdPartyId == customer && p.ReversalOfId == null);
        payment.Number.ShouldMatch(@"^PAY\d{4}-\d{4}$");
        (await InvoiceAsync(invoiceId)).Status.ShouldBe(InvoiceStatus.Paid);
        (await EntryLinesAsync("sales.payment", payment.Id)).ShouldBe([("BQ", "512", 1200.00m, 0m), ("BQ", "411", 0m, 1200.00m)]);
        (await admin.Http.GetStringAsync($"/Records/sales.order/{order}/links")).ShouldContain(payment.Number);

        // Cancel = a reversing payment; the invoice is unpaid again, the posting mirrored once.
        await PostAsync(admin, $"/Sales/Payments/{payment.Id}", "cancel", new());
        var reversal = await SingleAsync<CustomerPayment>(p => p.ReversalOfId == payment.Id);
        (reversal.Amount, reversal.Number != payment.Number).ShouldBe((-1200m, true));
        (await InvoiceAsync(invoiceId)).Status.ShouldBe(InvoiceStatus.Unpaid);
        (await EntryLinesAsync("sales.payment", payment.Id)).ShouldBe(
            [("BQ", "512", 1200.00m, 0m), ("BQ", "411", 0m, 1200.00m), ("BQ", "512", 0m, 1200.00m), ("BQ", "411", 1200.00m, 0m)]);
        (await FollowAsync(admin, await PostAsync(admin, $"/Sales/Payments/{payment.Id}", "cancel", new()))).ShouldContain("is already cancelled");
        await AssertBalancedAsync();
    }

    [Fact]
    public async Task One_invoice_bills_several_orders_of_a_customer_and_marks_them_billed()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "Multi Orders SA", null);
        var o1 = await CreateValidatedOrderAsync(admin, customer, ("Free", "Box A", "3"));
        var o2 = await CreateValidatedOrderAsync(admin, customer, ("Free", "Box B", "4"));
        var other = await CreateValidatedOrderAsync(admin, await CreateThirdPartyAsync(admin, "Other Customer", null), ("Free", "Box C", "1"));

        var page = await admin.Http.GetStringAsync($"/Sales/Invoices/from-orders?thirdParty={customer}");
        page.ShouldContain((await OrderAsync(o1)).Number!);
        page.ShouldContain((await OrderAsync(o2)).Number!);

        (await FollowAsync(admin, await FromOrdersResponseAsync(admin, [o1, other], []))).ShouldContain("orders of one customer");
        var id = await FromOrdersAsync(admin, [o1, o2], []);
        var invoice = await InvoiceAsync(id);
        invoice.Lines.Count(l => l.IsPriced).ShouldBe(2);
        invoice.TotalExclTax.ShouldBe(70m);
        await PostAsync(admin, $"/Sales/Invoices/{id}", "validate", new());
        (await OrderAsync(o1)).Billed.ShouldBeTrue();
        var home = await admin.Http.GetStringAsync("/Sales");
        home.ShouldContain("Invoices unpaid");
        home.ShouldContain("Invoiced this month");
        (await OrderAsync(o2)).Billed.ShouldBeTrue();
        var links = await admin.Http.GetStringAsync($"/Records/sales.invoice/{id}/links");
        links.ShouldContain((await OrderAsync(o1)).Number!);
        links.ShouldContain((await OrderAsync(o2)).Number!);
        (await FollowAsync(admin, await FromOrdersResponseAsync(admin, [o1], []))).ShouldContain("nothing is left to bill");
        (await admin.Http.GetStringAsync("/Sales/Invoices?status=Unpaid&thirdParty=" + customer)).ShouldContain((await InvoiceAsync(id)).Number!);
    }

    [Fact]
    public async Task A_credit_note_of_some_lines_posts_the_mirror_and_is_used_on_a_later_invoice()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "Credit Corp", null);
        var first = await CreateValidatedInvoiceAsync(admin, customer, ("Widget", "2", "50", "20"), ("Gadget", "1", "30", "20"));
        var firstInvoice = await InvoiceAsync(first);
        var widget = firstInvoice.OrderedLines.First();

        var noteResponse = await admin.PostFormAsync($"/Sales/Invoices/{first}", $"/Sales/Invoices/{first}/credit-note", new() { [$"Quantities[{widget.Id}]"] = "1" });
        noteResponse.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var noteId = long.Parse(noteResponse.Headers.Location!.ToString().Split('/')[^1]);
        await PostAsync(admin, $"/Sales/Invoices/{noteId}", "validate", new());
        var note = await InvoiceAsync(noteId);
        (note.Kind, note.TotalExclTax, note.TotalInclTax, note.CreditedInvoiceId).ShouldBe((InvoiceKind.CreditNote, -50m, -60m, (long?)first));
        note.Number.ShouldNotBeNull().ShouldMatch(@"^CN\d{4}-\d{4}$");
        (await EntryLinesAsync("sales.invoice", noteId)).ShouldBe([("VT", "411", 0m, 60m), ("VT", "706", 50m, 0m), ("VT", "44571", 10m, 0m)]);

        var second = await CreateValidatedInvoiceAsync(admin, customer, ("Spare", "1", "40", "20"));
        var card = await admin.Http.GetStringAsync($"/Sales/Invoices/{second}");
        card.ShouldContain($"Use {note.Number}");
        await PostAsync(admin, $"/Sales/Invoices/{second}", "use-credit", new() { ["creditNoteId"] = noteId.ToString() });
        (await InvoiceAsync(second)).Status.ShouldBe(InvoiceStatus.Paid, "48.00 due, 60.00 of credit");
        var left = await InvoiceAsync(noteId);
        (left.Status, left.Remaining).ShouldBe((InvoiceStatus.Unpaid, -12m));

        // The rest of the credit is refunded by a negative payment.
        (await RecordPaymentAsync(admin, customer, "-12", new() { [noteId] = "-12" })).ShouldContain("Payment recorded.");
        (await InvoiceAsync(noteId)).Status.ShouldBe(InvoiceStatus.Paid);
        var refund = await SingleAsync<CustomerPayment>(p => p.ThirdPartyId == customer);
        (await EntryLinesAsync("sales.payment", refund.Id)).ShouldBe([("BQ", "512", 0m, 12m), ("BQ", "411", 12m, 0m)]);
        await AssertBalancedAsync();
    }

    [Fact]
    public async Task A_paid_deposit_is_deducted_on_the_final_invoice_and_posted_through_4191()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "Deposit Works", null);
        var order = await CreateValidatedOrderAsync(admin, customer, ("Free", "Machine", "1"));
        var response = await admin.PostFormAsync($"/Sales/Orders/{order}", $"/Sales/Invoices/deposit/order/{order}", new() { ["Percent"] = "30" });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var depositId = long.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
        await PostAsync(admin, $"/Sales/Invoices/{depositId}", "validate", new());
        var deposit = await InvoiceAsync(depositId);
        (deposit.Kind, deposit.TotalExclTax, deposit.TotalInclTax).ShouldBe((InvoiceKind.Deposit, 3m, 3.6m));
        deposit.Number.ShouldNotBeNull().ShouldMatch(@"^DP\d{4}-\d{4}$");
        (await EntryLinesAsync("sales.invoice", depositId)).ShouldBe([("VT", "411", 3.6m, 0m), ("VT", "4191", 0m, 3m), ("VT", "44571", 0m, 0.6m)]);
        await RecordPaymentAsync(admin, customer, "3.60", []);
        (await InvoiceAsync(depositId)).Status.ShouldBe(InvoiceStatus.Paid);

        var finalId = await FromOrdersAsync(admin, [order], []);
        var final = await InvoiceAsync(finalId);
        final.Lines.Single(l => l.DeductedDepositId == depositId).TotalExclTax.ShouldBe(-3m);
        (final.TotalExclTax, final.TotalInclTax).ShouldBe((7m, 8.4m));
        await PostAsync(admin, $"/Sales/Invoices/{finalId}", "validate", new());
        (await EntryLinesAsync("sales.invoice", finalId)).ShouldBe(
            [("VT", "411", 8.4m, 0m), ("VT", "4191", 3m, 0m), ("VT", "706", 0m, 10m), ("VT", "44571", 0m, 1.4m)]);
        (await admin.Http.GetStringAsync($"/Records/sales.invoice/{finalId}/links")).ShouldContain(deposit.Number);
        await AssertBalancedAsync();
    }

    [Fact]
    public async Task Orders_ticked_on_the_order_list_become_one_invoice_and_orders_of_several_customers_or_not_validated_are_refused()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "Ticked Orders SA", null);
        var o1 = await CreateValidatedOrderAsync(admin, customer, ("Free", "Crate A", "2"));
        var o2 = await CreateValidatedOrderAsync(admin, customer, ("Free", "Crate B", "5"));
        var untouched = await CreateValidatedOrderAsync(admin, customer, ("Free", "Crate C", "1"));
        var elsewhere = await CreateValidatedOrderAsync(admin, await CreateThirdPartyAsync(admin, "Ticked Elsewhere SARL", null), ("Free", "Crate D", "1"));
        var draft = await admin.PostFormAsync("/Sales/Orders/new", "/Sales/Orders/new", new() { ["ThirdPartyId"] = customer.ToString(), ["Date"] = Today() });
        var draftId = long.Parse(draft.Headers.Location!.ToString().Split('/')[^1]);

        var list = await admin.Http.GetStringAsync("/Sales/Orders");
        list.ShouldContain("id=\"order-mass-actions\"");
        list.ShouldContain($"form=\"order-mass-actions\" name=\"orderIds\" value=\"{o1}\"");
        list.ShouldContain("data-select-all=\"order-mass-actions\"");

        var mixed = await admin.GetAsync($"/Sales/Invoices/from-orders?orderIds={o1}&orderIds={elsewhere}");
        mixed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var refused = await FollowAsync(admin, mixed);
        refused.ShouldContain("One invoice bills the orders of one customer: the ticked orders belong to 2 customers (Ticked Orders SA, Ticked Elsewhere SARL).");
        (await FollowAsync(admin, await admin.GetAsync($"/Sales/Invoices/from-orders?orderIds={o1}&orderIds={draftId}")))
            .ShouldContain($"(PROV{draftId}) is draft: only a validated order not yet billed can be invoiced.");

        // The two ticked orders are offered ticked; the customer's other order is offered unticked.
        var offered = await admin.Http.GetStringAsync($"/Sales/Invoices/from-orders?orderIds={o1}&orderIds={o2}");
        offered.ShouldContain($"value=\"{o1}\" id=\"order-{o1}\" checked=\"checked\"");
        offered.ShouldContain($"value=\"{o2}\" id=\"order-{o2}\" checked=\"checked\"");
        offered.ShouldContain($"value=\"{untouched}\" id=\"order-{untouched}\" />");
        var id = await FromOrdersAsync(admin, [o1, o2], []);
        (await InvoiceAsync(id)).TotalExclTax.ShouldBe(70m);
        (await CountAsync<Invoice>(i => i.ThirdPartyId == customer)).ShouldBe(1);
        (await OrderAsync(untouched)).Lines.Single().QuantityInvoiced.ShouldBe(0m);

        // Someone who may not write invoices sees no tick boxes.
        await NewUserAsync("tickreader", [SalesPermissions.Orders.Read, CrmPermissions.ThirdParties.Read, CrmPermissions.ThirdParties.SeeAll]);
        using var reader = await SignedInClient.AsAsync(app, "tickreader", "tickreader-pass-1");
        var readerList = await reader.Http.GetStringAsync("/Sales/Orders");
        readerList.ShouldContain((await OrderAsync(o1)).Number!);
        readerList.ShouldNotContain("order-mass-actions");
    }

    [Fact]
    public async Task All_orders_matching_the_list_filter_across_pages_can_be_invoiced_at_once_the_server_re_running_the_filter()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "All Matching SA", null);
        var o1 = await CreateValidatedOrderAsync(admin, customer, ("Free", "Pallet A", "1"));
        var o2 = await CreateValidatedOrderAsync(admin, customer, ("Free", "Pallet B", "2"));
        var o3 = await CreateValidatedOrderAsync(admin, customer, ("Free", "Pallet C", "3"));
        var draft = await admin.PostFormAsync("/Sales/Orders/new", "/Sales/Orders/new", new() { ["ThirdPartyId"] = customer.ToString(), ["Date"] = Today() });
        draft.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // Two per page: the mass-action form offers every matching order, carrying the filter (not the page).
        var list = await admin.Http.GetStringAsync($"/Sales/Orders?thirdParty={customer}&size=2");
        list.ShouldContain("data-all-matching");
        list.ShouldContain($"name=\"match.thirdParty\" value=\"{customer}\"");
        list.ShouldContain("Select all 4 and create invoice");
        (await admin.Http.GetStringAsync($"/Sales/Orders?thirdParty={customer}&size=50")).ShouldNotContain("data-all-matching", Case.Sensitive, "everything is on the page already");

        // The three validated ones are offered ticked (the draft is not billable and is left out).
        var offered = await admin.Http.GetStringAsync($"/Sales/Invoices/from-orders?allMatching=true&match.thirdParty={customer}");
        foreach (var o in new[] { o1, o2, o3 })
        {
            offered.ShouldContain($"value=\"{o}\" id=\"order-{o}\" checked=\"checked\"");
        }

        // The filter narrows: a minimum amount leaves o2 and o3 (20 and 30 excl. tax); o1 is offered unticked.
        offered = await admin.Http.GetStringAsync($"/Sales/Invoices/from-orders?allMatching=true&match.thirdParty={customer}&match.minAmount=15");
        offered.ShouldContain($"value=\"{o1}\" id=\"order-{o1}\" />");
        offered.ShouldContain($"value=\"{o3}\" id=\"order-{o3}\" checked=\"checked\"");
        var id = await FromOrdersAsync(admin, [o2, o3], []);
        (await InvoiceAsync(id)).TotalExclTax.ShouldBe(50m);

        // A filter over several customers is refused naming them; one with nothing left to bill says so.
        var other = await CreateThirdPartyAsync(admin, "All Matching Elsewhere", null);
        await CreateValidatedOrderAsync(admin, other, ("Free", "Pallet D", "1"));
        (await FollowAsync(admin, await admin.GetAsync("/Sales/Invoices/from-orders?allMatching=true&match.q=All%20Matching")))
            .ShouldContain("the ticked orders belong to 2 customers (All Matching SA, All Matching Elsewhere)");
        (await FollowAsync(admin, await admin.GetAsync($"/Sales/Invoices/from-orders?allMatching=true&match.thirdParty={customer}&match.status=Draft")))
            .ShouldContain("No order matching the filter is left to bill");
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_clear_message_and_changes_nothing()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "Errors Billing", null);
        var id = await CreateInvoiceAsync(admin, customer);
        var card = $"/Sales/Invoices/{id}";
        (await FollowAsync(admin, await PostAsync(admin, card, "lines", FreeLine("Zero", "0", "10", "20")))).ShouldContain("The quantity must be more than zero.");
        (await FollowAsync(admin, await PostAsync(admin, card, "validate", new()))).ShouldContain("has no lines");
        await PostAsync(admin, card, "lines", FreeLine("Work", "1", "10", "20"));

        // Paying a draft.
        (await RecordPaymentAsync(admin, customer, "12", new() { [id] = "12" })).ShouldContain("is a draft: validate it before recording a payment.");
        (await CountAsync<CustomerPayment>(p => p.ThirdPartyId == customer)).ShouldBe(0);

        // A date outside every fiscal year.
        var outside = await admin.PostFormAsync("/Sales/Invoices/new", "/Sales/Invoices/new", new() { ["ThirdPartyId"] = customer.ToString(), ["Date"] = "1999-03-01", ["Kind"] = "Standard" });
        WebUtility.HtmlDecode(await outside.Content.ReadAsStringAsync()).ShouldContain("1999-03-01 is outside every fiscal year");

        var inv = await InvoiceAsync(id);
        (inv.Status, inv.Number, inv.Lines.Count).ShouldBe((InvoiceStatus.Draft, (string?)null, 1));
    }

    [Fact]
    public async Task A_payment_that_cannot_go_through_says_why_in_order_and_a_bank_account_changed_in_Setup_counts_at_once()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var payments = await CountAsync<CustomerPayment>();

        // No invoice at all, then a named invoice that is paid, then nothing left unpaid: each its own message.
        var customer = await CreateThirdPartyAsync(admin, "Refusals Billing", null);
        (await RecordPaymentAsync(admin, customer, "10", [])).ShouldContain("The customer chosen has no invoice to pay.");
        var invoice = await CreateValidatedInvoiceAsync(admin, customer, ("Refused work", "1", "10", "20"));
        (await RecordPaymentAsync(admin, customer, "12", new() { [invoice] = "12" })).ShouldContain("Payment recorded.");
        (await RecordPaymentAsync(admin, customer, "12", new() { [invoice] = "12" }))
            .ShouldContain("The payment names an invoice that is not open for this customer (paid, abandoned or of another customer).");
        (await RecordPaymentAsync(admin, customer, "12", [])).ShouldContain("The customer has no unpaid invoice.");
        var draft = await CreateInvoiceAsync(admin, customer);
        await PostAsync(admin, $"/Sales/Invoices/{draft}", "lines", FreeLine("Draft work", "1", "10", "20"));
        (await RecordPaymentAsync(admin, customer, "12", new() { [draft] = "12" })).ShouldContain("is a draft: validate it before recording a payment.");
        (await CountAsync<CustomerPayment>()).ShouldBe(payments + 1);

        // A bank account added in Setup takes payments at once; once closed it is refused at once.
        var open = await CreateValidatedInvoiceAsync(admin, customer, ("Open work", "2", "10", "20"));
        long spare;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var account = new BankAccount { Label = "Spare account", AccountingAccount = "512", JournalCode = "BQ9" };
            db.Add(account);
            await db.SaveChangesAsync();
            spare = account.Id;
        }

        (await RecordPaymentAsync(admin, customer, "4", new() { [open] = "4" }, spare)).ShouldContain("Payment recorded.");
        var onSpare = await SingleAsync<CustomerPayment>(p => p.ThirdPartyId == customer && p.BankAccountId == spare);
        (await EntryLinesAsync("sales.payment", onSpare.Id)).ShouldBe([("BQ9", "512", 4.00m, 0m), ("BQ9", "411", 0m, 4.00m)]);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            (await db.Set<BankAccount>().SingleAsync(b => b.Id == spare)).Active = false;
            await db.SaveChangesAsync();
        }

        (await RecordPaymentAsync(admin, customer, "4", new() { [open] = "4" }, spare)).ShouldContain("Choose an active bank account from Setup.");
        (await CountAsync<CustomerPayment>()).ShouldBe(payments + 2);
        (await InvoiceAsync(open)).AmountSettled.ShouldBe(4m);
    }

    [Fact]
    public async Task A_rep_acting_on_another_reps_customers_orders_invoices_and_payments_gets_404_and_nothing_changes()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var rights = new[]
        {
            SalesPermissions.Orders.Read, SalesPermissions.Orders.Write, SalesPermissions.Orders.Validate, SalesPermissions.Invoices.Read, SalesPermissions.Invoices.Write,
            SalesPermissions.Invoices.Validate, SalesPermissions.Payments.Read, SalesPermissions.Payments.Write, CrmPermissions.ThirdParties.Read,
        };
        var mine = await NewUserAsync("actrepa", rights);
        var theirs = await NewUserAsync("actrepb", rights);
        var myCustomer = await CreateThirdPartyAsync(admin, "Act Rep A Customer", mine);
        var theirCustomer = await CreateThirdPartyAsync(admin, "Act Rep B Customer", theirs);
        var myInvoice = await CreateValidatedInvoiceAsync(admin, myCustomer, ("Mine", "1", "10", "20"));
        var theirDraft = await CreateInvoiceAsync(admin, theirCustomer);
        await PostAsync(admin, $"/Sales/Invoices/{theirDraft}", "lines", FreeLine("Theirs", "1", "10", "20"));
        var theirInvoice = await CreateValidatedInvoiceAsync(admin, theirCustomer, ("Theirs", "2", "10", "20"));
        var theirOrder = await CreateValidatedOrderAsync(admin, theirCustomer, ("Free", "Their box", "3"));
        await BankAsync();
        var invoices = await CountAsync<Invoice>();

        using var rep = await SignedInClient.AsAsync(app, "actrepa", "actrepa-pass-1");
        var myCard = $"/Sales/Invoices/{myInvoice}";
        (await rep.PostFormAsync(myCard, $"/Sales/Invoices/{theirDraft}/validate", new())).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await rep.PostFormAsync(myCard, $"/Sales/Invoices/{theirDraft}/lines", FreeLine("Sneaky", "1", "1", "20"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await rep.PostFormAsync(myCard, $"/Sales/Invoices/{theirInvoice}/credit-note", new())).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await rep.PostFormAsync(myCard, "/Sales/Invoices/from-orders", new() { ["OrderIds"] = theirOrder.ToString() })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await rep.PostFormAsync(myCard, $"/Sales/Orders/{theirOrder}/validate", new())).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Paying their customer is a 404 like every other action on it (the form, the post, the API); no payment recorded.
        (await rep.GetAsync($"/Sales/Payments/new?thirdParty={theirCustomer}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await rep.GetAsync($"/Sales/Payments/new?thirdParty={myCustomer}&invoice={myInvoice}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await rep.Http.GetStringAsync($"/Sales/Payments/new?thirdParty={myCustomer}");
        var paid = await rep.PostWithTokenAsync("/Sales/Payments/new",
            [new("ThirdPartyId", theirCustomer.ToString()), new("Date", Today()), new("Amount", "24"), new("BankAccountId", (await BankAsync()).ToString()), new($"Shares[{theirInvoice}]", "24")],
            SignedInClient.TokenIn(page));
        paid.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var spread = await rep.PostWithTokenAsync("/Sales/Payments/new",
            [new("ThirdPartyId", theirCustomer.ToString()), new("Date", Today()), new("Amount", "24"), new("BankAccountId", (await BankAsync()).ToString())],
            SignedInClient.TokenIn(page));
        spread.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await CountAsync<Invoice>()).ShouldBe(invoices);
        (await CountAsync<CustomerPayment>(p => p.ThirdPartyId == theirCustomer)).ShouldBe(0);
        var draft = await InvoiceAsync(theirDraft);
        (draft.Status, draft.Lines.Count).ShouldBe((InvoiceStatus.Draft, 1));
        (await InvoiceAsync(theirInvoice)).Status.ShouldBe(InvoiceStatus.Unpaid);
        var order = await OrderAsync(theirOrder);
        (order.Status, order.Lines.Single().QuantityInvoiced).ShouldBe((SalesOrderStatus.Validated, 0m));
    }

    [Fact]
    public async Task An_empty_draft_order_or_invoice_is_not_validated_and_an_order_line_is_not_invoiced_beyond_what_is_left()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "Empty Drafts SARL", null);
        var created = await admin.PostFormAsync("/Sales/Orders/new", "/Sales/Orders/new", new() { ["ThirdPartyId"] = customer.ToString(), ["Date"] = Today() });
        var orderCard = created.Headers.Location!.ToString();
        (await FollowAsync(admin, await PostAsync(admin, orderCard, "validate", new()))).ShouldContain("has no lines");
        var empty = await OrderAsync(long.Parse(orderCard.Split('/')[^1]));
        (empty.Status, empty.Number).ShouldBe((SalesOrderStatus.Draft, (string?)null));

        var invoice = await CreateInvoiceAsync(admin, customer);
        (await FollowAsync(admin, await PostAsync(admin, $"/Sales/Invoices/{invoice}", "validate", new()))).ShouldContain("has no lines");
        (await InvoiceAsync(invoice)).Number.ShouldBeNull();

        // Two drafts cannot together bill more than the order: the second asks for what the first holds.
        var order = await CreateValidatedOrderAsync(admin, customer, ("Free", "Pallet", "4"));
        var line = (await OrderAsync(order)).Lines.Single().Id;
        await FromOrdersAsync(admin, [order], new() { [line] = 3m });
        (await FollowAsync(admin, await FromOrdersResponseAsync(admin, [order], new() { [line] = 2m }))).ShouldContain("Line 1: 2 cannot be billed, 1 is left to bill.");
        (await OrderAsync(order)).Lines.Single().QuantityInvoiced.ShouldBe(3m);
        (await FollowAsync(admin, await FromOrdersResponseAsync(admin, [order], new() { [line] = -1m }))).ShouldContain("Line 1: -1 cannot be billed, 1 is left to bill.");
        (await OrderAsync(order)).Lines.Single().QuantityInvoiced.ShouldBe(3m);
    }

    [Fact]
    public async Task A_failing_posting_rolls_the_validation_back_the_invoice_stays_a_draft_and_no_number_is_used()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "Rollback Ltd", null);
        var id = await CreateInvoiceAsync(admin, customer);
        await PostAsync(admin, $"/Sales/Invoices/{id}", "lines", FreeLine("Work", "1", "10", "20"));

        // Something already posted for this source: the engine refuses the invoice's posting.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync();
            await scope.ServiceProvider.GetRequiredService<PostingEngine>().PostAsync(new PostingDraft("OD", DateOnly.FromDateTime(DateTime.UtcNow), "Blocker", "sales.invoice", id,
                EntryKind.Posting, [new PostingLine("471", 1m, 0m, "x"), new PostingLine("471", 0m, 1m, "x")]));
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        }

        (await FollowAsync(admin, await PostAsync(admin, $"/Sales/Invoices/{id}", "validate", new()))).ShouldContain("has already been posted");
        var inv = await InvoiceAsync(id);
        (inv.Status, inv.Number).ShouldBe((InvoiceStatus.Draft, (string?)null));

        var next = await CreateValidatedInvoiceAsync(admin, customer, ("Other", "1", "5", "20"));
        var numbers = await ListAsync<Invoice, string?>(i => i.Kind == InvoiceKind.Standard && i.Number != null, i => i.Number);
        numbers.Select(n => int.Parse(n![^4..])).Order().ShouldBe(Enumerable.Range(1, numbers.Count), "gap-free");
        _ = next;
    }

    [Fact]
    public async Task A_user_who_may_create_but_not_validate_gets_403_and_a_rep_cannot_open_another_reps_invoice_or_its_pdf()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        await NewUserAsync("billdrafter", [SalesPermissions.Invoices.Read, SalesPermissions.Invoices.Write, CrmPermissions.ThirdParties.Read, CrmPermissions.ThirdParties.SeeAll]);
        var customer = await CreateThirdPartyAsync(admin, "Rights Billing", null);
        using var drafter = await SignedInClient.AsAsync(app, "billdrafter", "billdrafter-pass-1");
        var id = await CreateInvoiceAsync(drafter, customer);
        await PostAsync(drafter, $"/Sales/Invoices/{id}", "lines", FreeLine("Work", "1", "10", "20"));
        (await drafter.Http.GetStringAsync($"/Sales/Invoices/{id}")).ShouldNotContain($"/Sales/Invoices/{id}/validate");
        (await drafter.PostFormAsync($"/Sales/Invoices/{id}", $"/Sales/Invoices/{id}/validate", new())).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await InvoiceAsync(id)).Status.ShouldBe(InvoiceStatus.Draft);

        var rights = new[] { SalesPermissions.Invoices.Read, SalesPermissions.Payments.Read, CrmPermissions.ThirdParties.Read };
        var mine = await NewUserAsync("billrepa", rights);
        var theirs = await NewUserAsync("billrepb", rights);
        var myCustomer = await CreateThirdPartyAsync(admin, "Rep A Customer", mine);
        var theirCustomer = await CreateThirdPartyAsync(admin, "Rep B Customer", theirs);
        var myInvoice = await CreateValidatedInvoiceAsync(admin, myCustomer, ("Mine", "1", "10", "20"));
        var theirInvoice = await CreateValidatedInvoiceAsync(admin, theirCustomer, ("Theirs", "1", "10", "20"));
        using var rep = await SignedInClient.AsAsync(app, "billrepa", "billrepa-pass-1");
        (await rep.GetAsync($"/Sales/Invoices/{myInvoice}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await rep.GetAsync($"/Sales/Invoices/{myInvoice}/pdf")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await rep.GetAsync($"/Sales/Invoices/{theirInvoice}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await rep.GetAsync($"/Sales/Invoices/{theirInvoice}/pdf")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var list = await rep.Http.GetStringAsync("/Sales/Invoices");
        list.ShouldContain("Rep A Customer");
        list.ShouldNotContain("Rep B Customer");
    }

    [Fact]
    public async Task The_invoice_pdf_is_written_through_the_outbox_and_prints_totals_due_date_and_bank_details()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "Pdf Billing SARL", null);
        var id = await CreateValidatedInvoiceAsync(admin, customer, ("Consulting", "1", "1.24", "10"));
        var number = (await InvoiceAsync(id)).Number!;
        await BankAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<OutboxMessage>().CountAsync(m => m.Type == "sales.generate-invoice-pdf")).ShouldBeGreaterThan(0);
        }

        var bytes = await admin.Http.GetByteArrayAsync($"/Sales/Invoices/{id}/pdf");
        var text = string.Join(" ", UglyToad.PdfPig.PdfDocument.Open(bytes).GetPages().Select(p => p.Text));
        text.ShouldContain(number);
        text.ShouldContain("Pdf Billing SARL");
        text.ShouldContain("1.36");
        text.ShouldContain("Due date");
        text.ShouldContain("IBAN");
        text.ShouldContain("Page 1");
        (await admin.Http.GetStringAsync($"/Records/sales.invoice/{id}/documents")).ShouldContain($"{number}.pdf");
    }

    [Fact]
    public async Task An_abandoned_invoice_moves_what_is_left_to_bad_debts_and_the_timeline_shows_the_invoice_and_its_payment()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "Bad Debt SARL", null);
        var id = await CreateValidatedInvoiceAsync(admin, customer, ("Work", "1", "100", "20"));
        (await RecordPaymentAsync(admin, customer, "20", [])).ShouldContain("Payment recorded.");
        await PostAsync(admin, $"/Sales/Invoices/{id}", "abandon", new() { ["Reason"] = "BadDebt", ["Note"] = "Insolvent" });
        (await InvoiceAsync(id)).Status.ShouldBe(InvoiceStatus.Abandoned);
        (await EntryLinesAsync("sales.invoice-abandoned", id)).ShouldBe([("VT", "654", 83.33m, 0m), ("VT", "44571", 16.67m, 0m), ("VT", "411", 0m, 100m)]);
        (await FollowAsync(admin, await PostAsync(admin, $"/Sales/Invoices/{id}", "abandon", new() { ["Reason"] = "Other" }))).ShouldContain("Only an unpaid invoice can be abandoned");
        var timeline = WebUtility.HtmlDecode(await admin.Http.GetStringAsync($"/Agenda/Events?thirdParty={customer}"));
        timeline.ShouldContain($"Invoice {(await InvoiceAsync(id)).Number} validated");
        timeline.ShouldContain("received");
        await AssertBalancedAsync();
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

    private async Task<string> RecordPaymentAsync(SignedInClient client, long customer, string amount, Dictionary<long, string> shares, long? bankAccount = null)
    {
        var bank = bankAccount ?? await BankAsync();
        var fields = new List<KeyValuePair<string, string>>
        {
            new("ThirdPartyId", customer.ToString()), new("Date", Today()), new("Amount", amount), new("BankAccountId", bank.ToString()), new("Reference", "CHQ 1"),
        };
        fields.AddRange(shares.Select(s => KeyValuePair.Create($"Shares[{s.Key}]", s.Value)));
        var page = await client.Http.GetStringAsync($"/Sales/Payments/new?thirdParty={customer}");
        var response = await client.PostWithTokenAsync("/Sales/Payments/new", fields, SignedInClient.TokenIn(page));
        return response.StatusCode == HttpStatusCode.Redirect
            ? WebUtility.HtmlDecode(await client.Http.GetStringAsync(response.Headers.Location!.ToString()))
            : WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> FromOrdersResponseAsync(SignedInClient client, long[] orders, Dictionary<long, decimal> quantities)
    {
        var page = await client.Http.GetStringAsync($"/Sales/Orders/{orders[0]}");
        var fields = orders.Select(o => KeyValuePair.Create("OrderIds", o.ToString()))
            .Concat(quantities.Select(q => KeyValuePair.Create($"Quantities[{q.Key}]", q.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var response = await client.PostWithTokenAsync("/Sales/Invoices/from-orders", fields, SignedInClient.TokenIn(page));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return response;
    }

    private static async Task<long> FromOrdersAsync(SignedInClient client, long[] orders, Dictionary<long, decimal> quantities)
    {
        var response = await FromOrdersResponseAsync(client, orders, quantities);
        var location = response.Headers.Location!.ToString();
        location.ShouldMatch(@"^/Sales/Invoices/\d+$", await FollowAsync(client, response));
        return long.Parse(location.Split('/')[^1]);
    }

    private static async Task<long> CreateInvoiceAsync(SignedInClient client, long thirdParty)
    {
        var response = await client.PostFormAsync("/Sales/Invoices/new", "/Sales/Invoices/new", new() { ["ThirdPartyId"] = thirdParty.ToString(), ["Date"] = Today(), ["Kind"] = "Standard" });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    private static async Task<long> CreateValidatedInvoiceAsync(SignedInClient client, long thirdParty, params (string Description, string Quantity, string Price, string Vat)[] lines)
    {
        var id = await CreateInvoiceAsync(client, thirdParty);
        foreach (var l in lines)
        {
            await PostAsync(client, $"/Sales/Invoices/{id}", "lines", FreeLine(l.Description, l.Quantity, l.Price, l.Vat));
        }

        await PostAsync(client, $"/Sales/Invoices/{id}", "validate", new());
        return id;
    }

    /// <summary>Lines are (kind, product id or description, quantity); free lines cost 10.00 at 20 %.</summary>
    private static async Task<long> CreateValidatedOrderAsync(SignedInClient client, long thirdParty, params (string Kind, string What, string Quantity)[] lines)
    {
        var response = await client.PostFormAsync("/Sales/Orders/new", "/Sales/Orders/new", new() { ["ThirdPartyId"] = thirdParty.ToString(), ["Date"] = Today() });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var id = long.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
        foreach (var (kind, what, quantity) in lines)
        {
            await PostAsync(client, $"/Sales/Orders/{id}", "lines", kind == "Product"
                ? new() { ["Kind"] = "Product", ["ProductId"] = what, ["Quantity"] = quantity }
                : FreeLine(what, quantity, "10", "20"));
        }

        await PostAsync(client, $"/Sales/Orders/{id}", "validate", new());
        return id;
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

    private static async Task<long> CreateProductAsync(SignedInClient client, string reference, string label, string price, string vat, string type)
    {
        var fields = new Dictionary<string, string>
        {
            ["Reference"] = reference, ["Label"] = label, ["Type"] = type, ["Price"] = price, ["PriceBase"] = "ExclTax", ["VatRate"] = vat, ["OnSale"] = "true", ["OnPurchase"] = "true",
        };
        var response = await client.PostFormAsync("/Products/Products/new", "/Products/Products/new", fields);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    private async Task<IReadOnlyList<(string Journal, string Account, decimal Debit, decimal Credit)>> EntryLinesAsync(string sourceType, long sourceId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var entries = await db.Set<JournalEntry>().AsNoTracking().Include(e => e.Lines).Where(e => e.SourceType == sourceType && e.SourceId == sourceId)
            .OrderBy(e => e.Id).ToListAsync();
        entries.GroupBy(e => e.Kind).ShouldAllBe(g => g.Count() == 1, "one entry per source and kind");
        return entries.SelectMany(e => e.Lines.OrderBy(l => l.LineNumber).Select(l => (e.JournalCode, l.AccountNumber, l.Debit, l.Credit))).ToList();
    }

    private async Task AssertBalancedAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var unbalanced = await db.Set<JournalEntryLine>().GroupBy(l => l.EntryId).Where(g => g.Sum(l => l.Debit) != g.Sum(l => l.Credit)).CountAsync();
        unbalanced.ShouldBe(0);
    }

    private async Task<Invoice> InvoiceAsync(long id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Invoice>().AsNoTracking().Include(i => i.Lines).SingleAsync(i => i.Id == id);
    }

    private async Task<SalesOrder> OrderAsync(long id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<SalesOrder>().AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Id == id);
    }

    private async Task<T> SingleAsync<T>(System.Linq.Expressions.Expression<Func<T, bool>> where)
        where T : class
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<T>().AsNoTracking().SingleAsync(where);
    }

    /// <summary>The bank account of Setup payments go into (the test database has none until one is added).</summary>
    private async Task<long> BankAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.Set<BankAccount>().Where(b => b.Active).Select(b => (long?)b.Id).FirstOrDefaultAsync() is { } id)
        {
            return id;
        }

        var bank = new BankAccount { Label = "Main account", BankName = "Test Bank", Iban = "FR7630006000011234567890189", Bic = "AGRIFRPP", AccountingAccount = "512" };
        db.Add(bank);
        await db.SaveChangesAsync();
        return bank.Id;
    }

    private async Task<List<TResult>> ListAsync<T, TResult>(System.Linq.Expressions.Expression<Func<T, bool>> where, System.Linq.Expressions.Expression<Func<T, TResult>> select)
        where T : class
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<T>().AsNoTracking().Where(where).Select(select).ToListAsync();
    }

    private async Task<int> CountAsync<T>(System.Linq.Expressions.Expression<Func<T, bool>>? where = null)
        where T : class
    {
        await using var scope = app.Services.CreateAsyncScope();
        var set = scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<T>();
        return where is null ? await set.CountAsync() : await set.CountAsync(where);
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
