using MokoCrm.Web.Modules.Stock.Public;

namespace MokoCrm.Web.Modules.Stock.Queries;

/// <summary>Stock/Public's <see cref="IVirtualStockReader"/>: one query for physical stock, one per planned source.</summary>
internal sealed class VirtualStockReader(IStockReader stock, IEnumerable<IPlannedStockSource> sources) : IVirtualStockReader
{
    public async Task<IReadOnlyDictionary<long, VirtualStock>> OfProductsAsync(IReadOnlyCollection<long> productIds, CancellationToken cancellationToken = default)
    {
        var physical = await stock.QuantitiesAsync(productIds, cancellationToken);
        var planned = new List<(string Label, IReadOnlyList<PlannedStock> Lines)>();
        foreach (var source in sources)
        {
            planned.Add((source.Label, await source.PlannedAsync(productIds, cancellationToken)));
        }

        return productIds.Distinct().ToDictionary(
            id => id,
            id => new VirtualStock(
                id,
                physical.GetValueOrDefault(id),
                planned.Select(p => (p.Label, p.Lines.Where(l => l.ProductId == id).Sum(l => l.Quantity))).ToList()));
    }
}
