using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Events;
using MokoCrm.Web.Platform.Hosting;
using MokoCrm.Web.Platform.Numbering;
using MokoCrm.Web.Platform.Outbox;

namespace MokoCrm.Web.Platform;

/// <summary>Registers the shared kernel: database, logging, health, web plumbing.</summary>
public static class PlatformModule
{
    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        builder.AddMokoLogging();
        var database = DatabaseSettings.Resolve(builder);
        builder.Services.AddSingleton(database);
        builder.Services.AddDbContext<AppDbContext>((scope, options) => options
            .UseNpgsql(database.ConnectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history", ModelConventions.PlatformSchema))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(scope.GetRequiredService<DomainEventsInterceptor>()));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddDomainEvents();
        builder.Services.AddNumbering(builder.Configuration);
        // Registered before Data Protection: hosted services start in order, and the key ring lives in a migrated table.
        builder.Services.AddHostedService<DatabaseInitializer>();
        builder.Services.AddDataProtection().SetApplicationName("MokoCRM").PersistKeysToDbContext<AppDbContext>();
        builder.Services.AddOutbox(builder.Configuration); // its worker is a hosted service: after the initializer
        builder.Services.AddMokoHealthChecks();
        builder.Services.AddControllersWithViews();
        return builder;
    }

    public static WebApplication UsePlatform(this WebApplication app)
    {
        app.UseMokoRequestLogging();
        app.UseStaticFiles();
        app.UseRouting();
        app.MapMokoHealthChecks();
        app.MapControllerRoute("areas", "{area:exists}/{controller=Home}/{action=Index}/{id?}");
        app.MapControllerRoute("default", "{controller=Home}/{action=Index}/{id?}");
        return app;
    }
}
