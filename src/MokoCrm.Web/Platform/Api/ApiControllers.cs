using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Platform.Api;

/// <summary>JSON as each API speaks it.</summary>
public static class ApiJson
{
    /// <summary>Dolibarr: snake_case names (FkProduct → fk_product), numbers accepted as strings, nulls shown, unknown fields refused.</summary>
    public static readonly JsonSerializerOptions Dolibarr = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = 32,
    };

    /// <summary>Native /api/v1: camelCase, decimals as numbers, ISO dates, enums as text, unknown fields refused.</summary>
    public static readonly JsonSerializerOptions Native = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = 32,
    };
}

/// <summary>
/// What every API controller shares, whichever module owns it: key authentication only, no antiforgery (no cookie),
/// the body read strictly (malformed JSON, unknown fields and wrong types are a 400 naming the field), refusals of
/// the feature handlers turned into the path's error shape, and answers already serialised (so a stored idempotent
/// answer is byte for byte the one first sent).
/// </summary>
[IgnoreAntiforgeryToken]
[ApiErrorFilter]
public abstract class ApiControllerBase : ControllerBase
{
    protected abstract JsonSerializerOptions Json { get; }

    protected long UserId => long.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!, CultureInfo.InvariantCulture);

    protected CancellationToken Aborted => HttpContext.RequestAborted;

    /// <summary>The JSON body as <typeparamref name="T"/>; a missing body is a 400 unless <paramref name="optional"/>.</summary>
    protected async Task<T> BodyAsync<T>(bool optional = false)
        where T : new()
    {
        var text = await ApiBody.ReadAsync(Request);
        if (string.IsNullOrWhiteSpace(text))
        {
            return optional ? new T() : throw ApiException.BadRequest("Send the data as a JSON object in the body.");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(text, Json) ?? throw ApiException.BadRequest("Send the data as a JSON object in the body.");
        }
        catch (JsonException ex)
        {
            throw ApiException.BadRequest(ApiErrors.Describe(ex));
        }
    }

    protected async Task<List<T>> BodyListAsync<T>()
    {
        var text = await ApiBody.ReadAsync(Request);
        try
        {
            return string.IsNullOrWhiteSpace(text) ? throw ApiException.BadRequest("Send a JSON array in the body.")
                : JsonSerializer.Deserialize<List<T>>(text, Json) ?? throw ApiException.BadRequest("Send a JSON array in the body.");
        }
        catch (JsonException ex)
        {
            throw ApiException.BadRequest(ApiErrors.Describe(ex));
        }
    }

    /// <summary>
    /// Several handler calls as one change (a document and its lines): in the caller's transaction when there is one
    /// (an Idempotency-Key claims its row in it), else in a new one.
    /// </summary>
    protected async Task<T> InTransactionAsync<T>(Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var db = HttpContext.RequestServices.GetRequiredService<Data.AppDbContext>();
        if (db.Database.CurrentTransaction is not null)
        {
            return await work();
        }

        await using var tx = await db.Database.BeginTransactionAsync(Aborted);
        var result = await work();
        await tx.CommitAsync(Aborted);
        return result;
    }

    /// <summary>The value serialised now; Dolibarr's <c>properties</c> parameter keeps only the fields asked for.</summary>
    protected ContentResult Answer(object? value, int status = StatusCodes.Status200OK)
    {
        string content;
        if (Request.Query.TryGetValue("properties", out var properties) && !string.IsNullOrWhiteSpace(properties))
        {
            var json = JsonSerializer.SerializeToNode(value, Json);
            var keep = properties.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            Keep(json, keep);
            content = json?.ToJsonString(Json) ?? "null";
        }
        else
        {
            // Straight to text: the node tree is only needed to drop fields.
            content = JsonSerializer.Serialize(value, Json);
        }

        return new ContentResult { Content = content, ContentType = "application/json; charset=utf-8", StatusCode = status };
    }

    private static void Keep(JsonNode? node, HashSet<string> keep)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    Keep(item, keep);
                }

                break;
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
                {
                    obj.Remove(name);
                }

                break;
        }
    }
}

/// <summary>Dolibarr-compatible controllers, under /api/index.php/.</summary>
public abstract class DolibarrApiController : ApiControllerBase
{
    public const string Root = "api/index.php";

    protected override JsonSerializerOptions Json => ApiJson.Dolibarr;

    /// <summary>
    /// A Dolibarr list: <paramref name="rows"/> filtered by <c>sqlfilters</c>, sorted and paged in SQL (<see cref="DolibarrListRequest.Apply{T}"/>),
    /// loaded (<paramref name="load"/>: e.g. with their lines), each shown; an empty page is Dolibarr's 404 "No {what} found".
    /// </summary>
    protected async Task<IActionResult> ListAsync<T, TShown>(
        DolibarrListRequest list, IQueryable<T> rows, ApiFields<T> fields, Func<T, TShown> show, string what,
        Func<IQueryable<T>, IQueryable<T>>? load = null, string defaultSort = "t.rowid")
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(show);
        var page = list.Apply(rows, fields, defaultSort);
        var found = await (load?.Invoke(page) ?? page).ToListAsync(Aborted);
        return found.Count == 0 ? throw ApiException.NotFound($"No {what} found") : Answer(found.Select(show).ToList());
    }
}

/// <summary>Native controllers, under /api/v1/, described in the OpenAPI document (ApiDocument).</summary>
[ApiExplorerSettings(GroupName = ApiDocument.Name)]
[Produces("application/json")]
public abstract class NativeApiController : ApiControllerBase
{
    public const string Root = "api/v1";

    protected override JsonSerializerOptions Json => ApiJson.Native;

    /// <summary>A PATCH: empties on the screen's form the fields the body sends as null (<see cref="ApiNulls"/>).</summary>
    protected async Task ClearSentNullsAsync(object form) => ApiNulls.Clear(form, await ApiNulls.SentAsync(Request));

    protected ContentResult Created(object value, string location)
    {
        Response.Headers.Location = location;
        return Answer(value, StatusCodes.Status201Created);
    }
}

/// <summary>Turns the handlers' refusals into API errors: unknown or invisible → 404, a rule saying no → 400 (Dolibarr) or 409 (v1).</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class ApiErrorFilterAttribute : Attribute, IAsyncExceptionFilter, IAsyncActionFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        // Query and route values that did not bind (?limit=abc) are refused, not silently replaced by a default.
        if (!context.ModelState.IsValid)
        {
            var errors = context.ModelState.Where(e => e.Value?.Errors.Count > 0)
                .ToDictionary(e => e.Key, e => new[] { $"'{e.Value!.AttemptedValue}' is not a valid value." });
            context.Result = ErrorResult(context.HttpContext, StatusCodes.Status400BadRequest, "Some parameters are not valid.", errors);
            return;
        }

        // /api/v1 speaks ISO 8601: the invariant culture alone would also read ?from=01/12/2026, as January 12.
        if (ApiErrors.IsNative(context.HttpContext.Request))
        {
            var notIso = context.ActionDescriptor.Parameters
                .Where(p => (Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType) == typeof(DateOnly))
                .Select(p => (p.Name, Value: context.ModelState[p.Name]?.AttemptedValue))
                .Where(p => !string.IsNullOrEmpty(p.Value) && !DateOnly.TryParseExact(p.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                .ToDictionary(p => p.Name, p => new[] { $"'{p.Value}' is not a date: write it as yyyy-MM-dd (ISO 8601)." });
            if (notIso.Count > 0)
            {
                context.Result = ErrorResult(context.HttpContext, StatusCodes.Status400BadRequest, "Some parameters are not valid.", notIso);
                return;
            }
        }

        await next();
    }

    public Task OnExceptionAsync(ExceptionContext context)
    {
        var native = ApiErrors.IsNative(context.HttpContext.Request);
        var (status, message, errors) = context.Exception switch
        {
            ApiException api => (api.Status, api.Message, api.Errors),
            NotFoundException nf => (StatusCodes.Status404NotFound, nf.Message, null),
            InvalidFormException invalid => (StatusCodes.Status400BadRequest, "The data is not valid.", ClientNames(invalid.Errors, native)),
            DomainException refused => (native ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest, refused.Message, (IReadOnlyDictionary<string, string[]>?)null),
            Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException => (StatusCodes.Status409Conflict, "The record was changed by someone else meanwhile: read it again and retry.", null),
            _ => (0, "", null),
        };
        if (status != 0)
        {
            context.Result = ErrorResult(context.HttpContext, status, message, errors);
            context.ExceptionHandled = true;
        }

        return Task.CompletedTask;
    }

    /// <summary>A handler's field errors under the names the client wrote: camelCase on /api/v1, snake_case for Dolibarr.</summary>
    private static IReadOnlyDictionary<string, string[]> ClientNames(IReadOnlyDictionary<string, string[]> errors, bool native) =>
        errors.ToDictionary(
            e => native ? ApiValidation.NativeName(e.Key) : string.Join('.', e.Key.Split('.').Select(JsonNamingPolicy.SnakeCaseLower.ConvertName)),
            e => e.Value);

    internal static ContentResult ErrorResult(HttpContext http, int status, string message, IReadOnlyDictionary<string, string[]>? errors = null) => new()
    {
        StatusCode = status,
        ContentType = ApiErrors.IsNative(http.Request) ? "application/problem+json" : "application/json",
        Content = ApiErrors.Body(http.Request, status, message, errors),
    };
}

/// <summary>Dolibarr's number and date formats.</summary>
public static class Dol
{
    /// <summary>Amounts, prices and quantities as Dolibarr prints them: a string with 8 decimals ("1.24000000").</summary>
    public static string Num(decimal value) => value.ToString("0.00000000", CultureInfo.InvariantCulture);

    public static string? Num(decimal? value) => value is { } v ? Num(v) : null;

    /// <summary>Dolibarr answers counters and flags as strings too ("1").</summary>
    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A Dolibarr 0/1 flag sent by a client; anything else is a 400 naming the field.</summary>
    public static bool Flag(int value, string name) => value switch
    {
        0 => false,
        1 => true,
        _ => throw ApiException.BadRequest($"{name} is 0 or 1."),
    };
}

/// <summary>The request body as text, read once (the idempotency check hashes it before the action reads it).</summary>
public static class ApiBody
{
    public const int MaxBytes = 1_000_000;

    public static async Task<string> ReadAsync(HttpRequest request)
    {
        if (request.HttpContext.Items.TryGetValue(typeof(ApiBody), out var read) && read is string cached)
        {
            return cached;
        }

        if (request.ContentLength > MaxBytes)
        {
            throw new ApiException(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {MaxBytes} bytes.");
        }

        using var reader = new StreamReader(request.Body, System.Text.Encoding.UTF8);
        var text = new System.Text.StringBuilder();
        var chunk = new char[8192];
        int n;
        while ((n = await reader.ReadAsync(chunk.AsMemory(), request.HttpContext.RequestAborted)) > 0)
        {
            text.Append(chunk, 0, n);
            if (text.Length > MaxBytes)
            {
                throw new ApiException(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {MaxBytes} bytes.");
            }
        }

        var body = text.ToString();
        request.HttpContext.Items[typeof(ApiBody)] = body;
        return body;
    }
}
