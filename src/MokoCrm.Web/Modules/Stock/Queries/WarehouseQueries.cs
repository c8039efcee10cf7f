using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Stock.Queries;

public sealed record WarehouseRow
{
    public long Id { get; init; }

    public string Reference { get; init; } = "";

    public string Label { get; init; } = "";

    public string Town { get; init; } = "";

    public string Parent { get; init; } = "";

    public string Status { get; init; } = "";

    public bool IsDefault { get; init; }
}

public sealed record WarehouseListViewModel(IListPage List, string? Status);

public sealed record WarehouseCardViewModel(Warehouse Warehouse, string? ParentReference);

public sealed record WarehouseChoice(long Id, string Text);

/// <summary>Read side of the warehouse screens.</summary>
public sealed class WarehouseQueries(AppDbContext db)
{
    public const string RecordType = "stock.warehouse";

    public static readonly ListDefinition<WarehouseRow> List = new ListDefinition<WarehouseRow>("warehouses", w => w.Id)
        .Column("ref", "Reference", w => w.Reference, c => c.Link = w => $"/Stock/Warehouses/{w.Id}")
        .Column("label", "Label", w => w.Label)
        .Column("town", "Town", w => w.Town)
        .Column("parent", "Inside", w => w.Parent)
        .Column("status", "Status", w => w.Status, c => c.Badge = w => w.Status switch { "Open" => "success", "Closed" => "secondary", _ => "info" })
        .Column("default", "Default", w => w.IsDefault, c => c.Sortable = false)
        .SortedBy("ref")
        .Searching((rows, q) => rows.Where(w => EF.Functions.ILike(w.Reference, $"%{q}%") || EF.Functions.ILike(w.Label, $"%{q}%") || EF.Functions.ILike(w.Town, $"%{q}%")));

    public static string StatusLabel(WarehouseStatus status) => status switch
    {
        WarehouseStatus.InternalOnly => "Internal only",
        _ => status.ToString(),
    };

    public IQueryable<WarehouseRow> Warehouses(WarehouseStatus? status)
    {
        var warehouses = db.Set<Warehouse>().AsNoTracking();
        if (status is { } s)
        {
            warehouses = warehouses.Where(w => w.Status == s);
        }

        return warehouses.Select(w => new WarehouseRow
        {
            Id = w.Id, Reference = w.Reference, Label = w.Label, Town = w.Town ?? "",
            Parent = db.Set<Warehouse>().Where(p => p.Id == w.ParentId).Select(p => p.Reference).FirstOrDefault() ?? "",
            Status = w.Status == WarehouseStatus.InternalOnly ? "Internal only" : w.Status == WarehouseStatus.Closed ? "Closed" : "Open",
            IsDefault = w.IsDefault,
        });
    }

    public async Task<WarehouseCardViewModel?> CardAsync(long id, CancellationToken cancellationToken = default)
    {
        var warehouse = await db.Set<Warehouse>().AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (warehouse is null)
        {
            return null;
        }

        var parent = warehouse.ParentId is { } parentId
            ? await db.Set<Warehouse>().Where(w => w.Id == parentId).Select(w => w.Reference).SingleOrDefaultAsync(cancellationToken)
            : null;
        return new WarehouseCardViewModel(warehouse, parent);
    }

    /// <summary>Parents a warehouse may be put under (bounded: a company has tens of warehouses, not thousands).</summary>
    public async Task<IReadOnlyList<WarehouseChoice>> ParentChoicesAsync(long? except, CancellationToken cancellationToken = default) =>
        await db.Set<Warehouse>().AsNoTracking().Where(w => w.Id != except).OrderBy(w => w.Reference).Take(500)
            .Select(w => new WarehouseChoice(w.Id, w.Reference + " - " + w.Label)).ToListAsync(cancellationToken);

    /// <summary>Picker search: open or internal warehouses by reference or label, bounded.</summary>
    public async Task<IReadOnlyList<WarehouseChoice>> LookupAsync(string? q, CancellationToken cancellationToken = default)
    {
        var warehouses = db.Set<Warehouse>().AsNoTracking().Where(w => w.Status != WarehouseStatus.Closed);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
            warehouses = warehouses.Where(w => EF.Functions.ILike(w.Reference, text + "%") || EF.Functions.ILike(w.Label, "%" + text + "%"));
        }

        return await warehouses.OrderBy(w => w.Reference).Take(20).Select(w => new WarehouseChoice(w.Id, w.Reference + " - " + w.Label)).ToListAsync(cancellationToken);
    }
}

/// <summary>How the record tabs show a warehouse.</summary>
internal sealed class WarehouseDescriber(AppDbContext db) : IRecordDescriber
{
    public string RecordType => WarehouseQueries.RecordType;

    public string TypeLabel => "Warehouse";

    public async Task<IReadOnlyList<RecordSummary>> DescribeAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
        (await db.Set<Warehouse>().AsNoTracking().Where(w => ids.Contains(w.Id)).Select(w => new { w.Id, w.Reference, w.Label, w.Status }).ToListAsync(cancellationToken))
            .Select(w => new RecordSummary(RecordType, w.Id, w.Reference + " - " + w.Label, null, null, WarehouseQueries.StatusLabel(w.Status), "/Stock/Warehouses/" + w.Id))
            .ToList();
}

internal sealed class WarehouseLookup(AppDbContext db) : IWarehouseLookup
{
    public async Task<IReadOnlyList<WarehouseSummary>> FindManyAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
        await Summaries(db.Set<Warehouse>().AsNoTracking().Where(w => ids.Contains(w.Id))).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<WarehouseSummary>> OpenAsync(CancellationToken cancellationToken = default) =>
        await Summaries(db.Set<Warehouse>().AsNoTracking().Where(w => w.Status == WarehouseStatus.Open).OrderByDescending(w => w.IsDefault).ThenBy(w => w.Reference).Take(200))
            .ToListAsync(cancellationToken);

    private static IQueryable<WarehouseSummary> Summaries(IQueryable<Warehouse> rows) =>
        rows.Select(w => new WarehouseSummary(w.Id, w.Reference, w.Label,
            w.Status == WarehouseStatus.Open ? "Open" : w.Status == WarehouseStatus.Closed ? "Closed" : "Internal only", w.Status == WarehouseStatus.Open, w.IsDefault));
}
