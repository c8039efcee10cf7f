using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Hosting;

namespace MokoCrm.IntegrationTests.Platform;

/// <summary>
/// Contexts are pooled (AppDbContextLeases, ADR 0017 addendum): the pool's options come from the template built once
/// (AppDbContextTemplate): the same provider options as <see cref="AppDbContextOptions.Configure"/> gives, the process's
/// interceptors in their fixed order; each scope's context is handed that scope's services.
/// </summary>
public sealed class DbContextOptionsTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task Every_scope_gets_the_configured_options_and_interceptors_and_its_context_its_own_services()
    {
        var connectionString = app.Services.GetRequiredService<DatabaseSettings>().ConnectionString;
        var direct = AppDbContextOptions.Configure(new DbContextOptionsBuilder<AppDbContext>(), connectionString).Options;

        await using var first = app.Services.CreateAsyncScope();
        await using var second = app.Services.CreateAsyncScope();
        var a = first.ServiceProvider.GetRequiredService<DbContextOptions<AppDbContext>>();
        var b = second.ServiceProvider.GetRequiredService<DbContextOptions<AppDbContext>>();

        foreach (var options in new[] { a, b })
        {
            options.Extensions.Select(e => e.GetType()).ShouldBe(direct.Extensions.Select(e => e.GetType()), ignoreOrder: true);
            var npgsql = options.Extensions.OfType<RelationalOptionsExtension>().Single();
            npgsql.ConnectionString.ShouldBe(direct.Extensions.OfType<RelationalOptionsExtension>().Single().ConnectionString);
            npgsql.ConnectionString!.ShouldContain("jit=off");
            new Npgsql.NpgsqlConnectionStringBuilder(npgsql.ConnectionString).MaxAutoPrepare.ShouldBe(AppDbContextOptions.AutoPrepared);
            var warnings = options.FindExtension<CoreOptionsExtension>()!.WarningsConfiguration;
            warnings.GetServiceProviderHashCode().ShouldBe(direct.FindExtension<CoreOptionsExtension>()!.WarningsConfiguration.GetServiceProviderHashCode());
            warnings.GetBehavior(CoreEventId.RowLimitingOperationWithoutOrderByWarning).ShouldBe(WarningBehavior.Ignore);
        }

        // One set of options for the process (the pool's), with the process's interceptors in THE order of PlatformModule.
        a.ShouldBeSameAs(b);
        var core = a.FindExtension<CoreOptionsExtension>()!;
        core.ApplicationServiceProvider.ShouldNotBeSameAs(first.ServiceProvider);
        core.ApplicationServiceProvider.ShouldNotBeSameAs(second.ServiceProvider);
        core.Interceptors!.Select(i => i.GetType()).ShouldBe([typeof(DomainEventsInterceptor), typeof(Web.Platform.Audit.AuditInterceptor), typeof(SettingsCacheInterceptor), typeof(Web.Platform.Api.ApiPrincipalCacheInterceptor)]);
        core.Interceptors!.OfType<DomainEventsInterceptor>().Single().ShouldBeSameAs(app.Services.GetRequiredService<DomainEventsInterceptor>());

        // Each scope's context is its own lease, holding that scope's services for the interceptors.
        var contextA = first.ServiceProvider.GetRequiredService<AppDbContext>();
        var contextB = second.ServiceProvider.GetRequiredService<AppDbContext>();
        contextA.ShouldNotBeSameAs(contextB);
        first.ServiceProvider.GetRequiredService<AppDbContext>().ShouldBeSameAs(contextA);
        AppDbContext.ScopeOf(contextA).ShouldBeSameAs(first.ServiceProvider);
        AppDbContext.ScopeOf(contextB).ShouldBeSameAs(second.ServiceProvider);
        contextA.Model.ShouldBeSameAs(contextB.Model);
        (await contextA.Database.SqlQueryRaw<string>("SELECT current_setting('jit') AS \"Value\"").SingleAsync()).ShouldBe("off");
        // Prepared statements, planned for each run's own values (a generic plan read whole ranges for the report pages).
        (await contextA.Database.SqlQueryRaw<string>("SELECT current_setting('plan_cache_mode') AS \"Value\"").SingleAsync()).ShouldBe("force_custom_plan");
    }
}
