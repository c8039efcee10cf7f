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

/// <summary>/Setup/PaymentTerms: the payment terms offered on documents and payments.</summary>
[Area("Setup")]
[Route("Setup/PaymentTerms")]
public sealed class PaymentTermsController(SetupQueries queries, SetupAdministration setup, IValidator<PaymentTermForm> validator, AppDbContext db) : Controller
{
    [HttpGet("")]
    [HasPermission(PlatformPermissions.SetupRead)]
    public async Task<IActionResult> Index(ListRequest list, string? export) =>
        export is not null
            ? ListExport.Export(queries.PaymentTerms(), SetupQueries.PaymentTermList, list, export)
            : View("~/Platform/Setup/Views/Shared/List.cshtml", new SetupListViewModel("Payment terms", "/Setup/PaymentTerms/new", "New payment term",
                await ListEngine.PageAsync(queries.PaymentTerms(), SetupQueries.PaymentTermList, list, HttpContext.RequestAborted)));

    [HttpGet("new")]
    [HasPermission(PlatformPermissions.SetupWrite)]
    public IActionResult Create() => View("Edit", new PaymentTermForm());

    [HttpPost("new")]
    [HasPermission(PlatformPermissions.SetupWrite)]
    public Task<IActionResult> Create(PaymentTermForm form) => Save(null, form);

    [HttpGet("{id:long}/edit")]
    [HasPermission(PlatformPermissions.SetupWrite)]
    public async Task<IActionResult> Edit(long id)
    {
        var e = await db.Set<PaymentTerm>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id);
        if (e is null)
        {
            return NotFound();
        }

        ViewData["Id"] = id;
        return View(new PaymentTermForm { Code = e.Code, Label = e.Label, Days = e.Days, EndOfMonth = e.EndOfMonth, SortOrder = e.SortOrder, Active = e.Active });
    }

    [HttpPost("{id:long}/edit")]
    [HasPermission(PlatformPermissions.SetupWrite)]
    public Task<IActionResult> Edit(long id, PaymentTermForm form) => Save(id, form);

    private async Task<IActionResult> Save(long? id, PaymentTermForm form)
    {
        ViewData["Id"] = id;
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                await setup.SavePaymentTermAsync(id, form, HttpContext.RequestAborted);
                this.Success($"Payment term {form.Code} saved.");
                return Redirect("/Setup/PaymentTerms");
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
