using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Accounting.Features;
using MokoCrm.Web.Modules.Accounting.Queries;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Accounting.Controllers;

/// <summary>/Accounting/Accounts: the chart of accounts (add, rename, disable).</summary>
[Area("Accounting")]
[Route("Accounting/Accounts")]
public sealed class AccountsController(LedgerQueries queries, AccountingAdministration administration, IValidator<AccountForm> validator) : Controller
{
    [HttpGet("")]
    [HasPermission(AccountingPermissions.Ledger.Read)]
    public async Task<IActionResult> Index(ListRequest list, bool? enabled, string? export)
    {
        var rows = queries.Accounts(enabled);
        if (export is not null)
        {
            return ListExport.Export(rows, LedgerQueries.AccountList, list, export);
        }

        return View(await ListEngine.PageAsync(rows, LedgerQueries.AccountList, list, HttpContext.RequestAborted));
    }

    [HttpGet("new")]
    [HasPermission(AccountingPermissions.Settings.Write)]
    public IActionResult Create() => EditView(null, new AccountForm());

    [HttpPost("new")]
    [HasPermission(AccountingPermissions.Settings.Write)]
    public Task<IActionResult> Create(AccountForm form) => Save(null, form);

    [HttpGet("{id:long}/edit")]
    [HasPermission(AccountingPermissions.Settings.Write)]
    public async Task<IActionResult> Edit(long id)
    {
        var account = await queries.AccountAsync(id, HttpContext.RequestAborted);
        if (account is null)
        {
            return NotFound();
        }

        ViewData["Enabled"] = account.Enabled;
        return EditView(id, new AccountForm { Number = account.Number, Label = account.Label, Type = account.Type, ParentNumber = account.ParentNumber });
    }

    [HttpPost("{id:long}/edit")]
    [HasPermission(AccountingPermissions.Settings.Write)]
    public Task<IActionResult> Edit(long id, AccountForm form) => Save(id, form);

    [HttpPost("{id:long}/disable")]
    [HasPermission(AccountingPermissions.Settings.Write)]
    public Task<IActionResult> Disable(long id) => SetEnabled(id, false);

    [HttpPost("{id:long}/enable")]
    [HasPermission(AccountingPermissions.Settings.Write)]
    public Task<IActionResult> Enable(long id) => SetEnabled(id, true);

    private async Task<IActionResult> SetEnabled(long id, bool enabled)
    {
        try
        {
            await administration.SetEnabledAsync(id, enabled, HttpContext.RequestAborted);
            this.Success(enabled ? "Account enabled." : "Account disabled: it takes no new manual entry.");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            this.Error(ex.Message);
        }

        return Redirect($"/Accounting/Accounts/{id}/edit");
    }

    private async Task<IActionResult> Save(long? id, AccountForm form)
    {
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                await administration.SaveAccountAsync(id, form, HttpContext.RequestAborted);
                this.Success($"Account {form.Number.Trim()} saved.");
                return Redirect("/Accounting/Accounts");
            }
            catch (NotFoundException)
            {
                return NotFound();
            }
            catch (DomainException ex)
            {
                ModelState.AddDomainError(ex);
            }
        }

        return EditView(id, form);
    }

    private ViewResult EditView(long? id, AccountForm form)
    {
        ViewData["Id"] = id;
        return View("Edit", form);
    }
}
