using Microsoft.Extensions.DependencyInjection.Extensions;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Platform.Links;

public static class LinksModule
{
    public static IServiceCollection AddLinks(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<ICurrentUser, HttpContextCurrentUser>();
        services.TryAddSingleton<RecordTypeRegistry>();
        services.TryAddScoped<IRecordAccess, RegistryRecordAccess>();
        services.AddScoped<ILinkService, LinkService>();
        services.AddScoped<ILinkQueries, LinkQueries>();
        services.AddScoped<RecordTabs>();
        return services;
    }
}
