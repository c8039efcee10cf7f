using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.UnitTests.Modules.Accounting;

public sealed class LetteringRulesTests
{
    private static LetterableLine Line(long id, decimal debit, decimal credit, string account = "411", string? subledger = "CU-1", bool lettered = false) =>
        new(id, account, subledger, debit, credit, lettered);

    [Theory]
    [InlineData(0, "AA")]
    [InlineData(1, "AB")]
    [InlineData(25, "AZ")]
    [InlineData(26, "BA")]
    [InlineData(675, "ZZ")]
    [InlineData(676, "AAA")]
    [InlineData(677, "AAB")]
    public void Letter_codes_run_AA_AB_to_ZZ_then_AAA(long index, string code) => LetteringRules.Code(index).ShouldBe(code);

    [Fact]
    public void The_next_code_follows_the_highest_in_use()
    {
        LetteringRules.NextCode([]).ShouldBe("AA");
        LetteringRules.NextCode(["AA", "AC", "AB"]).ShouldBe("AD");
        LetteringRules.NextCode(["AZ"]).ShouldBe("BA");
        LetteringRules.NextCode(["ZZ", "AA"]).ShouldBe("AAA");
        LetteringRules.NextCode(["AAA", "ZZ"]).ShouldBe("AAB");
    }

    [Fact]
    public void An_invoice_and_the_payments_that_settle_it_may_be_lettered() =>
        Should.NotThrow(() => LetteringRules.Check([Line(1, 1200m, 0), Line(2, 0, 700m), Line(3, 0, 500m)]));

    [Fact]
    public void Unbalanced_lines_are_refused_with_the_difference() =>
        Should.Throw<DomainException>(() => LetteringRules.Check([Line(1, 1200m, 0), Line(2, 0, 1000m)]))
            .Message.ShouldContain("difference 200.00");

    [Fact]
    public void Lines_of_two_third_parties_or_accounts_a_lettered_line_or_a_single_line_are_refused()
    {
        Should.Throw<DomainException>(() => LetteringRules.Check([Line(1, 100m, 0), Line(2, 0, 100m, subledger: "CU-2")])).Message.ShouldContain("one third party");
        Should.Throw<DomainException>(() => LetteringRules.Check([Line(1, 100m, 0), Line(2, 0, 100m, account: "4111")])).Message.ShouldContain("one account");
        Should.Throw<DomainException>(() => LetteringRules.Check([Line(1, 100m, 0), Line(2, 0, 100m, lettered: true)])).Message.ShouldContain("already lettered");
        Should.Throw<DomainException>(() => LetteringRules.Check([Line(1, 100m, 0)])).Message.ShouldContain("at least two");
        Should.Throw<DomainException>(() => LetteringRules.Check([Line(1, 100m, 0, subledger: null), Line(2, 0, 100m, subledger: null)])).Message.ShouldContain("third party");
        Should.Throw<DomainException>(() => LetteringRules.Check([Line(1, 0, 0), Line(2, 0, 0)])).Message.ShouldContain("one debit and one credit");
    }
}
