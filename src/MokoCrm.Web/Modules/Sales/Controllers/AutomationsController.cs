using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Sales.Features;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;

namespace MokoCrm.Web.Modules.Sales.Controllers;

/// <summary>/Sales/Automations: the workflow automation switches of DOMAIN.md §3.</summary>
[Area("Sales")]
[Route("Sales/Automations")]
public sealed class AutomationsController(SalesAutomations automations) : Controller
{
    [HttpGet("")]
    [HasPermission(SalesPermissions.Automations)]
    public async Task<IActionResult> Index() => View(await automations.CurrentAsync(HttpContext.RequestAborted));

    [HttpPost("")]
    [HasPermission(SalesPermissions.Automations)]
    public async Task<IActionResult> Save(string[]? enabled)
    {
        await automations.SaveAsync((enabled ?? []).ToHashSet(StringComparer.Ordinal), HttpContext.RequestAborted);
        this.Success("Workflow automations saved.");
        return Redirect("/Sales/Automations");
    }
}
