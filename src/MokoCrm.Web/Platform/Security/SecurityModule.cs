using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security.Domain;

namespace MokoCrm.Web.Platform.Security;

public static class SecurityModule
{
    public const string DefaultScheme = "moko";

    public static IServiceCollection AddSecurity(this IServiceCollection services)
    {
        services.AddIdentityCore<AppUser>(ConfigureIdentity)
            .AddSignInManager()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders();

        // One default scheme that picks by path: under /api an API key and nothing else (docs/adr/0014-rest-api.md),
        // elsewhere the sign-in cookie.
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = DefaultScheme;
                o.DefaultChallengeScheme = DefaultScheme;
                o.DefaultForbidScheme = DefaultScheme;
            })
            .AddPolicyScheme(DefaultScheme, "Cookie or API key", o => o.ForwardDefaultSelector = context =>
                Api.ApiErrors.IsApi(context.Request) ? Api.ApiKeyAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, Api.ApiKeyAuthenticationHandler>(Api.ApiKeyAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies(cookies => cookies.ApplicationCookie!.Configure(options =>
            {
                options.LoginPath = "/Account/Login";
                options.LogoutPath = "/Account/Logout";
                options.Cookie.Name = "moko.auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.SlidingExpiration = true;
                options.ExpireTimeSpan = TimeSpan.FromHours(10);
                options.Events.OnRedirectToAccessDenied = context =>
                {
                    // A missing right is a 403 with a friendly page, not a redirect to another URL.
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
                options.Events.OnRedirectToLogin = context =>
                {
                    if (context.Request.Path.StartsWithSegments("/api"))
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        return Task.CompletedTask;
                    }

                    context.Response.Redirect(context.RedirectUri);
                    return Task.CompletedTask;
                };
            }));

        // A disabled user's cookie stops working within a minute (the security stamp changes when disabled).
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddAuthorization();
        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();
        services.AddScoped<IAuthorizationHandler, PermissionHandler>();
        services.AddScoped<CurrentUserPermissions>();
        services.AddSingleton<PermissionCatalogue>();
        services.AddPermissions("platform", "Administration", PlatformPermissions.All);
        services.AddScoped<IReferenceDataSeeder, AdminUserSeeder>();
        services.AddScoped<UserAdministration>();
        return services;
    }

    /// <summary>Password rules and lockout (5 wrong passwords lock the account for 15 minutes).</summary>
    public static void ConfigureIdentity(IdentityOptions options)
    {
        options.Password.RequiredLength = 8;
        options.Password.RequireDigit = true;
        options.Password.RequireLowercase = true;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        options.Lockout.AllowedForNewUsers = true;
        options.User.RequireUniqueEmail = false;
    }

    /// <summary>Loads the signed-in user's rights once per request, so views and menus read them without waiting.</summary>
    public static IApplicationBuilder UseEffectiveRights(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated == true)
            {
                await context.RequestServices.GetRequiredService<CurrentUserPermissions>().GetAsync();
            }

            await next();
        });
}
