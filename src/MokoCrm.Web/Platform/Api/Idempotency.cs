using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.Web.Platform.Api;

/// <summary>
/// On a POST that creates: a request carrying an <c>Idempotency-Key</c> header is carried out once. The key is
/// claimed by a row inserted in the same transaction as the creation, so a retry that races the first attempt waits
/// for it and then gets its answer; a retry afterwards gets the stored answer (header <c>Idempotent-Replayed: true</c>);
/// the same key with another body is refused (422). A refused request stores nothing and may be retried.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class IdempotentAttribute : Attribute, IAsyncActionFilter
{
    public const string Header = "Idempotency-Key";

    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString().Trim();
        if (key.Length == 0)
        {
            await next();
            return;
        }

        if (key.Length > 200)
        {
            context.Result = ApiErrorFilterAttribute.ErrorResult(http, StatusCodes.Status400BadRequest, $"{Header} has at most 200 characters.");
            return;
        }

        var userId = long.Parse(http.User.FindFirstValue(ClaimTypes.NameIdentifier)!, System.Globalization.CultureInfo.InvariantCulture);
        var body = await BodyDigestAsync(http.Request);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}\n{body}")));
        var db = http.RequestServices.GetRequiredService<AppDbContext>();

        if (await ReplayAsync(context, db, userId, key, hash))
        {
            return;
        }

        await using var tx = await db.Database.BeginTransactionAsync(http.RequestAborted);
        var now = DateTimeOffset.UtcNow;
        var claimed = await db.Database.ExecuteSqlInterpolatedAsync(
            $"""INSERT INTO platform.api_idempotency (user_id, "key", request_hash, status_code, body, created_at) VALUES ({userId}, {key}, {hash}, 0, '', {now}) ON CONFLICT DO NOTHING""",
            http.RequestAborted);
        if (claimed == 0)
        {
            // Another attempt with this key committed while we waited on its row: answer as it did.
            await tx.RollbackAsync(http.RequestAborted);
            if (!await ReplayAsync(context, db, userId, key, hash))
            {
                context.Result = ApiErrorFilterAttribute.ErrorResult(http, StatusCodes.Status409Conflict, $"A request with this {Header} is still being processed: retry shortly.");
            }

            return;
        }

        var executed = await next();
        if (executed.Exception is null && executed.Result is ContentResult { StatusCode: >= 200 and < 300 } answer)
        {
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"""UPDATE platform.api_idempotency SET status_code = {answer.StatusCode!.Value}, body = {answer.Content ?? ""} WHERE user_id = {userId} AND "key" = {key}""",
                http.RequestAborted);
            await tx.CommitAsync(http.RequestAborted);
        }
        else
        {
            await tx.RollbackAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// What identifies the body: the JSON text, or for an upload (multipart form, already read by model binding) each
    /// field and each file's name, size and SHA-256, so the same key with another file is refused as another request.
    /// </summary>
    private static async Task<string> BodyDigestAsync(HttpRequest request)
    {
        if (!request.HasFormContentType)
        {
            return await ApiBody.ReadAsync(request);
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        var digest = new StringBuilder();
        foreach (var (name, values) in form.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            digest.Append(name).Append('=').AppendJoin(',', values.ToArray()).Append('\n');
        }

        foreach (var file in form.Files.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            await using var content = file.OpenReadStream();
            var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, request.HttpContext.RequestAborted));
            digest.Append(file.Name).Append(':').Append(file.FileName).Append(':').Append(file.Length).Append(':').Append(sha).Append('\n');
        }

        return digest.ToString();
    }

    private static async Task<bool> ReplayAsync(ActionExecutingContext context, AppDbContext db, long userId, string key, string hash)
    {
        var http = context.HttpContext;
        var done = await db.Set<ApiIdempotencyRecord>().AsNoTracking()
            .SingleOrDefaultAsync(r => r.UserId == userId && r.Key == key && r.StatusCode > 0, http.RequestAborted);
        if (done is null)
        {
            return false;
        }

        if (done.RequestHash != hash)
        {
            context.Result = ApiErrorFilterAttribute.ErrorResult(http, StatusCodes.Status422UnprocessableEntity,
                $"This {Header} was already used for a different request: use a new key for a new request.");
            return true;
        }

        http.Response.Headers["Idempotent-Replayed"] = "true";
        context.Result = new ContentResult { StatusCode = done.StatusCode, Content = done.Body, ContentType = "application/json; charset=utf-8" };
        return true;
    }
}
