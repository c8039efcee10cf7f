using Microsoft.EntityFrameworkCore;

namespace MokoCrm.Web.Platform.Data;

/// <summary>
/// How a DI scope gets its <see cref="AppDbContext"/>: leased from EF's context pool, and handed the scope's services.
/// </summary>
/// <remarks>
/// Building a context per scope (its options, EF's internal service scope, state manager and friends) cost about a
/// quarter of the app's CPU in a billing chain (ADR 0017, addendum). Pooled, a context is built once and reset by EF when
/// its scope ends (tracked entities, an open transaction, its connection, command timeout, change tracker settings, and
/// the settings it had after its constructor such as <c>AutoSavepointsEnabled = false</c>). Its options and SaveChanges
/// interceptors are therefore the process's, not the scope's: the interceptors are singletons that reach the scope's
/// services (current user, domain event handlers, audit actions) through <see cref="AppDbContext.ScopeOf"/>, and keep
/// any per-save state under <see cref="AppDbContext.LeaseOf"/>, so nothing of one scope reaches the next lease.
/// Model contributors (tests) come in through <c>ConfigureDbContext</c> as before: they are fixed for an app, and so is
/// its pool.
/// </remarks>
public static class AppDbContextLeases
{
    public static IServiceCollection AddPooledAppDbContext(this IServiceCollection services, Action<IServiceProvider, DbContextOptionsBuilder> options)
    {
        services.AddPooledDbContextFactory<AppDbContext>(options);
        // The scope disposes the context at its end, which gives it back to the pool (AppDbContext.Dispose forgets the scope).
        services.AddScoped(scope => scope.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext().LeasedBy(scope));
        return services;
    }
}
