using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Platform.Security;

// Deliberately bad controllers: the permission rule must report exactly the actions that lack a permission.
// They live in the test assembly, so the app never maps them.
namespace MokoCrm.ArchitectureTests.Examples.Controllers;

public sealed class ExampleBadController : Controller
{
    [HasPermission(PlatformPermissions.UsersRead)]
    public IActionResult WithPermission() => Ok();

    [AllowAnonymous]
    public IActionResult Anonymous() => Ok();

    [Authorize]
    public IActionResult PlainAuthorize() => Ok();

    [Authorize(Roles = "admin")]
    public IActionResult RolesAreNotPermissions() => Ok();

    [Authorize]
    public IActionResult SignedInOnlyListed() => Ok();

    // Listed as signed-in only, but without [Authorize] it would rely on the fallback policy alone.
    public IActionResult ListedButNotAuthorized() => Ok();

    public IActionResult NoAttributeAtAll() => Ok();

    [NonAction]
    public IActionResult NotAnAction() => Ok();
}

[HasPermission(PlatformPermissions.SetupRead)]
public sealed class ExamplePermittedController : Controller
{
    public IActionResult Index() => Ok();
}

[AllowAnonymous]
public sealed class ExampleAnonymousController : Controller
{
    public IActionResult Index() => Ok();
}

[Authorize]
public sealed class ExampleUnmarkedController : Controller
{
    public IActionResult Index() => Ok();
}

[NonController]
public sealed class ExampleIgnoredController : Controller
{
    public IActionResult Index() => Ok();
}
