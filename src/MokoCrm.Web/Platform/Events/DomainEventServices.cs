using MokoCrm.Web.Platform.Data;

namespace MokoCrm.Web.Platform.Events;

public static class DomainEventServices
{
    /// <summary>
    /// The interceptor is one for the process (contexts are pooled); it dispatches to handlers of the scope that leased
    /// the DbContext being saved (<see cref="AppDbContext.ScopeOf"/>).
    /// Handlers register as <c>services.AddScoped&lt;IDomainEventHandler&lt;TEvent&gt;, THandler&gt;()</c>.
    /// </summary>
    public static IServiceCollection AddDomainEvents(this IServiceCollection services)
    {
        services.AddSingleton<DomainEventsInterceptor>();
        return services;
    }
}
