using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Modules.Purchasing.Features;
using MokoCrm.Web.Modules.Purchasing.Public;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Notes;
using MokoCrm.Web.Platform.Setup.Domain;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Purchasing.Queries;

public sealed record PurchaseRow
{
    public long Id { get; init; }

    public string Reference { get; init; } = "";

    public long SupplierId { get; init; }

    public string Supplier { get; init; } = "";

    public DateOnly Date { get; init; }

    /// <summary>Expected delivery (orders), the order's number (receptions), due date (invoices).</summary>
    public string? Detail { get; init; }

    public decimal TotalExclTax { get; init; }

    public decimal TotalInclTax { get; init; }

    public string Status { get; init; } = "";

    public bool Billed { get; init; }
}

/// <summary>The filters of the purchasing lists, bound from the query string.</summary>
public sealed class PurchaseListFilter
{
    public string? Status { get; set; }

    public long? Supplier { get; set; }

    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }

    public decimal? MinAmount { get; set; }

    public decimal? MaxAmount { get; set; }
}

public sealed record PurchaseTotals(int Count, decimal TotalExclTax, decimal TotalInclTax);

public sealed record PurchaseListViewModel(string Kind, ListPage<PurchaseRow> List, PurchaseListFilter Filter, PurchaseTotals Totals, IReadOnlyList<(string Value, string Label)> Statuses,
    string? SupplierName);

public sealed record NamedChoice(long Id, string Name);

/// <summary>Everything a purchasing card shows besides the entity itself.</summary>
public sealed record PurchaseCardContext(
    ThirdPartySummary? Supplier,
    string? ContactName,
    string? PaymentTerm,
    string? PaymentMethod,
    RecordNotes Notes,
    IReadOnlyList<(decimal Rate, string Label, bool IsDefault)> VatChoices,
    IReadOnlyList<RecordSummary> Linked,
    IReadOnlyDictionary<long, string> UserNames);

public sealed record PurchaseOrderCard(PurchaseOrder Order, PurchaseCardContext Context, ApprovalPolicy Policy, LineForm? EditedLine, long? EditedLineId)
{
    /// <summary>What a purchase order line adds to the shared lines table.</summary>
    public static readonly IReadOnlyList<LineColumn> QuantityColumns =
    [
        new("Supplier ref.", "supplier-ref", l => (l as PurchaseOrderLine)?.SupplierReference ?? ""),
        new("Received", "received", l => l is PurchaseOrderLine o && o.IsPriced ? o.QuantityReceived.ToString("0.#####", System.Globalization.CultureInfo.CurrentCulture) : ""),
        new("Left to receive", "left-to-receive", l => l is PurchaseOrderLine o && o.IsPriced ? o.LeftToReceive.ToString("0.#####", System.Globalization.CultureInfo.CurrentCulture) : ""),
        new("Left to bill", "left-to-bill", l => l is PurchaseOrderLine o && o.IsPriced ? o.LeftToBill.ToString("0.#####", System.Globalization.CultureInfo.CurrentCulture) : ""),
    ];
}

public sealed record ReceptionCard(Reception Reception, PurchaseOrder Order, PurchaseCardContext Context, IReadOnlyDictionary<long, string> Warehouses);

/// <summary>The reception form: the order's lines with what is left to receive and the open warehouses.</summary>
/// <param name="Reception">The draft being edited; null for a new reception.</param>
public sealed record ReceptionFormView(PurchaseOrder Order, ReceptionForm Form, IReadOnlyList<WarehouseSummary> Warehouses, string? SupplierName, Reception? Reception = null);

/// <summary>The header form with its choices (supplier name, its contacts, Setup's terms and methods).</summary>
public sealed record PurchaseOrderEditViewModel(long? Id, PurchaseOrderForm Form, string? SupplierName, IReadOnlyList<ContactSummary> Contacts,
    IReadOnlyList<NamedChoice> Terms, IReadOnlyList<NamedChoice> Methods);

public sealed record PurchasingHome(IReadOnlyList<PurchaseRow> ToApprove, IReadOnlyList<PurchaseRow> ToSend, IReadOnlyList<PurchaseRow> ToReceive,
    IReadOnlyList<PurchaseRow> InvoicesDue);

/// <summary>Read side of the Purchasing screens: every query composes the third-party visibility rule of Crm/Public.</summary>
public sealed class PurchasingQueries(AppDbContext db, CurrentCrmVisibility visibility, IThirdPartyLookup thirdParties, INoteService notes, ILinkQueries links,
    PurchasingChecks checks, IWarehouseLookup warehouses)
{
    public static readonly IReadOnlyList<(string, string)> OrderStatuses = Enum.GetValues<PurchaseOrderStatus>().Select(s => (s.ToString(), PurchaseOrder.Label(s))).ToList();
    public static readonly IReadOnlyList<(string, string)> ReceptionStatuses = Enum.GetValues<ReceptionStatus>().Select(s => (s.ToString(), Reception.Label(s))).ToList();

    public static readonly ListDefinition<PurchaseRow> OrderList = List("purchase-orders", "/Purchasing/Orders/", "Delivery expected", amounts: true);
    public static readonly ListDefinition<PurchaseRow> ReceptionList = List("receptions", "/Purchasing/Receptions/", "Purchase order", amounts: false);

    public static ListDefinition<PurchaseRow> List(string name, string url, string detailLabel, bool amounts)
    {
        var list = new ListDefinition<PurchaseRow>(name, r => r.Id)
            .Column("reference", "Ref.", r => r.Reference, c => c.Link = r => url + r.Id)
            .Column("supplier", "Supplier", r => r.Supplier, c => c.Link = r => $"/Crm/ThirdParties/{r.SupplierId}")
            .Column("date", "Date", r => r.Date)
            .Column("detail", detailLabel, r => r.Detail);
        if (amounts)
        {
            list = list.Column("excl", "Total excl. tax", r => r.TotalExclTax, c => { c.Total = true; c.Format = "N2"; })
                .Column("incl", "Total incl. tax", r => r.TotalInclTax, c => { c.Total = true; c.Format = "N2"; });
        }

        return list
            .Column("status", "Status", r => r.Status, c => c.Badge = r => r.Status switch
            {
                "Draft" => "secondary", "Received" or "Closed" or "Paid" or "Approved" => "success", "Refused" or "Cancelled" or "Abandoned" => "danger", _ => "primary",
            })
            .SortedBy("date", descending: true)
            .Searching((rows, q) => rows.Where(r => EF.Functions.ILike(r.Reference, $"%{q}%") || EF.Functions.ILike(r.Supplier, $"%{q}%")));
    }

    public async Task<IQueryable<PurchaseOrder>> VisibleOrdersAsync() =>
        db.Set<PurchaseOrder>().AsNoTracking().WhereThirdPartyVisible(await visibility.ThirdPartyIdsAsync(), o => o.SupplierId);

    public async Task<IQueryable<Reception>> VisibleReceptionsAsync() =>
        db.Set<Reception>().AsNoTracking().WhereThirdPartyVisible(await visibility.ThirdPartyIdsAsync(), r => r.SupplierId);

    public async Task<IQueryable<PurchaseRow>> OrdersAsync(PurchaseListFilter filter)
    {
        var rows = await VisibleOrdersAsync();
        if (Enum.TryParse<PurchaseOrderStatus>(filter.Status, out var status))
        {
            rows = rows.Where(o => o.Status == status);
        }

        if (filter.Supplier is { } s)
        {
            rows = rows.Where(o => o.SupplierId == s);
        }

        if (filter.From is { } from)
        {
            rows = rows.Where(o => o.Date >= from);
        }

        if (filter.To is { } to)
        {
            rows = rows.Where(o => o.Date <= to);
        }

        if (filter.MinAmount is { } min)
        {
            rows = rows.Where(o => o.TotalExclTax >= min);
        }

        if (filter.MaxAmount is { } max)
        {
            rows = rows.Where(o => o.TotalExclTax <= max);
        }

        return OrderRows(rows);
    }

    public async Task<IQueryable<PurchaseRow>> ReceptionsAsync(PurchaseListFilter filter)
    {
        var rows = await VisibleReceptionsAsync();
        if (Enum.TryParse<ReceptionStatus>(filter.Status, out var status))
        {
            rows = rows.Where(r => r.Status == status);
        }

        if (filter.Supplier is { } s)
        {
            rows = rows.Where(r => r.SupplierId == s);
        }

        if (filter.From is { } from)
        {
            rows = rows.Where(r => r.Date >= from);
        }

        if (filter.To is { } to)
        {
            rows = rows.Where(r => r.Date <= to);
        }

        return from r in rows
            join o in db.Set<PurchaseOrder>() on r.PurchaseOrderId equals o.Id
            join t in ThirdPartyNames.Query(db) on r.SupplierId equals t.Id
            select new PurchaseRow
            {
                Id = r.Id, Reference = r.Number ?? "(PROV" + r.Id.ToString() + ")", SupplierId = r.SupplierId, Supplier = t.Name, Date = r.Date,
                Detail = o.Number,
                TotalExclTax = 0m,
                TotalInclTax = 0m,
                Status = r.Status == ReceptionStatus.Draft ? "Draft" : r.Status == ReceptionStatus.Validated ? "Validated" : r.Status == ReceptionStatus.Closed ? "Closed" : "Cancelled",
            };
    }

    /// <summary>Count and sums over every row of the filtered list, in SQL.</summary>
    public static async Task<PurchaseTotals> TotalsAsync(IQueryable<PurchaseRow> rows, CancellationToken cancellationToken) =>
        await rows.GroupBy(_ => 1).Select(g => new PurchaseTotals(g.Count(), g.Sum(r => r.TotalExclTax), g.Sum(r => r.TotalInclTax)))
            .SingleOrDefaultAsync(cancellationToken) ?? new PurchaseTotals(0, 0m, 0m);

    public async Task<PurchaseOrder?> OrderAsync(long id) =>
        await (await VisibleOrdersAsync()).Include(o => o.Lines).SingleOrDefaultAsync(o => o.Id == id);

    public async Task<Reception?> ReceptionAsync(long id) =>
        await (await VisibleReceptionsAsync()).Include(r => r.Lines).SingleOrDefaultAsync(r => r.Id == id);

    public async Task<PurchaseOrderCard?> OrderCardAsync(long id, long? editLine, CancellationToken cancellationToken)
    {
        if (await OrderAsync(id) is not { } o)
        {
            return null;
        }

        var edited = editLine is { } e ? o.Lines.FirstOrDefault(x => x.Id == e) : null;
        var users = new[] { o.AuthorUserId, o.ValidatedByUserId, o.FirstApprovedByUserId, o.ApprovedByUserId, o.RefusedByUserId };
        return new PurchaseOrderCard(o, await ContextAsync(o.SupplierId, o.ContactId, o.PaymentTermId, o.PaymentMethodId, new RecordRef(PurchasingRecordTypes.Order, id), users, cancellationToken),
            await checks.PolicyAsync(cancellationToken), edited is null ? null : LineForm.Of(edited), edited?.Id);
    }

    public async Task<ReceptionCard?> ReceptionCardAsync(long id, CancellationToken cancellationToken)
    {
        if (await ReceptionAsync(id) is not { } r)
        {
            return null;
        }

        var order = await db.Set<PurchaseOrder>().AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Id == r.PurchaseOrderId, cancellationToken);
        var ids = r.Lines.Where(l => l.WarehouseId != null).Select(l => l.WarehouseId!.Value).Distinct().ToList();
        var names = (await warehouses.FindManyAsync(ids, cancellationToken)).ToDictionary(w => w.Id, w => w.Text);
        return new ReceptionCard(r, order, await ContextAsync(r.SupplierId, order.ContactId, null, null, new RecordRef(PurchasingRecordTypes.Reception, id),
            [r.AuthorUserId, r.ValidatedByUserId], cancellationToken), names);
    }

    public async Task<ReceptionFormView?> ReceptionFormAsync(long orderId, ReceptionForm? form, CancellationToken cancellationToken)
    {
        if (await OrderAsync(orderId) is not { } order)
        {
            return null;
        }

        var open = await warehouses.OpenAsync(cancellationToken);
        var fallback = open.FirstOrDefault(w => w.IsDefault)?.Id ?? open.FirstOrDefault()?.Id;
        form ??= new ReceptionForm
        {
            OrderId = orderId,
            Date = DateOnly.FromDateTime(DateTime.UtcNow),
            ValidateNow = true,
            Lines = order.OrderedLines.Where(l => l.IsPriced && l.LeftToReceive > 0m)
                .Select(l => new ReceptionLineForm { OrderLineId = l.Id, Quantity = l.LeftToReceive, WarehouseId = l.GoesToStock ? fallback : null }).ToList(),
        };
        return new ReceptionFormView(order, form, open, (await thirdParties.FindAsync(order.SupplierId, cancellationToken))?.Name);
    }

    /// <summary>The reception form on a draft: its date and lines (unit costs as they are), the order's other lines left to receive empty.</summary>
    public async Task<ReceptionFormView?> ReceptionEditFormAsync(long id, ReceptionForm? form, CancellationToken cancellationToken)
    {
        if (await ReceptionAsync(id) is not { } reception || reception.Status != ReceptionStatus.Draft
            || await ReceptionFormAsync(reception.PurchaseOrderId, form ?? new ReceptionForm(), cancellationToken) is not { } view)
        {
            return null;
        }

        form ??= new ReceptionForm
        {
            OrderId = reception.PurchaseOrderId,
            Date = reception.Date,
            Lines = view.Order.OrderedLines.Where(l => l.IsPriced && l.LeftToReceive > 0m).Select(l =>
                reception.Lines.SingleOrDefault(r => r.OrderLineId == l.Id) is { } r
                    ? new ReceptionLineForm { OrderLineId = l.Id, Quantity = r.Quantity, WarehouseId = r.WarehouseId, UnitCost = r.UnitCost }
                    : new ReceptionLineForm { OrderLineId = l.Id }).ToList(),
        };
        return view with { Form = form, Reception = reception };
    }

    public async Task<PurchaseOrderEditViewModel> EditViewModelAsync(long? id, PurchaseOrderForm form, CancellationToken cancellationToken)
    {
        var party = form.SupplierId is { } s ? await thirdParties.FindAsync(s, cancellationToken) : null;
        var contacts = party is null ? [] : await thirdParties.ContactsOfAsync(party.Id, cancellationToken);
        var terms = await db.Set<PaymentTerm>().AsNoTracking().Where(t => t.Active).OrderBy(t => t.SortOrder).Select(t => new NamedChoice(t.Id, t.Label)).ToListAsync(cancellationToken);
        var methods = await db.Set<PaymentMethod>().AsNoTracking().Where(t => t.Active).OrderBy(t => t.Label).Select(t => new NamedChoice(t.Id, t.Label)).ToListAsync(cancellationToken);
        return new PurchaseOrderEditViewModel(id, form, party?.Name, contacts, terms, methods);
    }

    public async Task<PurchaseOrderForm?> OrderFormAsync(long id, CancellationToken cancellationToken)
    {
        if (await OrderAsync(id) is not { } o)
        {
            return null;
        }

        var n = await notes.GetAsync(new RecordRef(PurchasingRecordTypes.Order, id), cancellationToken);
        return new PurchaseOrderForm
        {
            SupplierId = o.SupplierId, ContactId = o.ContactId, Date = o.Date, DeliveryDate = o.DeliveryDate, SupplierReference = o.SupplierReference,
            PaymentTermId = o.PaymentTermId, PaymentMethodId = o.PaymentMethodId, PublicNote = n.Public, PrivateNote = n.Private,
        };
    }

    public async Task<string?> SupplierNameAsync(long? id, CancellationToken cancellationToken) =>
        id is { } tp ? (await thirdParties.FindAsync(tp, cancellationToken))?.Name : null;

    public async Task<PurchasingHome> HomeAsync(bool orders, IReadOnlyList<PurchaseRow> invoicesDue, CancellationToken cancellationToken)
    {
        if (!orders)
        {
            return new PurchasingHome([], [], [], invoicesDue);
        }

        var visible = await VisibleOrdersAsync();
        async Task<IReadOnlyList<PurchaseRow>> Of(params PurchaseOrderStatus[] statuses) =>
            await OrderRows(visible.Where(o => statuses.Contains(o.Status))).OrderBy(r => r.Date).ThenBy(r => r.Id).Take(20).ToListAsync(cancellationToken);
        return new PurchasingHome(await Of(PurchaseOrderStatus.Validated), await Of(PurchaseOrderStatus.Approved),
            await Of(PurchaseOrderStatus.Ordered, PurchaseOrderStatus.PartlyReceived), invoicesDue);
    }

    private IQueryable<PurchaseRow> OrderRows(IQueryable<PurchaseOrder> rows) =>
        from o in rows
        join t in ThirdPartyNames.Query(db) on o.SupplierId equals t.Id
        select new PurchaseRow
        {
            Id = o.Id, Reference = o.Number ?? "(PROV" + o.Id.ToString() + ")", SupplierId = o.SupplierId, Supplier = t.Name, Date = o.Date,
            Detail = o.DeliveryDate == null ? null : o.DeliveryDate.Value.ToString(), TotalExclTax = o.TotalExclTax, TotalInclTax = o.TotalInclTax, Billed = o.Billed,
            Status = o.Status == PurchaseOrderStatus.Draft ? "Draft" : o.Status == PurchaseOrderStatus.Validated ? "Validated" : o.Status == PurchaseOrderStatus.Approved ? "Approved"
                : o.Status == PurchaseOrderStatus.Ordered ? "Ordered" : o.Status == PurchaseOrderStatus.PartlyReceived ? "Partly received"
                : o.Status == PurchaseOrderStatus.Received ? "Received" : o.Status == PurchaseOrderStatus.Refused ? "Refused" : "Cancelled",
        };

    public async Task<PurchaseCardContext> ContextAsync(long supplierId, long? contactId, long? termId, long? methodId, RecordRef record, IEnumerable<long?> userIds,
        CancellationToken cancellationToken)
    {
        var party = await thirdParties.FindAsync(supplierId, cancellationToken);
        var contact = contactId is { } c ? (await thirdParties.ContactsAsync([c], cancellationToken)).FirstOrDefault()?.Name : null;
        var term = termId is { } t ? await db.Set<PaymentTerm>().Where(x => x.Id == t).Select(x => x.Label).FirstOrDefaultAsync(cancellationToken) : null;
        var method = methodId is { } m ? await db.Set<PaymentMethod>().Where(x => x.Id == m).Select(x => x.Label).FirstOrDefaultAsync(cancellationToken) : null;
        var chain = await links.ChainAsync(record, 1, cancellationToken);
        var ids = userIds.Where(u => u is not null).Select(u => u!.Value).Distinct().ToList();
        var users = await db.Set<Platform.Security.Domain.AppUser>().AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, Name = u.FullName != "" ? u.FullName : u.UserName ?? "" }).ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
        return new PurchaseCardContext(party, contact, term, method, await notes.GetAsync(record, cancellationToken), await checks.VatChoicesAsync(cancellationToken),
            chain.Records.Select(r => r.Summary).ToList(), users);
    }
}

/// <summary>How purchase orders appear in record tabs, the search and "Link to…" (visibility is applied by the platform).</summary>
internal sealed class PurchaseOrderDescriber(AppDbContext db) : IRecordDescriber
{
    public string RecordType => PurchasingRecordTypes.Order;

    public string TypeLabel => "Purchase order";

    public bool Searchable => true;

    public async Task<IReadOnlyList<RecordSummary>> DescribeAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
        await Summaries(db.Set<PurchaseOrder>().Where(o => ids.Contains(o.Id))).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<RecordSummary>> SearchAsync(string query, int limit, CancellationToken cancellationToken = default) =>
        await Summaries(db.Set<PurchaseOrder>().Where(o => o.Number != null && EF.Functions.ILike(o.Number, $"%{query}%")).OrderByDescending(o => o.Id).Take(limit))
            .ToListAsync(cancellationToken);

    private static IQueryable<RecordSummary> Summaries(IQueryable<PurchaseOrder> rows) =>
        rows.AsNoTracking().Select(o => new RecordSummary(PurchasingRecordTypes.Order, o.Id, o.Number ?? "(PROV" + o.Id.ToString() + ")", o.Date, o.TotalExclTax,
            o.Status == PurchaseOrderStatus.Draft ? "Draft" : o.Status == PurchaseOrderStatus.Validated ? "Validated" : o.Status == PurchaseOrderStatus.Approved ? "Approved"
                : o.Status == PurchaseOrderStatus.Ordered ? "Ordered" : o.Status == PurchaseOrderStatus.PartlyReceived ? "Partly received"
                : o.Status == PurchaseOrderStatus.Received ? "Received" : o.Status == PurchaseOrderStatus.Refused ? "Refused" : "Cancelled",
            "/Purchasing/Orders/" + o.Id));
}

internal sealed class ReceptionDescriber(AppDbContext db) : IRecordDescriber
{
    public string RecordType => PurchasingRecordTypes.Reception;

    public string TypeLabel => "Reception";

    public bool Searchable => true;

    public async Task<IReadOnlyList<RecordSummary>> DescribeAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
        await Summaries(db.Set<Reception>().Where(r => ids.Contains(r.Id))).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<RecordSummary>> SearchAsync(string query, int limit, CancellationToken cancellationToken = default) =>
        await Summaries(db.Set<Reception>().Where(r => r.Number != null && EF.Functions.ILike(r.Number, $"%{query}%")).OrderByDescending(r => r.Id).Take(limit))
            .ToListAsync(cancellationToken);

    private static IQueryable<RecordSummary> Summaries(IQueryable<Reception> rows) =>
        rows.AsNoTracking().Select(r => new RecordSummary(PurchasingRecordTypes.Reception, r.Id, r.Number ?? "(PROV" + r.Id.ToString() + ")", r.Date,
            r.Lines.Sum(l => Math.Round(l.Quantity * l.UnitCost, 2)),
            r.Status == ReceptionStatus.Draft ? "Draft" : r.Status == ReceptionStatus.Validated ? "Validated" : r.Status == ReceptionStatus.Closed ? "Closed" : "Cancelled",
            "/Purchasing/Receptions/" + r.Id));
}
