using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.UnitTests.Modules.Stock;

/// <summary>Bills of materials, manufacturing orders and the production cost, without a database.</summary>
public sealed class ManufacturingTests
{
    [Fact]
    public void A_bill_needs_each_component_in_proportion_to_the_quantity_made_plus_its_loss()
    {
        var bom = Bom();

        // For 2 tables: 1 top per table → 2; 4 legs per table with 12.5 % lost → 8 × 1.125 = 9.
        bom.Needs(2).ShouldBe([(TopId, 2m), (LegId, 9m)]);

        // For 1 of a bill made for 3: 1/3 of the quantity, to 5 decimals half away from zero.
        var third = new Bom("Batch", TableId, 3, null);
        third.AddComponent(TopId, 1, 0);
        third.Needs(1).ShouldBe([(TopId, 0.33333m)]);
    }

    [Fact]
    public void A_bill_refuses_itself_as_component_duplicates_bad_quantities_and_losses_and_changes_once_validated()
    {
        var bom = Bom();

        Should.Throw<DomainException>(() => bom.AddComponent(TableId, 1, 0)).Message.ShouldBe("A product cannot be a component of itself: choose another component.");
        Should.Throw<DomainException>(() => bom.AddComponent(TopId, 1, 0)).Message.ShouldBe("This component is already on the bill: change its quantity instead.");
        Should.Throw<DomainException>(() => bom.AddComponent(99, 0, 0)).Message.ShouldBe("A component's quantity must be greater than zero.");
        Should.Throw<DomainException>(() => bom.AddComponent(99, 1.000001m, 0)).Message.ShouldBe("A component's quantity has at most 5 decimals.");
        Should.Throw<DomainException>(() => bom.AddComponent(99, 1, 100)).Message.ShouldBe("The loss is a percentage from 0 to below 100.");
        Should.Throw<DomainException>(() => new Bom("Empty", TableId, 1, null).Validate(null, DateTime.UtcNow)).Message
            .ShouldBe("Add at least one component before validating the bill of materials.");
        Should.Throw<DomainException>(() => new Bom("Nothing", TableId, 0, null)).Message.ShouldBe("The quantity produced must be greater than zero.");

        bom.Validate(null, DateTime.UtcNow);
        Should.Throw<DomainException>(() => bom.AddComponent(99, 1, 0)).Message.ShouldBe("The bill of materials Table is validated: it can no longer change.");
    }

    [Fact]
    public void The_cost_of_a_unit_produced_is_what_was_consumed_divided_by_the_quantity_made()
    {
        // 1 top at 50 + 5 legs at 5 = 75 for one table.
        ProductionCost.PerUnit([(1m, 50m), (5m, 5m)], 1).ShouldBe(75m);

        // 3 tops at 50 + 15 legs at 6.09091 = 241.36365, / 3 = 80.45455.
        ProductionCost.PerUnit([(3m, 50m), (15m, 6.09091m)], 3).ShouldBe(80.45455m);

        // 10 / 3 = 3.333333… → 3.33333; components without a cost make a product without one.
        ProductionCost.PerUnit([(1m, 10m)], 3).ShouldBe(3.33333m);
        ProductionCost.PerUnit([(4m, 0m)], 2).ShouldBe(0m);
    }

    [Fact]
    public void A_production_input_moves_the_average_cost_like_any_priced_input()
    {
        // (1 × 75 + 3 × 80.45455) / 4 = 79.0909125 → 79.09091.
        WeightedAverageCost.After(1, 75m, StockMovementKind.ManufacturingIn, 3, 80.45455m).ShouldBe(79.09091m);
        WeightedAverageCost.After(10, 5m, StockMovementKind.ManufacturingOut, -3, 5m).ShouldBe(5m);
    }

    [Fact]
    public void An_order_consumes_its_share_per_part_and_the_rest_of_the_plan_on_the_part_that_completes_it()
    {
        var order = Order(3);
        order.Lines.Select(l => l.QuantityPlanned).ShouldBe([3m, 13.5m]);

        Should.Throw<DomainException>(() => order.Consumption(1)).Message.ShouldStartWith("Validate the manufacturing order");
        order.Validate("MO2612-0001", null, DateTime.UtcNow);

        // 13.5 legs for 3 tables: a third of it is 4.5 per table.
        var first = order.Consumption(1);
        first.Select(c => c.Quantity).ShouldBe([1m, 4.5m]);
        order.Produced(1, first);
        order.Status.ShouldBe(ManufacturingOrderStatus.InProgress);

        Should.Throw<DomainException>(() => order.Consumption(3)).Message.ShouldBe("Only 2 of 3 remain to produce on MO2612-0001: 3 is too many.");
        var rest = order.Consumption(2);
        rest.Select(c => c.Quantity).ShouldBe([2m, 9m]);
        order.Produced(2, rest);
        order.Status.ShouldBe(ManufacturingOrderStatus.Produced);
        order.Lines.Select(l => l.QuantityConsumed).ShouldBe([3m, 13.5m]);
        Should.Throw<DomainException>(() => order.Consumption(1)).Message.ShouldBe("The manufacturing order MO2612-0001 is produced: nothing more can be produced.");
    }

    [Fact]
    public void Rounding_left_by_the_parts_is_consumed_by_the_part_that_completes_the_order()
    {
        var bom = new Bom("Thirds", TableId, 3, null);
        bom.AddComponent(TopId, 1, 0);
        bom.Validate(null, DateTime.UtcNow);
        var order = new ManufacturingOrder(bom, 3, 1, 2, new DateOnly(2026, 12, 7), null);
        order.Validate("MO2612-0002", null, DateTime.UtcNow);

        var consumed = 0m;
        foreach (var part in new[] { 1m, 1m, 1m })
        {
            var c = order.Consumption(part);
            consumed += c.Sum(x => x.Quantity);
            order.Produced(part, c);
        }

        consumed.ShouldBe(1m);
    }

    [Fact]
    public void Only_an_order_in_progress_is_closed_and_only_one_with_nothing_produced_is_cancelled()
    {
        var order = Order(2);
        Should.Throw<DomainException>(() => order.Close()).Message.ShouldContain("cancel it instead of closing it");
        order.Validate("MO2612-0003", null, DateTime.UtcNow);
        order.Produced(1, order.Consumption(1));
        Should.Throw<DomainException>(() => order.Cancel()).Message.ShouldBe("Part of MO2612-0003 is produced: close it instead of cancelling it.");
        order.Close();
        order.Status.ShouldBe(ManufacturingOrderStatus.Closed);
        order.IsOpen.ShouldBeFalse();
    }

    private const long TableId = 1;
    private const long TopId = 2;
    private const long LegId = 3;

    private static Bom Bom()
    {
        var bom = new Bom("Table", TableId, 1, null);
        bom.AddComponent(TopId, 1, 0);
        bom.AddComponent(LegId, 4, 12.5m);
        return bom;
    }

    private static ManufacturingOrder Order(decimal quantity)
    {
        var bom = Bom();
        bom.Validate(null, DateTime.UtcNow);
        return new ManufacturingOrder(bom, quantity, 1, 2, new DateOnly(2026, 12, 7), null);
    }
}
