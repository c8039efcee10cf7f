using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Purchasing.Queries;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Purchasing.Controllers;

/// <summary>/Purchasing: what waits for the buyer: orders to approve, to send, to receive, supplier invoices due.</summary>
[Area("Purchasing")]
[Route("Purchasing")]
public sealed class HomeController(PurchasingQueries queries, SupplierInvoiceQueries invoices, CurrentUserPermissions rights) : Controller
{
    [HttpGet("")]
    [HasPermission(PurchasingPermissions.Orders.Read)]
    public async Task<IActionResult> Index()
    {
        var due = await rights.HasAsync(PurchasingPermissions.Invoices.Read) ? await invoices.DueAsync(HttpContext.RequestAborted) : [];
        return View(await queries.HomeAsync(await rights.HasAsync(PurchasingPermissions.Orders.Read), due, HttpContext.RequestAborted));
    }
}
