using MokoCrm.Web.Modules.Crm.EventHandlers;
using MokoCrm.Web.Modules.Crm.Features;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Crm.Queries;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Events;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;

namespace MokoCrm.Web.Modules.Crm;

/// <summary>Third parties and contacts (issue 3, first slice).</summary>
public static class CrmModule
{
    public static IServiceCollection AddCrm(this IServiceCollection services)
    {
        services.AddPermissions("crm", "CRM", CrmPermissions.All);
        services.AddScoped<CurrentCrmVisibility>();
        services.AddScoped<CrmQueries>();
        services.AddScoped<ThirdPartyAdministration>();
        services.AddScoped<ContactAdministration>();
        services.AddScoped<IRecordDescriber, ThirdPartyDescriber>();
        services.AddScoped<IRecordDescriber, ContactDescriber>();
        services.AddScoped<IDemoDataSeeder, CrmDemoSeeder>();
        services.AddScoped<LeadQueries>();
        services.AddScoped<LeadAdministration>();
        services.AddScoped<ILeadLookup, LeadLookup>();
        services.AddScoped<IThirdPartyAccountingLookup, ThirdPartyAccountingLookup>();
        services.AddScoped<IThirdPartyLookup, ThirdPartyLookup>();
        services.AddScoped<IDomainEventHandler<ProposalSigned>, LeadOutcomeOnProposalClosed>();
        services.AddScoped<IDomainEventHandler<ProposalRefused>, LeadOutcomeOnProposalClosed>();
        services.AddScoped<IRecordDescriber, LeadDescriber>();
        services.AddScoped<IDemoDataSeeder, LeadDemoSeeder>();
        services.AddRecordType(new RecordTypeAccess(CrmRecordTypes.ThirdParty, read: CrmPermissions.ThirdParties.Read, write: CrmPermissions.ThirdParties.Write,
            visibleIds: v => CrmVisibility.VisibleThirdPartyIds(v.Db, v.UserId, v.Rights)));
        services.AddRecordType(new RecordTypeAccess(CrmRecordTypes.Contact, read: CrmPermissions.Contacts.Read, write: CrmPermissions.Contacts.Write,
            visibleIds: v => CrmVisibility.VisibleContactIds(v.Db, v.UserId, v.Rights)));
        services.AddRecordType(new RecordTypeAccess(CrmRecordTypes.Lead, read: CrmPermissions.Leads.Read, write: CrmPermissions.Leads.Write,
            visibleIds: v => CrmVisibility.VisibleLeadIds(v.Db, v.UserId, v.Rights)));
        services.AddMenu(new MenuSection("Crm", "CRM", "bi-people", "/Crm/ThirdParties", CrmPermissions.ThirdParties.Read, 100,
        [
            new MenuItem("Third parties", "/Crm/ThirdParties", CrmPermissions.ThirdParties.Read),
            new MenuItem("New third party", "/Crm/ThirdParties/new", CrmPermissions.ThirdParties.Write),
            new MenuItem("Customers", "/Crm/ThirdParties?kind=customer", CrmPermissions.ThirdParties.Read),
            new MenuItem("Prospects", "/Crm/ThirdParties?kind=prospect", CrmPermissions.ThirdParties.Read),
            new MenuItem("Suppliers", "/Crm/ThirdParties?kind=supplier", CrmPermissions.ThirdParties.Read),
            new MenuItem("Contacts", "/Crm/Contacts", CrmPermissions.Contacts.Read),
            new MenuItem("Leads", "/Crm/Leads", CrmPermissions.Leads.Read),
            new MenuItem("Pipeline", "/Crm/Leads/pipeline", CrmPermissions.Leads.Read),
        ]));
        return services;
    }
}
