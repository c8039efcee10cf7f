using System.Globalization;
using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security.Features;
using MokoCrm.Web.Platform.Security.Queries;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Platform.Security.Controllers;

/// <summary>/Admin/Users: create, edit, disable, reset passwords, groups and direct rights.</summary>
[Area("Admin")]
[Route("Admin/Users")]
public sealed class UsersController(UserQueries queries, UserAdministration admin, IValidator<UserForm> userValidator,
    IValidator<ResetPasswordForm> resetValidator, PermissionCatalogue catalogue) : Controller
{
    private long CurrentUserId => long.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!, CultureInfo.InvariantCulture);

    [HttpGet("")]
    [HasPermission(PlatformPermissions.UsersRead)]
    public async Task<IActionResult> Index(ListRequest list, bool? active, string? export)
    {
        var rows = queries.Users(active);
        if (export is not null)
        {
            return ListExport.Export(rows, UserQueries.UserList, list, export);
        }

        ViewData["Active"] = active;
        return View(await ListEngine.PageAsync(rows, UserQueries.UserList, list, HttpContext.RequestAborted));
    }

    [HttpGet("{id:long}")]
    [HasPermission(PlatformPermissions.UsersRead)]
    public async Task<IActionResult> Show(long id)
    {
        var card = await queries.UserCardAsync(id);
        return card is null ? NotFound() : View(card);
    }

    [HttpGet("new")]
    [HasPermission(PlatformPermissions.UsersWrite)]
    public async Task<IActionResult> Create()
    {
        await LoadGroupsAsync();
        return View("Edit", new UserForm());
    }

    [HttpPost("new")]
    [HasPermission(PlatformPermissions.UsersWrite)]
    public async Task<IActionResult> Create(UserForm form)
    {
        form.Id = null;
        if (await userValidator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                var id = await admin.CreateUserAsync(form);
                this.Success($"User {form.UserName} created.");
                return Redirect($"/Admin/Users/{id}");
            }
            catch (DomainException ex)
            {
                ModelState.AddDomainError(ex);
            }
        }

        await LoadGroupsAsync();
        return View("Edit", form);
    }

    [HttpGet("{id:long}/edit")]
    [HasPermission(PlatformPermissions.UsersWrite)]
    public async Task<IActionResult> Edit(long id)
    {
        var card = await queries.UserCardAsync(id);
        if (card is null)
        {
            return NotFound();
        }

        await LoadGroupsAsync();
        return View(new UserForm
        {
            Id = id, UserName = card.Login, FullName = card.Name, Email = card.Email, IsAdmin = card.IsAdmin,
            GroupIds = card.Groups.Select(g => g.Id).ToList(),
        });
    }

    [HttpPost("{id:long}/edit")]
    [HasPermission(PlatformPermissions.UsersWrite)]
    public async Task<IActionResult> Edit(long id, UserForm form)
    {
        form.Id = id;
        if (await userValidator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                await admin.UpdateUserAsync(id, form, CurrentUserId);
                this.Success("User saved.");
                return Redirect($"/Admin/Users/{id}");
            }
            catch (DomainException ex)
            {
                ModelState.AddDomainError(ex);
            }
        }

        await LoadGroupsAsync();
        return View(form);
    }

    [HttpPost("{id:long}/disable")]
    [HasPermission(PlatformPermissions.UsersWrite)]
    public Task<IActionResult> Disable(long id) => SetActive(id, false);

    [HttpPost("{id:long}/enable")]
    [HasPermission(PlatformPermissions.UsersWrite)]
    public Task<IActionResult> Enable(long id) => SetActive(id, true);

    [HttpPost("{id:long}/reset-password")]
    [HasPermission(PlatformPermissions.UsersWrite)]
    public async Task<IActionResult> ResetPassword(long id, ResetPasswordForm form)
    {
        var result = await resetValidator.ValidateAsync(form);
        try
        {
            if (!result.IsValid)
            {
                throw new DomainException(result.Errors[0].ErrorMessage);
            }

            await admin.ResetPasswordAsync(id, form.NewPassword);
            this.Success("Password reset; the account is unlocked.");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            this.Error(ex.Message);
        }

        return Redirect($"/Admin/Users/{id}");
    }

    [HttpGet("{id:long}/rights")]
    [HasPermission(PlatformPermissions.UsersWrite)]
    public async Task<IActionResult> Rights(long id)
    {
        var card = await queries.UserCardAsync(id);
        if (card is null)
        {
            return NotFound();
        }

        return View(new RightsMatrixViewModel(catalogue, card.DirectRights.ToHashSet(), $"/Admin/Users/{id}/rights", $"Direct rights of {card.Name}", ReadOnly: false));
    }

    [HttpPost("{id:long}/rights")]
    [HasPermission(PlatformPermissions.UsersWrite)]
    public async Task<IActionResult> Rights(long id, List<string> permissions)
    {
        try
        {
            await admin.SetUserPermissionsAsync(id, permissions);
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

        return Redirect($"/Admin/Users/{id}");
    }

    [HttpGet("lookup")]
    [HasPermission(PlatformPermissions.UsersRead)]
    public async Task<IActionResult> Lookup(string? q) =>
        Json((await queries.SearchUsersAsync(q)).Select(u => new { id = u.Id, text = u.Text }));

    private async Task<IActionResult> SetActive(long id, bool active)
    {
        try
        {
            await admin.SetActiveAsync(id, active, CurrentUserId);
            this.Success(active ? "User enabled." : "User disabled; their open sessions end within a minute.");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            this.Error(ex.Message);
        }

        return Redirect($"/Admin/Users/{id}");
    }

    private async Task LoadGroupsAsync() => ViewData["Groups"] = await queries.AllGroupsAsync();
}

/// <summary>The rights matrix: one row per object, one checkbox per action, grouped by module.</summary>
public sealed record RightsMatrixViewModel(PermissionCatalogue Catalogue, IReadOnlySet<string> Granted, string PostUrl, string Title, bool ReadOnly);
