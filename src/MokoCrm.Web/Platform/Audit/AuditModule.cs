using Microsoft.Extensions.DependencyInjection.Extensions;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Platform.Audit;

public static class AuditModule
{
    /// <summary>The interceptor itself is added to the DbContext by PlatformModule, in its place in the ordered list.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.TryAddSingleton(TimeProvider.System);
        // TryAdd: the security module may register its own ICurrentUser (API keys, impersonation) before or after this.
        services.TryAddScoped<ICurrentUser, HttpContextCurrentUser>();
        services.AddScoped<IAuditActions, AuditActions>();
        services.AddSingleton<AuditInterceptor>();
        services.AddScoped<IAuditTrail, AuditTrail>();
        return services;
    }
}
