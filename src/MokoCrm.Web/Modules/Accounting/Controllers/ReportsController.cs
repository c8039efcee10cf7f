using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Modules.Accounting.Features;
using MokoCrm.Web.Modules.Accounting.Queries;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Accounting.Controllers;

public sealed record SubledgerViewModel(SubledgerKind Kind, IListPage List, DateOnly From, DateOnly To);

public sealed record SubledgerDetailViewModel(SubledgerKind Kind, string Code, string Name, DateOnly From, DateOnly To, decimal Opening, IReadOnlyList<SubledgerLineRow> Lines,
    string? NextCursor, bool IsFirstPage);

public sealed record StatementViewModel(string Title, DateOnly From, DateOnly To, IReadOnlyList<StatementRow> Rows);

public sealed record VatViewModel(IListPage List, DateOnly From, DateOnly To, decimal Collected, decimal Deductible);

public sealed record AgedViewModel(SubledgerKind Kind, DateOnly AsOf, IReadOnlyList<AgedRow> Rows);

/// <summary>
/// The accounting home page and reports: customer and supplier subledgers, income statement, balance sheet, VAT,
/// aged receivables and payables, each with filters, totals and CSV/XLSX export; the FEC file.
/// </summary>
[Area("Accounting")]
[Route("Accounting")]
public sealed class ReportsController(ReportQueries reports, LedgerQueries ledger, FecExport fec, CurrentUserPermissions rights) : Controller
{
    private const int DetailPage = 100;

    [HttpGet("")]
    [HasPermission(AccountingPermissions.Ledger.Read)]
    public async Task<IActionResult> Index() => View(await ledger.TrialBalanceTotalsAsync(ReportRange.Of(null, null).From, ReportRange.Of(null, null).To, null, HttpContext.RequestAborted));

    [HttpGet("Subledgers/{kind}")]
    [HasPermission(AccountingPermissions.Ledger.Read)]
    public async Task<IActionResult> Subledgers(string kind, ListRequest list, DateOnly? from, DateOnly? to, string? export)
    {
        if (await reports.KindAsync(kind, HttpContext.RequestAborted) is not { } k)
        {
            return NotFound();
        }

        var (start, end) = ReportRange.Of(from, to);
        var rows = reports.Subledgers(k, start, end);
        if (export is not null)
        {
            return await rights.HasAsync(AccountingPermissions.Ledger.Export) ? ListExport.Export(rows, ReportQueries.SubledgerList, list, export) : Forbid();
        }

        list.Size = Math.Max(list.Size, 100);
        return View(new SubledgerViewModel(k, await reports.SubledgerPageAsync(k, start, end, list, HttpContext.RequestAborted), start, end));
    }

    [HttpGet("Subledgers/{kind}/{code}")]
    [HasPermission(AccountingPermissions.Ledger.Read)]
    public async Task<IActionResult> Subledger(string kind, string code, DateOnly? from, DateOnly? to, string? after, string? export)
    {
        var cancellation = HttpContext.RequestAborted;
        if (await reports.KindAsync(kind, cancellation) is not { } k)
        {
            return NotFound();
        }

        var (start, end) = ReportRange.Of(from, to);
        var opening = await reports.SubledgerBalanceBeforeAsync(k, code, start, cancellation);
        if (export is not null)
        {
            return await rights.HasAsync(AccountingPermissions.Ledger.Export)
                ? ListExport.Export(reports.SubledgerLines(k, code, start, end, opening), ReportQueries.SubledgerLinesExport, new ListRequest { Sort = "date" }, export)
                : Forbid();
        }

        var cursor = LedgerCursor.Parse(after);
        var (lines, more) = await reports.SubledgerLinesPageAsync(k, code, start, end, cursor?.Date, cursor?.Id ?? 0, cursor?.Balance ?? opening, DetailPage, cancellation);
        var next = more && lines.Count > 0 ? LedgerCursor.Format(lines[^1].Date, lines[^1].Id, lines[^1].Balance) : null;
        var name = await reports.SubledgerNameAsync(k, code, cancellation);
        return View(new SubledgerDetailViewModel(k, code, name, start, end, opening, lines, next, cursor is null));
    }

    [HttpGet("IncomeStatement")]
    [HasPermission(AccountingPermissions.Ledger.Read)]
    public async Task<IActionResult> IncomeStatement(DateOnly? from, DateOnly? to, string? export)
    {
        var (start, end) = ReportRange.Of(from, to);
        var rows = await reports.IncomeStatementAsync(start, end, HttpContext.RequestAborted);
        if (export is not null)
        {
            return await rights.HasAsync(AccountingPermissions.Ledger.Export)
                ? ListExport.Export(rows.AsQueryable(), ReportQueries.StatementList, new ListRequest { Sort = "account" }, export)
                : Forbid();
        }

        return View("Statement", new StatementViewModel("Income statement", start, end, rows));
    }

    [HttpGet("BalanceSheet")]
    [HasPermission(AccountingPermissions.Ledger.Read)]
    public async Task<IActionResult> BalanceSheet(DateOnly? to, string? export)
    {
        var (_, end) = ReportRange.Of(null, to);
        var rows = await reports.BalanceSheetAsync(end, HttpContext.RequestAborted);
        if (export is not null)
        {
            return await rights.HasAsync(AccountingPermissions.Ledger.Export)
                ? ListExport.Export(rows.AsQueryable(), ReportQueries.StatementList, new ListRequest { Sort = "account" }, export)
                : Forbid();
        }

        return View("Statement", new StatementViewModel("Balance sheet", end, end, rows));
    }

    [HttpGet("Vat")]
    [HasPermission(AccountingPermissions.Ledger.Read)]
    public async Task<IActionResult> Vat(ListRequest list, DateOnly? from, DateOnly? to, string? export)
    {
        var (start, end) = ReportRange.Of(from, to);
        var defaults = await ledger.DefaultAccountsAsync(HttpContext.RequestAborted);
        var rows = await reports.VatAsync(start, end, defaults.GetValueOrDefault(DefaultAccountKeys.VatCollected) ?? "44571",
            defaults.GetValueOrDefault(DefaultAccountKeys.VatDeductible) ?? "44566", HttpContext.RequestAborted);
        if (export is not null)
        {
            return await rights.HasAsync(AccountingPermissions.Ledger.Export) ? ListExport.Export(rows, ReportQueries.VatList, list, export) : Forbid();
        }

        list.Size = Math.Max(list.Size, 200);
        var page = await ListEngine.PageAsync(rows, ReportQueries.VatList, list, HttpContext.RequestAborted);
        var totals = await rows.GroupBy(_ => 1).Select(g => new { C = g.Sum(r => r.Collected), D = g.Sum(r => r.Deductible) }).SingleOrDefaultAsync(HttpContext.RequestAborted);
        return View(new VatViewModel(page, start, end, totals?.C ?? 0, totals?.D ?? 0));
    }

    [HttpGet("Aged/{kind}")]
    [HasPermission(AccountingPermissions.Ledger.Read)]
    public async Task<IActionResult> Aged(string kind, DateOnly? on, string? export)
    {
        if (kind is not ("customers" or "suppliers") || await reports.KindAsync(kind, HttpContext.RequestAborted) is not { } k)
        {
            return NotFound();
        }

        var asOf = on ?? DateOnly.FromDateTime(DateTime.Today);
        var rows = await reports.AgedAsync(k, asOf, HttpContext.RequestAborted);
        if (export is not null)
        {
            return await rights.HasAsync(AccountingPermissions.Ledger.Export)
                ? ListExport.Export(rows.AsQueryable(), ReportQueries.AgedList, new ListRequest { Sort = "code" }, export)
                : Forbid();
        }

        return View(new AgedViewModel(k, asOf, rows));
    }

    [HttpGet("Fec")]
    [HasPermission(AccountingPermissions.Ledger.Export)]
    public async Task<IActionResult> Fec(DateOnly? from, DateOnly? to, bool download = false)
    {
        var (start, end) = ReportRange.Of(from, to);
        if (!download)
        {
            return View("Fec", new StatementViewModel("FEC export", start, end, []));
        }

        var name = await fec.FileNameAsync(end, HttpContext.RequestAborted);
        Response.ContentType = "text/plain; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        await fec.WriteAsync(Response.Body, start, end, HttpContext.RequestAborted);
        return new EmptyResult();
    }
}
