using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace MokoCrm.Web.Platform.Api;

/// <summary>GET /api/index.php/status, as Dolibarr answers it, for any valid key (clients call it to test their key).</summary>
[Route(Root)]
public sealed class StatusController : DolibarrApiController
{
    /// <summary>The Dolibarr REST API version whose shapes the compatible endpoints follow.</summary>
    public const string DolibarrVersion = "22.0.0";

    public static readonly string MokoVersion =
        typeof(StatusController).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    [HttpGet("status")]
    [Authorize]
    public IActionResult Get() => Answer(new { Success = new { Code = 200, DolibarrVersion, AccessLocked = "0", MokocrmVersion = MokoVersion } });
}
