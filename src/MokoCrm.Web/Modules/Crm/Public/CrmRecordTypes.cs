namespace MokoCrm.Web.Modules.Crm.Public;

/// <summary>The record types of the CRM (links, tags, notes, audit use them).</summary>
public static class CrmRecordTypes
{
    public const string ThirdParty = "crm.thirdparty";
    public const string Contact = "crm.contact";
    public const string Lead = "crm.lead";
}
