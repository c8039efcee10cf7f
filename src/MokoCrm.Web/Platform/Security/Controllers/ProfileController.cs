using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security.Queries;
using MokoCrm.Web.Platform.Web;

namespace MokoCrm.Web.Platform.Security.Controllers;

public sealed record ProfileViewModel(UserCardViewModel User, IReadOnlyList<ApiKeyRow> Keys, string? NewKey, string? NewKeyLabel);

/// <summary>
/// /Account/Profile: the signed-in user's own page, where they make and revoke the API keys that act as them.
/// A key is shown once, right after it is made; only its hash is kept.
/// </summary>
[Route("Account/Profile")]
public sealed class ProfileController(UserQueries users, ApiKeys keys) : Controller
{
    private long CurrentUserId => long.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!, CultureInfo.InvariantCulture);

    [HttpGet("")]
    [Authorize]
    public async Task<IActionResult> Index() => await PageAsync(null, null);

    [HttpPost("keys")]
    [Authorize]
    public async Task<IActionResult> CreateKey(string? label)
    {
        try
        {
            var secret = await keys.CreateAsync(CurrentUserId, label, HttpContext.RequestAborted);
            // Shown in this response only: never redirected through a URL or stored in TempData.
            return await PageAsync(secret, label?.Trim());
        }
        catch (DomainException ex)
        {
            this.Error(ex.Message);
            return Redirect("/Account/Profile");
        }
    }

    [HttpPost("keys/{id:long}/revoke")]
    [Authorize]
    public async Task<IActionResult> RevokeKey(long id)
    {
        try
        {
            await keys.RevokeAsync(CurrentUserId, id, HttpContext.RequestAborted);
            this.Success("Key revoked: it no longer opens the API.");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            this.Error(ex.Message);
        }

        return Redirect("/Account/Profile");
    }

    private async Task<IActionResult> PageAsync(string? newKey, string? label)
    {
        var card = await users.UserCardAsync(CurrentUserId);
        if (card is null)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        return View("~/Platform/Security/Views/Profile/Index.cshtml", new ProfileViewModel(card, await keys.ForUserAsync(CurrentUserId, HttpContext.RequestAborted), newKey, label));
    }
}
