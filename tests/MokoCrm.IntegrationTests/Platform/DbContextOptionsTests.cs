using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Hosting;

namespace MokoCrm.IntegrationTests.Platform;

/// <summary>
/// Each scope's context options come from the template built once (AppDbContextTemplate, ADR 0017): the same provider
/// options as <see cref="AppDbContextOptions.Configure"/> gives, the scope's own interceptors and services.
/// </summary>
public sealed class DbContextOptionsTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task A_scope_gets_the_configured_options_with_its_own_interceptors_and_services()
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

        // Shared where EF's options are immutable, the scope's own where they hold its services.
        a.Extensions.OfType<RelationalOptionsExtension>().Single().ShouldBeSameAs(b.Extensions.OfType<RelationalOptionsExtension>().Single());
        var coreA = a.FindExtension<CoreOptionsExtension>()!;
        var coreB = b.FindExtension<CoreOptionsExtension>()!;
        coreA.ApplicationServiceProvider.ShouldBeSameAs(first.ServiceProvider);
        coreB.ApplicationServiceProvider.ShouldBeSameAs(second.ServiceProvider);
        coreA.Interceptors!.OfType<DomainEventsInterceptor>().Single().ShouldBeSameAs(first.ServiceProvider.GetRequiredService<DomainEventsInterceptor>());
        coreA.Interceptors!.Select(i => i.GetType()).ShouldBe([typeof(DomainEventsInterceptor), typeof(Web.Platform.Audit.AuditInterceptor), typeof(SettingsCacheInterceptor), typeof(Web.Platform.Api.ApiPrincipalCacheInterceptor)]);
        coreA.Interceptors!.OfType<DomainEventsInterceptor>().Single().ShouldNotBeSameAs(coreB.Interceptors!.OfType<DomainEventsInterceptor>().Single());

        // Both contexts run on EF's one cached internal service provider (one model), and on the database.
        var contextA = first.ServiceProvider.GetRequiredService<AppDbContext>();
        var contextB = second.ServiceProvider.GetRequiredService<AppDbContext>();
        contextA.GetService<IDesignTimeModel>().Model.ShouldBeSameAs(contextB.GetService<IDesignTimeModel>().Model);
        // The runtime model is the template's, handed to each context in its options: EF does not look for a compiled
        // model over the assembly's attributes nor in its model cache per context (ADR 0017).
        contextA.Model.ShouldBeSameAs(contextB.Model);
        contextA.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()!.Model.ShouldBeSameAs(contextA.Model);
        contextB.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()!.Model.ShouldBeSameAs(contextA.Model);
        (await contextA.Database.SqlQueryRaw<string>("SELECT current_setting('jit') AS \"Value\"").SingleAsync()).ShouldBe("off");
        // Prepared statements, planned for each run's own values (a generic plan read whole ranges for the report pages).
        (await contextA.Database.SqlQueryRaw<string>("SELECT current_setting('plan_cache_mode') AS \"Value\"").SingleAsync()).ShouldBe("force_custom_plan");
    }
}
