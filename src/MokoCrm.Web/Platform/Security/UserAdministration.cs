using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security.Domain;
using MokoCrm.Web.Platform.Security.Features;

namespace MokoCrm.Web.Platform.Security;

/// <summary>Use cases of the user and group admin screens. Each method is one transaction.</summary>
public sealed class UserAdministration(AppDbContext db, UserManager<AppUser> users, PermissionCatalogue catalogue)
{
    public async Task<long> CreateUserAsync(UserForm form)
    {
        await EnsureUserNameFreeAsync(form.UserName, null);
        var user = new AppUser
        {
            UserName = form.UserName.Trim(),
            FullName = form.FullName.Trim(),
            Email = string.IsNullOrWhiteSpace(form.Email) ? null : form.Email.Trim(),
            IsAdmin = form.IsAdmin,
        };

        await using var transaction = await db.Database.BeginTransactionAsync();
        ThrowOnFailure(await users.CreateAsync(user, form.Password!));
        await SetGroupsAsync(user.Id, form.GroupIds);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return user.Id;
    }

    public async Task UpdateUserAsync(long id, UserForm form, long actingUserId)
    {
        var user = await FindUserAsync(id);
        await EnsureUserNameFreeAsync(form.UserName, id);
        if (user.IsAdmin && !form.IsAdmin)
        {
            await EnsureAnotherActiveAdminAsync(id, "remove the admin flag of");
        }

        if (id == actingUserId && user.IsAdmin && !form.IsAdmin)
        {
            throw new DomainException("You cannot remove your own admin flag.");
        }

        user.UserName = form.UserName.Trim();
        user.FullName = form.FullName.Trim();
        user.Email = string.IsNullOrWhiteSpace(form.Email) ? null : form.Email.Trim();
        user.IsAdmin = form.IsAdmin;
        await using var transaction = await db.Database.BeginTransactionAsync();
        ThrowOnFailure(await users.UpdateAsync(user));
        await SetGroupsAsync(id, form.GroupIds);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    public async Task SetActiveAsync(long id, bool active, long actingUserId)
    {
        var user = await FindUserAsync(id);
        if (!active)
        {
            if (id == actingUserId)
            {
                throw new DomainException("You cannot disable your own account.");
            }

            if (user.IsAdmin)
            {
                await EnsureAnotherActiveAdminAsync(id, "disable");
            }
        }

        user.IsActive = active;
        ThrowOnFailure(await users.UpdateAsync(user));
        // A new stamp ends the user's open sessions at the next security check.
        ThrowOnFailure(await users.UpdateSecurityStampAsync(user));
    }

    public async Task ResetPasswordAsync(long id, string newPassword)
    {
        var user = await FindUserAsync(id);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        ThrowOnFailure(await users.ResetPasswordAsync(user, token, newPassword));
        // A reset also lifts a lockout: the admin has just handed the user a new password.
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
    }

    public async Task SetUserPermissionsAsync(long userId, IEnumerable<string> permissions)
    {
        await FindUserAsync(userId);
        var wanted = ValidPermissions(permissions);
        var current = await db.UserPermissions.Where(p => p.UserId == userId).ToListAsync();
        db.UserPermissions.RemoveRange(current.Where(p => !wanted.Contains(p.Permission)));
        db.UserPermissions.AddRange(wanted.Except(current.Select(p => p.Permission)).Select(p => new UserPermission { UserId = userId, Permission = p }));
        await db.SaveChangesAsync();
    }

    public async Task<long> CreateGroupAsync(GroupForm form)
    {
        await EnsureGroupNameFreeAsync(form.Name, null);
        var group = new UserGroup { Name = form.Name.Trim(), Description = form.Description?.Trim() };
        db.UserGroups.Add(group);
        await db.SaveChangesAsync();
        await SetMembersAsync(group, form.MemberIds);
        return group.Id;
    }

    public async Task UpdateGroupAsync(long id, GroupForm form)
    {
        var group = await db.UserGroups.Include(g => g.Members).SingleOrDefaultAsync(g => g.Id == id) ?? throw new NotFoundException("The group");
        await EnsureGroupNameFreeAsync(form.Name, id);
        group.Name = form.Name.Trim();
        group.Description = form.Description?.Trim();
        await SetMembersAsync(group, form.MemberIds);
    }

    public async Task DeleteGroupAsync(long id)
    {
        var group = await db.UserGroups.SingleOrDefaultAsync(g => g.Id == id) ?? throw new NotFoundException("The group");
        db.UserGroups.Remove(group);
        await db.SaveChangesAsync();
    }

    public async Task SetGroupPermissionsAsync(long groupId, IEnumerable<string> permissions)
    {
        var group = await db.UserGroups.Include(g => g.Permissions).SingleOrDefaultAsync(g => g.Id == groupId) ?? throw new NotFoundException("The group");
        var wanted = ValidPermissions(permissions);
        group.Permissions.RemoveAll(p => !wanted.Contains(p.Permission));
        foreach (var permission in wanted.Except(group.Permissions.Select(p => p.Permission)))
        {
            group.Permissions.Add(new GroupPermission { GroupId = groupId, Permission = permission });
        }

        await db.SaveChangesAsync();
    }

    private async Task SetMembersAsync(UserGroup group, IEnumerable<long> memberIds)
    {
        var wanted = memberIds.Distinct().ToHashSet();
        var existing = await db.Users.Where(u => wanted.Contains(u.Id)).Select(u => u.Id).ToListAsync();
        if (existing.Count != wanted.Count)
        {
            throw new DomainException("One of the chosen members does not exist any more; reload the page.");
        }

        group.Members.RemoveAll(m => !wanted.Contains(m.UserId));
        foreach (var userId in wanted.Except(group.Members.Select(m => m.UserId)))
        {
            group.Members.Add(new UserGroupMember { GroupId = group.Id, UserId = userId });
        }

        await db.SaveChangesAsync();
    }

    private async Task SetGroupsAsync(long userId, IEnumerable<long> groupIds)
    {
        var wanted = groupIds.Distinct().ToHashSet();
        var found = await db.UserGroups.Where(g => wanted.Contains(g.Id)).CountAsync();
        if (found != wanted.Count)
        {
            throw new DomainException("One of the chosen groups does not exist any more; reload the page.");
        }

        var current = await db.UserGroupMembers.Where(m => m.UserId == userId).ToListAsync();
        db.UserGroupMembers.RemoveRange(current.Where(m => !wanted.Contains(m.GroupId)));
        db.UserGroupMembers.AddRange(wanted.Except(current.Select(m => m.GroupId)).Select(g => new UserGroupMember { GroupId = g, UserId = userId }));
    }

    private HashSet<string> ValidPermissions(IEnumerable<string> permissions)
    {
        var set = permissions.Where(p => !string.IsNullOrWhiteSpace(p)).ToHashSet(StringComparer.Ordinal);
        var unknown = set.Where(p => !catalogue.Exists(p)).ToList();
        if (unknown.Count > 0)
        {
            throw new DomainException($"Unknown right: {string.Join(", ", unknown)}.");
        }

        return set;
    }

    private async Task<AppUser> FindUserAsync(long id) =>
        await users.FindByIdAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture)) ?? throw new NotFoundException("The user");

    private async Task EnsureUserNameFreeAsync(string userName, long? exceptId)
    {
        var normalized = users.NormalizeName(userName.Trim());
        if (await db.Users.AnyAsync(u => u.NormalizedUserName == normalized && u.Id != exceptId))
        {
            throw new DomainException($"The login '{userName.Trim()}' is already taken.");
        }
    }

    private async Task EnsureGroupNameFreeAsync(string name, long? exceptId)
    {
        var trimmed = name.Trim();
        if (await db.UserGroups.AnyAsync(g => g.Name.ToLower() == trimmed.ToLower() && g.Id != exceptId))
        {
            throw new DomainException($"A group named '{trimmed}' already exists.");
        }
    }

    private async Task EnsureAnotherActiveAdminAsync(long userId, string verb)
    {
        if (!await db.Users.AnyAsync(u => u.IsAdmin && u.IsActive && u.Id != userId))
        {
            throw new DomainException($"You cannot {verb} the last active administrator.");
        }
    }

    private static void ThrowOnFailure(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new DomainException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
