using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Domain;
using MokoCrm.Web.Modules.Crm.Features;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Crm.Queries;

public sealed record LeadRow
{
    public long Id { get; init; }

    public string Title { get; init; } = "";

    public long ThirdPartyId { get; init; }

    /// <summary>The third party's name, or the company name of a lead not converted yet.</summary>
    public string Company { get; init; } = "";

    public string Stage { get; init; } = "";

    public int Probability { get; init; }

    public decimal ExpectedAmount { get; init; }

    public decimal WeightedAmount { get; init; }

    public DateOnly? ExpectedCloseDate { get; init; }

    public string Owner { get; init; } = "";

    public string Status { get; init; } = "";
}

/// <summary>The filters of the lead list, bound from its query string.</summary>
public sealed class LeadFilter
{
    public LeadStage? Stage { get; set; }

    public LeadStatus? Status { get; set; }

    public long? Owner { get; set; }

    public long? ThirdParty { get; set; }
}

public sealed record LeadTotals(int Count, decimal Expected, decimal Weighted);

public sealed record LeadListViewModel(ListPage<LeadRow> List, LeadFilter Filter, LeadTotals Totals, IReadOnlyList<(long Id, string Name)> Owners, string? ThirdPartyName);

/// <summary>One column of the pipeline: its figures over every visible lead of the stage, and its first cards.</summary>
public sealed record PipelineColumn(LeadStage Stage, int Count, decimal Total, decimal Weighted, IReadOnlyList<LeadRow> Cards);

public sealed record PipelineViewModel(IReadOnlyList<PipelineColumn> Columns, long? Owner, IReadOnlyList<(long Id, string Name)> Owners);

public sealed record LeadCard(Lead Lead, string? ThirdPartyName, string? ContactName, string? OwnerName);

public sealed record LeadEditViewModel(long? Id, LeadForm Form, string? ThirdPartyName, IReadOnlyList<(long Id, string Name)> Contacts,
    IReadOnlyList<(long Id, string Name)> Owners, LeadStage? CurrentStage);

/// <summary>Read side of the lead screens: every query composes the lead visibility rule of <see cref="CrmVisibility"/>.</summary>
public sealed class LeadQueries(AppDbContext db, CurrentCrmVisibility visibility)
{
    public const int CardsPerColumn = 50;

    public static string StageLabel(LeadStage stage) => stage switch
    {
        LeadStage.Prospection => "Prospection",
        LeadStage.Qualification => "Qualification",
        LeadStage.Proposal => "Proposal",
        LeadStage.Negotiation => "Negotiation",
        LeadStage.Won => "Won",
        LeadStage.Lost => "Lost",
        _ => stage.ToString(),
    };

    public static readonly ListDefinition<LeadRow> LeadList = new ListDefinition<LeadRow>("leads", l => l.Id)
        .Column("title", "Title", l => l.Title, c => c.Link = l => $"/Crm/Leads/{l.Id}")
        .Column("company", "Company", l => l.Company, c => c.Link = l => l.ThirdPartyId == 0 ? null : $"/Crm/ThirdParties/{l.ThirdPartyId}")
        .Column("stage", "Stage", l => l.Stage)
        .Column("probability", "Probability %", l => l.Probability)
        .Column("amount", "Expected amount", l => l.ExpectedAmount, c => { c.Total = true; c.Format = "N2"; })
        .Column("weighted", "Weighted amount", l => l.WeightedAmount, c => { c.Total = true; c.Format = "N2"; })
        .Column("close", "Expected close", l => l.ExpectedCloseDate)
        .Column("owner", "Owner", l => l.Owner)
        .Column("status", "Status", l => l.Status, c => { c.Sortable = false; c.Badge = l => l.Status == "Won" ? "success" : l.Status == "Lost" ? "secondary" : "primary"; })
        .SortedBy("close")
        .Searching((rows, q) => rows.Where(l => EF.Functions.ILike(l.Title, $"%{q}%") || EF.Functions.ILike(l.Company, $"%{q}%")));

    /// <summary>The visible leads, unfiltered.</summary>
    public async Task<IQueryable<Lead>> VisibleAsync() =>
        db.Set<Lead>().AsNoTracking().WhereThirdPartyVisible(await visibility.LeadIdsAsync(), l => l.Id);

    public async Task<IQueryable<LeadRow>> LeadsAsync(LeadFilter filter)
    {
        var leads = await VisibleAsync();
        if (filter.Stage is { } stage)
        {
            leads = leads.Where(l => l.Stage == stage);
        }

        if (filter.Status is { } status)
        {
            leads = leads.Where(l => l.Status == status);
        }

        if (filter.Owner is { } owner)
        {
            leads = leads.Where(l => l.OwnerUserId == owner);
        }

        if (filter.ThirdParty is { } thirdParty)
        {
            leads = leads.Where(l => l.ThirdPartyId == thirdParty);
        }

        return Rows(leads);
    }

    /// <summary>Count and sums over every row of the filtered list, in SQL (the list's own totals row sums its page).</summary>
    public static async Task<LeadTotals> TotalsAsync(IQueryable<LeadRow> rows, CancellationToken cancellationToken) =>
        await rows.GroupBy(_ => 1).Select(g => new LeadTotals(g.Count(), g.Sum(r => r.ExpectedAmount), g.Sum(r => r.WeightedAmount)))
            .SingleOrDefaultAsync(cancellationToken) ?? new LeadTotals(0, 0m, 0m);

    /// <summary>One column per stage: figures by GROUP BY over the visible leads, then the first cards of each stage.</summary>
    public async Task<PipelineViewModel> PipelineAsync(long? owner, CancellationToken cancellationToken)
    {
        var leads = await VisibleAsync();
        if (owner is { } o)
        {
            leads = leads.Where(l => l.OwnerUserId == o);
        }

        var figures = await leads.GroupBy(l => l.Stage)
            .Select(g => new { Stage = g.Key, Count = g.Count(), Total = g.Sum(l => l.ExpectedAmount), Weighted = g.Sum(l => l.ExpectedAmount * l.Probability / 100m) })
            .ToListAsync(cancellationToken);
        var columns = new List<PipelineColumn>();
        foreach (var stage in Enum.GetValues<LeadStage>())
        {
            var f = figures.SingleOrDefault(x => x.Stage == stage);
            var cards = f is null ? [] : await Rows(leads.Where(l => l.Stage == stage))
                .OrderBy(l => l.ExpectedCloseDate == null).ThenBy(l => l.ExpectedCloseDate).ThenBy(l => l.Id).Take(CardsPerColumn).ToListAsync(cancellationToken);
            columns.Add(new PipelineColumn(stage, f?.Count ?? 0, f?.Total ?? 0m, decimal.Round(f?.Weighted ?? 0m, 2), cards));
        }

        return new PipelineViewModel(columns, owner, await OwnerChoicesAsync());
    }

    public async Task<Lead?> LeadAsync(long id) =>
        await (await VisibleAsync()).Where(l => l.Id == id).SingleOrDefaultAsync();

    public async Task<LeadCard?> CardAsync(long id)
    {
        if (await LeadAsync(id) is not { } lead)
        {
            return null;
        }

        var thirdParty = lead.ThirdPartyId is { } tp ? await db.Set<ThirdParty>().Where(t => t.Id == tp).Select(t => t.Name).SingleOrDefaultAsync() : null;
        var contact = lead.ContactId is { } c ? await db.Set<Contact>().Where(x => x.Id == c)
            .Select(x => x.FirstName == null ? x.LastName : x.FirstName + " " + x.LastName).SingleOrDefaultAsync() : null;
        var owner = lead.OwnerUserId is { } u ? await db.Users.Where(x => x.Id == u).Select(x => x.FullName).SingleOrDefaultAsync() : null;
        return new LeadCard(lead, thirdParty, contact, owner);
    }

    public async Task<LeadForm?> FormAsync(long id) =>
        await LeadAsync(id) is not { } l ? null : new LeadForm
        {
            Title = l.Title, ThirdPartyId = l.ThirdPartyId, CompanyName = l.CompanyName, ContactId = l.ContactId, ContactName = l.ContactName,
            ContactEmail = l.ContactEmail, ContactPhone = l.ContactPhone, ExpectedAmount = l.ExpectedAmount, Stage = l.Stage,
            Probability = l.Probability, ExpectedCloseDate = l.ExpectedCloseDate, OwnerUserId = l.OwnerUserId,
        };

    public async Task<LeadEditViewModel> EditViewModelAsync(long? id, LeadForm form, LeadStage? currentStage = null)
    {
        var visible = await visibility.ThirdPartyIdsAsync();
        string? thirdParty = null;
        IReadOnlyList<(long, string)> contacts = [];
        if (form.ThirdPartyId is { } tp)
        {
            thirdParty = await db.Set<ThirdParty>().Where(t => t.Id == tp).WhereThirdPartyVisible(visible, t => t.Id).Select(t => t.Name).SingleOrDefaultAsync();
            contacts = thirdParty is null ? [] : (await db.Set<Contact>().Where(c => c.ThirdPartyId == tp).OrderBy(c => c.LastName)
                .Select(c => new { c.Id, Name = c.FirstName == null ? c.LastName : c.FirstName + " " + c.LastName }).ToListAsync())
                .Select(c => (c.Id, c.Name)).ToList();
        }

        return new LeadEditViewModel(id, form, thirdParty, contacts, await OwnerChoicesAsync(), currentStage);
    }

    public async Task<IReadOnlyList<(long Id, string Name)>> OwnerChoicesAsync() =>
        (await db.Users.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.FullName).Take(200).Select(u => new { u.Id, u.FullName }).ToListAsync())
            .Select(u => (u.Id, u.FullName)).ToList();

    private IQueryable<LeadRow> Rows(IQueryable<Lead> leads) =>
        from l in leads
        join t in db.Set<ThirdParty>() on l.ThirdPartyId equals t.Id into parties
        from t in parties.DefaultIfEmpty()
        join u in db.Users on l.OwnerUserId equals u.Id into owners
        from u in owners.DefaultIfEmpty()
        select new LeadRow
        {
            Id = l.Id,
            Title = l.Title,
            ThirdPartyId = l.ThirdPartyId ?? 0,
            Company = t == null ? l.CompanyName ?? "" : t.Name,
            Stage = l.Stage == LeadStage.Prospection ? "Prospection"
                : l.Stage == LeadStage.Qualification ? "Qualification"
                : l.Stage == LeadStage.Proposal ? "Proposal"
                : l.Stage == LeadStage.Negotiation ? "Negotiation"
                : l.Stage == LeadStage.Won ? "Won" : "Lost",
            Probability = l.Probability,
            ExpectedAmount = l.ExpectedAmount,
            WeightedAmount = Math.Round(l.ExpectedAmount * l.Probability / 100m, 2),
            ExpectedCloseDate = l.ExpectedCloseDate,
            Owner = u == null ? "" : u.FullName,
            Status = l.Status == LeadStatus.Open ? "Open" : l.Status == LeadStatus.Won ? "Won" : "Lost",
        };
}

/// <summary>The lead as Sales will read it, within the current user's visibility.</summary>
internal sealed class LeadLookup(LeadQueries queries, AppDbContext db) : ILeadLookup
{
    public async Task<LeadSummary?> FindAsync(long id, CancellationToken cancellationToken = default) =>
        await (from l in await queries.VisibleAsync()
            where l.Id == id
            join t in db.Set<ThirdParty>() on l.ThirdPartyId equals t.Id into parties
            from t in parties.DefaultIfEmpty()
            select new LeadSummary(l.Id, l.Title, l.ThirdPartyId, t == null ? null : t.Name, l.CompanyName, l.ExpectedAmount, l.Status == LeadStatus.Open))
            .SingleOrDefaultAsync(cancellationToken);
}
