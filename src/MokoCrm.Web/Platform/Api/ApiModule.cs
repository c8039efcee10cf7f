using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MokoCrm.Web.Platform.Api;

/// <summary>Limits per API key (configuration section Moko:Api).</summary>
public sealed class ApiOptions
{
    /// <summary>Requests a key may make per second, sustained.</summary>
    public int RequestsPerSecond { get; set; } = 100;

    /// <summary>Requests a key may make at once after a quiet spell.</summary>
    public int Burst { get; set; } = 200;

    /// <summary>Requests per minute from one address without a valid key (slows down key guessing).</summary>
    public int AnonymousPerMinute { get; set; } = 600;
}

/// <summary>The API plumbing shared by every module's API controllers (docs/adr/0014-rest-api.md).</summary>
public static class ApiModule
{
    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ApiOptions>(configuration.GetSection("Moko:Api"));
        services.AddScoped<ApiKeys>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ApiPrincipalCache>();
        services.AddSingleton<ApiPrincipalCacheInterceptor>();
        services.AddApiDocument();
        services.AddSingleton<IConfigureOptions<Microsoft.AspNetCore.Mvc.MvcOptions>, NativeRecordRoutesSetup>();
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (!ApiErrors.IsApi(context.Request))
                {
                    return RateLimitPartition.GetNoLimiter("");
                }

                var options = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;
                if (context.User.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim) is { } keyId)
                {
                    return RateLimitPartition.GetTokenBucketLimiter("key:" + keyId, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = Math.Max(1, options.Burst),
                        TokensPerPeriod = Math.Max(1, options.RequestsPerSecond),
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    });
                }

                return RateLimitPartition.GetFixedWindowLimiter("ip:" + context.Connection.RemoteIpAddress, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, options.AnonymousPerMinute),
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            o.OnRejected = async (rejected, cancellationToken) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)) : 1;
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await ApiErrors.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests,
                    $"Too many requests for this API key: retry after {seconds} s.");
            };
        });
        return services;
    }
}
