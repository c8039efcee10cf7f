using System.Globalization;
using System.Security.Claims;

namespace MokoCrm.Web.Platform.Security;

/// <summary>Who is acting right now: the signed-in user of the request, or the system for background work.</summary>
public interface ICurrentUser
{
    long? UserId { get; }

    string? UserName { get; }

    bool IsAuthenticated { get; }
}

/// <summary>
/// Reads the user from the request's claims. Outside a request (jobs, the outbox worker, seeding) there is no
/// HttpContext, and the work is attributed to <see cref="SystemUserName"/> so history never shows a blank author.
/// </summary>
public sealed class HttpContextCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    public const string SystemUserName = "system";

    private ClaimsPrincipal? Principal => accessor.HttpContext?.User;

    public bool IsAuthenticated => Principal?.Identity?.IsAuthenticated == true;

    public long? UserId =>
        IsAuthenticated && long.TryParse(Principal!.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    public string? UserName => accessor.HttpContext is null
        ? SystemUserName
        : IsAuthenticated ? Principal!.FindFirstValue(ClaimTypes.Name) : null;
}
