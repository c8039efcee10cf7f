using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Features;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Notes;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Sales.Queries;

public sealed record ShipmentRow
{
    public long Id { get; init; }

    public string Reference { get; init; } = "";

    public long ThirdPartyId { get; init; }

    public string ThirdParty { get; init; } = "";

    public long OrderId { get; init; }

    public string Order { get; init; } = "";

    public DateOnly Date { get; init; }

    public DateOnly? PlannedDelivery { get; init; }

    public string? TrackingNumber { get; init; }

    public string Status { get; init; } = "";
}

/// <summary>The filters of the shipment list, bound from the query string.</summary>
public sealed class ShipmentListFilter
{
    public string? Status { get; set; }

    public long? ThirdParty { get; set; }

    public long? Order { get; set; }

    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }
}

public sealed record ShipmentListViewModel(ListPage<ShipmentRow> List, ShipmentListFilter Filter, int Count, IReadOnlyList<string> Statuses, string? ThirdPartyName);

public sealed record ShipmentCardLine(ShipmentLine Line, string Warehouse);

public sealed record ShipmentCard(Shipment Shipment, string OrderReference, string? ProposalReference, long? ProposalId, ThirdPartySummary? ThirdParty, string? ShippingContact,
    IReadOnlyList<ShipmentCardLine> Lines, RecordNotes Notes);

/// <summary>One order line on "Create shipment": what is left, and the stock of its product in each open warehouse.</summary>
public sealed record ShipmentFormLine(long OrderLineId, int Position, string? ProductReference, string Description, decimal Ordered, decimal Shipped, decimal Left,
    bool IsService, IReadOnlyDictionary<long, decimal> StockByWarehouse);

public sealed record ShipmentFormViewModel(SalesOrder Order, string? ThirdPartyName, IReadOnlyList<ShipmentFormLine> Lines, IReadOnlyList<ShippingWarehouse> Warehouses, ShipmentForm Form);

/// <summary>Read side of the shipment screens; every query composes the third-party visibility rule of Crm/Public.</summary>
public sealed class ShipmentQueries(AppDbContext db, CurrentCrmVisibility visibility, IThirdPartyLookup thirdParties, IProductLookup products, IShippingStock stock, INoteService notes)
{
    public static readonly string[] Statuses = Enum.GetNames<ShipmentStatus>();

    public static readonly ListDefinition<ShipmentRow> List = new ListDefinition<ShipmentRow>("shipments", r => r.Id)
        .Column("reference", "Ref.", r => r.Reference, c => c.Link = r => "/Sales/Shipments/" + r.Id)
        .Column("thirdparty", "Customer", r => r.ThirdParty, c => c.Link = r => $"/Crm/ThirdParties/{r.ThirdPartyId}")
        .Column("order", "Order", r => r.Order, c => c.Link = r => "/Sales/Orders/" + r.OrderId)
        .Column("date", "Date", r => r.Date)
        .Column("planned", "Planned delivery", r => r.PlannedDelivery)
        .Column("tracking", "Tracking", r => r.TrackingNumber)
        .Column("status", "Status", r => r.Status, c => c.Badge = r => r.Status switch
        {
            "Draft" => "secondary", "Delivered" => "success", "Cancelled" => "danger", _ => "primary",
        })
        .SortedBy("date", descending: true)
        .Searching((rows, q) => rows.Where(r => EF.Functions.ILike(r.Reference, $"%{q}%") || EF.Functions.ILike(r.ThirdParty, $"%{q}%") || EF.Functions.ILike(r.Order, $"%{q}%")));

    public async Task<IQueryable<Shipment>> VisibleShipmentsAsync() =>
        db.Set<Shipment>().AsNoTracking().WhereThirdPartyVisible(await visibility.ThirdPartyIdsAsync(), s => s.ThirdPartyId);

    public async Task<IQueryable<ShipmentRow>> ShipmentsAsync(ShipmentListFilter filter)
    {
        var rows = await VisibleShipmentsAsync();
        if (Enum.TryParse<ShipmentStatus>(filter.Status, out var status))
        {
            rows = rows.Where(s => s.Status == status);
        }

        if (filter.ThirdParty is { } tp)
        {
            rows = rows.Where(s => s.ThirdPartyId == tp);
        }

        if (filter.Order is { } order)
        {
            rows = rows.Where(s => s.OrderId == order);
        }

        if (filter.From is { } from)
        {
            rows = rows.Where(s => s.Date >= from);
        }

        if (filter.To is { } to)
        {
            rows = rows.Where(s => s.Date <= to);
        }

        return from s in rows
            join o in db.Set<SalesOrder>() on s.OrderId equals o.Id
            join t in ThirdPartyNames.Query(db) on s.ThirdPartyId equals t.Id
            select new ShipmentRow
            {
                Id = s.Id, Reference = s.Number ?? "(PROV" + s.Id.ToString() + ")", ThirdPartyId = s.ThirdPartyId, ThirdParty = t.Name,
                OrderId = s.OrderId, Order = o.Number ?? "(PROV" + o.Id.ToString() + ")", Date = s.Date, PlannedDelivery = s.PlannedDelivery, TrackingNumber = s.TrackingNumber,
                Status = s.Status == ShipmentStatus.Draft ? "Draft" : s.Status == ShipmentStatus.Validated ? "Validated" : s.Status == ShipmentStatus.Delivered ? "Delivered" : "Cancelled",
            };
    }

    public async Task<Shipment?> ShipmentAsync(long id) =>
        await (await VisibleShipmentsAsync()).Include(s => s.Lines).SingleOrDefaultAsync(s => s.Id == id);

    public async Task<ShipmentCard?> CardAsync(long id, CancellationToken cancellationToken)
    {
        if (await ShipmentAsync(id) is not { } s)
        {
            return null;
        }

        var order = await db.Set<SalesOrder>().AsNoTracking().Where(o => o.Id == s.OrderId).Select(o => new { o.Id, o.Number, o.ProposalId }).SingleAsync(cancellationToken);
        var proposal = order.ProposalId is { } p ? await db.Set<Proposal>().AsNoTracking().Where(x => x.Id == p).Select(x => x.Number).FirstOrDefaultAsync(cancellationToken) : null;
        var party = await thirdParties.FindAsync(s.ThirdPartyId, cancellationToken);
        var contact = s.ShippingContactId is { } c ? (await thirdParties.ContactsAsync([c], cancellationToken)).FirstOrDefault()?.Name : null;
        var warehouses = (await stock.OpenWarehousesAsync(cancellationToken)).ToDictionary(w => w.Id, w => $"{w.Reference} - {w.Label}");
        var lines = s.OrderedLines.Select(l => new ShipmentCardLine(l, warehouses.TryGetValue(l.WarehouseId, out var w) ? w : $"#{l.WarehouseId}")).ToList();
        return new ShipmentCard(s, order.Number ?? $"(PROV{order.Id})", proposal, order.ProposalId, party, contact, lines,
            await notes.GetAsync(new RecordRef(SalesRecordTypes.Shipment, id), cancellationToken));
    }

    /// <summary>"Create shipment": every product line with what is left; the default warehouse (or the first open one) is proposed.</summary>
    public async Task<ShipmentFormViewModel> FormAsync(SalesOrder order, ShipmentForm? posted, CancellationToken cancellationToken)
    {
        var productIds = order.Lines.Where(l => l.ProductId is not null).Select(l => l.ProductId!.Value).Distinct().ToList();
        var catalogue = (await products.FindManyAsync(productIds, cancellationToken)).ToDictionary(p => p.Id);
        var warehouses = await stock.OpenWarehousesAsync(cancellationToken);
        var levels = await stock.LevelsAsync(productIds, cancellationToken);
        var lines = order.OrderedLines.Where(l => l.IsPriced && l.ProductId is not null).Select(l => new ShipmentFormLine(
            l.Id, l.Position, l.ProductReference, l.Description, l.Quantity, l.QuantityShipped, l.LeftToShip,
            catalogue.TryGetValue(l.ProductId!.Value, out var product) && product.Type == ProductType.Service,
            warehouses.ToDictionary(w => w.Id, w => levels.TryGetValue((l.ProductId!.Value, w.Id), out var q) ? q : 0m))).ToList();
        var proposed = warehouses.FirstOrDefault()?.Id;
        var form = posted ?? new ShipmentForm
        {
            Date = DateOnly.FromDateTime(DateTime.UtcNow), PlannedDelivery = order.DeliveryDate,
            Lines = lines.Where(l => !l.IsService && l.Left > 0m).Select(l => new ShipmentLineForm
            {
                OrderLineId = l.OrderLineId, Quantity = l.Left,
                WarehouseId = l.StockByWarehouse.Where(x => x.Value >= l.Left).Select(x => (long?)x.Key).FirstOrDefault() ?? proposed,
            }).ToList(),
        };
        return new ShipmentFormViewModel(order, (await thirdParties.FindAsync(order.ThirdPartyId, cancellationToken))?.Name, lines, warehouses, form);
    }

    public async Task<string?> ThirdPartyNameAsync(long? id, CancellationToken cancellationToken) =>
        id is { } tp ? (await thirdParties.FindAsync(tp, cancellationToken))?.Name : null;
}

/// <summary>How shipments appear in record tabs and "Link to…" (visibility is applied by the platform).</summary>
internal sealed class ShipmentDescriber(AppDbContext db) : IRecordDescriber
{
    public string RecordType => SalesRecordTypes.Shipment;

    public string TypeLabel => "Shipment";

    public bool Searchable => true;

    public async Task<IReadOnlyList<RecordSummary>> DescribeAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
        await Summaries(db.Set<Shipment>().Where(s => ids.Contains(s.Id))).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<RecordSummary>> SearchAsync(string query, int limit, CancellationToken cancellationToken = default) =>
        await Summaries(db.Set<Shipment>().Where(s => s.Number != null && EF.Functions.ILike(s.Number, $"%{query}%")).OrderByDescending(s => s.Id).Take(limit))
            .ToListAsync(cancellationToken);

    private static IQueryable<RecordSummary> Summaries(IQueryable<Shipment> rows) =>
        rows.AsNoTracking().Select(s => new RecordSummary(SalesRecordTypes.Shipment, s.Id, s.Number ?? "(PROV" + s.Id.ToString() + ")", s.Date, null,
            s.Status == ShipmentStatus.Draft ? "Draft" : s.Status == ShipmentStatus.Validated ? "Validated" : s.Status == ShipmentStatus.Delivered ? "Delivered" : "Cancelled",
            "/Sales/Shipments/" + s.Id));
}
