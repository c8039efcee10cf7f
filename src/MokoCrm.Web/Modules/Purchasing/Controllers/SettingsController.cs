using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Purchasing.Features;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;

namespace MokoCrm.Web.Modules.Purchasing.Controllers;

/// <summary>/Purchasing/Settings: the second approval amount and whether one may approve one's own order.</summary>
[Area("Purchasing")]
[Route("Purchasing/Settings")]
public sealed class SettingsController(PurchasingSettingsAdministration settings, IValidator<PurchasingSettingsForm> validator) : Controller
{
    [HttpGet("")]
    [HasPermission(PurchasingPermissions.Settings.Admin)]
    public async Task<IActionResult> Index() => View(await settings.GetAsync(HttpContext.RequestAborted));

    [HttpPost("")]
    [HasPermission(PurchasingPermissions.Settings.Admin)]
    public async Task<IActionResult> Index(PurchasingSettingsForm form)
    {
        if (!await validator.ValidateIntoAsync(form, ModelState))
        {
            return View(form);
        }

        await settings.SaveAsync(form, HttpContext.RequestAborted);
        this.Success("Purchasing settings saved.");
        return Redirect("/Purchasing/Settings");
    }
}
