using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security.Domain;

namespace MokoCrm.Web.Platform.Api;

/// <summary>
/// Every request under /api is authenticated by an API key and only by one: the DOLAPIKEY header (Dolibarr's), the
/// ?DOLAPIKEY= query parameter, or "Authorization: Bearer". The principal carries the key owner's id and login, so
/// [HasPermission], the record access and the CRM visibility act with that user's rights, as on the screens.
/// A session cookie does not open the API (it has no antiforgery token to offer).
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiPrincipalCache cache,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyIdClaim = "moko:api_key_id";

    /// <summary>Last use is written at most this often per key, so a busy key does not write on every call.</summary>
    private static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = KeyOf(Request);
        if (secret is null)
        {
            return AuthenticateResult.NoResult();
        }

        // The key's owner is read once and kept briefly (ApiPrincipalCache): revoking the key or disabling the user drops the copy.
        // The request's context is asked for only when the database is: a kept key opens none (GET status, a refused call).
        var hash = ApiKey.HashOf(secret);
        var found = await cache.GetAsync("key:" + hash, () => Db.Set<ApiKey>().AsNoTracking()
            .Where(k => k.Hash == hash && k.RevokedAt == null)
            .Join(Db.Set<AppUser>(), k => k.UserId, u => u.Id, (k, u) => new KeyOwner(k.Id, k.LastUsedAt, u.Id, u.UserName, u.IsActive))
            .SingleOrDefaultAsync(Context.RequestAborted));
        if (found is null || !found.IsActive)
        {
            return AuthenticateResult.Fail("Unknown, revoked or disabled API key.");
        }

        var now = clock.GetUtcNow();
        if (cache.ClaimLastUseWrite(found.KeyId, found.LastUsedAt, now, LastUseResolution))
        {
            await Db.Set<ApiKey>().Where(k => k.Id == found.KeyId).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, found.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, found.UserName ?? ""),
            new Claim(KeyIdClaim, found.KeyId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>The request's context (the scope's one, which the action uses too), resolved only when a query is needed.</summary>
    private AppDbContext Db => Context.RequestServices.GetRequiredService<AppDbContext>();

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ApiErrors.WriteAsync(Context, StatusCodes.Status401Unauthorized,
            KeyOf(Request) is null ? "Send your API key in the DOLAPIKEY header (make one on your profile page)." : "Unknown, revoked or disabled API key.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiErrors.WriteAsync(Context, StatusCodes.Status403Forbidden, "Your user does not have the right to do this.");

    private sealed record KeyOwner(long KeyId, DateTimeOffset? LastUsedAt, long UserId, string? UserName, bool IsActive);

    internal static string? KeyOf(HttpRequest request)
    {
        if (request.Headers.TryGetValue("DOLAPIKEY", out var header) && !string.IsNullOrWhiteSpace(header))
        {
            return header.ToString().Trim();
        }

        if (request.Query.TryGetValue("DOLAPIKEY", out var query) && !string.IsNullOrWhiteSpace(query))
        {
            return query.ToString().Trim();
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }
}
