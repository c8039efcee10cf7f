using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.UnitTests.Modules.Sales;

/// <summary>The shipment state machine and the quantities left to ship (DOMAIN.md §3).</summary>
public sealed class ShipmentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 28);

    private static SalesOrder ValidatedOrder(decimal quantity = 10m)
    {
        var order = SalesOrder.Create(7, new DocumentContacts(null, null, 4), Today, 1, Now);
        order.AddLine(new LineContent(LineKind.Product, "Oak chair", quantity, 50m, 0m, 20m, ProductId: 42, ProductReference: "CHAIR"));
        order.Validate("SO2611-0001", 1, Now);
        return order;
    }

    private static Shipment Draft(SalesOrder order, decimal quantity, long warehouse = 3) =>
        Shipment.FromOrder(order, [new ShipmentLineRequest(order.Lines[0].Id, warehouse, quantity)], Today, 1, Now);

    [Theory]
    [InlineData(10, 0, 10)]
    [InlineData(10, 6, 4)]
    [InlineData(10, 10, 0)]
    [InlineData(2.5, 3, 0)]
    public void Left_to_ship_is_ordered_minus_shipped_never_below_zero(decimal ordered, decimal shipped, decimal left) =>
        ShipmentQuantities.LeftToShip(ordered, shipped).ShouldBe(left);

    [Fact]
    public void A_draft_takes_any_subset_of_what_is_left_and_copies_party_and_shipping_contact()
    {
        var order = ValidatedOrder();
        var s = Draft(order, 6m);
        (s.Status, s.ThirdPartyId, s.ShippingContactId, s.TotalQuantity, s.Number).ShouldBe((ShipmentStatus.Draft, 7L, (long?)4, 6m, (string?)null));
        s.Lines.ShouldHaveSingleItem().ProductReference.ShouldBe("CHAIR");
        order.Lines[0].QuantityShipped.ShouldBe(0m, "a draft reserves nothing");
    }

    [Fact]
    public void More_than_is_left_is_refused_even_split_over_two_warehouses()
    {
        var order = ValidatedOrder(5m);
        Should.Throw<DomainException>(() => Draft(order, 6m)).Message.ShouldBe("Line 1: 6 cannot be shipped, only 5 is left to ship.");
        Should.Throw<DomainException>(() => Shipment.FromOrder(order,
            [new ShipmentLineRequest(order.Lines[0].Id, 1, 3m), new ShipmentLineRequest(order.Lines[0].Id, 2, 3m)], Today, 1, Now)).Message.ShouldContain("only 5 is left");
        Should.Throw<DomainException>(() => Draft(order, -1m)).Message.ShouldContain("cannot be negative");
        Should.Throw<DomainException>(() => Draft(order, 0m)).Message.ShouldContain("at least one line");
    }

    [Fact]
    public void A_draft_order_cannot_be_shipped()
    {
        var order = SalesOrder.Create(7, new DocumentContacts(null, null, null), Today, 1, Now);
        order.AddLine(new LineContent(LineKind.Product, "Oak chair", 1m, 50m, 0m, 20m, ProductId: 42));
        Should.Throw<DomainException>(() => Draft(order, 1m)).Message.ShouldContain("only a validated order");
    }

    [Fact]
    public void Validation_numbers_ships_on_the_order_and_raises_the_event_with_lines_and_warehouses()
    {
        var order = ValidatedOrder();
        var s = Draft(order, 6m, warehouse: 9);
        s.Validate(order, "SH2611-0001", 1, Now);
        (s.Status, s.Number).ShouldBe((ShipmentStatus.Validated, "SH2611-0001"));
        order.Status.ShouldBe(SalesOrderStatus.InProgress);
        order.Lines[0].QuantityShipped.ShouldBe(6m);
        order.Lines[0].LeftToShip.ShouldBe(4m);
        var e = s.DomainEvents.OfType<ShipmentValidated>().ShouldHaveSingleItem();
        (e.Shipment.Number, e.Shipment.OrderNumber, e.Shipment.ThirdPartyId, e.Shipment.Date).ShouldBe(("SH2611-0001", "SO2611-0001", 7L, Today));
        e.Shipment.Lines.ShouldHaveSingleItem().ShouldBe(new ShipmentLineSnapshot(1, order.Lines[0].Id, 42, "CHAIR", "Oak chair", 9, 6m));
        Should.Throw<DomainException>(() => s.Validate(order, "SH2611-0002", 1, Now)).Message.ShouldContain("already validated");
    }

    [Fact]
    public void A_fully_shipped_order_is_fully_shipped_and_may_be_delivered()
    {
        var order = ValidatedOrder(3m);
        order.IsFullyShipped(_ => true).ShouldBeFalse();
        Draft(order, 3m).Validate(order, "SH2611-0001", 1, Now);
        order.IsFullyShipped(_ => true).ShouldBeTrue();
        order.MarkDelivered();
        order.Status.ShouldBe(SalesOrderStatus.Delivered);
        order.DomainEvents.OfType<OrderDelivered>().ShouldHaveSingleItem();
        Should.Throw<DomainException>(() => Draft(order, 1m)).Message.ShouldContain("delivered");
    }

    [Fact]
    public void Cancelling_gives_the_quantities_back_and_the_order_returns_to_validated()
    {
        var order = ValidatedOrder(3m);
        var s = Draft(order, 3m);
        s.Validate(order, "SH2611-0001", 1, Now);
        order.MarkDelivered();
        s.MarkDelivered(Now);
        s.Status.ShouldBe(ShipmentStatus.Delivered);
        s.Cancel(order, Now);
        (s.Status, order.Status, order.Lines[0].QuantityShipped).ShouldBe((ShipmentStatus.Cancelled, SalesOrderStatus.Validated, 0m));
        s.DomainEvents.OfType<ShipmentCancelled>().ShouldHaveSingleItem();
        Should.Throw<DomainException>(() => s.Cancel(order, Now)).Message.ShouldContain("already cancelled");
        Should.Throw<DomainException>(() => s.MarkDelivered(Now)).Message.ShouldContain("only a validated shipment");
    }

    [Fact]
    public void A_draft_is_deleted_not_cancelled_or_closed()
    {
        var order = ValidatedOrder();
        var s = Draft(order, 1m);
        Should.Throw<DomainException>(() => s.Cancel(order, Now)).Message.ShouldContain("delete it instead");
        Should.Throw<DomainException>(() => s.MarkDelivered(Now));
        Should.NotThrow(s.EnsureDraft);
    }

    [Fact]
    public void A_line_leaves_a_draft_but_not_a_validated_shipment_and_an_empty_draft_cannot_be_validated()
    {
        var order = ValidatedOrder();
        var s = Draft(order, 2m);
        var line = s.Lines[0].Id;
        Should.Throw<NotFoundException>(() => s.RemoveLine(line + 1));
        s.RemoveLine(line);
        (s.Lines.Count, s.TotalQuantity).ShouldBe((0, 0m));
        Should.Throw<DomainException>(() => s.Validate(order, "SH2611-0001", 1, Now)).Message.ShouldContain("has no lines");

        var shipped = Draft(order, 2m);
        shipped.Validate(order, "SH2611-0002", 1, Now);
        Should.Throw<DomainException>(() => shipped.RemoveLine(shipped.Lines[0].Id)).Message.ShouldContain("can no longer be changed");
        (shipped.Lines.Count, order.Lines[0].QuantityShipped).ShouldBe((1, 2m));
    }
}
