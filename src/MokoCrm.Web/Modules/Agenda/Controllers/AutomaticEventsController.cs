using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Agenda.Features;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;

namespace MokoCrm.Web.Modules.Agenda.Controllers;

/// <summary>The admin screen that switches each kind of automatic event on or off (issue 3).</summary>
[Area("Agenda")]
[Route("Agenda/AutomaticEvents")]
public sealed class AutomaticEventsController(AutomaticEventSettings settings) : Controller
{
    [HttpGet("")]
    [HasPermission(AgendaPermissions.Settings)]
    public async Task<IActionResult> Index() => View(await settings.SwitchesAsync(HttpContext.RequestAborted));

    [HttpPost("")]
    [HasPermission(AgendaPermissions.Settings)]
    public async Task<IActionResult> Save(string[]? enabled)
    {
        await settings.SaveAsync((enabled ?? []).ToHashSet(StringComparer.Ordinal), HttpContext.RequestAborted);
        this.Success("Automatic events saved.");
        return Redirect("/Agenda/AutomaticEvents");
    }
}
