using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Features;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Notes;
using MokoCrm.Web.Platform.Setup.Domain;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Sales.Queries;

public sealed record SalesDocumentRow
{
    public long Id { get; init; }

    public string Reference { get; init; } = "";

    public long ThirdPartyId { get; init; }

    public string ThirdParty { get; init; } = "";

    public DateOnly Date { get; init; }

    /// <summary>Validity (proposals) or delivery date (orders).</summary>
    public DateOnly? Until { get; init; }

    public decimal TotalExclTax { get; init; }

    public decimal TotalInclTax { get; init; }

    public string Status { get; init; } = "";
}

/// <summary>The filters of the proposal and order lists, bound from the query string.</summary>
public sealed class SalesListFilter
{
    public string? Status { get; set; }

    public long? ThirdParty { get; set; }

    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }

    public decimal? MinAmount { get; set; }

    public decimal? MaxAmount { get; set; }
}

public sealed record SalesTotals(int Count, decimal TotalExclTax, decimal TotalInclTax);

public sealed record SalesListViewModel(string Kind, ListPage<SalesDocumentRow> List, SalesListFilter Filter, SalesTotals Totals, IReadOnlyList<string> Statuses, string? ThirdPartyName);

public sealed record NamedChoice(long Id, string Name);

/// <summary>Everything a proposal or order card shows besides the entity itself.</summary>
public sealed record SalesCardContext(
    ThirdPartySummary? ThirdParty,
    IReadOnlyList<ContactSummary> Contacts,
    string? PaymentTerm,
    string? PaymentMethod,
    RecordNotes Notes,
    IReadOnlyList<(decimal Rate, string Label, bool IsDefault)> VatChoices,
    IReadOnlyList<RecordSummary> Upstream,
    IReadOnlyList<RecordSummary> Downstream)
{
    public string ContactName(long? id) => id is { } c ? Contacts.FirstOrDefault(x => x.Id == c)?.Name ?? "" : "";
}

public sealed record ProposalCard(Proposal Proposal, SalesCardContext Context, string? LeadTitle, LineForm? EditedLine, long? EditedLineId);

public sealed record OrderCard(SalesOrder Order, SalesCardContext Context, LineForm? EditedLine, long? EditedLineId)
{
    /// <summary>What an order line adds to the shared lines table: shipped, left to ship, left to bill.</summary>
    public static readonly IReadOnlyList<LineColumn> QuantityColumns =
    [
        new("Shipped", "shipped", l => l is SalesOrderLine o ? o.QuantityShipped.ToString("0.#####", System.Globalization.CultureInfo.CurrentCulture) : ""),
        new("Left to ship", "left-to-ship", l => l is SalesOrderLine o ? o.LeftToShip.ToString("0.#####", System.Globalization.CultureInfo.CurrentCulture) : ""),
        new("Left to bill", "left-to-bill", l => l is SalesOrderLine o ? o.LeftToBill.ToString("0.#####", System.Globalization.CultureInfo.CurrentCulture) : ""),
    ];
}

/// <summary>The header form with its choices (third party name, its contacts, Setup's terms and methods).</summary>
public sealed record SalesEditViewModel(string Kind, long? Id, object Form, string? ThirdPartyName, IReadOnlyList<ContactSummary> Contacts,
    IReadOnlyList<NamedChoice> Terms, IReadOnlyList<NamedChoice> Methods, string? LeadTitle);

/// <summary>Read side of the Sales screens: every query composes the third-party visibility rule of Crm/Public.</summary>
public sealed class SalesQueries(AppDbContext db, CurrentCrmVisibility visibility, IThirdPartyLookup thirdParties, ILeadLookup leads,
    INoteService notes, ILinkQueries links, SalesChecks checks)
{
    public static readonly string[] ProposalStatuses = Enum.GetNames<ProposalStatus>();
    public static readonly string[] OrderStatuses = Enum.GetNames<SalesOrderStatus>();

    public static readonly ListDefinition<SalesDocumentRow> ProposalList = List("proposals", "/Sales/Proposals/", "Valid until");
    public static readonly ListDefinition<SalesDocumentRow> OrderList = List("orders", "/Sales/Orders/", "Delivery");

    private static ListDefinition<SalesDocumentRow> List(string name, string url, string untilLabel) =>
        new ListDefinition<SalesDocumentRow>(name, r => r.Id)
            .Column("reference", "Ref.", r => r.Reference, c => c.Link = r => url + r.Id)
            .Column("thirdparty", "Customer", r => r.ThirdParty, c => c.Link = r => $"/Crm/ThirdParties/{r.ThirdPartyId}")
            .Column("date", "Date", r => r.Date)
            .Column("until", untilLabel, r => r.Until)
            .Column("excl", "Total excl. tax", r => r.TotalExclTax, c => { c.Total = true; c.Format = "N2"; })
            .Column("incl", "Total incl. tax", r => r.TotalInclTax, c => { c.Total = true; c.Format = "N2"; })
            .Column("status", "Status", r => r.Status, c => c.Badge = r => r.Status switch
            {
                "Draft" => "secondary", "Signed" or "Delivered" or "Billed" => "success", "Refused" or "Cancelled" => "danger", _ => "primary",
            })
            .SortedBy("date", descending: true)
            .Searching((rows, q) => rows.Where(r => EF.Functions.ILike(r.Reference, $"%{q}%") || EF.Functions.ILike(r.ThirdParty, $"%{q}%")));

    public async Task<IQueryable<Proposal>> VisibleProposalsAsync() =>
        db.Set<Proposal>().AsNoTracking().WhereThirdPartyVisible(await visibility.ThirdPartyIdsAsync(), p => p.ThirdPartyId);

    public async Task<IQueryable<SalesOrder>> VisibleOrdersAsync() =>
        db.Set<SalesOrder>().AsNoTracking().WhereThirdPartyVisible(await visibility.ThirdPartyIdsAsync(), o => o.ThirdPartyId);

    public async Task<IQueryable<SalesDocumentRow>> ProposalsAsync(SalesListFilter filter)
    {
        var rows = await VisibleProposalsAsync();
        if (Enum.TryParse<ProposalStatus>(filter.Status, out var status))
        {
            rows = rows.Where(p => p.Status == status);
        }

        if (filter.ThirdParty is { } tp)
        {
            rows = rows.Where(p => p.ThirdPartyId == tp);
        }

        if (filter.From is { } from)
        {
            rows = rows.Where(p => p.Date >= from);
        }

        if (filter.To is { } to)
        {
            rows = rows.Where(p => p.Date <= to);
        }

        if (filter.MinAmount is { } min)
        {
            rows = rows.Where(p => p.TotalExclTax >= min);
        }

        if (filter.MaxAmount is { } max)
        {
            rows = rows.Where(p => p.TotalExclTax <= max);
        }

        return from p in rows
            join t in ThirdPartyNames.Query(db) on p.ThirdPartyId equals t.Id
            select new SalesDocumentRow
            {
                Id = p.Id, Reference = p.Number ?? "(PROV" + p.Id.ToString() + ")", ThirdPartyId = p.ThirdPartyId, ThirdParty = t.Name, Date = p.Date,
                Until = p.ValidUntil, TotalExclTax = p.TotalExclTax, TotalInclTax = p.TotalInclTax,
                Status = p.Status == ProposalStatus.Draft ? "Draft" : p.Status == ProposalStatus.Validated ? "Validated" : p.Status == ProposalStatus.Signed ? "Signed"
                    : p.Status == ProposalStatus.Refused ? "Refused" : p.Status == ProposalStatus.Billed ? "Billed" : "Cancelled",
            };
    }

    public async Task<IQueryable<SalesDocumentRow>> OrdersAsync(SalesListFilter filter)
    {
        var rows = await VisibleOrdersAsync();
        if (Enum.TryParse<SalesOrderStatus>(filter.Status, out var status))
        {
            rows = rows.Where(o => o.Status == status);
        }

        if (filter.ThirdParty is { } tp)
        {
            rows = rows.Where(o => o.ThirdPartyId == tp);
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

        return from o in rows
            join t in ThirdPartyNames.Query(db) on o.ThirdPartyId equals t.Id
            select new SalesDocumentRow
            {
                Id = o.Id, Reference = o.Number ?? "(PROV" + o.Id.ToString() + ")", ThirdPartyId = o.ThirdPartyId, ThirdParty = t.Name, Date = o.Date,
                Until = o.DeliveryDate, TotalExclTax = o.TotalExclTax, TotalInclTax = o.TotalInclTax,
                Status = o.Status == SalesOrderStatus.Draft ? "Draft" : o.Status == SalesOrderStatus.Validated ? "Validated"
                    : o.Status == SalesOrderStatus.InProgress ? "In progress" : o.Status == SalesOrderStatus.Delivered ? "Delivered" : "Cancelled",
            };
    }

    /// <summary>Count and sums over every row of the filtered list, in SQL (the list's own totals row sums its page).</summary>
    public static async Task<SalesTotals> TotalsAsync(IQueryable<SalesDocumentRow> rows, CancellationToken cancellationToken) =>
        await rows.GroupBy(_ => 1).Select(g => new SalesTotals(g.Count(), g.Sum(r => r.TotalExclTax), g.Sum(r => r.TotalInclTax)))
            .SingleOrDefaultAsync(cancellationToken) ?? new SalesTotals(0, 0m, 0m);

    public async Task<Proposal?> ProposalAsync(long id) =>
        await (await VisibleProposalsAsync()).Include(p => p.Lines).SingleOrDefaultAsync(p => p.Id == id);

    public async Task<SalesOrder?> OrderAsync(long id) =>
        await (await VisibleOrdersAsync()).Include(o => o.Lines).SingleOrDefaultAsync(o => o.Id == id);

    public async Task<ProposalCard?> ProposalCardAsync(long id, long? editLine, CancellationToken cancellationToken)
    {
        if (await ProposalAsync(id) is not { } p)
        {
            return null;
        }

        var lead = p.LeadId is { } l ? await leads.FindAsync(l, cancellationToken) : null;
        var edited = editLine is { } e ? p.Lines.FirstOrDefault(x => x.Id == e) : null;
        return new ProposalCard(p, await ContextAsync(p, new RecordRef(SalesRecordTypes.Proposal, id), cancellationToken), lead?.Title,
            edited is null ? null : LineForm.Of(edited), edited?.Id);
    }

    public async Task<OrderCard?> OrderCardAsync(long id, long? editLine, CancellationToken cancellationToken)
    {
        if (await OrderAsync(id) is not { } o)
        {
            return null;
        }

        var edited = editLine is { } e ? o.Lines.FirstOrDefault(x => x.Id == e) : null;
        return new OrderCard(o, await ContextAsync(o, new RecordRef(SalesRecordTypes.Order, id), cancellationToken), edited is null ? null : LineForm.Of(edited), edited?.Id);
    }

    public async Task<SalesEditViewModel> EditViewModelAsync(string kind, long? id, object form, long? thirdPartyId, long? leadId, CancellationToken cancellationToken)
    {
        var party = thirdPartyId is { } tp ? await thirdParties.FindAsync(tp, cancellationToken) : null;
        var contacts = party is null ? [] : await thirdParties.ContactsOfAsync(party.Id, cancellationToken);
        var terms = await db.Set<PaymentTerm>().AsNoTracking().Where(t => t.Active).OrderBy(t => t.SortOrder).Select(t => new NamedChoice(t.Id, t.Label)).ToListAsync(cancellationToken);
        var methods = await db.Set<PaymentMethod>().AsNoTracking().Where(t => t.Active).OrderBy(t => t.Label).Select(t => new NamedChoice(t.Id, t.Label)).ToListAsync(cancellationToken);
        var lead = leadId is { } l ? await leads.FindAsync(l, cancellationToken) : null;
        return new SalesEditViewModel(kind, id, form, party?.Name, contacts, terms, methods, lead?.Title);
    }

    public async Task<ProposalForm?> ProposalFormAsync(long id, CancellationToken cancellationToken)
    {
        if (await ProposalAsync(id) is not { } p)
        {
            return null;
        }

        var n = await notes.GetAsync(new RecordRef(SalesRecordTypes.Proposal, id), cancellationToken);
        return new ProposalForm
        {
            ThirdPartyId = p.ThirdPartyId, CustomerContactId = p.CustomerContactId, BillingContactId = p.BillingContactId, ShippingContactId = p.ShippingContactId,
            Date = p.Date, ValidityDays = p.ValidityDays, PaymentTermId = p.PaymentTermId, PaymentMethodId = p.PaymentMethodId, LeadId = p.LeadId,
            PublicNote = n.Public, PrivateNote = n.Private,
        };
    }

    public async Task<OrderForm?> OrderFormAsync(long id, CancellationToken cancellationToken)
    {
        if (await OrderAsync(id) is not { } o)
        {
            return null;
        }

        var n = await notes.GetAsync(new RecordRef(SalesRecordTypes.Order, id), cancellationToken);
        return new OrderForm
        {
            ThirdPartyId = o.ThirdPartyId, CustomerContactId = o.CustomerContactId, BillingContactId = o.BillingContactId, ShippingContactId = o.ShippingContactId,
            Date = o.Date, DeliveryDate = o.DeliveryDate, CustomerReference = o.CustomerReference, PaymentTermId = o.PaymentTermId, PaymentMethodId = o.PaymentMethodId,
            PublicNote = n.Public, PrivateNote = n.Private,
        };
    }

    public async Task<string?> ThirdPartyNameAsync(long? id, CancellationToken cancellationToken) =>
        id is { } tp ? (await thirdParties.FindAsync(tp, cancellationToken))?.Name : null;

    public async Task<SalesCardContext> ContextAsync<TLine>(SalesDocument<TLine> document, RecordRef record, CancellationToken cancellationToken)
        where TLine : DocumentLine
    {
        var party = await thirdParties.FindAsync(document.ThirdPartyId, cancellationToken);
        var contacts = await thirdParties.ContactsAsync(document.Contacts.Ids.ToList(), cancellationToken);
        var term = document.PaymentTermId is { } t ? await db.Set<PaymentTerm>().Where(x => x.Id == t).Select(x => x.Label).FirstOrDefaultAsync(cancellationToken) : null;
        var method = document.PaymentMethodId is { } m ? await db.Set<PaymentMethod>().Where(x => x.Id == m).Select(x => x.Label).FirstOrDefaultAsync(cancellationToken) : null;
        var chain = await links.ChainAsync(record, 1, cancellationToken);
        var upstream = chain.Records.Where(r => r.Direction == LinkDirection.Upstream).Select(r => r.Summary).ToList();
        var downstream = chain.Records.Where(r => r.Direction == LinkDirection.Downstream).Select(r => r.Summary).ToList();
        return new SalesCardContext(party, contacts, term, method, await notes.GetAsync(record, cancellationToken), await checks.VatChoicesAsync(cancellationToken),
            upstream, downstream);
    }
}

/// <summary>How proposals appear in record tabs and "Link to…" (visibility is applied by the platform).</summary>
internal sealed class ProposalDescriber(AppDbContext db) : IRecordDescriber
{
    public string RecordType => SalesRecordTypes.Proposal;

    public string TypeLabel => "Proposal";

    public bool Searchable => true;

    public async Task<IReadOnlyList<RecordSummary>> DescribeAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
        await Summaries(db.Set<Proposal>().Where(p => ids.Contains(p.Id))).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<RecordSummary>> SearchAsync(string query, int limit, CancellationToken cancellationToken = default) =>
        await Summaries(db.Set<Proposal>().Where(p => p.Number != null && EF.Functions.ILike(p.Number, $"%{query}%")).OrderByDescending(p => p.Id).Take(limit))
            .ToListAsync(cancellationToken);

    private static IQueryable<RecordSummary> Summaries(IQueryable<Proposal> rows) =>
        rows.AsNoTracking().Select(p => new RecordSummary(SalesRecordTypes.Proposal, p.Id, p.Number ?? "(PROV" + p.Id.ToString() + ")", p.Date, p.TotalExclTax,
            p.Status == ProposalStatus.Draft ? "Draft" : p.Status == ProposalStatus.Validated ? "Validated" : p.Status == ProposalStatus.Signed ? "Signed"
                : p.Status == ProposalStatus.Refused ? "Refused" : p.Status == ProposalStatus.Billed ? "Billed" : "Cancelled",
            "/Sales/Proposals/" + p.Id));
}

internal sealed class OrderDescriber(AppDbContext db) : IRecordDescriber
{
    public string RecordType => SalesRecordTypes.Order;

    public string TypeLabel => "Sales order";

    public bool Searchable => true;

    public async Task<IReadOnlyList<RecordSummary>> DescribeAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
        await Summaries(db.Set<SalesOrder>().Where(o => ids.Contains(o.Id))).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<RecordSummary>> SearchAsync(string query, int limit, CancellationToken cancellationToken = default) =>
        await Summaries(db.Set<SalesOrder>().Where(o => o.Number != null && EF.Functions.ILike(o.Number, $"%{query}%")).OrderByDescending(o => o.Id).Take(limit))
            .ToListAsync(cancellationToken);

    private static IQueryable<RecordSummary> Summaries(IQueryable<SalesOrder> rows) =>
        rows.AsNoTracking().Select(o => new RecordSummary(SalesRecordTypes.Order, o.Id, o.Number ?? "(PROV" + o.Id.ToString() + ")", o.Date, o.TotalExclTax,
            o.Status == SalesOrderStatus.Draft ? "Draft" : o.Status == SalesOrderStatus.Validated ? "Validated"
                : o.Status == SalesOrderStatus.InProgress ? "In progress" : o.Status == SalesOrderStatus.Delivered ? "Delivered" : "Cancelled",
            "/Sales/Orders/" + o.Id));
}
