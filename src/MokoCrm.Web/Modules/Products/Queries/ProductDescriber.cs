using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Products.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.Web.Modules.Products.Queries;

/// <summary>How the record tabs and "Link to…" show a product.</summary>
internal sealed class ProductDescriber(AppDbContext db) : IRecordDescriber
{
    public string RecordType => ProductQueries.RecordType;

    public string TypeLabel => "Product";

    public bool Searchable => true;

    public async Task<IReadOnlyList<RecordSummary>> DescribeAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
        await Summaries(db.Set<Product>().AsNoTracking().Where(p => ids.Contains(p.Id))).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<RecordSummary>> SearchAsync(string query, int limit, CancellationToken cancellationToken = default)
    {
        return await Summaries(db.Set<Product>().AsNoTracking().Where(ProductQueries.Matching(query)).OrderBy(p => p.Reference).Take(limit))
            .ToListAsync(cancellationToken);
    }

    private static IQueryable<RecordSummary> Summaries(IQueryable<Product> products) =>
        products.Select(p => new RecordSummary(ProductQueries.RecordType, p.Id, p.Reference + " - " + p.Label, null, p.SalePrice,
            p.Archived ? "Archived" : null, "/Products/Products/" + p.Id));
}
