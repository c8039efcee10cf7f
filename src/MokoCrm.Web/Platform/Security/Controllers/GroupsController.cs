using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security.Features;
using MokoCrm.Web.Platform.Security.Queries;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Platform.Security.Controllers;

/// <summary>/Admin/Groups: groups, their members and their rights matrix.</summary>
[Area("Admin")]
[Route("Admin/Groups")]
public sealed class GroupsController(UserQueries queries, UserAdministration admin, IValidator<GroupForm> validator,
    PermissionCatalogue catalogue, AppDbContext db) : Controller
{
    [HttpGet("")]
    [HasPermission(PlatformPermissions.UsersRead)]
    public async Task<IActionResult> Index(ListRequest list, string? export)
    {
        var rows = queries.Groups();
        if (export is not null)
        {
            return ListExport.Export(rows, UserQueries.GroupList, list, export);
        }

        return View(await ListEngine.PageAsync(rows, UserQueries.GroupList, list, HttpContext.RequestAborted));
    }

    [HttpGet("{id:long}")]
    [HasPermission(PlatformPermissions.UsersRead)]
    public async Task<IActionResult> Show(long id)
    {
        var group = await db.UserGroups.AsNoTracking().Include(g => g.Permissions).SingleOrDefaultAsync(g => g.Id == id);
        if (group is null)
        {
            return NotFound();
        }

        var members = await db.Users.AsNoTracking()
            .Where(u => db.UserGroupMembers.Any(m => m.GroupId == id && m.UserId == u.Id))
            .OrderBy(u => u.UserName).Select(u => new GroupMemberRow(u.Id, u.UserName ?? "", u.FullName, u.IsActive)).ToListAsync();
        return View(new GroupCardViewModel(group.Id, group.Name, group.Description, members,
            new RightsMatrixViewModel(catalogue, group.Permissions.Select(p => p.Permission).ToHashSet(), $"/Admin/Groups/{id}/rights", "Rights", ReadOnly: true)));
    }

    [HttpGet("new")]
    [HasPermission(PlatformPermissions.UsersWrite)]
    public IActionResult Create() => View("Edit", new GroupForm());

    [HttpPost("new")]
    [HasPermission(PlatformPermissions.UsersWrite)]
    public async Task<IActionResult> Create(GroupForm form)
    {
        form.Id = null;
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                var id = await admin.CreateGroupAsync(form);
                this.Success($"Group {form.Name} created. Now choose its rights.");
                return Redirect($"/Admin/Groups/{id}/rights");
            }
            catch (DomainException ex)
            {
                ModelState.AddDomainError(ex);
            }
        }

        return View("Edit", await WithMemberNamesAsync(form));
    }

    [HttpGet("{id:long}/edit")]
    [HasPermission(PlatformPermissions.UsersWrite)]
    public async Task<IActionResult> Edit(long id)
    {
        var group = await db.UserGroups.AsNoTracking().Include(g => g.Members).SingleOrDefaultAsync(g => g.Id == id);
        if (group is null)
        {
            return NotFound();
        }

        return View(await WithMemberNamesAsync(new GroupForm { Id = id, Name = group.Name, Description = group.Description, MemberIds = group.Members.Select(m => m.UserId).ToList() }));
    }

    [HttpPost("{id:long}/edit")]
    [HasPermission(PlatformPermissions.UsersWrite)]
    public async Task<IActionResult> Edit(long id, GroupForm form)
    {
        form.Id = id;
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                await admin.UpdateGroupAsync(id, form);
                this.Success("Group saved.");
                return Redirect($"/Admin/Groups/{id}");
            }
            catch (NotFoundException)
            {
                return NotFound();
            }
            catch (DomainException ex)
            {
                ModelState.AddDomainError(ex);
            }
        }

        return View(await WithMemberNamesAsync(form));
    }

    [HttpPost("{id:long}/delete")]
    [HasPermission(PlatformPermissions.UsersWrite)]
    public async Task<IActionResult> Delete(long id)
    {
        try
        {
            await admin.DeleteGroupAsync(id);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        this.Success("Group deleted; its members lost the rights it gave.");
        return Redirect("/Admin/Groups");
    }

    [HttpGet("{id:long}/rights")]
    [HasPermission(PlatformPermissions.UsersWrite)]
    public async Task<IActionResult> Rights(long id)
    {
        var group = await db.UserGroups.AsNoTracking().Include(g => g.Permissions).SingleOrDefaultAsync(g => g.Id == id);
        if (group is null)
        {
            return NotFound();
        }

        return View("~/Platform/Security/Views/Users/Rights.cshtml",
            new RightsMatrixViewModel(catalogue, group.Permissions.Select(p => p.Permission).ToHashSet(), $"/Admin/Groups/{id}/rights", $"Rights of the group {group.Name}", ReadOnly: false));
    }

    [HttpPost("{id:long}/rights")]
    [HasPermission(PlatformPermissions.UsersWrite)]
    public async Task<IActionResult> Rights(long id, List<string> permissions)
    {
        try
        {
            await admin.SetGroupPermissionsAsync(id, permissions);
            this.Success("Rights saved.");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            this.Error(ex.Message);
        }

        return Redirect($"/Admin/Groups/{id}");
    }

    private async Task<GroupForm> WithMemberNamesAsync(GroupForm form)
    {
        var ids = form.MemberIds;
        ViewData["Members"] = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, Text = u.FullName + " (" + u.UserName + ")" }).ToDictionaryAsync(u => u.Id, u => u.Text);
        return form;
    }
}

public sealed record GroupMemberRow(long Id, string Login, string Name, bool IsActive);

public sealed record GroupCardViewModel(long Id, string Name, string? Description, IReadOnlyList<GroupMemberRow> Members, RightsMatrixViewModel Rights);
