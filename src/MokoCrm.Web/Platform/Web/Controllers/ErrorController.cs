using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace MokoCrm.Web.Platform.Web.Controllers;

/// <summary>Friendly pages for 400, 403, 404 and 500, rendered by the status-code and exception middleware.</summary>
[AllowAnonymous]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorController(ILogger<ErrorController> logger) : Controller
{
    [Route("/Error/{code:int}")]
    [IgnoreAntiforgeryToken]
    public IActionResult Show(int code)
    {
        if (code == 500 && HttpContext.Features.Get<IExceptionHandlerPathFeature>() is { } failure)
        {
            logger.LogError(failure.Error, "Unhandled error on {Path}", failure.Path);
        }

        Response.StatusCode = code is >= 400 and < 600 ? code : 500;
        ViewData["Code"] = code;
        return View("~/Platform/Web/Views/Error/Show.cshtml", HttpContext.TraceIdentifier);
    }
}
