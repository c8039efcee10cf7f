using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Hr;

/// <summary>The rights of the Hr module (salaries so far; expense reports come next).</summary>
public static class HrPermissions
{
    public static class Salaries
    {
        public const string Read = "hr.salaries.read";
        public const string Write = "hr.salaries.write";
        public const string Pay = "hr.salaries.pay";
    }

    public static readonly PermissionDefinition[] All =
    [
        new(Salaries.Read, "hr", "Salaries", "Read"),
        new(Salaries.Write, "hr", "Salaries", "Record"),
        new(Salaries.Pay, "hr", "Salaries", "Pay"),
    ];
}
