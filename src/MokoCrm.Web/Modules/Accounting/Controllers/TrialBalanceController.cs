using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Accounting.Queries;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Accounting.Controllers;

/// <summary>/Accounting/TrialBalance: per account, opening balance, debit and credit of the range, closing balance.</summary>
[Area("Accounting")]
[Route("Accounting/TrialBalance")]
public sealed class TrialBalanceController(LedgerQueries queries, CurrentUserPermissions rights) : Controller
{
    [HttpGet("")]
    [HasPermission(AccountingPermissions.Ledger.Read)]
    public async Task<IActionResult> Index(ListRequest list, DateOnly? from, DateOnly? to, string? prefix, string? export)
    {
        var (start, end) = ReportRange.Of(from, to);
        var rows = queries.TrialBalance(start, end, prefix);
        if (export is not null)
        {
            return await rights.HasAsync(AccountingPermissions.Ledger.Export) ? ListExport.Export(rows, LedgerQueries.TrialBalanceList, list, export) : Forbid();
        }

        list.Size = Math.Max(list.Size, 200);
        var page = await ListEngine.PageAsync(rows, LedgerQueries.TrialBalanceList, list, HttpContext.RequestAborted);
        var (debit, credit) = await queries.TrialBalanceTotalsAsync(start, end, prefix, HttpContext.RequestAborted);
        return View(new TrialBalanceViewModel(page, start, end, prefix, debit, credit));
    }
}
