using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Products.Domain;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.IntegrationTests.Modules.Stock;

/// <summary>Products and warehouses for the stock tests, and the invariant every scenario ends with.</summary>
internal static partial class StockTestData
{
    public static async Task<long> ProductAsync(MokoAppFactory app, string reference, bool stockManaged = true, ProductType type = ProductType.Product)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var product = new Product(reference, "Item " + reference, type);
        if (stockManaged)
        {
            product.SetStockManaged(true);
        }

        db.Add(product);
        await db.SaveChangesAsync();
        return product.Id;
    }

    public static async Task<long> WarehouseAsync(MokoAppFactory app, string reference, WarehouseStatus status = WarehouseStatus.Open)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var warehouse = new Warehouse(reference, "Depot " + reference);
        warehouse.ChangeStatus(status);
        db.Add(warehouse);
        await db.SaveChangesAsync();
        return warehouse.Id;
    }

    public static async Task<T> WithDbAsync<T>(MokoAppFactory app, Func<AppDbContext, Task<T>> read)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public static Task<decimal> LevelAsync(MokoAppFactory app, long productId, long warehouseId) =>
        WithDbAsync(app, db => db.Set<StockLevel>().Where(l => l.ProductId == productId && l.WarehouseId == warehouseId).Select(l => l.Quantity).FirstOrDefaultAsync());

    public static Task<decimal> AverageCostAsync(MokoAppFactory app, long productId) =>
        WithDbAsync(app, db => db.Set<ProductValuation>().Where(v => v.ProductId == productId).Select(v => v.AverageCost).FirstOrDefaultAsync());

    public static Task<int> MovementCountAsync(MokoAppFactory app, long productId) =>
        WithDbAsync(app, db => db.Set<StockMovement>().CountAsync(m => m.ProductId == productId));

    /// <summary>
    /// The invariant of issue 4: every level equals the sum of its movements, and every product's valuation
    /// quantity equals the sum of its levels. Returns the rows that break it (none expected).
    /// </summary>
    public static Task<List<string>> InvariantBreachesAsync(MokoAppFactory app) => WithDbAsync(app, db => db.Database.SqlQueryRaw<string>("""
        SELECT format('level %s/%s: %s, movements: %s', coalesce(m.product_id, l.product_id), coalesce(m.warehouse_id, l.warehouse_id), l.quantity, m.total) AS "Value"
        FROM (SELECT product_id, warehouse_id, sum(quantity) AS total FROM stock.stock_movements GROUP BY product_id, warehouse_id) AS m
        FULL JOIN stock.stock_levels AS l ON l.product_id = m.product_id AND l.warehouse_id = m.warehouse_id
        WHERE coalesce(m.total, 0) <> coalesce(l.quantity, 0)
        UNION ALL
        SELECT format('valuation %s: %s, levels: %s', coalesce(v.product_id, s.product_id), v.total_quantity, s.total)
        FROM (SELECT product_id, sum(quantity) AS total FROM stock.stock_levels GROUP BY product_id) AS s
        FULL JOIN stock.product_valuations AS v ON v.product_id = s.product_id
        WHERE coalesce(s.total, 0) <> coalesce(v.total_quantity, 0)
        """).ToListAsync());

    /// <summary>Opens a card and returns the flash message it shows (what the last action said), or "(no message)".</summary>
    public static async Task<string> FlashOnAsync(SignedInClient client, string card)
    {
        var match = FlashPattern().Match(await client.Http.GetStringAsync(card));
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value.Trim()) : "(no message)";
    }

    /// <summary>The table row of one product on a card (rows carry data-product="REF").</summary>
    public static string Row(string html, string product)
    {
        var start = html.IndexOf($"data-product=\"{product}\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0);
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex("""<div class="alert alert-(?:success|danger|warning)[^"]*"[^>]*>\s*(.*?)\s*(?:<button|</div>)""", RegexOptions.Singleline)]
    private static partial Regex FlashPattern();
}
