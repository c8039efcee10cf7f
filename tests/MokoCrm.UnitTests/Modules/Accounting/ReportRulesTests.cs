using MokoCrm.Web.Modules.Accounting.Domain;

namespace MokoCrm.UnitTests.Modules.Accounting;

public sealed class ReportRulesTests
{
    private static readonly DateOnly AsOf = new(2026, 6, 30);

    [Theory]
    [InlineData("2026-07-15", AgeBucket.NotDue)]
    [InlineData("2026-06-30", AgeBucket.NotDue)]
    [InlineData("2026-06-29", AgeBucket.Days0To30)]
    [InlineData("2026-05-31", AgeBucket.Days0To30)]
    [InlineData("2026-05-30", AgeBucket.Days31To60)]
    [InlineData("2026-05-01", AgeBucket.Days31To60)]
    [InlineData("2026-04-30", AgeBucket.Days61To90)]
    [InlineData("2026-04-01", AgeBucket.Days61To90)]
    [InlineData("2026-03-31", AgeBucket.Over90)]
    public void An_amount_is_not_due_until_its_due_date_then_ages_in_30_day_steps(string due, AgeBucket expected) =>
        AgedBalances.Bucket(AsOf, DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(expected);

    [Fact]
    public void Each_column_starts_on_the_first_due_date_it_holds_and_the_day_before_is_the_next_column()
    {
        var starts = AgedBalances.ColumnStarts(AsOf);
        starts.Select(d => AgedBalances.Bucket(AsOf, d)).ShouldBe([AgeBucket.NotDue, AgeBucket.Days0To30, AgeBucket.Days31To60, AgeBucket.Days61To90]);
        starts.Select(d => AgedBalances.Bucket(AsOf, d.AddDays(-1))).ShouldBe([AgeBucket.Days0To30, AgeBucket.Days31To60, AgeBucket.Days61To90, AgeBucket.Over90]);
    }

    [Fact]
    public void Payments_settle_the_oldest_charges_first_so_the_open_items_are_the_newest_the_balance_covers()
    {
        var charges = new[] { (new DateOnly(2026, 1, 31), 100m), (new DateOnly(2026, 3, 31), 200m), (new DateOnly(2026, 5, 31), 300m) };

        AgedBalances.OpenItems(350m, charges).ShouldBe([(new DateOnly(2026, 5, 31), 300m), (new DateOnly(2026, 3, 31), 50m)]);
        AgedBalances.OpenItems(0m, charges).ShouldBeEmpty();
        AgedBalances.OpenItems(-20m, charges).ShouldBeEmpty();
        // More owed than charged (an opening balance): the rest ages with the oldest charge.
        AgedBalances.OpenItems(700m, charges).Sum(o => o.Amount).ShouldBe(700m);
    }

    [Fact]
    public void A_third_partys_columns_add_up_to_its_open_amounts()
    {
        var rows = AgedBalances.Rows(AsOf,
        [
            new OpenItem("CU1", "Acme", new DateOnly(2026, 7, 10), 100m),
            new OpenItem("CU1", "Acme", new DateOnly(2026, 6, 10), 50m),
            new OpenItem("CU1", "Acme", new DateOnly(2026, 1, 10), 25m),
            new OpenItem("CU2", "Beta", new DateOnly(2026, 5, 1), 10m),
        ]);

        rows.Select(r => (r.Subledger, r.NotDue, r.Days0To30, r.Days31To60, r.Days61To90, r.Over90, r.Total)).ShouldBe(
        [
            ("CU1", 100m, 50m, 0m, 0m, 25m, 175m),
            ("CU2", 0m, 0m, 10m, 0m, 0m, 10m),
        ]);
    }

    [Fact]
    public void Vat_lines_carry_their_rate_and_base_and_the_customer_line_its_due_date_and_name()
    {
        var invoice = new InvoicePosting("sales.invoice", 1, "IN1", new DateOnly(2026, 6, 1), "Acme", "CU1", null,
        [
            new InvoicePostingLine(false, "707", 100m, 20m, 20m),
            new InvoicePostingLine(true, null, 40m, 20m, 8m),
            new InvoicePostingLine(false, "707", 50m, 5.5m, 2.75m),
        ], DueDate: new DateOnly(2026, 7, 1));

        var draft = PostingBuilders.CustomerInvoice(invoice, AccountDefaults.Installed);

        draft.Lines.Where(l => l.VatRate is not null).Select(l => (l.Account, l.Credit, l.VatRate, l.VatBase))
            .ShouldBe([("44571", 2.75m, (decimal?)5.5m, (decimal?)50m), ("44571", 28m, (decimal?)20m, (decimal?)140m)]);
        var customer = draft.Lines[0];
        (customer.Account, customer.DueDate, customer.SubledgerLabel).ShouldBe(("411", (DateOnly?)new DateOnly(2026, 7, 1), "Acme"));

        // A credit note mirrors the lines and keeps rate and base: the VAT report counts it on the other side.
        var credit = PostingBuilders.CustomerCreditNote(invoice, AccountDefaults.Installed);
        credit.Lines.Single(l => l.VatRate == 20m).ShouldSatisfyAllConditions(l => l.Debit.ShouldBe(28m), l => l.VatBase.ShouldBe(140m));
    }

    [Fact]
    public void A_supplier_invoice_debits_purchases_per_account_and_vat_deductible_and_credits_401_for_the_supplier()
    {
        var invoice = new InvoicePosting("purchasing.invoice", 1, "SI1", new DateOnly(2026, 6, 1), "Xeno", "SU1", null,
        [
            new InvoicePostingLine(false, null, 300m, 20m, 60m),
            new InvoicePostingLine(true, "611", 100m, 20m, 20m),
        ], DueDate: new DateOnly(2026, 7, 1));

        var draft = PostingBuilders.SupplierInvoice(invoice, AccountDefaults.Installed);

        draft.JournalCode.ShouldBe("AC");
        draft.Lines.Select(l => (l.Account, l.Debit, l.Credit, l.Subledger)).ShouldBe(
        [
            ("607", 300m, 0m, null), ("611", 100m, 0m, null), ("44566", 80m, 0m, null), ("401", 0m, 480m, "SU1"),
        ]);
        draft.Lines[^1].DueDate.ShouldBe(new DateOnly(2026, 7, 1));
        draft.EnsureBalanced();

        var payment = PostingBuilders.SupplierPayment(new PaymentPosting("purchasing.payment", 1, "SP1", new DateOnly(2026, 7, 1), "Xeno", "SU1", "512", 480m, BankAccountId: 7), AccountDefaults.Installed);
        payment.Lines.Select(l => (l.Account, l.Debit, l.Credit, l.BankAccountId)).ShouldBe([("401", 480m, 0m, (long?)null), ("512", 0m, 480m, (long?)7)]);
    }

    [Fact]
    public void Due_date_and_vat_fields_enter_the_hash_only_when_a_line_carries_them()
    {
        string Hash(HashedLine line) => LedgerHash.Compute("VT", 1, new DateOnly(2026, 1, 1), "x", "s", 1, EntryKind.Posting, null, null, null, [line], "");
        var plain = new HashedLine(1, "411", "CU1", 10m, 0m, "x", null);

        Hash(plain).ShouldBe(Hash(plain with { }));
        Hash(plain with { DueDate = new DateOnly(2026, 2, 1) }).ShouldNotBe(Hash(plain));
        Hash(plain with { VatRate = 20m, VatBase = 50m }).ShouldNotBe(Hash(plain with { VatRate = 20m, VatBase = 51m }));
    }
}
