namespace MokoCrm.Web.Modules.Hr.Public;

/// <summary>The record types of Hr (links, notes, audit and accounting sources use them).</summary>
public static class HrRecordTypes
{
    public const string Salary = "hr.salary";
}
