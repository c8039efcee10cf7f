using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Stock.Queries;

public sealed record ManufacturingOrderRow
{
    public long Id { get; init; }

    public string Reference { get; init; } = "";

    public string Label { get; init; } = "";

    public long ProductId { get; init; }

    public string Product { get; init; } = "";

    public DateOnly Date { get; init; }

    public decimal Quantity { get; init; }

    public decimal Produced { get; init; }

    public string Status { get; init; } = "";
}

public sealed record ManufacturingOrderListViewModel(IListPage List);

/// <summary>A component of the order with the stock there is of it in the components' warehouse now.</summary>
public sealed record ManufacturingOrderLineRow(long ProductId, string Product, string ProductLabel, decimal Planned, decimal Consumed, decimal InStock)
{
    public decimal Remaining => Planned - Consumed;
}

/// <summary>A movement the order wrote (component out or product in).</summary>
public sealed record ManufacturingMovementRow(long Id, DateOnly Date, long ProductId, string Product, string Warehouse, string Kind, decimal Quantity, decimal UnitPrice)
{
    public decimal Value => Math.Round(Quantity * UnitPrice, 2, MidpointRounding.AwayFromZero);
}

public sealed record ManufacturingOrderCardViewModel(
    ManufacturingOrder Order, string Product, string Bom, string ConsumeWarehouse, string ProduceWarehouse,
    IReadOnlyList<ManufacturingOrderLineRow> Lines, IReadOnlyList<ManufacturingMovementRow> Movements);

public sealed class ManufacturingOrderQueries(AppDbContext db)
{
    public static readonly ListDefinition<ManufacturingOrderRow> List = new ListDefinition<ManufacturingOrderRow>("manufacturing-orders", o => o.Id)
        .ExportedWith(StockPermissions.Stock.Export)
        .Column("ref", "Reference", o => o.Reference, c => c.Link = o => $"/Stock/ManufacturingOrders/{o.Id}")
        .Column("label", "Label", o => o.Label)
        .Column("product", "Product", o => o.Product, c => c.Link = o => $"/Stock/Products/{o.ProductId}")
        .Column("date", "Date", o => o.Date)
        .Column("qty", "To produce", o => o.Quantity, c => c.Format = "0.#####")
        .Column("produced", "Produced", o => o.Produced, c => c.Format = "0.#####")
        .Column("status", "Status", o => o.Status, c => c.Badge = o => o.Status switch
        {
            "Produced" => "success", "InProgress" => "warning", "Validated" => "primary", "Cancelled" or "Closed" => "dark", _ => "secondary",
        })
        .SortedBy("date", descending: true)
        .Searching((rows, q) => rows.Where(o => o.Reference.StartsWith(q.Trim()) || o.Product.StartsWith(q.Trim()) || EF.Functions.ILike(o.Label, $"%{q.Trim()}%")));

    public IQueryable<ManufacturingOrderRow> Rows() =>
        from o in db.Set<ManufacturingOrder>().AsNoTracking()
        join p in CatalogueQueries.Headers(db) on o.ProductId equals p.Id
        select new ManufacturingOrderRow
        {
            Id = o.Id, Reference = o.Number ?? "(PROV" + o.Id + ")", Label = o.Label, ProductId = o.ProductId, Product = p.Reference, Date = o.Date,
            Quantity = o.Quantity, Produced = o.QuantityProduced,
            Status = o.Status == ManufacturingOrderStatus.Draft ? "Draft"
                : o.Status == ManufacturingOrderStatus.Validated ? "Validated"
                : o.Status == ManufacturingOrderStatus.InProgress ? "InProgress"
                : o.Status == ManufacturingOrderStatus.Produced ? "Produced"
                : o.Status == ManufacturingOrderStatus.Closed ? "Closed" : "Cancelled",
        };

    public async Task<ManufacturingOrderCardViewModel?> CardAsync(long id, CancellationToken cancellationToken = default)
    {
        var order = await db.Set<ManufacturingOrder>().AsNoTracking().Include(o => o.Lines).SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (order is null)
        {
            return null;
        }

        var product = await CatalogueQueries.Headers(db).Where(p => p.Id == order.ProductId).Select(p => p.Reference + " - " + p.Label).SingleAsync(cancellationToken);
        var bom = await db.Set<Bom>().Where(b => b.Id == order.BomId).Select(b => b.Label).SingleAsync(cancellationToken);
        var warehouses = await db.Set<Warehouse>().Where(w => w.Id == order.ConsumeWarehouseId || w.Id == order.ProduceWarehouseId)
            .ToDictionaryAsync(w => w.Id, w => w.Reference + " - " + w.Label, cancellationToken);
        var lines = await (
            from l in db.Set<ManufacturingOrderLine>().AsNoTracking()
            where l.ManufacturingOrderId == id
            join p in CatalogueQueries.Headers(db) on l.ProductId equals p.Id
            join s in db.Set<StockLevel>().Where(s => s.WarehouseId == order.ConsumeWarehouseId) on l.ProductId equals s.ProductId into levels
            from s in levels.DefaultIfEmpty()
            orderby l.Position
            select new ManufacturingOrderLineRow(l.ProductId, p.Reference, p.Label, l.QuantityPlanned, l.QuantityConsumed, s == null ? 0 : s.Quantity))
            .ToListAsync(cancellationToken);
        var movements = await (
            from m in db.Set<StockMovement>().AsNoTracking()
            where m.OriginType == StockRecordTypes.ManufacturingOrder && m.OriginId == id
            join p in CatalogueQueries.Headers(db) on m.ProductId equals p.Id
            join w in db.Set<Warehouse>() on m.WarehouseId equals w.Id
            orderby m.Id
            select new ManufacturingMovementRow(m.Id, m.Date, m.ProductId, p.Reference, w.Reference, m.Kind == StockMovementKind.ManufacturingIn ? "Produced" : "Consumed", m.Quantity, m.UnitPrice))
            .ToListAsync(cancellationToken);
        return new ManufacturingOrderCardViewModel(order, product, bom, warehouses[order.ConsumeWarehouseId], warehouses[order.ProduceWarehouseId], lines, movements);
    }
}

/// <summary>How the record tabs show a manufacturing order (and find one for "Link to…").</summary>
internal sealed class ManufacturingOrderDescriber(AppDbContext db) : IRecordDescriber
{
    public string RecordType => StockRecordTypes.ManufacturingOrder;

    public string TypeLabel => "Manufacturing order";

    public bool Searchable => true;

    public async Task<IReadOnlyList<RecordSummary>> DescribeAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
        Summaries(await db.Set<ManufacturingOrder>().AsNoTracking().Where(o => ids.Contains(o.Id))
            .Select(o => new Found(o.Id, o.Number, o.Label, o.Date, o.Status)).ToListAsync(cancellationToken));

    public async Task<IReadOnlyList<RecordSummary>> SearchAsync(string query, int limit, CancellationToken cancellationToken = default) =>
        Summaries(await db.Set<ManufacturingOrder>().AsNoTracking().Where(o => o.Number != null && o.Number.StartsWith(query.Trim().ToUpper()))
            .OrderByDescending(o => o.Number).Take(limit)
            .Select(o => new Found(o.Id, o.Number, o.Label, o.Date, o.Status)).ToListAsync(cancellationToken));

    private List<RecordSummary> Summaries(IEnumerable<Found> found) =>
        found.Select(o => new RecordSummary(RecordType, o.Id, $"{o.Number ?? $"(PROV{o.Id})"} {o.Label}", o.Date, null, o.Status.ToString(), "/Stock/ManufacturingOrders/" + o.Id)).ToList();

    private sealed record Found(long Id, string? Number, string Label, DateOnly Date, ManufacturingOrderStatus Status);
}
