using MokoCrm.Web.Platform.Search;

namespace MokoCrm.UnitTests.Platform;

public sealed class SearchTextTests
{
    [Theory]
    [InlineData("Dupont", "%dupont%")]
    [InlineData("  ACME  ", "%acme%")]
    [InlineData("50%_off\\", "%50\\%\\_off\\\\%")]
    public void A_term_becomes_a_lower_case_contains_pattern_with_like_wildcards_escaped(string term, string pattern) =>
        SearchText.Contains(term).ShouldBe(pattern);

    [Theory]
    [InlineData("06 12 34 56", "%06123456%")]
    [InlineData("+33.6-12", "%+33612%")]
    [InlineData("(04) 78", "%0478%")]
    public void A_phone_like_term_also_matches_by_its_digits(string term, string pattern) =>
        SearchText.PhoneContains(term).ShouldBe(pattern);

    [Theory]
    [InlineData("0612345")]
    [InlineData("Dupont 06")]
    [InlineData("12 3")]
    [InlineData("")]
    public void Other_terms_need_no_second_pattern(string term) =>
        SearchText.PhoneContains(term).ShouldBeNull();

    [Theory]
    [InlineData("Société Générale", "%societe generale%")]
    [InlineData("MÜLLER", "%muller%")]
    [InlineData("Straße", "%strasse%")]
    [InlineData("Œuvre", "%oeuvre%")]
    [InlineData("Łódź", "%lodz%")]
    public void A_term_is_folded_like_the_stored_text_lower_case_without_accents(string term, string pattern) =>
        SearchText.Contains(term).ShouldBe(pattern);
}
