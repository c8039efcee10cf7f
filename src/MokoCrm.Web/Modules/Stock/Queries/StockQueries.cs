using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security.Domain;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Stock.Queries;

public sealed record MovementRow
{
    public long Id { get; init; }

    public DateOnly Date { get; init; }

    public long ProductId { get; init; }

    public string Product { get; init; } = "";

    public string ProductLabel { get; init; } = "";

    public long WarehouseId { get; init; }

    public string Warehouse { get; init; } = "";

    public string Kind { get; init; } = "";

    public decimal Quantity { get; init; }

    public decimal UnitPrice { get; init; }

    public string Label { get; init; } = "";

    public string Origin { get; init; } = "";

    public string TransferCode { get; init; } = "";

    public string User { get; init; } = "";
}

/// <summary>The movements list's filters, bound from its GET form.</summary>
public sealed class MovementFilter
{
    public long? Product { get; set; }

    public long? Warehouse { get; set; }

    public StockMovementKind? Kind { get; set; }

    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }
}

public sealed record MovementListViewModel(IListPage List, MovementFilter Filter, string? ProductText, string? WarehouseText);

/// <summary>One product's stock in the report: in one warehouse when the report is filtered, else in all of them.</summary>
public sealed record LevelRow
{
    public long ProductId { get; init; }

    public string Product { get; init; } = "";

    public string ProductLabel { get; init; } = "";

    public decimal Quantity { get; init; }

    public decimal AverageCost { get; init; }

    public decimal Value { get; init; }
}

public sealed record WarehouseTotalRow(long WarehouseId, string Reference, string Label, int Products, decimal Quantity, decimal Value);

public sealed record LevelReportViewModel(IListPage List, IReadOnlyList<WarehouseTotalRow> Warehouses, long? Warehouse, decimal TotalValue);

public sealed record AlertRow
{
    public long ProductId { get; init; }

    public string Product { get; init; } = "";

    public string ProductLabel { get; init; } = "";

    public decimal AlertLevel { get; init; }

    public decimal Quantity { get; init; }

    public decimal Missing { get; init; }
}

public sealed record ProductStockViewModel(ProductHeader Product, ProductStock Stock);

/// <summary>Read side of the stock screens: movements, levels and values, alerts.</summary>
public sealed class StockQueries(AppDbContext db)
{
    public static readonly ListDefinition<MovementRow> Movements = new ListDefinition<MovementRow>("stock-movements", m => m.Id)
        .ExportedWith(StockPermissions.Stock.Export)
        .Column("date", "Date", m => m.Date)
        .Column("product", "Product", m => m.Product, c => c.Link = m => $"/Products/Products/{m.ProductId}")
        .Column("label_product", "Product label", m => m.ProductLabel, c => c.Sortable = false)
        .Column("warehouse", "Warehouse", m => m.Warehouse, c => c.Link = m => $"/Stock/Warehouses/{m.WarehouseId}")
        .Column("kind", "Kind", m => m.Kind, c => c.Badge = m => m.Kind.StartsWith("Transfer", StringComparison.Ordinal) ? "info" : m.Quantity > 0 ? "success" : "warning")
        .Column("qty", "Quantity", m => m.Quantity, c => c.Format = "0.#####")
        .Column("price", "Unit price", m => m.UnitPrice, c => c.Format = "0.00###")
        .Column("label", "Label", m => m.Label, c => c.Sortable = false)
        .Column("origin", "Origin", m => m.Origin, c => c.Sortable = false)
        .Column("transfer", "Transfer", m => m.TransferCode, c => c.Sortable = false)
        .Column("user", "User", m => m.User, c => c.Sortable = false)
        .SortedBy("date", descending: true)
        .Searching((rows, q) => rows.Where(m => EF.Functions.ILike(m.Label, $"%{q.Trim()}%") || m.Product.StartsWith(q.Trim()) || m.TransferCode == q.Trim()));

    public static readonly ListDefinition<LevelRow> Levels = new ListDefinition<LevelRow>("stock-levels", l => l.ProductId)
        .ExportedWith(StockPermissions.Stock.Export)
        .Column("product", "Product", l => l.Product, c => c.Link = l => $"/Stock/Products/{l.ProductId}")
        .Column("label", "Label", l => l.ProductLabel)
        .Column("qty", "Quantity", l => l.Quantity, c => c.Format = "0.#####")
        .Column("cost", "Average cost", l => l.AverageCost, c => c.Format = "0.00###")
        .Column("value", "Value", l => l.Value, c => c.Format = "N2")
        .SortedBy("product")
        .Searching((rows, q) => rows.Where(l => l.Product.StartsWith(q.Trim()) || EF.Functions.ILike(l.ProductLabel, $"%{q.Trim()}%")));

    public static readonly ListDefinition<AlertRow> Alerts = new ListDefinition<AlertRow>("stock-alerts", a => a.ProductId)
        .ExportedWith(StockPermissions.Stock.Export)
        .Column("product", "Product", a => a.Product, c => c.Link = a => $"/Stock/Products/{a.ProductId}")
        .Column("label", "Label", a => a.ProductLabel)
        .Column("alert", "Alert level", a => a.AlertLevel, c => c.Format = "0.#####")
        .Column("qty", "Physical stock", a => a.Quantity, c => c.Format = "0.#####")
        .Column("missing", "Missing", a => a.Missing, c => { c.Format = "0.#####"; c.Badge = _ => "danger"; })
        .SortedBy("product");

    public static string KindLabel(StockMovementKind kind) => kind switch
    {
        StockMovementKind.TransferIn => "Transfer in",
        StockMovementKind.TransferOut => "Transfer out",
        StockMovementKind.ManufacturingIn => "Produced",
        StockMovementKind.ManufacturingOut => "Consumed",
        _ => kind.ToString(),
    };

    public IQueryable<MovementRow> MovementRows(MovementFilter filter)
    {
        var movements = db.Set<StockMovement>().AsNoTracking();
        if (filter.Product is { } product)
        {
            movements = movements.Where(m => m.ProductId == product);
        }

        if (filter.Warehouse is { } warehouse)
        {
            movements = movements.Where(m => m.WarehouseId == warehouse);
        }

        if (filter.Kind is { } kind)
        {
            movements = movements.Where(m => m.Kind == kind);
        }

        if (filter.From is { } from)
        {
            movements = movements.Where(m => m.Date >= from);
        }

        if (filter.To is { } to)
        {
            movements = movements.Where(m => m.Date <= to);
        }

        return from m in movements
            join p in CatalogueQueries.Headers(db) on m.ProductId equals p.Id
            join w in db.Set<Warehouse>() on m.WarehouseId equals w.Id
            select new MovementRow
            {
                Id = m.Id, Date = m.Date, ProductId = m.ProductId, Product = p.Reference, ProductLabel = p.Label, WarehouseId = m.WarehouseId,
                Warehouse = w.Reference,
                Kind = m.Kind == StockMovementKind.TransferIn ? "Transfer in" : m.Kind == StockMovementKind.TransferOut ? "Transfer out"
                    : m.Kind == StockMovementKind.In ? "In" : m.Kind == StockMovementKind.Out ? "Out"
                    : m.Kind == StockMovementKind.ManufacturingIn ? "Produced" : m.Kind == StockMovementKind.ManufacturingOut ? "Consumed" : "Correction",
                Quantity = m.Quantity, UnitPrice = m.UnitPrice, Label = m.Label,
                Origin = m.OriginType == StockRecordTypes.Inventory ? "Inventory #" + m.OriginId
                    : m.OriginType == StockRecordTypes.ManufacturingOrder
                        ? db.Set<ManufacturingOrder>().Where(o => o.Id == m.OriginId).Select(o => o.Number).FirstOrDefault() ?? "Manufacturing order #" + m.OriginId
                    : m.OriginType == null ? "" : m.OriginType + " #" + m.OriginId,
                TransferCode = m.TransferCode ?? "",
                User = db.Set<AppUser>().Where(u => u.Id == m.UserId).Select(u => u.UserName).FirstOrDefault() ?? "",
            };
    }

    /// <summary>Per product: over all warehouses from the valuations, or in one warehouse from its levels.</summary>
    public IQueryable<LevelRow> LevelRows(long? warehouse)
    {
        var products = CatalogueQueries.Headers(db);
        if (warehouse is { } w)
        {
            return from l in db.Set<StockLevel>().AsNoTracking()
                where l.WarehouseId == w && l.Quantity != 0
                join p in products on l.ProductId equals p.Id
                join v in db.Set<ProductValuation>() on l.ProductId equals v.ProductId
                select new LevelRow
                {
                    ProductId = l.ProductId, Product = p.Reference, ProductLabel = p.Label, Quantity = l.Quantity, AverageCost = v.AverageCost,
                    Value = Math.Round(l.Quantity * v.AverageCost, 2),
                };
        }

        return from v in db.Set<ProductValuation>().AsNoTracking()
            where v.TotalQuantity != 0
            join p in products on v.ProductId equals p.Id
            select new LevelRow
            {
                ProductId = v.ProductId, Product = p.Reference, ProductLabel = p.Label, Quantity = v.TotalQuantity, AverageCost = v.AverageCost,
                Value = Math.Round(v.TotalQuantity * v.AverageCost, 2),
            };
    }

    /// <summary>
    /// Stock by warehouse: one statement, the GROUP BY over the levels joined to the product valuations (tens of rows),
    /// joined to the warehouses and rounded in SQL (PostgreSQL rounds numeric half away from zero), so the screen pays one round trip like the plain query would.
    /// </summary>
    public async Task<IReadOnlyList<WarehouseTotalRow>> WarehouseTotalsAsync(CancellationToken cancellationToken = default)
    {
        var totals =
            from l in db.Set<StockLevel>()
            where l.Quantity != 0
            join v in db.Set<ProductValuation>() on l.ProductId equals v.ProductId
            group new { l.Quantity, Value = l.Quantity * v.AverageCost } by l.WarehouseId into g
            select new { WarehouseId = g.Key, Products = g.Count(), Quantity = g.Sum(x => x.Quantity), Value = g.Sum(x => x.Value) };
        return await (
                from w in db.Set<Warehouse>()
                join t in totals on w.Id equals t.WarehouseId
                orderby w.Reference
                select new WarehouseTotalRow(w.Id, w.Reference, w.Label, t.Products, t.Quantity, Math.Round(t.Value, 2)))
            .AsNoTracking().Take(500).ToListAsync(cancellationToken);
    }

    /// <summary>The value of all the stock: Σ quantity × average cost over the products' valuations.</summary>
    public async Task<decimal> TotalValueAsync(CancellationToken cancellationToken = default) =>
        Math.Round(await db.Set<ProductValuation>().AsNoTracking().SumAsync(v => v.TotalQuantity * v.AverageCost, cancellationToken), 2, MidpointRounding.AwayFromZero);

    /// <summary>Stock-managed products whose physical stock (all warehouses) is below their alert level.</summary>
    public IQueryable<AlertRow> AlertRows() =>
        from p in CatalogueQueries.WithStockAlert(db)
        where !p.Archived
        join v in db.Set<ProductValuation>() on p.Id equals v.ProductId into valuations
        from v in valuations.DefaultIfEmpty()
        let quantity = v == null ? 0m : v.TotalQuantity
        where quantity < p.StockAlertLevel!.Value
        select new AlertRow
        {
            ProductId = p.Id, Product = p.Reference, ProductLabel = p.Label, AlertLevel = p.StockAlertLevel!.Value, Quantity = quantity,
            Missing = p.StockAlertLevel!.Value - quantity,
        };

    public async Task<ProductHeader?> ProductAsync(long productId, CancellationToken cancellationToken = default) =>
        await CatalogueQueries.Headers(db).AsNoTracking().SingleOrDefaultAsync(p => p.Id == productId, cancellationToken);

    public async Task<string?> WarehouseTextAsync(long? id, CancellationToken cancellationToken = default) =>
        id is { } w ? await db.Set<Warehouse>().AsNoTracking().Where(x => x.Id == w).Select(x => x.Reference + " - " + x.Label).FirstOrDefaultAsync(cancellationToken) : null;

    public async Task<string?> ProductTextAsync(long? id, CancellationToken cancellationToken = default) =>
        id is { } p ? await CatalogueQueries.Headers(db).Where(x => x.Id == p).Select(x => x.Reference + " - " + x.Label).FirstOrDefaultAsync(cancellationToken) : null;

    /// <summary>The warehouse card's stock: its products, largest quantities first, bounded.</summary>
    public async Task<IReadOnlyList<LevelRow>> WarehouseStockAsync(long warehouseId, int limit, CancellationToken cancellationToken = default) =>
        await LevelRows(warehouseId).OrderByDescending(l => l.Quantity).ThenBy(l => l.ProductId).Take(limit).ToListAsync(cancellationToken);
}
