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

/// <summary>/Setup/PaymentMethods: payment methods offered on documents and payments.</summary>
[Area("Setup")]
[Route("Setup/PaymentMethods")]
public sealed class PaymentMethodsController(SetupQueries queries, SetupAdministration setup, IValidator<PaymentMethodForm> validator, AppDbContext db) : Controller
{
    [HttpGet("")]
    [HasPermission(PlatformPermissions.SetupRead)]
    public async Task<IActionResult> Index(ListRequest list, string? export) =>
        export is not null
            ? ListExport.Export(queries.PaymentMethods(), SetupQueries.PaymentMethodList, list, export)
            : View("~/Platform/Setup/Views/Shared/List.cshtml", new SetupListViewModel("Payment methods", "/Setup/PaymentMethods/new", "New payment method",
                await ListEngine.PageAsync(queries.PaymentMethods(), SetupQueries.PaymentMethodList, list, HttpContext.RequestAborted)));

    [HttpGet("new")]
    [HasPermission(PlatformPermissions.SetupWrite)]
    public IActionResult Create() => View("Edit", new PaymentMethodForm());

    [HttpPost("new")]
    [HasPermission(PlatformPermissions.SetupWrite)]
    public Task<IActionResult> Create(PaymentMethodForm form) => Save(null, form);

    [HttpGet("{id:long}/edit")]
    [HasPermission(PlatformPermissions.SetupWrite)]
    public async Task<IActionResult> Edit(long id)
    {
        var e = await db.Set<PaymentMethod>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id);
        if (e is null)
        {
            return NotFound();
        }

        ViewData["Id"] = id;
        return View(new PaymentMethodForm { Code = e.Code, Label = e.Label, Active = e.Active });
    }

    [HttpPost("{id:long}/edit")]
    [HasPermission(PlatformPermissions.SetupWrite)]
    public Task<IActionResult> Edit(long id, PaymentMethodForm form) => Save(id, form);

    private async Task<IActionResult> Save(long? id, PaymentMethodForm form)
    {
        ViewData["Id"] = id;
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                await setup.SavePaymentMethodAsync(id, form, HttpContext.RequestAborted);
                this.Success($"Payment method {form.Label} saved.");
                return Redirect("/Setup/PaymentMethods");
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
