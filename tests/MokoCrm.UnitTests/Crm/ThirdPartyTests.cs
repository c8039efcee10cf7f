using MokoCrm.Web.Modules.Crm.Domain;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.UnitTests.Crm;

public sealed class ThirdPartyTests
{
    private static ThirdParty Customer() => ThirdParty.Create("Acme", customer: true, prospect: false, supplier: false, DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_third_party_that_is_neither_customer_prospect_nor_supplier_is_refused() =>
        Should.Throw<DomainException>(() => ThirdParty.Create("Acme", false, false, false, DateTimeOffset.UnixEpoch));

    [Fact]
    public void The_customer_code_is_taken_once_and_sets_the_default_411_account_which_can_be_overridden_and_reset()
    {
        var t = Customer();
        t.NeedsCustomerCode.ShouldBeTrue();
        t.NeedsSupplierCode.ShouldBeFalse();

        t.AssignCustomerCode("CU2611-0001");
        t.AccountingCode.ShouldBe("411CU2611-0001");
        t.NeedsCustomerCode.ShouldBeFalse();
        Should.Throw<DomainException>(() => t.AssignCustomerCode("CU2611-0002"));
        t.SetAccountingCode("411ACME");
        t.AccountingCode.ShouldBe("411ACME");
        t.SetAccountingCode("");
        t.AccountingCode.ShouldBe("411CU2611-0001");
    }

    [Fact]
    public void Closing_twice_or_reopening_an_active_third_party_is_refused()
    {
        var t = Customer();
        t.Close();
        t.Status.ShouldBe(ThirdPartyStatus.Closed);
        Should.Throw<DomainException>(t.Close);
        t.Reopen();
        Should.Throw<DomainException>(t.Reopen);
    }

    [Fact]
    public void A_parent_company_may_not_be_the_company_itself_or_one_of_its_subsidiaries()
    {
        var t = Customer();
        Should.Throw<DomainException>(() => t.SetParent(t.Id, []));
        Should.Throw<DomainException>(() => t.SetParent(42, [42, 7, t.Id]));
        t.SetParent(42, [42, 7]);
        t.ParentId.ShouldBe(42);
    }

    [Theory]
    [InlineData("Société Générale S.A.", "societegeneralesa")]
    [InlineData("  GARAGE  lambert ", "garagelambert")]
    public void Names_are_normalised_for_the_duplicate_warning(string name, string normalised) =>
        ThirdParty.Normalize(name).ShouldBe(normalised);

    [Fact]
    public void Discounts_outside_0_to_100_and_negative_credit_limits_are_refused()
    {
        var t = Customer();
        Should.Throw<DomainException>(() => t.SetCommercialTerms(101m, null));
        Should.Throw<DomainException>(() => t.SetCommercialTerms(5m, -1m));
        t.SetCommercialTerms(5m, 1000m);
        t.DefaultDiscountPercent.ShouldBe(5m);
    }

    [Fact]
    public void The_form_accepts_the_default_account_the_record_proposes_and_still_refuses_spaces_and_symbols()
    {
        var t = Customer();
        t.AssignCustomerCode("CU2611-0001");
        var validator = new MokoCrm.Web.Modules.Crm.Features.ThirdPartyFormValidator();
        MokoCrm.Web.Modules.Crm.Features.ThirdPartyForm Form(string? code) => new() { Name = "Acme", IsCustomer = true, CountryCode = "FR", AccountingCode = code };

        validator.Validate(Form(t.AccountingCode)).IsValid.ShouldBeTrue("saving a customer unchanged must not fail on its own default account");
        validator.Validate(Form("411ACME")).IsValid.ShouldBeTrue();
        validator.Validate(Form("411 ACME")).IsValid.ShouldBeFalse();
        validator.Validate(Form("411;DROP")).IsValid.ShouldBeFalse();
        validator.Validate(Form("-411")).IsValid.ShouldBeFalse();
    }
}
