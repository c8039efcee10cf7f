using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Stock.Queries;

public sealed record BomRow
{
    public long Id { get; init; }

    public string Label { get; init; } = "";

    public long ProductId { get; init; }

    public string Product { get; init; } = "";

    public string ProductLabel { get; init; } = "";

    public decimal Quantity { get; init; }

    public int Components { get; init; }

    public string Status { get; init; } = "";
}

public sealed record BomListViewModel(IListPage List);

/// <summary>A component as the card shows it, with what one unit of the bill costs at today's average costs.</summary>
public sealed record BomComponentRow(long LineId, long ProductId, string Product, string ProductLabel, decimal Quantity, decimal LossPercent, decimal Needed, decimal AverageCost)
{
    public decimal Cost => Math.Round(Needed * AverageCost, 2, MidpointRounding.AwayFromZero);
}

public sealed record BomCardViewModel(Bom Bom, string Product, IReadOnlyList<BomComponentRow> Components)
{
    /// <summary>The components' cost of the bill's quantity produced, at today's average costs (an estimate: orders cost what they consume).</summary>
    public decimal Cost => Components.Sum(c => c.Cost);
}

public sealed class BomQueries(AppDbContext db)
{
    public static readonly ListDefinition<BomRow> List = new ListDefinition<BomRow>("boms", b => b.Id)
        .ExportedWith(StockPermissions.Stock.Export)
        .Column("label", "Label", b => b.Label, c => c.Link = b => $"/Stock/Boms/{b.Id}")
        .Column("product", "Product", b => b.Product, c => c.Link = b => $"/Stock/Products/{b.ProductId}")
        .Column("productLabel", "Product label", b => b.ProductLabel)
        .Column("qty", "Quantity produced", b => b.Quantity, c => c.Format = "0.#####")
        .Column("components", "Components", b => b.Components, c => c.Sortable = false)
        .Column("status", "Status", b => b.Status, c => c.Badge = b => b.Status == "Validated" ? "success" : b.Status == "Disabled" ? "dark" : "secondary")
        .SortedBy("label")
        .Searching((rows, q) => rows.Where(b => EF.Functions.ILike(b.Label, $"%{q.Trim()}%") || b.Product.StartsWith(q.Trim())));

    public IQueryable<BomRow> Rows() =>
        from b in db.Set<Bom>().AsNoTracking()
        join p in CatalogueQueries.Headers(db) on b.ProductId equals p.Id
        select new BomRow
        {
            Id = b.Id, Label = b.Label, ProductId = b.ProductId, Product = p.Reference, ProductLabel = p.Label, Quantity = b.Quantity,
            Components = b.Lines.Count,
            Status = b.Status == BomStatus.Validated ? "Validated" : b.Status == BomStatus.Disabled ? "Disabled" : "Draft",
        };

    public async Task<BomCardViewModel?> CardAsync(long id, CancellationToken cancellationToken = default)
    {
        var bom = await db.Set<Bom>().AsNoTracking().Include(b => b.Lines).SingleOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (bom is null)
        {
            return null;
        }

        var product = await CatalogueQueries.Headers(db).Where(p => p.Id == bom.ProductId).Select(p => p.Reference + " - " + p.Label).SingleAsync(cancellationToken);
        var rows = await (
            from l in db.Set<BomLine>().AsNoTracking()
            where l.BomId == id
            join p in CatalogueQueries.Headers(db) on l.ProductId equals p.Id
            join v in db.Set<ProductValuation>() on l.ProductId equals v.ProductId into valuations
            from v in valuations.DefaultIfEmpty()
            orderby l.Position
            select new { l.Id, l.ProductId, p.Reference, p.Label, l.Quantity, l.LossPercent, Cost = v == null ? 0 : v.AverageCost })
            .ToListAsync(cancellationToken);
        var lines = bom.Lines.ToDictionary(l => l.Id);
        var components = rows
            .Select(r => new BomComponentRow(r.Id, r.ProductId, r.Reference, r.Label, r.Quantity, r.LossPercent, lines[r.Id].NeededFor(bom.Quantity, bom.Quantity), r.Cost))
            .ToList();
        return new BomCardViewModel(bom, product, components);
    }

    /// <summary>Validated bills for the manufacturing order's picker, by label or product reference.</summary>
    public async Task<IReadOnlyList<(long Id, string Text)>> LookupAsync(string? q, CancellationToken cancellationToken = default)
    {
        var rows = Rows().Where(b => b.Status == "Validated");
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            rows = rows.Where(b => EF.Functions.ILike(b.Label, $"%{term}%") || b.Product.StartsWith(term));
        }

        var found = await rows.OrderBy(b => b.Label).Take(20).Select(b => new { b.Id, b.Label, b.Product }).ToListAsync(cancellationToken);
        return found.Select(b => (b.Id, $"{b.Label} ({b.Product})")).ToList();
    }

    public async Task<string?> ProductTextAsync(long? id, CancellationToken cancellationToken = default) =>
        id is null ? null : await CatalogueQueries.Headers(db).Where(p => p.Id == id).Select(p => p.Reference + " - " + p.Label).FirstOrDefaultAsync(cancellationToken);

    public async Task<string?> TextAsync(long? id, CancellationToken cancellationToken = default) =>
        id is null ? null : await Rows().Where(b => b.Id == id).Select(b => b.Label + " (" + b.Product + ")").FirstOrDefaultAsync(cancellationToken);
}

/// <summary>How the record tabs show a bill of materials.</summary>
internal sealed class BomDescriber(AppDbContext db) : IRecordDescriber
{
    public string RecordType => StockRecordTypes.Bom;

    public string TypeLabel => "Bill of materials";

    public async Task<IReadOnlyList<RecordSummary>> DescribeAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
        (await db.Set<Bom>().AsNoTracking().Where(b => ids.Contains(b.Id)).Select(b => new { b.Id, b.Label, b.ValidatedAt, b.Status }).ToListAsync(cancellationToken))
            .Select(b => new RecordSummary(RecordType, b.Id, b.Label, b.ValidatedAt is { } at ? DateOnly.FromDateTime(at) : null, null, b.Status.ToString(), "/Stock/Boms/" + b.Id))
            .ToList();
}
