using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Domain;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Search;

namespace MokoCrm.Web.Modules.Crm.Queries;

/// <summary>How third parties appear in record tabs and "Link to…" (visibility is applied by the platform).</summary>
internal sealed class ThirdPartyDescriber(AppDbContext db, CurrentCrmVisibility visibility) : IRecordDescriber
{
    public string RecordType => CrmRecordTypes.ThirdParty;

    public string TypeLabel => "Third party";

    public bool Searchable => true;

    public async Task<IReadOnlyList<RecordSummary>> DescribeAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
        await Summaries(db.Set<ThirdParty>().Where(t => ids.Contains(t.Id))).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<RecordSummary>> SearchAsync(string query, int limit, CancellationToken cancellationToken = default) =>
        await Summaries(db.Set<ThirdParty>().WhereThirdPartyVisible(await visibility.ThirdPartyIdsAsync(), t => t.Id).WhereSearchTextContains(query)
            .OrderBy(t => t.Name).ThenBy(t => t.Id).Take(limit)).ToListAsync(cancellationToken);

    private static IQueryable<RecordSummary> Summaries(IQueryable<ThirdParty> rows) =>
        rows.AsNoTracking().Select(t => new RecordSummary(CrmRecordTypes.ThirdParty, t.Id,
            t.CustomerCode != null ? t.Name + " (" + t.CustomerCode + ")" : t.SupplierCode != null ? t.Name + " (" + t.SupplierCode + ")" : t.Name,
            null, null, t.Status == ThirdPartyStatus.Active ? "Active" : "Closed", "/Crm/ThirdParties/" + t.Id));
}

internal sealed class ContactDescriber(AppDbContext db, CurrentCrmVisibility visibility) : IRecordDescriber
{
    public string RecordType => CrmRecordTypes.Contact;

    public string TypeLabel => "Contact";

    public bool Searchable => true;

    public async Task<IReadOnlyList<RecordSummary>> SearchAsync(string query, int limit, CancellationToken cancellationToken = default) =>
        await Summaries(db.Set<Contact>().WhereThirdPartyVisible(await visibility.ContactIdsAsync(), c => c.Id).WhereSearchTextContains(query)
            .OrderBy(c => c.LastName).ThenBy(c => c.Id).Take(limit)).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<RecordSummary>> DescribeAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
        await Summaries(db.Set<Contact>().Where(c => ids.Contains(c.Id))).ToListAsync(cancellationToken);

    private static IQueryable<RecordSummary> Summaries(IQueryable<Contact> rows) =>
        rows.AsNoTracking().Select(c => new RecordSummary(CrmRecordTypes.Contact, c.Id, c.FirstName == null ? c.LastName : c.FirstName + " " + c.LastName,
            null, null, c.Active ? "Active" : "Inactive", "/Crm/Contacts/" + c.Id));
}

internal sealed class LeadDescriber(AppDbContext db, CurrentCrmVisibility visibility) : IRecordDescriber
{
    public string RecordType => CrmRecordTypes.Lead;

    public string TypeLabel => "Lead";

    public bool Searchable => true;

    public async Task<IReadOnlyList<RecordSummary>> DescribeAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
        await Summaries(db.Set<Lead>().Where(l => ids.Contains(l.Id))).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<RecordSummary>> SearchAsync(string query, int limit, CancellationToken cancellationToken = default) =>
        await Summaries(db.Set<Lead>().WhereThirdPartyVisible(await visibility.LeadIdsAsync(), l => l.Id).WhereSearchTextContains(query)
            .OrderBy(l => l.Title).ThenBy(l => l.Id).Take(limit)).ToListAsync(cancellationToken);

    private static IQueryable<RecordSummary> Summaries(IQueryable<Lead> rows) =>
        rows.AsNoTracking().Select(l => new RecordSummary(CrmRecordTypes.Lead, l.Id, l.Title, l.ExpectedCloseDate, l.ExpectedAmount,
            l.Status == LeadStatus.Open ? "Open" : l.Status == LeadStatus.Won ? "Won" : "Lost", "/Crm/Leads/" + l.Id));
}
