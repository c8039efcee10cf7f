using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Setup.Domain;
using MokoCrm.Web.Platform.Setup.Features;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Platform.Setup.Controllers;

/// <summary>/Setup/BankAccounts: the accounts payments go through.</summary>
[Area("Setup")]
[Route("Setup/BankAccounts")]
public sealed class BankAccountsController(SetupQueries queries, SetupAdministration setup, IValidator<BankAccountForm> validator, AppDbContext db) : Controller
{
    [HttpGet("")]
    [HasPermission(PlatformPermissions.SetupRead)]
    public async Task<IActionResult> Index(ListRequest list, string? export) =>
        export is not null
            ? ListExport.Export(queries.BankAccounts(), SetupQueries.BankAccountList, list, export)
            : View("~/Platform/Setup/Views/Shared/List.cshtml", new SetupListViewModel("Bank accounts", "/Setup/BankAccounts/new", "New bank account",
                await ListEngine.PageAsync(queries.BankAccounts(), SetupQueries.BankAccountList, list, HttpContext.RequestAborted)));

    [HttpGet("new")]
    [HasPermission(PlatformPermissions.SetupWrite)]
    public IActionResult Create() => View("Edit", new BankAccountForm());

    [HttpPost("new")]
    [HasPermission(PlatformPermissions.SetupWrite)]
    public Task<IActionResult> Create(BankAccountForm form) => Save(null, form);

    [HttpGet("{id:long}/edit")]
    [HasPermission(PlatformPermissions.SetupWrite)]
    public async Task<IActionResult> Edit(long id)
    {
        var e = await db.Set<BankAccount>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id);
        if (e is null)
        {
            return NotFound();
        }

        ViewData["Id"] = id;
        return View(new BankAccountForm { Label = e.Label, BankName = e.BankName, Iban = e.Iban is null ? null : Iban.Format(e.Iban), Bic = e.Bic, AccountingAccount = e.AccountingAccount, Active = e.Active });
    }

    [HttpPost("{id:long}/edit")]
    [HasPermission(PlatformPermissions.SetupWrite)]
    public Task<IActionResult> Edit(long id, BankAccountForm form) => Save(id, form);

    private async Task<IActionResult> Save(long? id, BankAccountForm form)
    {
        ViewData["Id"] = id;
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                await setup.SaveBankAccountAsync(id, form, HttpContext.RequestAborted);
                this.Success($"Bank account {form.Label} saved.");
                return Redirect("/Setup/BankAccounts");
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

        return View("Edit", form);
    }
}
