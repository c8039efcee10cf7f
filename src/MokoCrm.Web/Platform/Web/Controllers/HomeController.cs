using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace MokoCrm.Web.Platform.Web.Controllers;

/// <summary>The home workboard: one card per module the user can read, each with what needs attention.</summary>
[Authorize]
public sealed class HomeController(IEnumerable<MenuSection> sections, Security.CurrentUserPermissions rights) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> Index()
    {
        var effective = await rights.GetAsync();
        var visible = sections.Where(s => effective.Has(s.ReadPermission)).OrderBy(s => s.Order).ToList();
        return View(visible);
    }
}
