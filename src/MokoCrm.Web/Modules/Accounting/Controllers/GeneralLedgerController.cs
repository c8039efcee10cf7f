using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Accounting.Queries;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Accounting.Controllers;

/// <summary>
/// /Accounting/GeneralLedger: one account's lines over a date range with a running balance, keyset-paged on
/// (date, id); the cursor carries the balance so a page never re-adds the lines before it.
/// </summary>
[Area("Accounting")]
[Route("Accounting/GeneralLedger")]
public sealed class GeneralLedgerController(LedgerQueries queries, CurrentUserPermissions rights) : Controller
{
    private const int PageSize = 100;

    [HttpGet("")]
    [HasPermission(AccountingPermissions.Ledger.Read)]
    public async Task<IActionResult> Index(string? account, DateOnly? from, DateOnly? to, string? after, string? export)
    {
        var (start, end) = ReportRange.Of(from, to);
        var accounts = await queries.AccountChoicesAsync(enabledOnly: false, HttpContext.RequestAborted);
        account = string.IsNullOrWhiteSpace(account) ? null : account.Trim().ToUpperInvariant();
        if (account is null)
        {
            return View(new GeneralLedgerViewModel(null, null, start, end, 0, 0, 0, [], null, true, accounts));
        }

        var cancellation = HttpContext.RequestAborted;
        var opening = await queries.BalanceBeforeAsync(account, start, cancellation);
        if (export is not null)
        {
            return await rights.HasAsync(AccountingPermissions.Ledger.Export)
                ? ListExport.Export(queries.LedgerForExport(account, start, end, opening), LedgerQueries.GeneralLedgerExport, new ListRequest { Sort = "date" }, export)
                : Forbid();
        }

        var cursor = LedgerCursor.Parse(after);
        var (lines, more) = await queries.LedgerPageAsync(account, start, end, cursor?.Date, cursor?.Id ?? 0, cursor?.Balance ?? opening, PageSize, cancellation);
        var (debit, credit) = await queries.PeriodTotalsAsync(account, start, end, cancellation);
        var next = more && lines.Count > 0 ? LedgerCursor.Format(lines[^1].Date, lines[^1].Id, lines[^1].Balance) : null;
        return View(new GeneralLedgerViewModel(account, accounts.FirstOrDefault(a => a.Number == account)?.Label, start, end, opening, debit, credit, lines, next,
            cursor is null, accounts));
    }
}
