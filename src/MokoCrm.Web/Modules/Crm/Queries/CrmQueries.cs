using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Domain;
using MokoCrm.Web.Modules.Crm.Features;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Search;
using MokoCrm.Web.Platform.Setup.Domain;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Crm.Queries;

public sealed record ThirdPartyRow
{
    public long Id { get; init; }

    public string Name { get; init; } = "";

    public string Alias { get; init; } = "";

    public string CustomerCode { get; init; } = "";

    public string SupplierCode { get; init; } = "";

    public string Kind { get; init; } = "";

    public string Town { get; init; } = "";

    public string CountryCode { get; init; } = "";

    public string Email { get; init; } = "";

    public string Phone { get; init; } = "";

    public string ProspectStatus { get; init; } = "";

    public string Status { get; init; } = "";

    /// <summary>What the list's search box matches (not shown).</summary>
    public string SearchText { get; init; } = "";
}

public sealed record ContactRow
{
    public long Id { get; init; }

    public string LastName { get; init; } = "";

    public string FirstName { get; init; } = "";

    public string JobTitle { get; init; } = "";

    public long ThirdPartyId { get; init; }

    public string ThirdParty { get; init; } = "";

    public string Email { get; init; } = "";

    public string Phone { get; init; } = "";

    public bool Active { get; init; }

    /// <summary>What the list's search box matches (not shown).</summary>
    public string SearchText { get; init; } = "";
}

/// <summary>The filters of the third party list, bound from its query string.</summary>
public sealed class ThirdPartyFilter
{
    /// <summary>customer, prospect or supplier.</summary>
    public string? Kind { get; set; }

    /// <summary>Active or Closed; empty for both.</summary>
    public ThirdPartyStatus? Status { get; set; }

    public string? Country { get; set; }

    /// <summary>Offered once a country is chosen (its regions).</summary>
    public long? Region { get; set; }

    public long? Representative { get; set; }

    public ProspectStatus? Prospect { get; set; }

    public long? Tag { get; set; }
}

public sealed record ThirdPartyListViewModel(ListPage<ThirdPartyRow> List, ThirdPartyFilter Filter, IReadOnlyList<Country> Countries,
    IReadOnlyList<Region> Regions, IReadOnlyList<(long Id, string Name)> Representatives);

public sealed record ContactListViewModel(ListPage<ContactRow> List, long? ThirdPartyId, string? ThirdPartyName);

public sealed record ThirdPartyCard(ThirdParty ThirdParty, string CountryName, string? RegionName, string? PaymentTerm, string? PaymentMethod,
    string? ParentName, IReadOnlyList<string> Representatives, int ContactCount, IReadOnlyList<ContactRow> Contacts, int LeadCount);

public sealed record ThirdPartyEditViewModel(long? Id, ThirdPartyForm Form, IReadOnlyList<Country> Countries, IReadOnlyList<Region> Regions,
    IReadOnlyList<PaymentTerm> PaymentTerms, IReadOnlyList<PaymentMethod> PaymentMethods, string? ParentName,
    IReadOnlyList<(long Id, string Text)> Representatives, IReadOnlyList<PossibleDuplicate> Duplicates);

public sealed record ContactCard(Contact Contact, string? ThirdPartyName);

public sealed record ContactEditViewModel(long? Id, ContactForm Form, string? ThirdPartyName);

/// <summary>Read side of the CRM screens: every query composes the visibility rule of <see cref="CrmVisibility"/>.</summary>
public sealed class CrmQueries(AppDbContext db, CurrentCrmVisibility visibility)
{
    public static string KindLabel(bool customer, bool prospect, bool supplier) =>
        string.Join(", ", new[] { customer ? "Customer" : null, prospect ? "Prospect" : null, supplier ? "Supplier" : null }.Where(k => k is not null));

    public static string ProspectLabel(ProspectStatus status) => status switch
    {
        ProspectStatus.NeverContacted => "Never contacted",
        ProspectStatus.ToContact => "To contact",
        ProspectStatus.InProgress => "In progress",
        ProspectStatus.Done => "Done",
        ProspectStatus.DoNotContact => "Do not contact",
        _ => status.ToString(),
    };

    public static readonly ListDefinition<ThirdPartyRow> ThirdPartyList = new ListDefinition<ThirdPartyRow>("third-parties", t => t.Id)
        .ExportedWith(CrmPermissions.ThirdParties.Export)
        .Column("name", "Name", t => t.Name, c => c.Link = t => $"/Crm/ThirdParties/{t.Id}")
        .Column("alias", "Alias", t => t.Alias)
        .Column("customer_code", "Customer code", t => t.CustomerCode)
        .Column("supplier_code", "Supplier code", t => t.SupplierCode)
        .Column("kind", "Kind", t => t.Kind, c => c.Sortable = false)
        .Column("town", "Town", t => t.Town)
        .Column("country", "Country", t => t.CountryCode)
        .Column("email", "E-mail", t => t.Email)
        .Column("phone", "Phone", t => t.Phone, c => c.Sortable = false)
        .Column("prospect", "Prospect status", t => t.ProspectStatus, c => c.Sortable = false)
        .Column("status", "Status", t => t.Status, c => { c.Sortable = false; c.Badge = t => t.Status == "Active" ? "success" : "secondary"; })
        .SortedBy("name")
        .Searching((rows, q) => rows.WhereSearchTextContains(t => t.SearchText, q));

    public static readonly ListDefinition<ContactRow> ContactList = new ListDefinition<ContactRow>("contacts", c => c.Id)
        .ExportedWith(CrmPermissions.ThirdParties.Export)
        .Column("last_name", "Last name", c => c.LastName, c => c.Link = r => $"/Crm/Contacts/{r.Id}")
        .Column("first_name", "First name", c => c.FirstName)
        .Column("job", "Job title", c => c.JobTitle)
        .Column("third_party", "Third party", c => c.ThirdParty, c => c.Link = r => r.ThirdPartyId == 0 ? null : $"/Crm/ThirdParties/{r.ThirdPartyId}")
        .Column("email", "E-mail", c => c.Email)
        .Column("phone", "Phone", c => c.Phone, c => c.Sortable = false)
        .Column("active", "Active", c => c.Active, c => { c.Sortable = false; c.Badge = r => r.Active ? "success" : "secondary"; })
        .SortedBy("last_name")
        .Searching((rows, q) => rows.WhereSearchTextContains(c => c.SearchText, q));

    /// <summary>The third parties the user may see, filtered; the tag filter is composed by the caller.</summary>
    public async Task<IQueryable<ThirdPartyRow>> ThirdPartiesAsync(ThirdPartyFilter filter)
    {
        var rows = db.Set<ThirdParty>().AsNoTracking().WhereThirdPartyVisible(await visibility.ThirdPartyIdsAsync(), t => t.Id);
        rows = filter.Kind switch
        {
            "customer" => rows.Where(t => t.IsCustomer),
            "prospect" => rows.Where(t => t.IsProspect),
            "supplier" => rows.Where(t => t.IsSupplier),
            _ => rows,
        };
        if (filter.Status is { } status)
        {
            rows = rows.Where(t => t.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(filter.Country))
        {
            rows = rows.Where(t => t.CountryCode == filter.Country);
        }

        if (filter.Region is { } region)
        {
            rows = rows.Where(t => t.RegionId == region);
        }

        if (filter.Representative is { } rep)
        {
            rows = rows.Where(t => db.Set<SalesRepresentative>().Any(r => r.ThirdPartyId == t.Id && r.UserId == rep));
        }

        if (filter.Prospect is { } prospect)
        {
            rows = rows.Where(t => t.ProspectStatus == prospect);
        }

        return rows.Select(t => new ThirdPartyRow
        {
            Id = t.Id,
            Name = t.Name,
            Alias = t.Alias ?? "",
            CustomerCode = t.CustomerCode ?? "",
            SupplierCode = t.SupplierCode ?? "",
            Kind = (t.IsCustomer ? "Customer " : "") + (t.IsProspect ? "Prospect " : "") + (t.IsSupplier ? "Supplier" : ""),
            Town = t.Town ?? "",
            CountryCode = t.CountryCode,
            Email = t.Email ?? "",
            Phone = t.Phone ?? "",
            ProspectStatus = t.ProspectStatus == ProspectStatus.NeverContacted ? "Never contacted"
                : t.ProspectStatus == ProspectStatus.ToContact ? "To contact"
                : t.ProspectStatus == ProspectStatus.InProgress ? "In progress"
                : t.ProspectStatus == ProspectStatus.Done ? "Done" : "Do not contact",
            Status = t.Status == ThirdPartyStatus.Active ? "Active" : "Closed",
            SearchText = EF.Property<string>(t, SearchText.Property),
        });
    }

    public async Task<IQueryable<ContactRow>> ContactsAsync(long? thirdPartyId)
    {
        var contacts = db.Set<Contact>().AsNoTracking().WhereThirdPartyVisible(await visibility.ContactIdsAsync(), c => c.Id);
        if (thirdPartyId is { } tp)
        {
            contacts = contacts.Where(c => c.ThirdPartyId == tp);
        }

        return from c in contacts
            join t in db.Set<ThirdParty>() on c.ThirdPartyId equals t.Id into parties
            from t in parties.DefaultIfEmpty()
            select new ContactRow
            {
                Id = c.Id,
                LastName = c.LastName,
                FirstName = c.FirstName ?? "",
                JobTitle = c.JobTitle ?? "",
                ThirdPartyId = c.ThirdPartyId ?? 0,
                ThirdParty = t == null ? "" : t.Name,
                Email = c.Email ?? "",
                Phone = c.Phone ?? c.Mobile ?? "",
                Active = c.Active,
                SearchText = EF.Property<string>(c, SearchText.Property),
            };
    }

    /// <summary>The third party, or null when it does not exist or the user may not see it (404 either way).</summary>
    public async Task<ThirdParty?> ThirdPartyAsync(long id) =>
        await db.Set<ThirdParty>().AsNoTracking().Where(t => t.Id == id)
            .WhereThirdPartyVisible(await visibility.ThirdPartyIdsAsync(), t => t.Id).SingleOrDefaultAsync();

    public async Task<ThirdPartyCard?> ThirdPartyCardAsync(long id)
    {
        if (await ThirdPartyAsync(id) is not { } t)
        {
            return null;
        }

        var country = await db.Set<Country>().Where(c => c.Code == t.CountryCode).Select(c => c.Name).SingleOrDefaultAsync() ?? t.CountryCode;
        var region = t.RegionId is { } r ? await db.Set<Region>().Where(x => x.Id == r).Select(x => x.Name).SingleOrDefaultAsync() : null;
        var term = t.PaymentTermId is { } pt ? await db.Set<PaymentTerm>().Where(x => x.Id == pt).Select(x => x.Label).SingleOrDefaultAsync() : null;
        var method = t.PaymentMethodId is { } pm ? await db.Set<PaymentMethod>().Where(x => x.Id == pm).Select(x => x.Label).SingleOrDefaultAsync() : null;
        var parent = t.ParentId is { } p ? await db.Set<ThirdParty>().Where(x => x.Id == p).Select(x => x.Name).SingleOrDefaultAsync() : null;
        var reps = await (from rep in db.Set<SalesRepresentative>()
            join u in db.Users on rep.UserId equals u.Id
            where rep.ThirdPartyId == id
            orderby u.FullName
            select u.FullName).ToListAsync();
        var contacts = await ContactsAsync(id);
        var contactCount = await contacts.CountAsync();
        var firstContacts = await contacts.OrderBy(c => c.LastName).ThenBy(c => c.Id).Take(10).ToListAsync();
        var leadCount = await db.Set<Lead>().Where(l => l.ThirdPartyId == id).WhereThirdPartyVisible(await visibility.LeadIdsAsync(), l => l.Id).CountAsync();
        return new ThirdPartyCard(t, country, region, term, method, parent, reps, contactCount, firstContacts, leadCount);
    }

    public async Task<ThirdPartyForm?> ThirdPartyFormAsync(long id)
    {
        if (await ThirdPartyAsync(id) is not { } t)
        {
            return null;
        }

        return new ThirdPartyForm
        {
            Name = t.Name, Alias = t.Alias, IsCustomer = t.IsCustomer, IsProspect = t.IsProspect, IsSupplier = t.IsSupplier,
            Address = t.Address, PostalCode = t.PostalCode, Town = t.Town, CountryCode = t.CountryCode, RegionId = t.RegionId,
            Phone = t.Phone, Email = t.Email, Website = t.Website, VatId = t.VatId, VatLiable = t.VatLiable,
            PaymentTermId = t.PaymentTermId, PaymentMethodId = t.PaymentMethodId, DefaultDiscountPercent = t.DefaultDiscountPercent,
            CreditLimit = t.CreditLimit, ParentId = t.ParentId, ProspectStatus = t.ProspectStatus, AccountingCode = t.AccountingCode,
            SalesRepresentativeIds = await db.Set<SalesRepresentative>().Where(r => r.ThirdPartyId == id).Select(r => r.UserId).ToListAsync(),
        };
    }

    public async Task<ThirdPartyEditViewModel> EditViewModelAsync(long? id, ThirdPartyForm form, IReadOnlyList<PossibleDuplicate>? duplicates = null)
    {
        var country = string.IsNullOrWhiteSpace(form.CountryCode) ? "" : form.CountryCode.ToUpperInvariant();
        var repIds = form.SalesRepresentativeIds;
        var reps = await db.Users.AsNoTracking().Where(u => repIds.Contains(u.Id)).OrderBy(u => u.FullName)
            .Select(u => new { u.Id, u.FullName, u.UserName }).ToListAsync();
        return new ThirdPartyEditViewModel(id, form,
            await db.Set<Country>().AsNoTracking().Where(c => c.Active).OrderBy(c => c.Name).ToListAsync(),
            await db.Set<Region>().AsNoTracking().Where(r => r.CountryCode == country).OrderBy(r => r.Name).ToListAsync(),
            await db.Set<PaymentTerm>().AsNoTracking().Where(p => p.Active).OrderBy(p => p.SortOrder).ToListAsync(),
            await db.Set<PaymentMethod>().AsNoTracking().Where(p => p.Active).OrderBy(p => p.Label).ToListAsync(),
            form.ParentId is { } p ? await db.Set<ThirdParty>().Where(t => t.Id == p).Select(t => t.Name).SingleOrDefaultAsync() : null,
            reps.Select(u => (u.Id, $"{u.FullName} ({u.UserName})")).ToList(),
            duplicates ?? []);
    }

    public async Task<IReadOnlyList<(long Id, string Name)>> RepresentativeChoicesAsync() =>
        (await db.Users.AsNoTracking().Where(u => u.IsActive && db.Set<SalesRepresentative>().Any(r => r.UserId == u.Id))
            .OrderBy(u => u.FullName).Select(u => new { u.Id, u.FullName }).ToListAsync()).Select(u => (u.Id, u.FullName)).ToList();

    /// <summary>The contact picker: visible, active contacts (of one third party when given) whose name, e-mail or phone matches.</summary>
    public async Task<IReadOnlyList<(long Id, string Text)>> ContactLookupAsync(string? q, long? thirdPartyId, int take = 30)
    {
        var contacts = db.Set<Contact>().AsNoTracking().Where(c => c.Active).WhereThirdPartyVisible(await visibility.ContactIdsAsync(), c => c.Id);
        if (thirdPartyId is { } party)
        {
            contacts = contacts.Where(c => c.ThirdPartyId == party);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            contacts = contacts.WhereSearchTextContains(q);
        }

        var rows = await (from c in contacts
                join t in db.Set<ThirdParty>() on c.ThirdPartyId equals t.Id into parties
                from t in parties.DefaultIfEmpty()
                orderby c.LastName, c.FirstName, c.Id
                select new { c.Id, c.FirstName, c.LastName, Party = t.Name })
            .Take(take).ToListAsync();
        return rows.Select(c => (c.Id, (c.FirstName is null ? c.LastName : $"{c.FirstName} {c.LastName}") + (thirdPartyId is null && c.Party is not null ? $" ({c.Party})" : "")))
            .ToList();
    }

    /// <summary>The third party picker: visible, active third parties whose name, alias or code matches.</summary>
    public async Task<IReadOnlyList<(long Id, string Text)>> LookupAsync(string? q, int take = 30)
    {
        var rows = db.Set<ThirdParty>().AsNoTracking().Where(t => t.Status == ThirdPartyStatus.Active)
            .WhereThirdPartyVisible(await visibility.ThirdPartyIdsAsync(), t => t.Id);
        if (!string.IsNullOrWhiteSpace(q))
        {
            rows = rows.WhereSearchTextContains(q);
        }

        return (await rows.OrderBy(t => t.Name).ThenBy(t => t.Id).Take(take).Select(t => new { t.Id, t.Name, Code = t.CustomerCode ?? t.SupplierCode }).ToListAsync())
            .Select(t => (t.Id, t.Code is null ? t.Name : $"{t.Name} ({t.Code})")).ToList();
    }

    public async Task<ContactCard?> ContactCardAsync(long id)
    {
        var contact = await db.Set<Contact>().AsNoTracking().Where(c => c.Id == id)
            .WhereThirdPartyVisible(await visibility.ContactIdsAsync(), c => c.Id).SingleOrDefaultAsync();
        if (contact is null)
        {
            return null;
        }

        var name = contact.ThirdPartyId is { } tp ? await db.Set<ThirdParty>().Where(t => t.Id == tp).Select(t => t.Name).SingleOrDefaultAsync() : null;
        return new ContactCard(contact, name);
    }

    public async Task<string?> ThirdPartyNameAsync(long? id) =>
        id is { } tp && await ThirdPartyAsync(tp) is { } t ? t.Name : null;
}

/// <summary>Crm/Public's third party lookup for other modules' documents, within the current user's visibility.</summary>
internal sealed class ThirdPartyLookup(AppDbContext db, CurrentCrmVisibility visibility) : IThirdPartyLookup
{
    public async Task<ThirdPartySummary?> FindAsync(long id, CancellationToken cancellationToken = default) =>
        (await FindManyAsync([id], cancellationToken)).FirstOrDefault();

    public async Task<IReadOnlyList<ThirdPartySummary>> FindManyAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        var rows = await db.Set<ThirdParty>().AsNoTracking().Where(t => ids.Contains(t.Id))
            .WhereThirdPartyVisible(await visibility.ThirdPartyIdsAsync(), t => t.Id)
            .Select(t => new
            {
                t.Id, t.Name, t.CustomerCode, t.SupplierCode, t.IsCustomer, t.IsProspect, t.IsSupplier, t.Status, t.Address, t.PostalCode, t.Town,
                t.CountryCode, t.VatId, t.Email, t.PaymentTermId, t.PaymentMethodId, t.AccountingCode,
            })
            .ToListAsync(cancellationToken);
        return rows.Select(t => new ThirdPartySummary(t.Id, t.Name, t.CustomerCode, t.SupplierCode, t.IsCustomer, t.IsProspect, t.IsSupplier,
            t.Status == ThirdPartyStatus.Active,
            new[] { t.Address, string.Join(' ', new[] { t.PostalCode, t.Town }.Where(p => !string.IsNullOrWhiteSpace(p))), t.CountryCode }
                .Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l!).ToList(),
            t.VatId, t.Email, t.PaymentTermId, t.PaymentMethodId, t.AccountingCode)).ToList();
    }

    public async Task<IReadOnlyList<ContactSummary>> ContactsOfAsync(long thirdPartyId, CancellationToken cancellationToken = default) =>
        await FindAsync(thirdPartyId, cancellationToken) is null
            ? []
            : await db.Set<Contact>().AsNoTracking().Where(c => c.ThirdPartyId == thirdPartyId && c.Active).OrderBy(c => c.LastName).ThenBy(c => c.Id)
                .Select(c => new ContactSummary(c.Id, c.ThirdPartyId, c.FirstName == null ? c.LastName : c.FirstName + " " + c.LastName, c.Email, c.Phone, c.Active))
                .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<ContactSummary>> ContactsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
        await db.Set<Contact>().AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new ContactSummary(c.Id, c.ThirdPartyId, c.FirstName == null ? c.LastName : c.FirstName + " " + c.LastName, c.Email, c.Phone, c.Active))
            .ToListAsync(cancellationToken);
}
