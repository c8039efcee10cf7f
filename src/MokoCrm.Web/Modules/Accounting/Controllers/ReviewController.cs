using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Accounting.Queries;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Accounting.Controllers;

/// <summary>/Accounting/Review: lines posted to suspense because their account was missing or disabled.</summary>
[Area("Accounting")]
[Route("Accounting/Review")]
public sealed class ReviewController(LedgerQueries queries) : Controller
{
    [HttpGet("")]
    [HasPermission(AccountingPermissions.Ledger.Read)]
    public async Task<IActionResult> Index(ListRequest list) =>
        View(await ListEngine.PageAsync(queries.Review(), LedgerQueries.ReviewList, list, HttpContext.RequestAborted));
}
