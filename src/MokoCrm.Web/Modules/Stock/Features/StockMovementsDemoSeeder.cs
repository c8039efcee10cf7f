using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.Web.Modules.Stock.Features;

/// <summary>
/// The demo workshop's stock: opening receptions into the main depot, a transfer to the shop and a breakage, all
/// through the ledger so levels and average costs are what the screens would have made.
/// </summary>
internal sealed class StockMovementsDemoSeeder : IDemoDataSeeder
{
    public int Order => 220;

    public async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<AppDbContext>();
        if (await db.Set<StockMovement>().AnyAsync(cancellationToken))
        {
            return;
        }

        var warehouses = await db.Set<Warehouse>().Where(w => w.Reference == "WH-MAIN" || w.Reference == "WH-SHOP").ToDictionaryAsync(w => w.Reference, w => w.Id, cancellationToken);
        var references = new[] { "CHAIR-OAK", "CHAIR-BEECH", "TABLE-OAK-180", "BENCH-OAK", "OIL-LINSEED-1L", "WAX-BEE-500", "PLANK-OAK-2M" };
        var products = await CatalogueQueries.Headers(db).Where(p => references.Contains(p.Reference) && p.StockManaged).ToDictionaryAsync(p => p.Reference, p => p.Id, cancellationToken);
        if (warehouses.Count < 2 || products.Count < references.Length)
        {
            return;
        }

        var main = warehouses["WH-MAIN"];
        var shop = warehouses["WH-SHOP"];
        var today = DateOnly.FromDateTime(DateTime.Today);
        StockMove Receive(string product, decimal quantity, decimal cost, int daysAgo) =>
            new(products[product], main, quantity, StockMovementKind.In, "Opening stock") { UnitPrice = cost, Date = today.AddDays(-daysAgo) };

        var ledger = services.GetRequiredService<StockLedger>();
        await ledger.MoveAsync(
        [
            Receive("CHAIR-OAK", 24, 41m, 30), Receive("CHAIR-OAK", 12, 44.5m, 12),
            Receive("CHAIR-BEECH", 30, 31.2m, 30),
            Receive("TABLE-OAK-180", 6, 310m, 30),
            Receive("BENCH-OAK", 8, 118m, 25),
            Receive("OIL-LINSEED-1L", 40, 5.4m, 20),
            Receive("WAX-BEE-500", 25, 4.1m, 20),
            Receive("PLANK-OAK-2M", 120, 14.75m, 15),
        ], cancellationToken);
        await ledger.MoveAsync([.. StockLedger.Transfer(products["CHAIR-OAK"], main, shop, 6, "Shop display", today.AddDays(-10))], cancellationToken);
        await ledger.MoveAsync([.. StockLedger.Transfer(products["OIL-LINSEED-1L"], main, shop, 15, "Shop shelf", today.AddDays(-8))], cancellationToken);
        await ledger.MoveAsync(
        [
            new StockMove(products["CHAIR-BEECH"], main, -2, StockMovementKind.Correction, "Damaged in storage") { Date = today.AddDays(-5) },
            new StockMove(products["OIL-LINSEED-1L"], main, -14, StockMovementKind.Correction, "Leaking cans thrown away") { Date = today.AddDays(-3) },
        ], cancellationToken);
    }
}
