using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Products.Domain;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Products.Public;

/// <summary>
/// The product card's own tabs, in Dolibarr's order: Prices (this module's, /Products/Products/{id}/prices), then
/// Stock and Movements (Stock's). The card and Stock's tab pages both build the tab bar from here, so it is the
/// same wherever the user is; the platform adds Linked objects, Documents, Notes and History after them.
/// </summary>
public sealed class ProductCardTabs(AppDbContext db, CurrentUserPermissions permissions, ProductStockTabs stock)
{
    public const string Prices = "prices";

    public static string PricesUrl(long productId) => $"/Products/Products/{productId}/prices";

    /// <summary>Prices for a user who may read the catalogue, counting the supplier prices as Dolibarr's Buying prices tab does.</summary>
    public async Task<IReadOnlyList<RecordTab>> ForProductAsync(long productId, bool stockManaged, CancellationToken cancellationToken = default)
    {
        var tabs = new List<RecordTab>();
        if (await permissions.HasAsync(ProductsPermissions.Products.Read))
        {
            var supplierPrices = await db.Set<SupplierPrice>().CountAsync(p => p.ProductId == productId, cancellationToken);
            tabs.Add(new RecordTab(Prices, "Prices", PricesUrl(productId), supplierPrices));
        }

        tabs.AddRange(await stock.ForProductAsync(productId, stockManaged, cancellationToken));
        return tabs;
    }
}
