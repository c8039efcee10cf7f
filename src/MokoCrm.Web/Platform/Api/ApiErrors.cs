using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace MokoCrm.Web.Platform.Api;

/// <summary>A refusal the API answers with its status and message (bad input, unknown id, missing right...).</summary>
public sealed class ApiException(int status, string message, IReadOnlyDictionary<string, string[]>? errors = null) : Exception(message)
{
    public int Status { get; } = status;

    public IReadOnlyDictionary<string, string[]>? Errors { get; } = errors;

    public static ApiException BadRequest(string message, IReadOnlyDictionary<string, string[]>? errors = null) => new(StatusCodes.Status400BadRequest, message, errors);

    public static ApiException NotFound(string message) => new(StatusCodes.Status404NotFound, message);
}

/// <summary>
/// The two error shapes, chosen by path: Dolibarr's <c>{"error":{"code":404,"message":"Not Found: ..."}}</c> under
/// /api/index.php, RFC 9457 problem details (with field errors) under /api/v1.
/// </summary>
public static partial class ApiErrors
{
    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    public static bool IsNative(HttpRequest request) => request.Path.StartsWithSegments("/api/v1");

    public static string Body(HttpRequest request, int status, string message, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        var reason = ReasonPhrases.GetReasonPhrase(status);
        if (IsNative(request))
        {
            var problem = new JsonObject
            {
                ["type"] = $"https://httpstatuses.io/{status}",
                ["title"] = reason,
                ["status"] = status,
                ["detail"] = message,
                ["instance"] = request.Path.Value,
            };
            if (errors is { Count: > 0 })
            {
                var fields = new JsonObject();
                foreach (var (field, messages) in errors)
                {
                    fields[field] = new JsonArray(messages.Select(m => (JsonNode?)JsonValue.Create(m)).ToArray());
                }

                problem["errors"] = fields;
            }

            return problem.ToJsonString();
        }

        var text = errors is { Count: > 0 } ? $"{message} {string.Join(" ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")))}" : message;
        return new JsonObject { ["error"] = new JsonObject { ["code"] = status, ["message"] = $"{reason}: {text}" } }.ToJsonString();
    }

    public static async Task WriteAsync(HttpContext context, int status, string message, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = IsNative(context.Request) ? "application/problem+json" : "application/json";
        await context.Response.WriteAsync(Body(context.Request, status, message, errors), context.RequestAborted);
    }

    /// <summary>A JSON reader's complaint in words a client can act on, without .NET type names.</summary>
    public static string Describe(JsonException ex)
    {
        var unmapped = UnmappedPattern().Match(ex.Message);
        if (unmapped.Success)
        {
            return $"Unknown field '{unmapped.Groups[1].Value}'.";
        }

        var path = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? null : ex.Path.TrimStart('$', '.');
        if (ex.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return path is null ? "The body does not have the expected shape (an object was expected)." : $"The field '{path}' has a value of the wrong type.";
        }

        return path is null ? "The body is not valid JSON." : $"The body is not valid JSON near '{path}'.";
    }

    [GeneratedRegex("The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnmappedPattern();
}

/// <summary>
/// Under /api: no HTML error pages. An empty error response gets a JSON body in the path's shape, and a crash is a
/// JSON 500 (logged), never the site's error page.
/// </summary>
internal static class ApiErrorMiddleware
{
    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!ApiErrors.IsApi(context.Request))
            {
                await next();
                return;
            }

            if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }

            try
            {
                await next();
            }
            catch (Exception ex) when (!context.Response.HasStarted && Unreadable(ex) is { } refusal)
            {
                // A body the server could not read (too large for the endpoint, a broken multipart form) is the client's to fix.
                context.Response.Clear();
                await ApiErrors.WriteAsync(context, refusal.Status, refusal.Message);
                return;
            }
            catch (Exception ex) when (!context.Response.HasStarted && ex is not OperationCanceledException)
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("MokoCrm.Api").LogError(ex, "API request failed");
                context.Response.Clear();
                await ApiErrors.WriteAsync(context, StatusCodes.Status500InternalServerError, "The server failed to answer this request; it was logged.");
                return;
            }

            if (context.Response.StatusCode >= 400 && !context.Response.HasStarted && context.Response.ContentLength is null)
            {
                var message = context.Response.StatusCode switch
                {
                    404 => "No such endpoint.",
                    405 => "This endpoint does not accept that method.",
                    415 => "Send the body as JSON (Content-Type: application/json).",
                    _ => "The request was refused.",
                };
                await ApiErrors.WriteAsync(context, context.Response.StatusCode, message);
            }
        });

    private static (int Status, string Message)? Unreadable(Exception ex) => ex switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge, "The request body is larger than this endpoint accepts."),
        BadHttpRequestException bad => (bad.StatusCode, "The request body could not be read: " + bad.Message),
        Microsoft.AspNetCore.Mvc.ModelBinding.ValueProviderException or InvalidDataException => (StatusCodes.Status400BadRequest, "The form could not be read: " + ex.Message),
        _ => null,
    };
}
