using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Sales.Queries;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Sales.Controllers;

/// <summary>/Sales: the home page, figures from every <see cref="ISalesHomeSource"/>.</summary>
[Area("Sales")]
[Route("Sales")]
public sealed class SalesHomeController(IEnumerable<ISalesHomeSource> sources) : Controller
{
    [HttpGet("")]
    [HasPermission(SalesPermissions.Proposals.Read)]
    public async Task<IActionResult> Index()
    {
        var tiles = new List<SalesHomeTile>();
        foreach (var source in sources)
        {
            tiles.AddRange(await source.TilesAsync(HttpContext.RequestAborted));
        }

        return View(tiles.OrderBy(t => t.Order).ToList());
    }
}
