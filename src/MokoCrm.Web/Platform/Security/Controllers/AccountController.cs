using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Platform.Security.Domain;
using MokoCrm.Web.Platform.Security.Features;
using MokoCrm.Web.Platform.Web;

namespace MokoCrm.Web.Platform.Security.Controllers;

/// <summary>Sign in and out. Five wrong passwords lock the account for 15 minutes.</summary>
[Route("Account")]
public sealed class AccountController(SignInManager<AppUser> signIn, UserManager<AppUser> users, IValidator<LoginForm> validator, ILogger<AccountController> logger) : Controller
{
    [HttpGet("Login")]
    [AllowAnonymous]
    public IActionResult Login(string? returnUrl) => View(new LoginForm { ReturnUrl = returnUrl });

    [HttpPost("Login")]
    [AllowAnonymous]
    public async Task<IActionResult> Login(LoginForm form)
    {
        if (!await validator.ValidateIntoAsync(form, ModelState))
        {
            return View(form);
        }

        var user = await users.FindByNameAsync(form.UserName.Trim());
        if (user is null || !user.IsActive)
        {
            logger.LogWarning("Failed sign-in for unknown or disabled login {UserName}", form.UserName);
            ModelState.AddModelError(string.Empty, "Wrong login or password.");
            return View(form);
        }

        var result = await signIn.PasswordSignInAsync(user, form.Password, form.RememberMe, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            logger.LogWarning("Sign-in refused: {UserName} is locked out", user.UserName);
            ModelState.AddModelError(string.Empty, "This account is locked after too many wrong passwords. Try again in 15 minutes or ask an administrator to reset the password.");
            return View(form);
        }

        if (!result.Succeeded)
        {
            logger.LogWarning("Wrong password for {UserName}", user.UserName);
            ModelState.AddModelError(string.Empty, "Wrong login or password.");
            return View(form);
        }

        user.LastLoginAt = DateTimeOffset.UtcNow;
        await users.UpdateAsync(user);
        return LocalRedirect(Url.IsLocalUrl(form.ReturnUrl) ? form.ReturnUrl! : "/");
    }

    [HttpPost("Logout")]
    [Authorize]
    public async Task<IActionResult> Logout()
    {
        await signIn.SignOutAsync();
        return Redirect("/Account/Login");
    }
}

/// <summary>Adds the display name to the cookie, so the layout shows it without a query.</summary>
internal sealed class MokoClaimsFactory(UserManager<AppUser> users, Microsoft.Extensions.Options.IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim("full_name", user.DisplayName));
        return identity;
    }
}
