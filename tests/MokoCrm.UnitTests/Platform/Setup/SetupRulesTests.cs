using MokoCrm.Web.Platform.Setup;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.UnitTests.Platform.Setup;

public sealed class SetupRulesTests
{
    [Theory]
    [InlineData(0, false, "2026-01-15", "2026-01-15")]
    [InlineData(30, false, "2026-01-15", "2026-02-14")]
    [InlineData(30, true, "2026-01-15", "2026-02-28")]
    [InlineData(30, true, "2028-01-31", "2028-03-31")]
    [InlineData(60, false, "2026-11-27", "2027-01-26")]
    public void A_payment_term_gives_the_due_date(int days, bool endOfMonth, string date, string expected)
    {
        var term = new PaymentTerm { Days = days, EndOfMonth = endOfMonth };

        term.DueDate(DateOnly.Parse(date)).ShouldBe(DateOnly.Parse(expected));
    }

    [Theory]
    [InlineData("FR76 3000 6000 0112 3456 7890 189", true)]
    [InlineData("DE89370400440532013000", true)]
    [InlineData("GB82WEST12345698765432", true)]
    [InlineData("FR76 3000 6000 0112 3456 7890 188", false)]
    [InlineData("FR76", false)]
    [InlineData("12AB3000600001123456789018", false)]
    public void An_iban_is_checked_with_its_mod_97_checksum(string iban, bool valid) => Iban.IsValid(iban).ShouldBe(valid);

    [Fact]
    public void An_iban_is_shown_in_groups_of_four() =>
        Iban.Format("fr7630006000011234567890189").ShouldBe("FR76 3000 6000 0112 3456 7890 189");

    [Theory]
    [InlineData("2026-03-31", 4, 2025)]
    [InlineData("2026-04-01", 4, 2026)]
    [InlineData("2026-12-31", 1, 2026)]
    [InlineData("2026-01-01", 1, 2026)]
    public void A_date_belongs_to_the_fiscal_year_that_started_before_it(string date, int startMonth, int fiscalYear) =>
        FiscalCalendar.FiscalYearOf(DateOnly.Parse(date), startMonth).ShouldBe(fiscalYear);

    [Theory]
    [InlineData("", "BQ")]
    [InlineData("OD", "BQ")]
    [InlineData("BQ", "BQ2")]
    [InlineData("bq,BQ2", "BQ3")]
    [InlineData("BQ,BQ3", "BQ2")]
    public void A_new_bank_account_gets_the_first_free_bank_journal_code(string used, string expected) =>
        BankAccount.NextJournalCode(used.Split(',', StringSplitOptions.RemoveEmptyEntries)).ShouldBe(expected);
}
