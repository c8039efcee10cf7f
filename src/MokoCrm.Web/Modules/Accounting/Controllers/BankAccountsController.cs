using System.Globalization;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Accounting.Features;
using MokoCrm.Web.Modules.Accounting.Queries;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Accounting.Controllers;

/// <summary>
/// /Accounting/BankAccounts: each bank account's balance; an account's lines with a running balance, keyset-paged
/// on (date, id) with the balance carried by the cursor; ticking lines reconciles them against a statement reference.
/// </summary>
[Area("Accounting")]
[Route("Accounting/BankAccounts")]
public sealed class BankAccountsController(BankQueries queries, BankReconciliation reconciliation, IValidator<ReconcileForm> validator, CurrentUserPermissions rights,
    BankTransfers transfers, IValidator<BankTransferForm> transferValidator, IValidator<ReversalForm> reversalValidator)
    : Controller
{
    private const int PageSize = 100;

    [HttpGet("")]
    [HasPermission(AccountingPermissions.Ledger.Read)]
    public async Task<IActionResult> Index() => View(await queries.AccountsAsync(HttpContext.RequestAborted));

    [HttpGet("{id:long}")]
    [HasPermission(AccountingPermissions.Ledger.Read)]
    public async Task<IActionResult> Show(long id, DateOnly? from, DateOnly? to, string? status, string? after, string? export)
    {
        var cancellation = HttpContext.RequestAborted;
        var account = await queries.AccountAsync(id, cancellation);
        if (account is null)
        {
            return NotFound();
        }

        var (start, end) = ReportRange.Of(from, to);
        status = status is "open" or "reconciled" ? status : null;
        var opening = await queries.BalanceBeforeAsync(id, start, cancellation);
        if (export is not null)
        {
            return await rights.HasAsync(AccountingPermissions.Ledger.Export)
                ? ListExport.Export(queries.ForExport(id, start, end, opening), BankQueries.LinesExport, new ListRequest { Sort = "date" }, export)
                : Forbid();
        }

        var cursor = Cursor.Parse(after);
        var (lines, more) = await queries.PageAsync(id, start, end, status, cursor?.Date, cursor?.Id ?? 0, cursor?.Balance ?? opening, PageSize, cancellation);
        var (moneyIn, moneyOut) = await queries.PeriodTotalsAsync(id, start, end, cancellation);
        var next = more && lines.Count > 0 ? Cursor.Format(lines[^1].Date, lines[^1].Id, lines[^1].Balance) : null;
        return View(new BankAccountViewModel(account, start, end, status, opening, lines, next, cursor is null, moneyIn, moneyOut));
    }

    [HttpGet("transfer")]
    [HasPermission(AccountingPermissions.Bank.Transfer)]
    public Task<IActionResult> Transfer() => TransferView(new BankTransferForm { Date = DateOnly.FromDateTime(DateTime.Today) });

    /// <summary>An internal transfer: one BQ entry through 58 and a bank line on each account (ADR 0008).</summary>
    [HttpPost("transfer")]
    [HasPermission(AccountingPermissions.Bank.Transfer)]
    public async Task<IActionResult> Transfer(BankTransferForm form)
    {
        if (await transferValidator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                var entry = await transfers.TransferAsync(form, HttpContext.RequestAborted);
                this.Success($"Transfer posted ({entry.JournalCode} {entry.Sequence}).");
                return Redirect("/Accounting/BankAccounts");
            }
            catch (DomainException ex)
            {
                ModelState.AddDomainError(ex);
            }
        }

        return await TransferView(form);
    }

    /// <summary>Cancels a mistaken transfer from its entry's card: the mirror entry and a bank line back on each account.</summary>
    [HttpPost("transfer/{entryId:long}/cancel")]
    [HasPermission(AccountingPermissions.Bank.Transfer)]
    public async Task<IActionResult> CancelTransfer(long entryId, ReversalForm form)
    {
        var card = $"/Accounting/Entries/{entryId}";
        if (!await reversalValidator.ValidateIntoAsync(form, ModelState))
        {
            this.Error(string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage)));
            return Redirect(card);
        }

        // Back to the transfer's card, which then links to its mirror entry ("Reversed by").
        return await this.ActOnCardAsync(card, () => transfers.CancelAsync(entryId, form, HttpContext.RequestAborted), "Transfer cancelled.");
    }

    private async Task<IActionResult> TransferView(BankTransferForm form)
    {
        ViewData["Banks"] = (await queries.AccountsAsync(HttpContext.RequestAborted)).Where(b => b.Active).ToList();
        return View("Transfer", form);
    }

    [HttpPost("{id:long}/reconcile")]
    [HasPermission(AccountingPermissions.Bank.Reconcile)]
    public async Task<IActionResult> Reconcile(long id, ReconcileForm form, string? back)
    {
        var url = back is not null && back.StartsWith($"/Accounting/BankAccounts/{id}", StringComparison.Ordinal) ? back : $"/Accounting/BankAccounts/{id}";
        if (await queries.AccountAsync(id, HttpContext.RequestAborted) is null)
        {
            return NotFound();
        }

        if (!await validator.ValidateIntoAsync(form, ModelState))
        {
            this.Error(string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage)));
            return Redirect(url);
        }

        try
        {
            var count = await reconciliation.ReconcileAsync(id, form, HttpContext.RequestAborted);
            this.Success($"{count} line(s) reconciled with statement {form.StatementReference.Trim()}.");
        }
        catch (DomainException ex)
        {
            this.Error(ex.Message);
        }

        return Redirect(url);
    }

    private sealed record Cursor(DateOnly Date, long Id, decimal Balance)
    {
        public static string Format(DateOnly date, long id, decimal balance) => FormattableString.Invariant($"{date:yyyy-MM-dd}_{id}_{balance}");

        public static Cursor? Parse(string? text)
        {
            var parts = (text ?? "").Split('_');
            return parts.Length == 3
                   && DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                   && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var lineId)
                   && decimal.TryParse(parts[2], NumberStyles.Number, CultureInfo.InvariantCulture, out var balance)
                ? new Cursor(date, lineId, balance)
                : null;
        }
    }
}
