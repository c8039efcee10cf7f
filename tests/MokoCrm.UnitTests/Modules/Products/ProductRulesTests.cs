using MokoCrm.Web.Modules.Products.Domain;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.UnitTests.Modules.Products;

public sealed class ProductRulesTests
{
    [Fact]
    public void A_price_entered_incl_tax_gives_the_excl_tax_price_rounded_to_5_decimals()
    {
        var product = new Product("P1", "Thing", ProductType.Product);

        product.SetPrice(10m, PriceBase.InclTax, 20m, null);

        product.SalePrice.ShouldBe(8.33333m);
        product.SalePriceInclTax.ShouldBe(10m);
        product.PriceBase.ShouldBe(PriceBase.InclTax);
    }

    [Fact]
    public void A_price_entered_excl_tax_gives_the_incl_tax_price()
    {
        var product = new Product("P1", "Thing", ProductType.Product);

        product.SetPrice(1.24m, PriceBase.ExclTax, 10m, null);

        product.SalePrice.ShouldBe(1.24m);
        product.SalePriceInclTax.ShouldBe(1.364m);
    }

    [Fact]
    public void Rounding_of_the_excl_tax_price_is_half_away_from_zero()
    {
        // 1.000005 / 1 = 1.000005 exactly: half of the 5th decimal goes up.
        Product.ExclTaxFromInclTax(1.000005m, 0m).ShouldBe(1.00001m);
    }

    [Fact]
    public void A_negative_price_is_refused()
    {
        var product = new Product("P1", "Thing", ProductType.Product);

        Should.Throw<DomainException>(() => product.SetPrice(-1m, PriceBase.ExclTax, 20m, null)).Message.ShouldBe("A price cannot be negative.");
    }

    [Fact]
    public void A_minimum_price_above_the_price_is_refused_and_a_lower_line_price_is_not_allowed()
    {
        var product = new Product("P1", "Thing", ProductType.Product);

        Should.Throw<DomainException>(() => product.SetPrice(10m, PriceBase.ExclTax, 20m, 11m)).Message.ShouldContain("minimum sale price");
        product.SetPrice(10m, PriceBase.ExclTax, 20m, 8m);
        product.AllowsSalePrice(7.99m).ShouldBeFalse();
        product.AllowsSalePrice(8m).ShouldBeTrue();
    }

    [Fact]
    public void A_service_cannot_be_stock_managed_and_turning_a_product_into_a_service_stops_stock()
    {
        var service = new Product("S1", "Work", ProductType.Service);
        Should.Throw<DomainException>(() => service.SetStockManaged(true)).Message.ShouldBe("A service cannot be stock-managed.");

        var product = new Product("P1", "Thing", ProductType.Product);
        product.SetStockManaged(true);
        product.ChangeType(ProductType.Service);
        product.StockManaged.ShouldBeFalse();
    }

    [Fact]
    public void Accounts_default_by_type_and_follow_a_change_of_type()
    {
        var product = new Product("P1", "Thing", ProductType.Product);
        (product.SaleAccount, product.PurchaseAccount).ShouldBe(("707", "607"));

        product.ChangeType(ProductType.Service);

        (product.SaleAccount, product.PurchaseAccount).ShouldBe(("706", "604"));
    }

    [Fact]
    public void Only_a_service_has_a_duration()
    {
        var product = new Product("P1", "Thing", ProductType.Product);
        Should.Throw<DomainException>(() => product.SetDuration(1m));

        var service = new Product("S1", "Work", ProductType.Service);
        service.SetDuration(1.5m);
        service.DurationHours.ShouldBe(1.5m);
    }

    [Fact]
    public void Archiving_twice_is_refused()
    {
        var product = new Product("P1", "Thing", ProductType.Product);
        product.Archive();

        Should.Throw<DomainException>(product.Archive);
        product.Unarchive();
        product.Archived.ShouldBeFalse();
    }

    [Fact]
    public void A_cost_price_is_stated_cleared_and_refused_when_negative_or_too_precise()
    {
        var product = new Product("P1", "Thing", ProductType.Product);

        product.SetCostPrice(12.34567m);
        product.CostPrice.ShouldBe(12.34567m);
        Should.Throw<DomainException>(() => product.SetCostPrice(-0.01m)).Message.ShouldBe("A cost price cannot be negative.");
        Should.Throw<DomainException>(() => product.SetCostPrice(1.123456m)).Message.ShouldBe("A cost price has at most 5 decimals.");
        product.CostPrice.ShouldBe(12.34567m);
        product.SetCostPrice(null);
        product.CostPrice.ShouldBeNull();
    }

    [Fact]
    public void The_margin_over_the_cost_price_has_Dolibarrs_margin_rate_on_cost_and_mark_rate_on_sale_price()
    {
        // Sold 100, cost 80: margin 20, that is 25 % of the cost and 20 % of the sale price.
        PriceMargin.Of(100m, 80m).ShouldBe(new PriceMargin(20m, 25m, 20m));
        // Sold below cost: a negative margin, rates rounded half away from zero to 2 decimals (-10/30 = -33.333 %).
        PriceMargin.Of(20m, 30m).ShouldBe(new PriceMargin(-10m, -33.33m, -50m));
        // A free cost has no margin rate; a free sale has no mark rate; no cost stated, no margin.
        PriceMargin.Of(10m, 0m).ShouldBe(new PriceMargin(10m, null, 100m));
        PriceMargin.Of(0m, 5m).ShouldBe(new PriceMargin(-5m, -100m, null));
        PriceMargin.Of(10m, null).ShouldBeNull();
    }
}
