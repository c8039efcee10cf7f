using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Stock.Queries;

public sealed record InventoryRow
{
    public long Id { get; init; }

    public string Label { get; init; } = "";

    public string Warehouse { get; init; } = "";

    public DateOnly Date { get; init; }

    public string Status { get; init; } = "";

    public int Lines { get; init; }
}

public sealed record InventoryListViewModel(IListPage List);

/// <summary>One line of the count: the stock now (draft) or when validated, the count and the difference.</summary>
public sealed record InventoryLineRow(long LineId, long ProductId, string Product, string ProductLabel, decimal Stock, decimal? Counted, decimal AverageCost)
{
    public decimal? Difference => Counted is { } c ? c - Stock : null;

    public decimal? DifferenceValue => Difference is { } d ? Math.Round(d * AverageCost, 2, MidpointRounding.AwayFromZero) : null;
}

public sealed record InventoryCardViewModel(Inventory Inventory, string Warehouse, IReadOnlyList<InventoryLineRow> Lines, int MovementCount);

public sealed class InventoryQueries(AppDbContext db)
{
    public static readonly ListDefinition<InventoryRow> List = new ListDefinition<InventoryRow>("inventories", i => i.Id)
        .Column("label", "Label", i => i.Label, c => c.Link = i => $"/Stock/Inventories/{i.Id}")
        .Column("warehouse", "Warehouse", i => i.Warehouse)
        .Column("date", "Date", i => i.Date)
        .Column("status", "Status", i => i.Status, c => c.Badge = i => i.Status == "Validated" ? "success" : "secondary")
        .Column("lines", "Products", i => i.Lines, c => c.Sortable = false)
        .SortedBy("date", descending: true);

    public IQueryable<InventoryRow> Rows() =>
        from i in db.Set<Inventory>().AsNoTracking()
        join w in db.Set<Warehouse>() on i.WarehouseId equals w.Id
        select new InventoryRow
        {
            Id = i.Id, Label = i.Label, Warehouse = w.Reference, Date = i.Date, Status = i.Status == InventoryStatus.Validated ? "Validated" : "Draft",
            Lines = i.Lines.Count,
        };

    public async Task<InventoryCardViewModel?> CardAsync(long id, CancellationToken cancellationToken = default)
    {
        var inventory = await db.Set<Inventory>().AsNoTracking().Include(i => i.Lines).SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (inventory is null)
        {
            return null;
        }

        var warehouse = await db.Set<Warehouse>().Where(w => w.Id == inventory.WarehouseId).Select(w => w.Reference + " - " + w.Label).SingleAsync(cancellationToken);
        var lines = await (
            from l in db.Set<InventoryLine>().AsNoTracking()
            where l.InventoryId == id
            join p in CatalogueQueries.Headers(db) on l.ProductId equals p.Id
            join s in db.Set<StockLevel>().Where(s => s.WarehouseId == inventory.WarehouseId) on l.ProductId equals s.ProductId into levels
            from s in levels.DefaultIfEmpty()
            join v in db.Set<ProductValuation>() on l.ProductId equals v.ProductId into valuations
            from v in valuations.DefaultIfEmpty()
            orderby p.Reference
            select new InventoryLineRow(l.Id, l.ProductId, p.Reference, p.Label,
                inventory.Status == InventoryStatus.Validated ? l.Expected ?? 0 : s == null ? 0 : s.Quantity, l.Counted, v == null ? 0 : v.AverageCost))
            .ToListAsync(cancellationToken);
        var movements = await db.Set<StockMovement>().CountAsync(m => m.OriginType == StockRecordTypes.Inventory && m.OriginId == id, cancellationToken);
        return new InventoryCardViewModel(inventory, warehouse, lines, movements);
    }
}

/// <summary>How the record tabs show an inventory.</summary>
internal sealed class InventoryDescriber(AppDbContext db) : IRecordDescriber
{
    public string RecordType => StockRecordTypes.Inventory;

    public string TypeLabel => "Inventory";

    public async Task<IReadOnlyList<RecordSummary>> DescribeAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
        (await db.Set<Inventory>().AsNoTracking().Where(i => ids.Contains(i.Id)).Select(i => new { i.Id, i.Label, i.Date, i.Status }).ToListAsync(cancellationToken))
            .Select(i => new RecordSummary(RecordType, i.Id, i.Label, i.Date, null, i.Status.ToString(), "/Stock/Inventories/" + i.Id))
            .ToList();
}
