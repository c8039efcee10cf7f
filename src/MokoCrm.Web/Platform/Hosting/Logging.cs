using Serilog;
using Serilog.Events;

namespace MokoCrm.Web.Platform.Hosting;

/// <summary>Serilog: console, a rolling file in the data folder, and one request line per HTTP request.</summary>
public static class Logging
{
    public static void AddMokoLogging(this WebApplicationBuilder builder)
    {
        var logToFile = builder.Configuration.GetValue("Moko:LogToFile", true);
        var logFolder = Path.Combine(MokoPaths.DataDirectory(builder.Configuration), "logs");
        builder.Services.AddSerilog((services, config) =>
        {
            config.ReadFrom.Configuration(builder.Configuration)
                .MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
                // Keys are kept unencrypted in the database on purpose (shared by every node); don't warn on each start.
                .MinimumLevel.Override("Microsoft.AspNetCore.DataProtection", LogEventLevel.Error)
                .Enrich.FromLogContext()
                .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Module} {Message:lj}{NewLine}{Exception}");
            if (logToFile)
            {
                config.WriteTo.File(Path.Combine(logFolder, "mokocrm-.log"), rollingInterval: RollingInterval.Day,
                    retainedFileCountLimit: 30,
                    outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {Module} {RequestId} {Message:lj}{NewLine}{Exception}");
            }
        });
    }

    /// <summary>Every log line written while a request runs carries its module (the MVC area), not only the request line.</summary>
    public static void UseModuleLogContext(this WebApplication app) =>
        app.Use(async (context, next) =>
        {
            using (Serilog.Context.LogContext.PushProperty("Module", context.GetRouteValue("area") as string ?? "Platform"))
            {
                await next();
            }
        });

    public static void UseMokoRequestLogging(this WebApplication app) =>
        app.UseSerilogRequestLogging(options =>
        {
            options.GetLevel = (http, _, exception) =>
                exception is not null || http.Response.StatusCode >= 500 ? LogEventLevel.Error
                : http.Request.Path.StartsWithSegments("/health") || http.Request.Path.StartsWithSegments("/lib") ? LogEventLevel.Verbose
                : LogEventLevel.Information;
            options.EnrichDiagnosticContext = (diagnostics, http) =>
            {
                // The module is the MVC area: every log line of a request can be filtered by module.
                diagnostics.Set("Module", http.GetRouteValue("area") as string ?? "Platform");
                diagnostics.Set("User", http.User.Identity?.Name ?? "-");
            };
        });
}
