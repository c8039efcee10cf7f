using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Platform.Security;

// Controllers of the pretend module Alpha, for the bad example of the views-next-to-controllers rule.
namespace MokoCrm.Web.Modules.Alpha.Controllers
{
    [HasPermission(PlatformPermissions.SetupRead)]
    public sealed class ThingsController : Controller
    {
        public IActionResult Index() => View();
    }

    // Its views folder Modules/Alpha/Views/Orphans is missing in the bad tree.
    [HasPermission(PlatformPermissions.SetupRead)]
    public sealed class OrphansController : Controller
    {
        public IActionResult Index() => View();
    }
}

namespace MokoCrm.Web.Modules.Alpha.Misplaced
{
    // Not in a Controllers namespace: nobody finds its views from its URL.
    [HasPermission(PlatformPermissions.SetupRead)]
    public sealed class StrayController : Controller
    {
        public IActionResult Index() => View();
    }
}
