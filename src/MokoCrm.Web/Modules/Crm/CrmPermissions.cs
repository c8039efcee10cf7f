using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Crm;

/// <summary>The rights of the CRM module (DOMAIN.md §10).</summary>
public static class CrmPermissions
{
    public static class ThirdParties
    {
        public const string Read = "crm.thirdparties.read";
        public const string Write = "crm.thirdparties.write";
        public const string Delete = "crm.thirdparties.delete";
        public const string Export = "crm.thirdparties.export";

        /// <summary>Without it a user sees only the third parties they are sales representative for.</summary>
        public const string SeeAll = "crm.thirdparties.seeall";
    }

    public static class Contacts
    {
        public const string Read = "crm.contacts.read";
        public const string Write = "crm.contacts.write";
    }

    public static class Leads
    {
        public const string Read = "crm.leads.read";
        public const string Write = "crm.leads.write";
        public const string Delete = "crm.leads.delete";
    }

    public static readonly PermissionDefinition[] All =
    [
        new(ThirdParties.Read, "crm", "Third parties", "Read"),
        new(ThirdParties.Write, "crm", "Third parties", "Create, edit, close"),
        new(ThirdParties.Delete, "crm", "Third parties", "Delete"),
        new(ThirdParties.Export, "crm", "Third parties", "Export third parties and contacts"),
        new(ThirdParties.SeeAll, "crm", "Third parties", "See all (not only those they represent)"),
        new(Contacts.Read, "crm", "Contacts", "Read"),
        new(Contacts.Write, "crm", "Contacts", "Create, edit"),
        new(Leads.Read, "crm", "Leads", "Read, export"),
        new(Leads.Write, "crm", "Leads", "Create, edit, move, convert, win, lose"),
        new(Leads.Delete, "crm", "Leads", "Delete"),
    ];
}
