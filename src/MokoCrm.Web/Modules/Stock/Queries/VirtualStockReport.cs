using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.Web.Modules.Stock.Queries;

/// <summary>One product of the virtual stock report: physical stock, what each source plans, and the sum.</summary>
public sealed record VirtualStockRow(long ProductId, string Product, string Label, decimal Physical, IReadOnlyList<decimal> Planned)
{
    public decimal Virtual => Physical + Planned.Sum();
}

public sealed record VirtualStockReportViewModel(IReadOnlyList<string> Sources, IReadOnlyList<VirtualStockRow> Rows, string? Query, int Page, bool HasNext);

/// <summary>
/// /Stock/Levels/virtual (DOMAIN.md §5, display only): the products some open document plans to move, with physical
/// stock, each planned source and virtual stock. One query per source for the products concerned, one page of
/// catalogue headers in SQL, then <see cref="IVirtualStockReader"/> for that page only.
/// </summary>
public sealed class VirtualStockReport(AppDbContext db, IEnumerable<IPlannedStockSource> sources, IVirtualStockReader reader)
{
    public const int PageSize = 50;

    public async Task<VirtualStockReportViewModel> PageAsync(string? query, int page, CancellationToken cancellationToken = default)
    {
        page = Math.Max(page, 1);
        var planned = new HashSet<long>();
        var labels = new List<string>();
        foreach (var source in sources)
        {
            labels.Add(source.Label);
            planned.UnionWith((await source.PlannedAsync(null, cancellationToken)).Where(p => p.Quantity != 0).Select(p => p.ProductId));
        }

        var ids = planned.ToArray();
        var headers = CatalogueQueries.Headers(db).Where(p => ids.Contains(p.Id));
        if (!string.IsNullOrWhiteSpace(query))
        {
            var term = query.Trim();
            headers = headers.Where(p => p.Reference.StartsWith(term) || EF.Functions.ILike(p.Label, $"%{term}%"));
        }

        var found = await headers.OrderBy(p => p.Reference).Skip((page - 1) * PageSize).Take(PageSize + 1)
            .Select(p => new { p.Id, p.Reference, p.Label }).ToListAsync(cancellationToken);
        var shown = found.Take(PageSize).ToList();
        var stock = await reader.OfProductsAsync(shown.Select(p => p.Id).ToList(), cancellationToken);
        var rows = shown.Select(p =>
        {
            var s = stock[p.Id];
            return new VirtualStockRow(p.Id, p.Reference, p.Label, s.Physical, labels.Select(l => s.Planned.Where(x => x.Source == l).Sum(x => x.Quantity)).ToList());
        }).ToList();
        return new VirtualStockReportViewModel(labels, rows, query, page, found.Count > PageSize);
    }
}
