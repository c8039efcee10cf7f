using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Features;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.UnitTests.Modules.Stock;

public sealed class StockValuationTests
{
    [Fact]
    public void The_first_priced_input_sets_the_average_cost_to_its_price()
    {
        WeightedAverageCost.After(0, 0, StockMovementKind.In, 10, 9.9m).ShouldBe(9.9m);
    }

    [Fact]
    public void A_priced_input_weights_the_old_cost_by_the_stock_and_the_new_price_by_the_quantity()
    {
        // (10 × 9.9 + 10 × 9.7) / 20 = 196 / 20 = 9.8
        WeightedAverageCost.After(10, 9.9m, StockMovementKind.In, 10, 9.7m).ShouldBe(9.8m);
    }

    [Fact]
    public void Negative_stock_counts_as_zero_so_the_input_price_becomes_the_cost()
    {
        // max(-4, 0) = 0: (0 × 5 + 6 × 8) / 6 = 8
        WeightedAverageCost.After(-4, 5m, StockMovementKind.In, 6, 8m).ShouldBe(8m);
    }

    [Theory]
    [InlineData(StockMovementKind.Out, -3, 0)]
    [InlineData(StockMovementKind.In, 5, 0)]
    [InlineData(StockMovementKind.TransferIn, 5, 50)]
    [InlineData(StockMovementKind.TransferOut, -5, 50)]
    [InlineData(StockMovementKind.Correction, -2, 50)]
    public void Outputs_zero_price_inputs_and_transfers_leave_the_cost_alone(StockMovementKind kind, int quantity, int price)
    {
        WeightedAverageCost.After(20, 9.8m, kind, quantity, price).ShouldBe(9.8m);
    }

    [Fact]
    public void A_positive_correction_with_a_price_is_an_input_and_moves_the_cost()
    {
        // (10 × 4 + 10 × 6) / 20 = 5
        WeightedAverageCost.After(10, 4m, StockMovementKind.Correction, 10, 6m).ShouldBe(5m);
    }

    [Fact]
    public void The_cost_is_kept_to_five_decimals_half_away_from_zero()
    {
        // (1 × 1 + 2 × 2) / 3 = 5 / 3 = 1.666666… → 1.66667
        WeightedAverageCost.After(1, 1m, StockMovementKind.In, 2, 2m).ShouldBe(1.66667m);
    }

    /// <summary>
    /// Dolibarr's own series (htdocs/test/phpunit/MouvementStockTest.php), in each of two warehouses A then B:
    /// +10 at 9.9, +10 at 9.7, −5, a transfer-kind input of 1 at price 0, a transfer-kind output of 2.
    /// A: 9.9 (first input); (10 × 9.9 + 10 × 9.7) / 20 = 9.8; −5, +1, −2 keep 9.8 and leave 14 in A.
    /// B: the cost is over all warehouses, so the stock before B's first input is A's 14:
    ///    (14 × 9.8 + 10 × 9.9) / 24 = 236.2 / 24 = 9.841666… → 9.84167;
    ///    (24 × 9.84167 + 10 × 9.7) / 34 = 333.20008 / 34 = 9.8000023… → 9.8 (exactly 9.8 unrounded: 333.2 / 34);
    ///    −5, +1, −2 keep it and leave 14 in B.
    /// End: 14 in each warehouse, 28 in all, average cost 9.8.
    /// </summary>
    [Fact]
    public void Dolibarrs_series_in_two_warehouses_ends_with_14_in_each_at_an_average_cost_of_9_8()
    {
        var book = new Book();
        var costAfterA = new List<decimal>();
        foreach (var warehouse in new[] { "A", "B" })
        {
            book.Move(warehouse, StockMovementKind.In, 10, 9.9m);
            costAfterA.Add(book.Cost);
            book.Move(warehouse, StockMovementKind.In, 10, 9.7m);
            costAfterA.Add(book.Cost);
            book.Move(warehouse, StockMovementKind.Out, -5, 0);
            book.Move(warehouse, StockMovementKind.TransferIn, 1, 0);
            book.Move(warehouse, StockMovementKind.TransferOut, -2, 0);
            costAfterA.Add(book.Cost);
        }

        costAfterA.ShouldBe([9.9m, 9.8m, 9.8m, 9.84167m, 9.8m, 9.8m]);
        book.Stock["A"].ShouldBe(14m);
        book.Stock["B"].ShouldBe(14m);
        book.Total.ShouldBe(28m);
        book.Cost.ShouldBe(9.8m);
    }

    [Fact]
    public void A_valuation_applies_the_rule_and_keeps_the_total_quantity()
    {
        var valuation = new ProductValuation(1);
        valuation.Apply(StockMovementKind.In, 10, 9.9m);
        valuation.Apply(StockMovementKind.Correction, -3, 9.9m);
        valuation.Apply(StockMovementKind.TransferIn, 2, 100m);

        valuation.TotalQuantity.ShouldBe(9m);
        valuation.AverageCost.ShouldBe(9.9m);
    }

    [Fact]
    public void A_transfer_is_an_output_then_an_input_of_the_same_quantity_sharing_one_code()
    {
        var moves = StockLedger.Transfer(7, 1, 2, 3.5m, "To the shop");

        moves.Select(m => (m.WarehouseId, m.Quantity, m.Kind)).ShouldBe([(1L, -3.5m, StockMovementKind.TransferOut), (2L, 3.5m, StockMovementKind.TransferIn)]);
        moves[0].TransferCode.ShouldNotBeNull();
        moves[1].TransferCode.ShouldBe(moves[0].TransferCode);
        moves.ShouldAllBe(m => m.UnitPrice == null);
    }

    [Fact]
    public void A_transfer_to_the_same_warehouse_or_of_nothing_is_refused()
    {
        Should.Throw<DomainException>(() => StockLedger.Transfer(7, 1, 1, 3, "x")).Message.ShouldBe("Choose two different warehouses: a transfer to the same warehouse moves nothing.");
        Should.Throw<DomainException>(() => StockLedger.Transfer(7, 1, 2, 0, "x")).Message.ShouldBe("A transfer moves a quantity greater than zero.");
    }

    [Fact]
    public void An_inventory_refuses_negative_counts_and_validation_without_any_count_and_freezes_after_validation()
    {
        var inventory = new Inventory("Year end", 1, new DateOnly(2026, 12, 31));
        inventory.AddProduct(5);

        Should.Throw<DomainException>(() => inventory.Validate(new Dictionary<long, decimal>(), null, DateTime.UtcNow)).Message.ShouldBe("Enter at least one counted quantity before validating.");
        Should.Throw<DomainException>(() => inventory.AddProduct(5)).Message.ShouldBe("This product is already on the inventory.");
        Should.Throw<DomainException>(() => inventory.Count(0, -1)).Message.ShouldBe("A counted quantity cannot be negative.");
        inventory.Count(0, 4);
        inventory.Validate(new Dictionary<long, decimal> { [5] = 6 }, null, DateTime.UtcNow);
        inventory.Lines[0].Expected.ShouldBe(6m);
        Should.Throw<DomainException>(() => inventory.Count(0, 3)).Message.ShouldContain("is validated");
    }

    /// <summary>A product's stock in memory: per-warehouse quantities and one cost over all of them.</summary>
    private sealed class Book
    {
        public Dictionary<string, decimal> Stock { get; } = [];

        public decimal Cost { get; private set; }

        public decimal Total => Stock.Values.Sum();

        public void Move(string warehouse, StockMovementKind kind, decimal quantity, decimal price)
        {
            Cost = WeightedAverageCost.After(Total, Cost, kind, quantity, price);
            Stock[warehouse] = Stock.GetValueOrDefault(warehouse) + quantity;
        }
    }
}
