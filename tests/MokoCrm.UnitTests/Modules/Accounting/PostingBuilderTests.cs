using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.UnitTests.Modules.Accounting;

public sealed class PostingBuilderTests
{
    private static readonly AccountDefaults Defaults = AccountDefaults.Installed;

    private static InvoicePosting WorkedExample() => new("sales.invoice", 42, "IN2611-0001", new DateOnly(2026, 11, 10), "ACME", "411CU2611-0001", null,
        [new InvoicePostingLine(IsService: true, ProductAccount: "706", AmountExclTax: 1000m, VatRate: 20m, VatAmount: 200m)]);

    private static IEnumerable<(string?, decimal, decimal, string?)> Lines(PostingDraft draft) => draft.Lines.Select(l => (l.Account, l.Debit, l.Credit, l.Subledger));

    [Fact]
    public void An_internal_transfer_goes_through_58_and_names_each_bank_account_on_its_line()
    {
        var draft = PostingBuilders.InternalTransfer(new BankTransferPosting(3, "VIR-3", new DateOnly(2026, 11, 10), "Top up", 1, "512", 2, "512", 300m), Defaults);

        draft.JournalCode.ShouldBe("BQ");
        (draft.SourceType, draft.SourceId, draft.Reference).ShouldBe((PostingBuilders.BankTransferSource, 3L, "VIR-3"));
        Lines(draft).ShouldBe([("512", 300m, 0m, null), ("58", 0m, 300m, null), ("58", 300m, 0m, null), ("512", 0m, 300m, null)]);
        draft.Lines.Select(l => l.BankAccountId).ShouldBe([2L, null, null, 1L]);
        draft.EnsureBalanced();
    }

    [Fact]
    public void The_worked_example_invoice_debits_411_with_the_customer_and_credits_706_and_44571()
    {
        var draft = PostingBuilders.CustomerInvoice(WorkedExample(), Defaults);

        draft.JournalCode.ShouldBe("VT");
        draft.Kind.ShouldBe(EntryKind.Posting);
        Lines(draft).ShouldBe(
        [
            ("411", 1200.00m, 0m, "411CU2611-0001"),
            ("706", 0m, 1000.00m, null),
            ("44571", 0m, 200.00m, null),
        ]);
        draft.EnsureBalanced();
    }

    [Fact]
    public void Its_payment_into_the_bank_debits_512_and_credits_411()
    {
        var draft = PostingBuilders.CustomerPayment(new PaymentPosting("sales.payment", 7, "PAY2611-0001", new DateOnly(2026, 11, 20), "ACME", "411CU2611-0001", "512", 1200m), Defaults);

        draft.JournalCode.ShouldBe("BQ");
        Lines(draft).ShouldBe([("512", 1200m, 0m, null), ("411", 0m, 1200m, "411CU2611-0001")]);
    }

    [Fact]
    public void A_credit_note_reverses_every_sign_of_the_invoice_posting()
    {
        var draft = PostingBuilders.CustomerCreditNote(WorkedExample() with { SourceType = "sales.creditnote", Reference = "CN2611-0001" }, Defaults);

        Lines(draft).ShouldBe([("411", 0m, 1200m, "411CU2611-0001"), ("706", 1000m, 0m, null), ("44571", 200m, 0m, null)]);
        draft.EnsureBalanced();
    }

    [Fact]
    public void Vat_is_credited_per_rate_and_revenue_per_account()
    {
        var invoice = WorkedExample() with
        {
            Lines =
            [
                new InvoicePostingLine(false, "707", 100m, 20m, 20m),
                new InvoicePostingLine(false, "707", 50m, 5.5m, 2.75m),
                new InvoicePostingLine(true, null, 10m, 20m, 2m),
            ],
        };
        var defaults = new AccountDefaults(new Dictionary<string, string>(Defaults.Accounts) { ["vat.collected.5.5"] = "445715" });

        var draft = PostingBuilders.CustomerInvoice(invoice, defaults);

        Lines(draft).ShouldBe(
        [
            ("411", 184.75m, 0m, "411CU2611-0001"),
            ("706", 0m, 10m, null),
            ("707", 0m, 150m, null),
            ("445715", 0m, 2.75m, null),
            ("44571", 0m, 22m, null),
        ]);
        draft.EnsureBalanced();
    }

    [Fact]
    public void A_deposit_invoice_credits_4191_and_its_deduction_on_the_final_invoice_debits_it()
    {
        var deposit = PostingBuilders.CustomerInvoice(WorkedExample() with { IsDeposit = true, Lines = [new InvoicePostingLine(true, "706", 300m, 20m, 60m)] }, Defaults);
        var final = PostingBuilders.CustomerInvoice(WorkedExample() with
        {
            Lines = [new InvoicePostingLine(true, "706", 1000m, 20m, 200m), new InvoicePostingLine(true, null, -300m, 20m, -60m, IsDepositDeduction: true)],
        }, Defaults);

        Lines(deposit).ShouldBe([("411", 360m, 0m, "411CU2611-0001"), ("4191", 0m, 300m, null), ("44571", 0m, 60m, null)]);
        Lines(final).ShouldBe([("411", 840m, 0m, "411CU2611-0001"), ("4191", 300m, 0m, null), ("706", 0m, 1000m, null), ("44571", 0m, 140m, null)]);
        final.EnsureBalanced();
    }

    [Fact]
    public void A_salary_debits_641_gross_and_credits_421_net_for_the_employee_and_431_the_difference()
    {
        var draft = PostingBuilders.Salary(new SalaryPosting(5, "SAL5", new DateOnly(2026, 10, 31), "Jean Martin", "jmartin", 3200m, 2496m), Defaults);

        draft.JournalCode.ShouldBe("OD");
        draft.SourceType.ShouldBe("hr.salary");
        Lines(draft).ShouldBe([("641", 3200m, 0m, null), ("421", 0m, 2496m, "jmartin"), ("431", 0m, 704m, null)]);
        draft.EnsureBalanced();
    }

    [Fact]
    public void A_salary_payment_debits_421_for_the_employee_and_credits_the_bank_account()
    {
        var draft = PostingBuilders.SalaryPayment(new SalaryPaymentPosting(5, "SAL5", new DateOnly(2026, 11, 2), "Jean Martin", "jmartin", "5121", 2496m), Defaults);

        draft.JournalCode.ShouldBe("BQ");
        Lines(draft).ShouldBe([("421", 2496m, 0m, "jmartin"), ("5121", 0m, 2496m, null)]);
    }

    [Theory]
    [InlineData("7061", "706CUST", "706", "7061", AccountSource.Product)]
    [InlineData(null, "706CUST", "706", "706CUST", AccountSource.ThirdParty)]
    [InlineData("", " ", "706", "706", AccountSource.Default)]
    [InlineData(null, null, null, null, AccountSource.Missing)]
    public void Accounts_come_from_the_product_else_the_third_party_else_the_default(string? product, string? thirdParty, string? fallback, string? expected, AccountSource source)
    {
        AccountDetermination.Determine(product, thirdParty, fallback).ShouldBe((expected, source));
    }

    [Fact]
    public void An_unbalanced_draft_is_refused_with_both_totals()
    {
        var draft = new PostingDraft("OD", new DateOnly(2026, 11, 1), "Bad", "accounting.manual", 1, EntryKind.Posting,
            [new PostingLine("512", 100m, 0m, "x"), new PostingLine("411", 0m, 90m, "x")]);

        Should.Throw<DomainException>(draft.EnsureBalanced).Message.ShouldBe("The entry is not balanced: total debit 100.00 ≠ total credit 90.00.");
    }

    [Fact]
    public void A_reversal_mirrors_every_line_and_keeps_the_source()
    {
        var draft = PostingBuilders.Salary(new SalaryPosting(5, "SAL5", new DateOnly(2026, 10, 31), "Jean", "j", 100m, 80m), Defaults);

        var reversal = draft.Reversed(new DateOnly(2026, 11, 5), "error", 99);

        reversal.Kind.ShouldBe(EntryKind.Reversal);
        (reversal.SourceType, reversal.SourceId).ShouldBe((draft.SourceType, draft.SourceId));
        Lines(reversal).ShouldBe([("641", 0m, 100m, null), ("421", 80m, 0m, "j"), ("431", 20m, 0m, null)]);
    }

    [Fact]
    public void The_hash_changes_with_any_field_and_with_the_previous_hash()
    {
        HashedLine[] lines = [new(1, "512", null, 10m, 0m, "a", null), new(2, "411", "C1", 0m, 10m, "a", null)];
        string Hash(string label = "L", decimal debit = 10m, string previous = "") =>
            LedgerHash.Compute("OD", 1, new DateOnly(2026, 1, 1), label, "s", 1, EntryKind.Posting, null, null, null,
                [lines[0] with { Debit = debit }, lines[1] with { Credit = debit }], previous);

        var original = Hash();
        original.Length.ShouldBe(64);
        Hash().ShouldBe(original);
        Hash(label: "M").ShouldNotBe(original);
        Hash(debit: 10.01m).ShouldNotBe(original);
        Hash(previous: "ab").ShouldNotBe(original);
    }
}

public sealed class ExpenseReportPostingTests
{
    [Fact]
    public void An_expense_report_debits_its_fee_accounts_and_44566_and_credits_421_for_the_employee()
    {
        var draft = PostingBuilders.ExpenseReport(new ExpenseReportPosting(3, "ER2611-0001", new DateOnly(2026, 11, 20), "Jean", "jmartin",
        [
            new ExpenseReportPostingLine("625", 100m, 10m, 10m),
            new ExpenseReportPostingLine("625", 50m, 20m, 10m),
            new ExpenseReportPostingLine("604", 20m, 20m, 4m),
        ]), AccountDefaults.Installed);

        draft.JournalCode.ShouldBe("ER");
        draft.Lines.Select(l => (l.Account, l.Debit, l.Credit, l.Subledger)).ShouldBe(
        [
            ("604", 20m, 0m, null),
            ("625", 150m, 0m, null),
            ("44566", 10m, 0m, null),
            ("44566", 14m, 0m, null),
            ("421", 0m, 194m, "jmartin"),
        ]);
        draft.EnsureBalanced();
    }
}
