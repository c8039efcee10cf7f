using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Stock.Public;

/// <summary>
/// The Stock and Movements tabs of the product card (the card is the Products module's; the tab pages are
/// Stock's, /Stock/Products/{id} and /Stock/Products/{id}/movements), and the average cost its Prices tab shows.
/// Products' ProductCardTabs puts these tabs after its Prices tab, for the card and for Stock's pages alike.
/// </summary>
public sealed class ProductStockTabs(AppDbContext db, CurrentUserPermissions permissions, IStockReader stock)
{
    public const string Stock = "stock";
    public const string Movements = "movements";

    /// <summary>No tabs for a user without the stock right, or for a product that never had stock.</summary>
    public async Task<IReadOnlyList<RecordTab>> ForProductAsync(long productId, bool stockManaged, CancellationToken cancellationToken = default)
    {
        if (!await permissions.HasAsync(StockPermissions.Stock.Read))
        {
            return [];
        }

        var warehouses = await db.Set<StockLevel>().CountAsync(l => l.ProductId == productId && l.Quantity != 0, cancellationToken);
        if (!stockManaged && warehouses == 0)
        {
            return [];
        }

        // Bounded like the lists' counts: a best-seller may have a million movements.
        var movements = await db.Set<StockMovement>().Where(m => m.ProductId == productId).Take(10_000).CountAsync(cancellationToken);
        return
        [
            new RecordTab(Stock, "Stock", $"/Stock/Products/{productId}", warehouses),
            new RecordTab(Movements, "Movements", $"/Stock/Products/{productId}/movements", movements),
        ];
    }

    /// <summary>
    /// The weighted average costs of several products, one query (0 before any priced input); null for a user without
    /// the stock right, as <see cref="AverageCostAsync"/> (the Dolibarr API's products show it as <c>pmp</c>).
    /// </summary>
    public async Task<IReadOnlyDictionary<long, decimal>?> AverageCostsAsync(IReadOnlyCollection<long> productIds, CancellationToken cancellationToken = default) =>
        await permissions.HasAsync(StockPermissions.Stock.Read) ? await stock.AverageCostsAsync(productIds, cancellationToken) : null;

    /// <summary>The weighted average cost (0 before any priced input); null for a user without the stock right, who has no Stock tab either.</summary>
    public async Task<decimal?> AverageCostAsync(long productId, CancellationToken cancellationToken = default) =>
        await permissions.HasAsync(StockPermissions.Stock.Read)
            ? (await stock.AverageCostsAsync([productId], cancellationToken)).GetValueOrDefault(productId)
            : null;
}
