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

/// <summary>/Setup/VatRates: the rates offered on document lines.</summary>
[Area("Setup")]
[Route("Setup/VatRates")]
public sealed class VatRatesController(SetupQueries queries, SetupAdministration setup, IValidator<VatRateForm> validator, AppDbContext db) : Controller
{
    [HttpGet("")]
    [HasPermission(PlatformPermissions.SetupRead)]
    public async Task<IActionResult> Index(ListRequest list, string? export) =>
        export is not null
            ? ListExport.Export(queries.VatRates(), SetupQueries.VatRateList, list, export)
            : View("~/Platform/Setup/Views/Shared/List.cshtml", new SetupListViewModel("VAT rates", "/Setup/VatRates/new", "New VAT rate",
                await ListEngine.PageAsync(queries.VatRates(), SetupQueries.VatRateList, list, HttpContext.RequestAborted)));

    [HttpGet("new")]
    [HasPermission(PlatformPermissions.SetupWrite)]
    public IActionResult Create() => View("Edit", new VatRateForm());

    [HttpPost("new")]
    [HasPermission(PlatformPermissions.SetupWrite)]
    public Task<IActionResult> Create(VatRateForm form) => Save(null, form);

    [HttpGet("{id:long}/edit")]
    [HasPermission(PlatformPermissions.SetupWrite)]
    public async Task<IActionResult> Edit(long id)
    {
        var vat = await db.Set<VatRate>().AsNoTracking().SingleOrDefaultAsync(v => v.Id == id);
        if (vat is null)
        {
            return NotFound();
        }

        ViewData["Id"] = id;
        return View(new VatRateForm { Rate = vat.Rate, Label = vat.Label, IsDefault = vat.IsDefault, Active = vat.Active });
    }

    [HttpPost("{id:long}/edit")]
    [HasPermission(PlatformPermissions.SetupWrite)]
    public Task<IActionResult> Edit(long id, VatRateForm form) => Save(id, form);

    private async Task<IActionResult> Save(long? id, VatRateForm form)
    {
        ViewData["Id"] = id;
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                await setup.SaveVatRateAsync(id, form, HttpContext.RequestAborted);
                this.Success($"VAT rate {form.Rate:0.###} % saved.");
                return Redirect("/Setup/VatRates");
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

/// <summary>A Setup list page: title, the "new" button and the list.</summary>
public sealed record SetupListViewModel(string Title, string? NewUrl, string? NewLabel, IListPage List);
