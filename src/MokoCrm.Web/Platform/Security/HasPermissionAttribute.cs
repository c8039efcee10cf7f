using Microsoft.AspNetCore.Authorization;

namespace MokoCrm.Web.Platform.Security;

/// <summary>
/// The right an action needs, e.g. <c>[HasPermission(SetupPermissions.Write)]</c>. An anonymous user is sent to the
/// login page; a signed-in user without the right gets 403.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
public sealed class HasPermissionAttribute(string permission) : AuthorizeAttribute(PermissionPolicy.Prefix + permission)
{
    public string Permission { get; } = permission;
}

public static class PermissionPolicy
{
    public const string Prefix = "perm:";
}
