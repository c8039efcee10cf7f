using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Features;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Links;
using static MokoCrm.IntegrationTests.Modules.Stock.StockTestData;

namespace MokoCrm.IntegrationTests.Modules.Stock;

/// <summary>Manufacturing orders through their screens: costs, the stock invariant, shortages, links, planned stock.</summary>
public sealed partial class ManufacturingOrderTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    private const string NewOrder = "/Stock/ManufacturingOrders/new";

    [Fact]
    public async Task Producing_in_two_parts_consumes_at_average_cost_brings_the_product_in_at_the_consumed_cost_and_keeps_the_invariant()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var (table, top, leg, parts, finished, bom) = await WorkshopAsync("FLOW");
        await InAsync(top, parts, 10, 50m);
        await InAsync(leg, parts, 40, 5m);

        var id = await CreateAsync(client, bom, "4", parts, finished);
        // 1 top and 4 legs with 25 % lost per table: 4 tops and 4 × 4 × 1.25 = 20 legs for 4 tables.
        var card = await client.Http.GetStringAsync($"/Stock/ManufacturingOrders/{id}");
        Row(card, "FLOW-TOP").ShouldContain("data-field=\"planned\">4<");
        Row(card, "FLOW-LEG").ShouldContain("data-field=\"planned\">20<");
        card.ShouldContain($"(PROV{id})");

        (await ActAsync(client, id, "produce", new() { ["quantity"] = "1" })).ShouldBe("Validate the manufacturing order (PROV" + id + ") before producing.");
        var validated = await ActAsync(client, id, "validate");
        var number = NumberPattern().Match(validated).Value;
        validated.ShouldBe($"Manufacturing order {number} validated.");
        number.ShouldNotBeEmpty();

        // Planned: the product comes in, the components go out, until produced.
        var planned = await VirtualAsync(table, top, leg);
        planned[table].ShouldBe(4m);
        planned[top].ShouldBe(10m - 4m);
        planned[leg].ShouldBe(40m - 20m);

        // Part 1: 1 top at 50 + 5 legs at 5 = 75 for one table.
        (await ActAsync(client, id, "produce", new() { ["quantity"] = "1" })).ShouldBe("Produced 1: components consumed, product in stock at 75.00 per unit.");
        (await StatusAsync(id)).ShouldBe(ManufacturingOrderStatus.InProgress);
        (await LevelAsync(app, table, finished)).ShouldBe(1m);
        (await AverageCostAsync(app, table)).ShouldBe(75m);

        // Legs get dearer: (35 × 5 + 20 × 8) / 55 = 335 / 55 = 6.090909… → 6.09091.
        await InAsync(leg, parts, 20, 8m);
        (await AverageCostAsync(app, leg)).ShouldBe(6.09091m);

        // Part 2 completes the order: 3 tops at 50 = 150, and the rest of the plan, 15 legs at 6.09091 = 91.36365;
        // 241.36365 / 3 = 80.45455 per table. Table average: (1 × 75 + 3 × 80.45455) / 4 = 79.0909125 → 79.09091.
        (await ActAsync(client, id, "produce", new() { ["quantity"] = "3" })).ShouldBe("Produced 3: components consumed, product in stock at 80.45455 per unit.");
        (await StatusAsync(id)).ShouldBe(ManufacturingOrderStatus.Produced);
        (await LevelAsync(app, table, finished)).ShouldBe(4m);
        (await AverageCostAsync(app, table)).ShouldBe(79.09091m);
        (await LevelAsync(app, top, parts)).ShouldBe(6m);
        (await LevelAsync(app, leg, parts)).ShouldBe(40m);
        (await AverageCostAsync(app, top)).ShouldBe(50m);

        var movements = await WithDbAsync(app, db => db.Set<StockMovement>().AsNoTracking()
            .Where(m => m.OriginType == StockRecordTypes.ManufacturingOrder && m.OriginId == id).OrderBy(m => m.Id)
            .Select(m => new { m.ProductId, m.WarehouseId, m.Kind, m.Quantity, m.UnitPrice, m.Label }).ToListAsync());
        movements.Select(m => (m.ProductId, m.WarehouseId, m.Kind, m.Quantity, m.UnitPrice)).ShouldBe(
        [
            (top, parts, StockMovementKind.ManufacturingOut, -1m, 50m), (leg, parts, StockMovementKind.ManufacturingOut, -5m, 5m),
            (table, finished, StockMovementKind.ManufacturingIn, 1m, 75m),
            (top, parts, StockMovementKind.ManufacturingOut, -3m, 50m), (leg, parts, StockMovementKind.ManufacturingOut, -15m, 6.09091m),
            (table, finished, StockMovementKind.ManufacturingIn, 3m, 80.45455m),
        ]);
        movements.ShouldAllBe(m => m.Label == "Manufacturing " + number);

        (await ActAsync(client, id, "produce", new() { ["quantity"] = "1" })).ShouldBe($"The manufacturing order {number} is produced: nothing more can be produced.");
        var after = await VirtualAsync(table, top, leg);
        after[table].ShouldBe(4m);
        after[top].ShouldBe(6m);

        // Links: the bill and the order know each other; the order's card lists its movements; the product shows its stock.
        (await WithDbAsync(app, db => db.Set<RecordLink>().CountAsync(l =>
            l.SourceType == StockRecordTypes.Bom && l.SourceId == bom && l.TargetType == StockRecordTypes.ManufacturingOrder && l.TargetId == id))).ShouldBe(1);
        var links = await client.Http.GetStringAsync($"/Records/stock.manufacturingorder/{id}/links");
        links.ShouldContain($"/Stock/Boms/{bom}");
        (await client.Http.GetStringAsync($"/Records/stock.bom/{bom}/links")).ShouldContain(number);
        var final = await client.Http.GetStringAsync($"/Stock/ManufacturingOrders/{id}");
        final.ShouldContain("data-field=\"unit-price\">80.45455<");
        (await client.Http.GetStringAsync($"/Stock/Products/{table}")).ShouldContain("data-field=\"stock\">4<");
        (await client.Http.GetStringAsync("/Stock/Movements?kind=ManufacturingIn")).ShouldContain("FLOW-TABLE");
        (await InvariantBreachesAsync(app)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Short_components_are_refused_listing_each_missing_one_and_nothing_moves()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var (table, top, leg, parts, finished, bom) = await WorkshopAsync("SHORT");
        await InAsync(top, parts, 6, 50m);
        await InAsync(leg, parts, 40, 5m);
        var id = await CreateAsync(client, bom, "10", parts, finished);
        var number = NumberPattern().Match(await ActAsync(client, id, "validate")).Value;

        (await ActAsync(client, id, "produce", new() { ["quantity"] = "10" })).ShouldBe(
            $"Not enough components in SHORT-PARTS to produce 10 on {number}: SHORT-TOP: 10 needed, 6 available, 4 missing; SHORT-LEG: 50 needed, 40 available, 10 missing.");
        (await ActAsync(client, id, "produce", new() { ["quantity"] = "11" })).ShouldBe($"Only 10 of 10 remain to produce on {number}: 11 is too many.");
        (await ActAsync(client, id, "produce", new() { ["quantity"] = "0" })).ShouldBe("The quantity produced must be greater than zero.");
        (await ActAsync(client, id, "produce", new() { ["quantity"] = "lots" })).ShouldBe("The quantity produced must be a number, for example 5 or 2.5.");
        (await MovementCountAsync(app, table)).ShouldBe(0);
        (await LevelAsync(app, top, parts)).ShouldBe(6m);
        (await StatusAsync(id)).ShouldBe(ManufacturingOrderStatus.Validated);

        // What is there is enough for 6: a part is produced, then the order is closed; a closed order plans nothing.
        (await ActAsync(client, id, "produce", new() { ["quantity"] = "6" })).ShouldStartWith("Produced 6:");
        (await ActAsync(client, id, "cancel")).ShouldBe($"Part of {number} is produced: close it instead of cancelling it.");
        (await ActAsync(client, id, "close")).ShouldBe("Manufacturing order closed: the rest will not be produced.");
        (await StatusAsync(id)).ShouldBe(ManufacturingOrderStatus.Closed);
        (await VirtualAsync(table, top, leg))[table].ShouldBe(6m);
        (await InvariantBreachesAsync(app)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Bad_orders_are_refused_with_clear_messages_drafts_are_deleted_and_validated_ones_cancelled()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var (table, _, _, parts, finished, bom) = await WorkshopAsync("BADMO");
        var closed = await WarehouseAsync(app, "BADMO-CLOSED", WarehouseStatus.Closed);
        var draftBom = await WithDbAsync(app, async db =>
        {
            var b = new Bom("Unfinished bill", table, 1, null);
            db.Add(b);
            await db.SaveChangesAsync();
            return b.Id;
        });

        foreach (var (fields, message) in new (Dictionary<string, string>, string)[]
                 {
                     (Fields(null, "1", parts, finished), "Choose the bill of materials."),
                     (Fields(bom, "0", parts, finished), "Enter a quantity other than zero."),
                     (Fields(bom, "-1", parts, finished), "The quantity to produce must be greater than zero."),
                     (Fields(bom, "x", parts, finished), "The quantity must be a number, for example 5 or 2.5."),
                     (Fields(bom, "1", null, finished), "Choose the warehouse the components are taken from."),
                     (Fields(bom, "1", parts, closed), "The warehouse BADMO-CLOSED is closed: no stock moves in or out of it."),
                     (Fields(bom, "1", 987654321, finished), "The warehouse #987654321 does not exist."),
                     (Fields(987654321, "1", parts, finished), "The bill of materials #987654321 does not exist."),
                     (Fields(draftBom, "1", parts, finished), "The bill of materials Unfinished bill is draft: only a validated bill makes manufacturing orders."),
                 })
        {
            var response = await client.PostFormAsync(NewOrder, NewOrder, fields);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()).ShouldContain(message);
        }

        (await WithDbAsync(app, db => db.Set<ManufacturingOrder>().CountAsync(o => o.ProductId == table))).ShouldBe(0);

        var draft = await CreateAsync(client, bom, "2", parts, finished);
        (await client.PostFormAsync($"/Stock/ManufacturingOrders/{draft}", $"/Stock/ManufacturingOrders/{draft}/delete", [])).Headers.Location!.ToString()
            .ShouldBe("/Stock/ManufacturingOrders");
        (await WithDbAsync(app, db => db.Set<RecordLink>().CountAsync(l => l.TargetType == StockRecordTypes.ManufacturingOrder && l.TargetId == draft))).ShouldBe(0);

        var planned = await CreateAsync(client, bom, "2", parts, finished);
        var number = NumberPattern().Match(await ActAsync(client, planned, "validate")).Value;
        (await ActAsync(client, planned, "delete")).ShouldBe($"The manufacturing order {number} is numbered: cancel it instead of deleting it.");
        (await ActAsync(client, planned, "close")).ShouldBe($"Nothing is produced on {number} yet: cancel it instead of closing it.");
        (await ActAsync(client, planned, "cancel")).ShouldBe("Manufacturing order cancelled.");
        (await VirtualAsync(table))[table].ShouldBe(0m);

        await WithDbAsync(app, async db =>
        {
            var b = await db.Set<Bom>().SingleAsync(x => x.Id == bom);
            b.Disable();
            return await db.SaveChangesAsync();
        });
        var refused = await client.PostFormAsync(NewOrder, NewOrder, Fields(bom, "1", parts, finished));
        WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()).ShouldContain("The bill of materials Table BADMO is disabled: only a validated bill makes manufacturing orders.");
    }

    [Fact]
    public async Task Two_parallel_productions_of_the_last_units_of_an_order_one_succeeds_and_the_other_is_refused()
    {
        var (table, top, _, parts, finished, bom) = await WorkshopAsync("RACE");
        await InAsync(top, parts, 100, 2m);
        await InAsync((await WithDbAsync(app, db => db.Set<BomLine>().Where(l => l.BomId == bom && l.ProductId != top).Select(l => l.ProductId).SingleAsync())), parts, 100, 1m);
        long id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var mo = scope.ServiceProvider.GetRequiredService<ManufacturingOrderAdministration>();
            id = await mo.CreateAsync(new ManufacturingOrderForm { BomId = bom, Quantity = "2", ConsumeWarehouseId = parts, ProduceWarehouseId = finished });
            await mo.ValidateAsync(id);
        }

        var start = new TaskCompletionSource();
        var runs = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            await using var scope = app.Services.CreateAsyncScope();
            try
            {
                await scope.ServiceProvider.GetRequiredService<ManufacturingOrderAdministration>().ProduceAsync(id, "2");
                return "ok";
            }
            catch (MokoCrm.Web.Platform.Domain.DomainException ex)
            {
                return ex.Message;
            }
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(runs);

        results.Count(r => r == "ok").ShouldBe(1);
        results.Single(r => r != "ok").ShouldEndWith("is produced: nothing more can be produced.");
        (await LevelAsync(app, table, finished)).ShouldBe(2m);
        (await LevelAsync(app, top, parts)).ShouldBe(98m);
        (await InvariantBreachesAsync(app)).ShouldBeEmpty();
    }

    /// <summary>A table made of a top and 4 legs (25 % of legs lost), two warehouses, the bill validated.</summary>
    private async Task<(long Table, long Top, long Leg, long Parts, long Finished, long Bom)> WorkshopAsync(string prefix)
    {
        var table = await ProductAsync(app, $"{prefix}-TABLE");
        var top = await ProductAsync(app, $"{prefix}-TOP");
        var leg = await ProductAsync(app, $"{prefix}-LEG");
        var parts = await WarehouseAsync(app, $"{prefix}-PARTS");
        var finished = await WarehouseAsync(app, $"{prefix}-DONE");
        var bom = await WithDbAsync(app, async db =>
        {
            var b = new Bom($"Table {prefix}", table, 1, null);
            b.AddComponent(top, 1, 0);
            b.AddComponent(leg, 4, 25);
            b.Validate(null, DateTime.UtcNow);
            db.Add(b);
            await db.SaveChangesAsync();
            return b.Id;
        });
        return (table, top, leg, parts, finished, bom);
    }

    private async Task InAsync(long product, long warehouse, decimal quantity, decimal price)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<StockLedger>()
            .MoveAsync([new StockMove(product, warehouse, quantity, StockMovementKind.In, "Reception") { UnitPrice = price }]);
    }

    private async Task<Dictionary<long, decimal>> VirtualAsync(params long[] products)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var stock = await scope.ServiceProvider.GetRequiredService<IVirtualStockReader>().OfProductsAsync(products);
        return stock.ToDictionary(s => s.Key, s => s.Value.Virtual);
    }

    private Task<ManufacturingOrderStatus> StatusAsync(long id) =>
        WithDbAsync(app, db => db.Set<ManufacturingOrder>().Where(o => o.Id == id).Select(o => o.Status).SingleAsync());

    private static Dictionary<string, string> Fields(long? bom, string quantity, long? consume, long? produce) => new()
    {
        ["BomId"] = Id(bom), ["Quantity"] = quantity, ["ConsumeWarehouseId"] = Id(consume), ["ProduceWarehouseId"] = Id(produce),
    };

    private static string Id(long? id) => id?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static async Task<long> CreateAsync(SignedInClient client, long bom, string quantity, long consume, long produce)
    {
        var response = await client.PostFormAsync(NewOrder, NewOrder, Fields(bom, quantity, consume, produce));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return long.Parse(response.Headers.Location!.ToString().Split('/').Last(), CultureInfo.InvariantCulture);
    }

    private static async Task<string> ActAsync(SignedInClient client, long id, string action, Dictionary<string, string>? fields = null)
    {
        var card = $"/Stock/ManufacturingOrders/{id}";
        await client.PostFormAsync(card, $"{card}/{action}", fields ?? []);
        return await FlashOnAsync(client, card);
    }

    [GeneratedRegex(@"MO\d{4}-\d{4}")]
    private static partial Regex NumberPattern();
}
