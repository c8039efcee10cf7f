using Microsoft.Extensions.Options;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Numbering;

namespace MokoCrm.IntegrationTests.Platform.Numbering;

/// <summary>Pure rules of masks and fiscal years: no database, no host.</summary>
public sealed class NumberMaskTests
{
    [Theory]
    [InlineData("PR{yymm}-{nnnn}", 2026, 11, 1, "PR2611-0001")]
    [InlineData("IN{yyyy}/{mm}/{nnnnnn}", 2026, 2, 42, "IN2026/02/000042")]
    [InlineData("SPAY{yy}{mm}{n}", 2030, 12, 7, "SPAY30127")]
    [InlineData("CU{yymm}-{nn}", 2026, 1, 123, "CU2601-123")]
    public void A_mask_formats_the_document_date_and_the_zero_padded_counter(string mask, int year, int month, long counter, string expected) =>
        NumberMask.Parse(mask).Format(new DateOnly(year, month, 20), counter).ShouldBe(expected);

    [Theory]
    [InlineData("PR{yymm}-{nnnn}", "PR")]
    [InlineData("SPAY-{yyyy}-{nnnn}", "SPAY-")]
    public void The_counter_prefix_is_the_fixed_text_before_the_first_token(string mask, string prefix) =>
        NumberMask.Parse(mask).Prefix.ShouldBe(prefix);

    [Theory]
    [InlineData("PR{yymm}-", "exactly one counter")]
    [InlineData("PR{yymm}-{nnnn}-{nn}", "exactly one counter")]
    [InlineData("PR-{nnnn}", "needs a year")]
    [InlineData("{yymm}-{nnnn}", "must start with fixed text")]
    [InlineData("PR{yymm}-{xxxx}", "unknown part '{xxxx}'")]
    [InlineData("PR{yymm-{nnnn}", "unknown part")]
    [InlineData("PR{yymm}-{nnnn", "without its")]
    [InlineData("PR}{yymm}-{nnnn}", "without its")]
    [InlineData("  ", "cannot be empty")]
    public void A_mask_that_could_not_give_unique_numbers_is_refused_with_a_reason(string mask, string reason) =>
        Should.Throw<DomainException>(() => NumberMask.Parse(mask)).Message.ShouldContain(reason);
}
