using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.Web.Platform.Security;

/// <summary>
/// The signed-in user's effective rights: own grants ∪ groups' grants, everything for an admin, nothing for a
/// disabled user. Loaded once per request (one query), used by [HasPermission], views and services. An API call takes
/// them from <see cref="ApiPrincipalCache"/>, which drops its copy when this process writes a user, group or right.
/// The scope's context is asked for only when the rights are read from the database: an API call whose rights are kept
/// does not make one for them.
/// </summary>
public sealed class CurrentUserPermissions(IHttpContextAccessor http, IServiceProvider services, ApiPrincipalCache cache)
{
    private EffectiveRights? _rights;

    public async Task<bool> HasAsync(string permission) => (await GetAsync()).Has(permission);

    /// <summary>For views: the rights were already loaded by the authorization of the action.</summary>
    public bool Has(string permission) => GetAsync().GetAwaiter().GetResult().Has(permission);

    public bool IsAdmin => GetAsync().GetAwaiter().GetResult().IsAdmin;

    public async Task<EffectiveRights> GetAsync()
    {
        if (_rights is not null)
        {
            return _rights;
        }

        var principal = http.HttpContext?.User;
        var idText = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (!long.TryParse(idText, out var userId))
        {
            _rights = EffectiveRights.None;
        }
        else if (principal!.HasClaim(c => c.Type == ApiKeyAuthenticationHandler.KeyIdClaim))
        {
            _rights = await cache.GetAsync("rights:" + idText, async () => await EffectiveRights.LoadAsync(Db, userId)) ?? EffectiveRights.None;
        }
        else
        {
            _rights = await EffectiveRights.LoadAsync(Db, userId);
        }

        return _rights;
    }

    private AppDbContext Db => services.GetRequiredService<AppDbContext>();
}

public sealed class EffectiveRights
{
    public static readonly EffectiveRights None = new(false, []);

    private readonly HashSet<string> _permissions;

    private EffectiveRights(bool isAdmin, IEnumerable<string> permissions)
    {
        IsAdmin = isAdmin;
        _permissions = permissions.ToHashSet(StringComparer.Ordinal);
    }

    public bool IsAdmin { get; }

    public IReadOnlyCollection<string> Permissions => _permissions;

    public bool Has(string permission) => IsAdmin || _permissions.Contains(permission);

    public static async Task<EffectiveRights> LoadAsync(AppDbContext db, long userId)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.IsAdmin, u.IsActive }).SingleOrDefaultAsync();
        if (user is null || !user.IsActive)
        {
            return None;
        }

        if (user.IsAdmin)
        {
            return new EffectiveRights(true, []);
        }

        var own = db.UserPermissions.Where(p => p.UserId == userId).Select(p => p.Permission);
        var fromGroups = db.GroupPermissions
            .Where(p => db.UserGroupMembers.Any(m => m.UserId == userId && m.GroupId == p.GroupId))
            .Select(p => p.Permission);
        return new EffectiveRights(false, await own.Union(fromGroups).ToListAsync());
    }
}
