using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.UnitTests.Platform.Domain;

/// <summary>DOMAIN.md §3 payments: spread over open documents of one party, paid when covered, overpayment refused, reversal.</summary>
public sealed class PaymentAllocationTests
{
    private static readonly PayableDocument First = new(1, 7, "IN2611-0001", 1200.00m, 0m);
    private static readonly PayableDocument Second = new(2, 7, "IN2611-0002", 300.00m, 100.00m);

    [Fact]
    public void A_payment_of_the_exact_total_marks_the_invoice_paid()
    {
        var result = PaymentAllocator.Allocate(1200m, [First], [new PaymentShare(1, 1200m)]);

        var change = result.Changes.ShouldHaveSingleItem();
        change.RemainingAfter.ShouldBe(0m);
        change.IsPaidAfter.ShouldBeTrue();
        result.PartyId.ShouldBe(7);
    }

    [Fact]
    public void A_partial_payment_leaves_the_rest_to_pay()
    {
        var change = PaymentAllocator.Allocate(500m, [First], [new PaymentShare(1, 500m)]).Changes.Single();

        change.RemainingAfter.ShouldBe(700m);
        change.IsPaidAfter.ShouldBeFalse();
    }

    [Fact]
    public void A_payment_spreads_over_several_invoices_oldest_first()
    {
        var result = PaymentAllocator.Spread(1300m, [First, Second]);

        result.Shares.ShouldBe([new PaymentShare(1, 1200m), new PaymentShare(2, 100m)]);
        result.Changes[0].IsPaidAfter.ShouldBeTrue();
        result.Changes[1].RemainingAfter.ShouldBe(100m);
    }

    [Fact]
    public void Explicit_shares_over_two_invoices_must_add_up_to_the_payment()
    {
        var ok = PaymentAllocator.Allocate(400m, [First, Second], [new PaymentShare(1, 200m), new PaymentShare(2, 200m)]);
        ok.Changes.Select(c => c.RemainingAfter).ShouldBe([1000m, 0m]);

        Should.Throw<DomainException>(() => PaymentAllocator.Allocate(500m, [First, Second], [new PaymentShare(1, 200m), new PaymentShare(2, 200m)]))
            .Message.ShouldBe("The amounts per invoice add up to 400.00, not to the payment's 500.00.");
    }

    [Fact]
    public void Overpaying_one_invoice_is_refused_with_the_amount_too_much()
    {
        Should.Throw<DomainException>(() => PaymentAllocator.Allocate(250m, [Second], [new PaymentShare(2, 250m)]))
            .Message.ShouldBe("Overpayment refused: IN2611-0002 has 200.00 left to pay, 250.00 is 50.00 too much.");
    }

    [Fact]
    public void Spreading_more_than_is_open_is_refused_with_the_amount_too_much()
    {
        Should.Throw<DomainException>(() => PaymentAllocator.Spread(1450.01m, [First, Second]))
            .Message.ShouldBe("Overpayment refused: 1400.00 is left to pay, the payment of 1450.01 is 50.01 too much.");
    }

    [Fact]
    public void A_covered_invoice_takes_no_more_payment()
    {
        var paid = First with { Settled = 1200m };
        Should.Throw<DomainException>(() => PaymentAllocator.Allocate(1m, [paid], [new PaymentShare(1, 1m)]))
            .Message.ShouldBe("IN2611-0001 is already fully paid.");
    }

    [Fact]
    public void A_payment_covers_the_documents_of_one_party_only()
    {
        var other = new PayableDocument(3, 8, "IN2611-0003", 10m, 0m);
        Should.Throw<DomainException>(() => PaymentAllocator.Spread(10m, [First, other]))
            .Message.ShouldBe("A payment settles the documents of one third party only.");
    }

    [Fact]
    public void Zero_amounts_and_a_third_decimal_are_refused()
    {
        Should.Throw<DomainException>(() => PaymentAllocator.Spread(0m, [First])).Message.ShouldBe("The amount of the payment cannot be zero.");
        Should.Throw<DomainException>(() => PaymentAllocator.Spread(1.001m, [First])).Message.ShouldBe("The amount of the payment has at most 2 decimals.");
    }

    [Fact]
    public void A_credit_note_is_refunded_by_a_negative_payment()
    {
        var credit = new PayableDocument(4, 7, "CN2611-0001", -120m, 0m);

        var refund = PaymentAllocator.Allocate(-120m, [credit], [new PaymentShare(4, -120m)]);
        refund.Changes.Single().IsPaidAfter.ShouldBeTrue();

        Should.Throw<DomainException>(() => PaymentAllocator.Allocate(120m, [credit], [new PaymentShare(4, 120m)]))
            .Message.ShouldBe("CN2611-0001 is a credit: its refund is a negative amount.");
        Should.Throw<DomainException>(() => PaymentAllocator.Allocate(-130m, [credit], [new PaymentShare(4, -130m)]))
            .Message.ShouldBe("Overpayment refused: CN2611-0001 has -120.00 left to pay, -130.00 is 10.00 too much.");
    }

    [Fact]
    public void Spreading_a_positive_payment_skips_credit_notes()
    {
        var credit = new PayableDocument(4, 7, "CN2611-0001", -120m, 0m);
        PaymentAllocator.Spread(100m, [credit, Second]).Shares.ShouldBe([new PaymentShare(2, 100m)]);
    }

    [Fact]
    public void Reversing_a_payment_negates_every_share_and_reopens_the_invoices()
    {
        var payment = PaymentAllocator.Spread(1300m, [First, Second]);
        var after = new PayableDocument[] { First with { Settled = 1200m }, Second with { Settled = 200m } };

        var reversal = PaymentAllocator.Reverse(payment.Shares, after);

        reversal.Amount.ShouldBe(-1300m);
        reversal.Shares.ShouldBe([new PaymentShare(1, -1200m), new PaymentShare(2, -100m)]);
        reversal.Changes[0].ReopenedByThis.ShouldBeTrue();
        reversal.Changes[0].RemainingAfter.ShouldBe(1200m);
        reversal.Changes[1].RemainingAfter.ShouldBe(200m);
    }

    [Fact]
    public void A_payment_already_reversed_cannot_be_reversed_again()
    {
        Should.Throw<DomainException>(() => PaymentAllocator.Reverse([new PaymentShare(1, 1200m)], [First]))
            .Message.ShouldBe("IN2611-0001: the payment is no longer part of what is settled; it cannot be reversed.");
    }

    [Fact]
    public void A_credit_note_is_used_up_to_what_the_invoice_still_owes()
    {
        var credit = new PayableDocument(3, 7, "CN2611-0001", -500m, -100m);   // 400.00 of credit left

        var use = PaymentAllocator.UseCredit(Second, credit);                   // the invoice owes 200.00
        (use.Amount, use.InvoicePaidAfter, use.CreditNoteUsedUp).ShouldBe((200m, true, false));
        (use.Invoice.SettledAfter, use.CreditNote.SettledAfter, use.CreditNote.RemainingAfter).ShouldBe((300m, -300m, -200m));

        var all = PaymentAllocator.UseCredit(First, credit);                    // owes 1,200.00: the whole 400.00 is used
        (all.Amount, all.InvoicePaidAfter, all.CreditNoteUsedUp, all.Invoice.RemainingAfter).ShouldBe((400m, false, true, 800m));
    }

    [Fact]
    public void A_credit_is_refused_from_another_party_when_used_up_on_a_credit_note_or_on_a_paid_invoice()
    {
        var credit = new PayableDocument(3, 7, "CN2611-0001", -500m, 0m);
        Should.Throw<DomainException>(() => PaymentAllocator.UseCredit(First, credit with { PartyId = 8 }))
            .Message.ShouldBe("CN2611-0001 is a credit of another third party: it can only be used on its own invoices.");
        Should.Throw<DomainException>(() => PaymentAllocator.UseCredit(First, credit with { Settled = -500m })).Message.ShouldBe("CN2611-0001 has no credit left.");
        Should.Throw<DomainException>(() => PaymentAllocator.UseCredit(credit, credit)).Message.ShouldBe("A credit is used on an invoice, not on another credit note.");
        Should.Throw<DomainException>(() => PaymentAllocator.UseCredit(First with { Settled = 1200m }, credit)).Message.ShouldBe("IN2611-0001 is already fully paid.");
    }
}
