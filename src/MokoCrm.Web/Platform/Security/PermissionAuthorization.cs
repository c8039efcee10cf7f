using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace MokoCrm.Web.Platform.Security;

/// <summary>Turns "perm:crm.thirdparties.read" policies into a requirement checked against the effective rights.</summary>
internal sealed class PermissionPolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    /// <summary>
    /// A policy depends only on its name (the right) and the fixed options, so the authorization middleware may keep each
    /// endpoint's combined policy instead of building it again on every request (a derived provider must opt in).
    /// The right itself is still checked on every request, against the user's current rights.
    /// </summary>
    public override bool AllowsCachingPolicies => true;

    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (!policyName.StartsWith(PermissionPolicy.Prefix, StringComparison.Ordinal))
        {
            return await base.GetPolicyAsync(policyName);
        }

        return new AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser()
            .AddRequirements(new PermissionRequirement(policyName[PermissionPolicy.Prefix.Length..]))
            .Build();
    }
}

internal sealed record PermissionRequirement(string Permission) : IAuthorizationRequirement;

internal sealed class PermissionHandler(CurrentUserPermissions permissions) : AuthorizationHandler<PermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated == true && await permissions.HasAsync(requirement.Permission))
        {
            context.Succeed(requirement);
        }
    }
}
