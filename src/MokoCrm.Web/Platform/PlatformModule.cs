using System.Globalization;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Documents;
using MokoCrm.Web.Platform.Events;
using MokoCrm.Web.Platform.Hosting;
using MokoCrm.Web.Platform.Jobs;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Notes;
using MokoCrm.Web.Platform.Numbering;
using MokoCrm.Web.Platform.Outbox;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Controllers;
using MokoCrm.Web.Platform.Security.Domain;
using MokoCrm.Web.Platform.Security.Queries;
using MokoCrm.Web.Platform.Setup;
using MokoCrm.Web.Platform.Tags;
using MokoCrm.Web.Platform.Web;

namespace MokoCrm.Web.Platform;

/// <summary>Registers the shared kernel: database, logging, health, security, web plumbing.</summary>
public static class PlatformModule
{
    private static readonly CultureInfo[] Cultures = new[] { "en-US", "en-GB", "fr-FR", "de-DE", "es-ES", "it-IT", "nl-NL" }.Select(c => new CultureInfo(c)).ToArray();

    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        builder.AddMokoLogging();
        var database = DatabaseSettings.Resolve(builder);
        var services = builder.Services;
        services.AddSingleton(database);
        services.AddSingleton<AppDbContextTemplate>();
        // Pooled (AppDbContextLeases): options and interceptors are the process's; the interceptors read the scope's
        // services from the context being saved (AppDbContext.ScopeOf).
        services.AddPooledAppDbContext((provider, options) => provider.GetRequiredService<AppDbContextTemplate>().ApplyTo(options)
            // THE ordered list of SaveChanges interceptors: EF runs them in this order. Whatever changes entities
            // during the save (domain event handlers) goes BEFORE the audit, which must record the final state.
            .AddInterceptors(
                provider.GetRequiredService<DomainEventsInterceptor>(),
                provider.GetRequiredService<AuditInterceptor>(),
                provider.GetRequiredService<SettingsCacheInterceptor>(),
                provider.GetRequiredService<ApiPrincipalCacheInterceptor>()));
        services.AddSingleton<SettingsCache>();
        services.AddSingleton<SettingsCacheInterceptor>();
        services.AddDomainEvents();
        services.AddNumbering(builder.Configuration);
        // Registered before Data Protection: hosted services start in order, and the key ring lives in a migrated table.
        services.AddHostedService<DatabaseInitializer>();
        services.AddDataProtection().SetApplicationName("MokoCRM").PersistKeysToDbContext<AppDbContext>();
        services.AddOutbox(builder.Configuration); // its worker is a hosted service: after the initializer
        services.AddScheduledJobs(builder.Configuration);
        services.AddMokoHealthChecks();
        services.AddHttpContextAccessor();

        services.AddSecurity();
        services.AddScoped<IUserClaimsPrincipalFactory<AppUser>, MokoClaimsFactory>();
        services.AddScoped<UserQueries>();
        services.AddSetup();
        services.AddDocuments(builder.Configuration);
        services.AddAudit();
        services.AddNotes();
        services.AddTags();
        services.AddLinks();
        services.AddApi(builder.Configuration);
        services.AddValidatorsFromAssemblyContaining<AppDbContext>(ServiceLifetime.Singleton, includeInternalTypes: true);

        services.AddControllersWithViews(options =>
        {
            // Forms are checked by their FluentValidation validator, with our messages, not by MVC's implicit [Required].
            options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
            options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
            options.Filters.Add<DomainExceptionFilter>();
        });
        // Pages keep non-Latin text readable (Łódź, not &#x141;) — output is still HTML-encoded where it must be.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.Configure<RazorViewEngineOptions>(o => o.ViewLocationExpanders.Add(new ViewsNextToControllers()));
        services.AddAuthorizationBuilder()
            // Defence in depth: an endpoint that forgot its [HasPermission] still needs a signed-in user.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("en-US");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
        });

        services.AddMenu(new MenuSection("Admin", "Administration", "bi-shield-lock", "/Admin/Users", PlatformPermissions.UsersRead, 900,
        [
            new MenuItem("Users", "/Admin/Users", PlatformPermissions.UsersRead),
            new MenuItem("Groups", "/Admin/Groups", PlatformPermissions.UsersRead),
            new MenuItem("Tags", "/Admin/Tags", PlatformPermissions.TagsWrite),
        ]));
        return builder;
    }

    public static WebApplication UsePlatform(this WebApplication app)
    {
        app.UseExceptionHandler("/Error/500");
        app.UseStatusCodePagesWithReExecute("/Error/{0}");
        app.UseApiErrors();
        app.UseSecurityHeaders();
        app.UseMokoRequestLogging();
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseRouting();
        app.UseModuleLogContext();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseEffectiveRights();
        app.MapMokoHealthChecks();
        app.MapControllers();
        app.MapApiDocument();
        return app;
    }
}
