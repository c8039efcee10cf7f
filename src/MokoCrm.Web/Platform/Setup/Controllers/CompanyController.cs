using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Setup.Features;
using MokoCrm.Web.Platform.Web;

namespace MokoCrm.Web.Platform.Setup.Controllers;

/// <summary>/Setup/Company: the company's identity printed on every document, its currency and fiscal year start.</summary>
[Area("Setup")]
[Route("Setup/Company")]
public sealed class CompanyController(SetupQueries queries, SetupAdministration setup, IValidator<CompanyForm> validator) : Controller
{
    [HttpGet("")]
    [HasPermission(PlatformPermissions.SetupRead)]
    public async Task<IActionResult> Index()
    {
        var company = await queries.CompanyAsync();
        await LoadChoicesAsync(company.CountryCode);
        ViewData["HasLogo"] = company.Logo is not null;
        ViewData["Currency"] = company.Currency;
        return View(new CompanyForm
        {
            Name = company.Name, Address = company.Address, PostalCode = company.PostalCode, Town = company.Town,
            CountryCode = company.CountryCode, RegionId = company.RegionId, VatId = company.VatId,
            RegistrationNumber = company.RegistrationNumber, Phone = company.Phone, Email = company.Email, Website = company.Website,
            FiscalYearStartMonth = company.FiscalYearStartMonth, LegalLine = company.LegalLine,
        });
    }

    [HttpPost("")]
    [HasPermission(PlatformPermissions.SetupWrite)]
    [RequestSizeLimit(2 * 1024 * 1024)]
    public async Task<IActionResult> Index(CompanyForm form)
    {
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                await setup.UpdateCompanyAsync(form, HttpContext.RequestAborted);
                this.Success("Company details saved.");
                return Redirect("/Setup/Company");
            }
            catch (DomainException ex)
            {
                ModelState.AddDomainError(ex);
            }
        }

        var company = await queries.CompanyAsync();
        ViewData["HasLogo"] = company.Logo is not null;
        ViewData["Currency"] = company.Currency;
        await LoadChoicesAsync(form.CountryCode);
        return View(form);
    }

    [HttpGet("logo")]
    [HasPermission(PlatformPermissions.SetupRead)]
    public async Task<IActionResult> Logo()
    {
        var company = await queries.CompanyAsync();
        return company.Logo is null ? NotFound() : File(company.Logo, company.LogoContentType ?? "image/png");
    }

    private async Task LoadChoicesAsync(string countryCode)
    {
        ViewData["Countries"] = await queries.CountryChoicesAsync();
        ViewData["Regions"] = await queries.RegionsOfAsync(countryCode);
    }
}
