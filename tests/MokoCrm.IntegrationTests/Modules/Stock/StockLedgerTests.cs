using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Features;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using static MokoCrm.IntegrationTests.Modules.Stock.StockTestData;

namespace MokoCrm.IntegrationTests.Modules.Stock;

/// <summary>The ledger on the real database: every stock change goes through it.</summary>
public sealed class StockLedgerTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task Dolibarrs_series_through_the_ledger_leaves_14_in_each_warehouse_at_9_8()
    {
        var product = await ProductAsync(app, "LEDGER-DOLI");
        var a = await WarehouseAsync(app, "L-DOLI-A");
        var b = await WarehouseAsync(app, "L-DOLI-B");

        foreach (var warehouse in new[] { a, b })
        {
            await MoveAsync(new StockMove(product, warehouse, 10, StockMovementKind.In, "Reception") { UnitPrice = 9.9m });
            await MoveAsync(new StockMove(product, warehouse, 10, StockMovementKind.In, "Reception") { UnitPrice = 9.7m });
            await MoveAsync(new StockMove(product, warehouse, -5, StockMovementKind.Out, "Shipment"));
            await MoveAsync(new StockMove(product, warehouse, 1, StockMovementKind.TransferIn, "Transfer in") { UnitPrice = 0 });
            await MoveAsync(new StockMove(product, warehouse, -2, StockMovementKind.TransferOut, "Transfer out"));
        }

        (await LevelAsync(app, product, a)).ShouldBe(14m);
        (await LevelAsync(app, product, b)).ShouldBe(14m);
        (await AverageCostAsync(app, product)).ShouldBe(9.8m);
        (await InvariantBreachesAsync(app)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Outputs_are_written_at_the_average_cost_and_the_level_follows_every_movement()
    {
        var product = await ProductAsync(app, "LEDGER-OUT");
        var warehouse = await WarehouseAsync(app, "L-OUT");

        await MoveAsync(new StockMove(product, warehouse, 4, StockMovementKind.In, "Reception") { UnitPrice = 12.5m });
        var output = await MoveAsync(new StockMove(product, warehouse, -1.5m, StockMovementKind.Correction, "Broken"));

        output.Single().UnitPrice.ShouldBe(12.5m);
        (await LevelAsync(app, product, warehouse)).ShouldBe(2.5m);
        (await InvariantBreachesAsync(app)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Negative_stock_is_refused_naming_product_warehouse_and_what_is_available_unless_the_setting_allows_it()
    {
        var product = await ProductAsync(app, "LEDGER-NEG");
        var warehouse = await WarehouseAsync(app, "L-NEG");
        await MoveAsync(new StockMove(product, warehouse, 2, StockMovementKind.In, "Reception") { UnitPrice = 1 });

        var refused = await Should.ThrowAsync<DomainException>(() => MoveAsync(new StockMove(product, warehouse, -3, StockMovementKind.Out, "Too many")));

        refused.Message.ShouldStartWith("Not enough stock of LEDGER-NEG - Item LEDGER-NEG in L-NEG: 2 available, 3 asked.");
        (await LevelAsync(app, product, warehouse)).ShouldBe(2m);
        (await MovementCountAsync(app, product)).ShouldBe(1);

        await WithDbAsync(app, async db =>
        {
            db.Add(new StockSettings { AllowNegativeStock = true });
            return await db.SaveChangesAsync();
        });
        try
        {
            await MoveAsync(new StockMove(product, warehouse, -3, StockMovementKind.Out, "Allowed now"));
            (await LevelAsync(app, product, warehouse)).ShouldBe(-1m);
        }
        finally
        {
            await WithDbAsync(app, db => db.Set<StockSettings>().ExecuteDeleteAsync());
        }

        (await InvariantBreachesAsync(app)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Services_unknown_records_closed_warehouses_and_zero_quantities_are_refused_and_nothing_moves()
    {
        var product = await ProductAsync(app, "LEDGER-BAD");
        var service = await ProductAsync(app, "LEDGER-SVC", stockManaged: false, type: ProductType.Service);
        var open = await WarehouseAsync(app, "L-BAD-OPEN");
        var closed = await WarehouseAsync(app, "L-BAD-CLOSED", WarehouseStatus.Closed);

        (await Refused(new StockMove(service, open, 1, StockMovementKind.In, "x"))).ShouldBe("LEDGER-SVC is a service: services have no stock.");
        (await Refused(new StockMove(987654321, open, 1, StockMovementKind.In, "x"))).ShouldBe("The product #987654321 does not exist.");
        (await Refused(new StockMove(product, 987654321, 1, StockMovementKind.In, "x"))).ShouldBe("The warehouse #987654321 does not exist.");
        (await Refused(new StockMove(product, closed, 1, StockMovementKind.In, "x"))).ShouldBe("The warehouse L-BAD-CLOSED is closed: no stock moves in or out of it.");
        (await Refused(new StockMove(product, open, 0, StockMovementKind.Correction, "x"))).ShouldBe("Enter a quantity other than zero.");
        (await MovementCountAsync(app, product)).ShouldBe(0);
        (await InvariantBreachesAsync(app)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Two_parallel_outputs_of_the_last_unit_one_succeeds_and_the_other_is_refused()
    {
        var product = await ProductAsync(app, "LEDGER-LAST");
        var warehouse = await WarehouseAsync(app, "L-LAST");
        await MoveAsync(new StockMove(product, warehouse, 1, StockMovementKind.In, "Reception") { UnitPrice = 3 });

        for (var round = 0; round < 5; round++)
        {
            var start = new TaskCompletionSource();
            var outputs = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
            {
                await start.Task;
                try
                {
                    await MoveAsync(new StockMove(product, warehouse, -1, StockMovementKind.Out, "Last one"));
                    return "ok";
                }
                catch (DomainException ex)
                {
                    return ex.Message;
                }
            })).ToList();
            start.SetResult();
            var results = await Task.WhenAll(outputs);

            results.Count(r => r == "ok").ShouldBe(1);
            results.Single(r => r != "ok").ShouldStartWith("Not enough stock of LEDGER-LAST - Item LEDGER-LAST in L-LAST: 0 available, 1 asked.");
            (await LevelAsync(app, product, warehouse)).ShouldBe(0m);
            await MoveAsync(new StockMove(product, warehouse, 1, StockMovementKind.Correction, "Found one more"));
        }

        (await InvariantBreachesAsync(app)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Dolibarrs_series_in_one_call_prices_every_movement_as_move_by_move_and_numbers_them_apart()
    {
        var oneByOne = await ProductAsync(app, "LEDGER-SERIES-1");
        var oneCall = await ProductAsync(app, "LEDGER-SERIES-N");
        var a = await WarehouseAsync(app, "L-SER-A");
        var b = await WarehouseAsync(app, "L-SER-B");
        IEnumerable<StockMove> Series(long product) => new[] { a, b }.SelectMany(w => new[]
        {
            new StockMove(product, w, 10, StockMovementKind.In, "Reception") { UnitPrice = 9.9m },
            new StockMove(product, w, 10, StockMovementKind.In, "Reception") { UnitPrice = 9.7m },
            new StockMove(product, w, -5, StockMovementKind.Out, "Shipment"),
            new StockMove(product, w, 1, StockMovementKind.TransferIn, "Transfer in") { UnitPrice = 0 },
            new StockMove(product, w, -2, StockMovementKind.TransferOut, "Transfer out"),
        });

        var expected = new List<decimal>();
        foreach (var move in Series(oneByOne))
        {
            expected.Add((await MoveAsync(move)).Single().UnitPrice);
        }

        // Ten moves of one product in one statement: each sees the level and the average cost the ones before it left.
        var written = await MoveAsync([.. Series(oneCall)]);

        written.Select(m => m.UnitPrice).ShouldBe(expected);
        written[2].UnitPrice.ShouldBe(9.8m);
        (await LevelAsync(app, oneCall, a)).ShouldBe(14m);
        (await LevelAsync(app, oneCall, b)).ShouldBe(14m);
        (await AverageCostAsync(app, oneCall)).ShouldBe(await AverageCostAsync(app, oneByOne));
        (await AverageCostAsync(app, oneCall)).ShouldBe(9.8m);
        var stored = await WithDbAsync(app, db => db.Set<StockMovement>().Where(m => m.ProductId == oneCall).OrderBy(m => m.Id).Select(m => new { m.Id, m.UnitPrice }).ToListAsync());
        stored.Select(m => m.Id).ShouldBe(written.Select(m => m.Id));
        stored.Select(m => m.UnitPrice).ShouldBe(expected);
        (await InvariantBreachesAsync(app)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_call_longer_than_an_id_block_gets_distinct_ids_in_the_order_of_its_moves()
    {
        var products = new List<long>();
        for (var i = 0; i < 23; i++)
        {
            products.Add(await ProductAsync(app, $"LEDGER-IDS-{i}"));
        }

        var warehouse = await WarehouseAsync(app, "L-IDS");
        var written = await MoveAsync([.. products.Select(p => new StockMove(p, warehouse, 3, StockMovementKind.In, "Opening") { UnitPrice = 2 })]);
        var again = await MoveAsync([.. products.Select(p => new StockMove(p, warehouse, -1, StockMovementKind.Out, "Sample"))]);

        var ids = written.Concat(again).Select(m => m.Id).ToList();
        ids.ShouldBe(ids.Order().ToList());
        ids.Distinct().Count().ShouldBe(46);
        written.Select(m => m.ProductId).ShouldBe(products);
        (await WithDbAsync(app, db => db.Set<StockMovement>().CountAsync(m => ids.Contains(m.Id) && products.Contains(m.ProductId)))).ShouldBe(46);
        (await InvariantBreachesAsync(app)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Within_one_call_a_move_sees_the_moves_before_it_and_a_refused_move_leaves_the_whole_call_unwritten()
    {
        var product = await ProductAsync(app, "LEDGER-ORDER");
        var warehouse = await WarehouseAsync(app, "L-ORDER");

        await MoveAsync(
            new StockMove(product, warehouse, 1, StockMovementKind.In, "In first") { UnitPrice = 4 },
            new StockMove(product, warehouse, -1, StockMovementKind.Out, "Then out"));
        var refused = await Should.ThrowAsync<DomainException>(() => MoveAsync(
            new StockMove(product, warehouse, 5, StockMovementKind.In, "Would come in") { UnitPrice = 8 },
            new StockMove(product, warehouse, -6, StockMovementKind.Out, "One too many"),
            new StockMove(product, warehouse, 1, StockMovementKind.In, "Too late") { UnitPrice = 8 }));

        refused.Message.ShouldStartWith("Not enough stock of LEDGER-ORDER - Item LEDGER-ORDER in L-ORDER: 5 available, 6 asked.");
        (await LevelAsync(app, product, warehouse)).ShouldBe(0m);
        (await AverageCostAsync(app, product)).ShouldBe(4m);
        (await MovementCountAsync(app, product)).ShouldBe(2);
        (await InvariantBreachesAsync(app)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Moves_recorded_in_a_business_transaction_that_rolls_back_leave_nothing()
    {
        var product = await ProductAsync(app, "LEDGER-ROLLBACK");
        var warehouse = await WarehouseAsync(app, "L-ROLLBACK");

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var written = await scope.ServiceProvider.GetRequiredService<StockLedger>().RecordAsync(
                [new StockMove(product, warehouse, 7, StockMovementKind.In, "Reception") { UnitPrice = 5 }]);
            written.Single().Id.ShouldBeGreaterThan(0);
            (await db.Set<StockLevel>().Where(l => l.ProductId == product).Select(l => l.Quantity).SingleAsync()).ShouldBe(7m);
            await transaction.RollbackAsync();
        }

        (await MovementCountAsync(app, product)).ShouldBe(0);
        (await LevelAsync(app, product, warehouse)).ShouldBe(0m);
        (await AverageCostAsync(app, product)).ShouldBe(0m);
        await Should.ThrowAsync<InvalidOperationException>(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<StockLedger>().RecordAsync([new StockMove(product, warehouse, 1, StockMovementKind.In, "No transaction")]);
        });
        (await InvariantBreachesAsync(app)).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_move_statements_run_on_their_generic_plan_and_the_callers_later_statements_are_planned_as_before()
    {
        var product = await ProductAsync(app, "LEDGER-PLAN");
        var warehouse = await WarehouseAsync(app, "L-PLAN");

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ledger = scope.ServiceProvider.GetRequiredService<StockLedger>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        Task<string> Setting() => db.Database.SqlQueryRaw<string>("SELECT current_setting('plan_cache_mode') AS \"Value\"").SingleAsync();
        var session = await Setting();
        session.ShouldBe("force_custom_plan");

        // One move (its own statement) and several (the array statement): each batch asks for the generic plan and
        // gives the session's setting back before it ends, whether the move is written or refused.
        await ledger.RecordAsync([new StockMove(product, warehouse, 3, StockMovementKind.In, "One") { UnitPrice = 2 }]);
        (await Setting()).ShouldBe(session);
        await ledger.RecordAsync([new StockMove(product, warehouse, 1, StockMovementKind.In, "Two") { UnitPrice = 2 }, new StockMove(product, warehouse, -1, StockMovementKind.Out, "Three")]);
        (await Setting()).ShouldBe(session);
        await Should.ThrowAsync<DomainException>(() => ledger.RecordAsync([new StockMove(product, warehouse, -9, StockMovementKind.Out, "Too many")]));
        (await Setting()).ShouldBe(session);
        await transaction.CommitAsync();
        (await LevelAsync(app, product, warehouse)).ShouldBe(3m);
    }

    private async Task<IReadOnlyList<StockMovement>> MoveAsync(params StockMove[] moves)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<StockLedger>().MoveAsync(moves);
    }

    private async Task<string> Refused(StockMove move) => (await Should.ThrowAsync<DomainException>(() => MoveAsync(move))).Message;
}
