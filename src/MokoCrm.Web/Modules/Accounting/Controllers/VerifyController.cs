using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Accounting.Features;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Accounting.Controllers;

/// <summary>/Accounting/Verify: recomputes every journal's hash chain and names the first broken entry.</summary>
[Area("Accounting")]
[Route("Accounting/Verify")]
public sealed class VerifyController(LedgerVerifier verifier) : Controller
{
    [HttpGet("")]
    [HasPermission(AccountingPermissions.Ledger.Read)]
    public async Task<IActionResult> Index(bool run) => View(run ? await verifier.VerifyAsync(HttpContext.RequestAborted) : null);
}
