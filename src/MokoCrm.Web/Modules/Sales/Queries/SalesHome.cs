using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Sales.Queries;

/// <summary>One figure of the Sales home page: a count, an amount (null when it has none) and the list behind it.</summary>
public sealed record SalesHomeTile(string Key, string Label, int Count, decimal? Amount, string Url, int Order, bool Warning = false);

/// <summary>
/// A contributor of figures to /Sales (registered scoped, AddScoped&lt;ISalesHomeSource, X&gt;): proposals and
/// orders here; invoices unpaid and late and this month's invoiced amount come from the invoices. Each source applies
/// the user's visibility and rights itself and returns no tile the user may not read.
/// </summary>
public interface ISalesHomeSource
{
    Task<IReadOnlyList<SalesHomeTile>> TilesAsync(CancellationToken cancellationToken = default);
}

/// <summary>Proposals to sign, orders to ship and shipments to validate, within the user's visibility.</summary>
internal sealed class DocumentsHomeSource(SalesQueries sales, ShipmentQueries shipments, CurrentUserPermissions rights) : ISalesHomeSource
{
    public async Task<IReadOnlyList<SalesHomeTile>> TilesAsync(CancellationToken cancellationToken = default)
    {
        var tiles = new List<SalesHomeTile>();
        if (await rights.HasAsync(SalesPermissions.Proposals.Read))
        {
            var toSign = (await sales.VisibleProposalsAsync()).Where(p => p.Status == ProposalStatus.Validated);
            var totals = await toSign.GroupBy(_ => 1).Select(g => new { Count = g.Count(), Amount = g.Sum(p => p.TotalExclTax) }).SingleOrDefaultAsync(cancellationToken);
            tiles.Add(new SalesHomeTile("proposals-to-sign", "Proposals to sign", totals?.Count ?? 0, totals?.Amount ?? 0m, "/Sales/Proposals?status=Validated", 10));
        }

        if (await rights.HasAsync(SalesPermissions.Orders.Read))
        {
            var toShip = (await sales.VisibleOrdersAsync()).Where(o => o.Status == SalesOrderStatus.Validated || o.Status == SalesOrderStatus.InProgress);
            var totals = await toShip.GroupBy(_ => 1).Select(g => new { Count = g.Count(), Amount = g.Sum(o => o.TotalExclTax) }).SingleOrDefaultAsync(cancellationToken);
            tiles.Add(new SalesHomeTile("orders-to-ship", "Orders to ship", totals?.Count ?? 0, totals?.Amount ?? 0m, "/Sales/Orders?status=Validated", 20));
        }

        if (await rights.HasAsync(SalesPermissions.Shipments.Read))
        {
            var drafts = await (await shipments.VisibleShipmentsAsync()).CountAsync(s => s.Status == ShipmentStatus.Draft, cancellationToken);
            tiles.Add(new SalesHomeTile("shipments-to-validate", "Shipments to validate", drafts, null, "/Sales/Shipments?status=Draft", 30));
        }

        return tiles;
    }
}
