using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Platform.Security.Queries;

/// <summary>Rows are built with object initialisers: EF can filter and sort on their members in SQL.</summary>
public sealed record UserRow
{
    public long Id { get; init; }

    public string Login { get; init; } = "";

    public string Name { get; init; } = "";

    public string Email { get; init; } = "";

    public bool IsAdmin { get; init; }

    public bool IsActive { get; init; }

    public int GroupCount { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public string Status => IsActive ? "Active" : "Disabled";
}

public sealed record GroupRow
{
    public long Id { get; init; }

    public string Name { get; init; } = "";

    public string Description { get; init; } = "";

    public int MemberCount { get; init; }

    public int RightCount { get; init; }
}

public sealed record UserCardViewModel(
    long Id, string Login, string Name, string? Email, bool IsAdmin, bool IsActive, bool LockedOut,
    DateTimeOffset CreatedAt, DateTimeOffset? LastLoginAt,
    IReadOnlyList<(long Id, string Name)> Groups, IReadOnlyCollection<string> DirectRights, EffectiveRights Effective);

/// <summary>Read models of the user and group admin screens.</summary>
public sealed class UserQueries(AppDbContext db)
{
    public static readonly ListDefinition<UserRow> UserList = new ListDefinition<UserRow>("users", u => u.Id)
        .Column("login", "Login", u => u.Login, c => c.Link = u => $"/Admin/Users/{u.Id}")
        .Column("name", "Name", u => u.Name)
        .Column("email", "E-mail", u => u.Email)
        .Column("admin", "Admin", u => u.IsAdmin, c => c.Sortable = false)
        .Column("groups", "Groups", u => u.GroupCount, c => c.Sortable = false)
        .Column("status", "Status", u => u.Status, c => { c.Sortable = false; c.Badge = u => u.IsActive ? "success" : "secondary"; })
        .Column("created", "Created", u => u.CreatedAt)
        .SortedBy("login")
        .Searching((rows, q) => rows.Where(u => EF.Functions.ILike(u.Login, $"%{q}%") || EF.Functions.ILike(u.Name, $"%{q}%") || EF.Functions.ILike(u.Email, $"%{q}%")));

    public static readonly ListDefinition<GroupRow> GroupList = new ListDefinition<GroupRow>("groups", g => g.Id)
        .Column("name", "Name", g => g.Name, c => c.Link = g => $"/Admin/Groups/{g.Id}")
        .Column("description", "Description", g => g.Description)
        .Column("members", "Members", g => g.MemberCount)
        .Column("rights", "Rights", g => g.RightCount)
        .SortedBy("name")
        .Searching((rows, q) => rows.Where(g => EF.Functions.ILike(g.Name, $"%{q}%")));

    public IQueryable<UserRow> Users(bool? active) =>
        db.Users.AsNoTracking()
            .Where(u => active == null || u.IsActive == active)
            .Select(u => new UserRow
            {
                Id = u.Id, Login = u.UserName ?? "", Name = u.FullName, Email = u.Email ?? "", IsAdmin = u.IsAdmin, IsActive = u.IsActive,
                GroupCount = db.UserGroupMembers.Count(m => m.UserId == u.Id), CreatedAt = u.CreatedAt,
            });

    public IQueryable<GroupRow> Groups() =>
        db.UserGroups.AsNoTracking()
            .Select(g => new GroupRow { Id = g.Id, Name = g.Name, Description = g.Description ?? "", MemberCount = g.Members.Count, RightCount = g.Permissions.Count });

    public async Task<UserCardViewModel?> UserCardAsync(long id)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id);
        if (user is null)
        {
            return null;
        }

        var groups = await db.UserGroups.AsNoTracking()
            .Where(g => g.Members.Any(m => m.UserId == id))
            .OrderBy(g => g.Name).Select(g => new { g.Id, g.Name }).ToListAsync();
        var direct = await db.UserPermissions.AsNoTracking().Where(p => p.UserId == id).Select(p => p.Permission).ToListAsync();
        var effective = await EffectiveRights.LoadAsync(db, id);
        return new UserCardViewModel(user.Id, user.UserName ?? "", user.FullName, user.Email, user.IsAdmin, user.IsActive,
            user.LockoutEnd > DateTimeOffset.UtcNow, user.CreatedAt, user.LastLoginAt,
            groups.Select(g => (g.Id, g.Name)).ToList(), direct, effective);
    }

    public async Task<IReadOnlyList<(long Id, string Name)>> AllGroupsAsync() =>
        (await db.UserGroups.AsNoTracking().OrderBy(g => g.Name).Select(g => new { g.Id, g.Name }).Take(1000).ToListAsync())
        .Select(g => (g.Id, g.Name)).ToList();

    public async Task<IReadOnlyList<long>> GroupIdsOfAsync(long userId) =>
        await db.UserGroupMembers.AsNoTracking().Where(m => m.UserId == userId).Select(m => m.GroupId).ToListAsync();

    /// <summary>Users offered by the member picker, searched in SQL (the list may hold thousands).</summary>
    public async Task<IReadOnlyList<(long Id, string Text)>> SearchUsersAsync(string? q, int take = 50)
    {
        var query = db.Users.AsNoTracking().Where(u => u.IsActive);
        if (!string.IsNullOrWhiteSpace(q))
        {
            query = query.Where(u => EF.Functions.ILike(u.UserName!, $"%{q}%") || EF.Functions.ILike(u.FullName, $"%{q}%"));
        }

        return (await query.OrderBy(u => u.UserName).Take(take).Select(u => new { u.Id, u.UserName, u.FullName }).ToListAsync())
            .Select(u => (u.Id, $"{u.FullName} ({u.UserName})")).ToList();
    }
}
