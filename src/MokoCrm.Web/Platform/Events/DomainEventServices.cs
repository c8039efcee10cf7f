using MokoCrm.Web.Platform.Data;

namespace MokoCrm.Web.Platform.Events;

public static class DomainEventServices
{
    /// <summary>
    /// The interceptor is scoped so that the DbContext of a scope dispatches to handlers of that same scope;
    /// AddDbContext resolves it from the scope's provider when it builds the context's options.
    /// Handlers register as <c>services.AddScoped&lt;IDomainEventHandler&lt;TEvent&gt;, THandler&gt;()</c>.
    /// </summary>
    public static IServiceCollection AddDomainEvents(this IServiceCollection services)
    {
        services.AddScoped<DomainEventsInterceptor>();
        return services;
    }
}
