using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.UnitTests.Modules.Sales;

/// <summary>Invoice kinds, the state machine and settlement (DOMAIN.md §3), and the bad-debt posting (§8).</summary>
public sealed class InvoiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 28);

    private static Invoice Draft(InvoiceKind kind = InvoiceKind.Standard) => Invoice.Create(kind, 7, new DocumentContacts(null, null, null), Today, 1, Now);

    private static Invoice Validated(params (decimal Qty, decimal Price, decimal Vat)[] lines)
    {
        var invoice = Draft();
        foreach (var (qty, price, vat) in lines)
        {
            invoice.AddLine(new LineContent(LineKind.Free, "Work", qty, price, 0m, vat));
        }

        invoice.Validate("IN2611-0001", Today.AddDays(30), 1, Now, new HashSet<long>(), [], []);
        return invoice;
    }

    [Fact]
    public void Three_lines_of_5_times_6_36_at_21_percent_total_95_40_20_04_115_44_on_an_invoice()
    {
        var invoice = Validated((5m, 6.36m, 21m), (5m, 6.36m, 21m), (5m, 6.36m, 21m));
        (invoice.TotalExclTax, invoice.TotalVat, invoice.TotalInclTax).ShouldBe((95.40m, 20.04m, 115.44m));
        invoice.Status.ShouldBe(InvoiceStatus.Unpaid);
        invoice.DueDate.ShouldBe(Today.AddDays(30));
    }

    [Fact]
    public void A_credit_note_stores_negative_amounts_and_refuses_a_positive_total()
    {
        var note = Draft(InvoiceKind.CreditNote);
        note.AddLine(new LineContent(LineKind.Free, "Return", 1m, 1.24m, 0m, 10m));
        (note.TotalExclTax, note.TotalVat, note.TotalInclTax).ShouldBe((-1.24m, -0.12m, -1.36m));
        Should.NotThrow(note.EnsureValidatable);

        var standard = Draft();
        standard.AddLine(new LineContent(LineKind.Free, "Discount", 1m, -10m, 0m, 20m));
        Should.Throw<DomainException>(standard.EnsureValidatable).Message.ShouldContain("make a credit note instead");
    }

    [Fact]
    public void An_empty_draft_is_not_validated_and_a_draft_takes_no_payment()
    {
        var draft = Draft();
        Should.Throw<DomainException>(() => draft.Validate("IN2611-0001", Today, 1, Now, new HashSet<long>(), [], [])).Message.ShouldContain("has no lines");
        Should.Throw<DomainException>(() => draft.Settle(1m, Now)).Message.ShouldContain("is a draft");
    }

    [Fact]
    public void Settling_the_total_pays_the_invoice_and_a_reversal_makes_it_unpaid_again()
    {
        var invoice = Validated((10m, 100m, 20m));
        invoice.Settle(1200m, Now);
        invoice.Status.ShouldBe(InvoiceStatus.Paid);
        invoice.Settle(-1200m, Now);
        (invoice.Status, invoice.Remaining).ShouldBe((InvoiceStatus.Unpaid, 1200m));
        Should.Throw<DomainException>(() => invoice.Settle(1200.01m, Now)).Message.ShouldContain("Overpayment refused");
    }

    [Fact]
    public void A_paid_invoice_is_not_abandoned_and_a_part_paid_one_writes_off_the_rest_per_rate()
    {
        var paid = Validated((1m, 100m, 20m));
        paid.Settle(120m, Now);
        Should.Throw<DomainException>(() => paid.Abandon(AbandonReason.BadDebt, null, Today, Now)).Message.ShouldContain("Only an unpaid invoice");

        var rest = Invoice.RemainingByRate(DocumentTotals.Of([(20m, new LineAmounts(100m, 100m, 20m, 120m)), (10m, new LineAmounts(50m, 50m, 5m, 55m))]), 175m, 70m);
        rest.Sum(r => r.TaxBase + r.Vat).ShouldBe(70m);
        rest.Select(r => r.RatePercent).ShouldBe([20m, 10m]);
    }

    [Fact]
    public void The_bad_debt_posting_debits_654_and_the_vat_and_credits_411()
    {
        var draft = SalesPostings.AbandonedInvoice(5, "IN2611-0005", Today, "ACME", "411CU1", [new AbandonedPart(20m, 83.33m, 16.67m)], AccountDefaults.Installed);
        draft.Lines.Select(l => (l.Account, l.Debit, l.Credit)).ShouldBe([("654", 83.33m, 0m), ("44571", 16.67m, 0m), ("411", 0m, 100m)]);
        draft.EnsureBalanced();
    }
}
