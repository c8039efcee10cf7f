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

/// <summary>/Setup/Countries: countries and their regions (addresses, filters by region).</summary>
[Area("Setup")]
[Route("Setup/Countries")]
public sealed class CountriesController(SetupQueries queries, SetupAdministration setup, IValidator<RegionForm> validator, AppDbContext db) : Controller
{
    [HttpGet("")]
    [HasPermission(PlatformPermissions.SetupRead)]
    public async Task<IActionResult> Index(ListRequest list, string? export) =>
        export is not null
            ? ListExport.Export(queries.Countries(), SetupQueries.CountryList, list, export)
            : View("~/Platform/Setup/Views/Shared/List.cshtml", new SetupListViewModel("Countries", null, null,
                await ListEngine.PageAsync(queries.Countries(), SetupQueries.CountryList, list, HttpContext.RequestAborted)));

    [HttpGet("{code:length(2)}")]
    [HasPermission(PlatformPermissions.SetupRead)]
    public async Task<IActionResult> Show(string code) => await ShowAsync(code.ToUpperInvariant(), new RegionForm { CountryCode = code.ToUpperInvariant() });

    [HttpPost("{code:length(2)}/regions")]
    [HasPermission(PlatformPermissions.SetupWrite)]
    public async Task<IActionResult> AddRegion(string code, RegionForm form)
    {
        form.CountryCode = code.ToUpperInvariant();
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                await setup.AddRegionAsync(form, HttpContext.RequestAborted);
                this.Success($"Region {form.Name} added.");
                return Redirect($"/Setup/Countries/{form.CountryCode}");
            }
            catch (DomainException ex)
            {
                ModelState.AddDomainError(ex);
            }
        }

        return await ShowAsync(form.CountryCode, form);
    }

    /// <summary>
    /// Regions of a country for every address form's region picker (third parties, contacts, warehouses...). The list
    /// of a country's regions is public knowledge, and the forms' users need not have any Setup right.
    /// </summary>
    [HttpGet("{code:length(2)}/regions")]
    [Microsoft.AspNetCore.Authorization.AllowAnonymous]
    public async Task<IActionResult> Regions(string code) =>
        Json((await queries.RegionsOfAsync(code.ToUpperInvariant())).Select(r => new { id = r.Id, text = r.Name }));

    private async Task<IActionResult> ShowAsync(string code, RegionForm form)
    {
        var country = await db.Set<Country>().AsNoTracking().SingleOrDefaultAsync(c => c.Code == code);
        if (country is null)
        {
            return NotFound();
        }

        return View("Show", new CountryViewModel(country, await queries.RegionsOfAsync(code), form));
    }
}

public sealed record CountryViewModel(Country Country, IReadOnlyList<Region> Regions, RegionForm Form);
