using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Hosting;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Notes;
using MokoCrm.Web.Platform.Tags;

namespace MokoCrm.Web.Platform;

/// <summary>Registers the shared kernel: database, logging, health, web plumbing.</summary>
public static class PlatformModule
{
    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        builder.AddMokoLogging();
        var database = DatabaseSettings.Resolve(builder);
        builder.Services.AddSingleton(database);
        builder.Services.AddDbContext<AppDbContext>((services, options) => options
            .UseNpgsql(database.ConnectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history", ModelConventions.PlatformSchema))
            .UseSnakeCaseNamingConvention()
            // THE ordered list of SaveChanges interceptors: EF runs them in this order. Whatever changes entities
            // during the save (domain event handlers) goes BEFORE the audit, which must record the final state.
            .AddInterceptors(
                services.GetRequiredService<AuditInterceptor>()));
        // Registered before Data Protection: hosted services start in order, and the key ring lives in a migrated table.
        builder.Services.AddHostedService<DatabaseInitializer>();
        builder.Services.AddDataProtection().SetApplicationName("MokoCRM").PersistKeysToDbContext<AppDbContext>();
        builder.Services.AddAudit();
        builder.Services.AddNotes();
        builder.Services.AddTags();
        builder.Services.AddLinks();
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
