using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Accounting.Features;
using MokoCrm.Web.Modules.Accounting.Queries;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;

namespace MokoCrm.Web.Modules.Accounting.Controllers;

public sealed record AccountSettingsViewModel(AccountSettingsForm Form, IReadOnlyList<AccountChoice> Accounts);

/// <summary>/Accounting/Settings: the default accounts used when neither the product nor the third party gives one.</summary>
[Area("Accounting")]
[Route("Accounting/Settings")]
public sealed class SettingsController(LedgerQueries queries, AccountingAdministration administration, IValidator<AccountSettingsForm> validator) : Controller
{
    [HttpGet("")]
    [HasPermission(AccountingPermissions.Settings.Write)]
    public async Task<IActionResult> Index() =>
        await ViewAsync(new AccountSettingsForm { Accounts = (await queries.DefaultAccountsAsync(HttpContext.RequestAborted)).ToDictionary(d => d.Key, d => (string?)d.Value) });

    [HttpPost("")]
    [HasPermission(AccountingPermissions.Settings.Write)]
    public async Task<IActionResult> Index(AccountSettingsForm form)
    {
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                await administration.SaveSettingsAsync(form, HttpContext.RequestAborted);
                this.Success("Account settings saved.");
                return Redirect("/Accounting/Settings");
            }
            catch (DomainException ex)
            {
                ModelState.AddDomainError(ex);
            }
        }

        return await ViewAsync(form);
    }

    private async Task<IActionResult> ViewAsync(AccountSettingsForm form) =>
        View("Index", new AccountSettingsViewModel(form, await queries.AccountChoicesAsync(enabledOnly: true, HttpContext.RequestAborted)));
}
