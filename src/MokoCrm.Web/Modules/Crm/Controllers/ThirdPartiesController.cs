using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Crm.Features;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Crm.Queries;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Queries;
using MokoCrm.Web.Platform.Setup;
using MokoCrm.Web.Platform.Tags;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Crm.Controllers;

/// <summary>/Crm/ThirdParties: customers, prospects and suppliers.</summary>
[Area("Crm")]
[Route("Crm/ThirdParties")]
public sealed class ThirdPartiesController(
    CrmQueries queries,
    ThirdPartyAdministration administration,
    IValidator<ThirdPartyForm> validator,
    ITagService tags,
    SetupQueries setup,
    UserQueries users) : Controller
{
    [HttpGet("")]
    [HasPermission(CrmPermissions.ThirdParties.Read)]
    public async Task<IActionResult> Index(ListRequest list, ThirdPartyFilter filter, string? export)
    {
        var rows = (await queries.ThirdPartiesAsync(filter)).WithTag(tags, CrmRecordTypes.ThirdParty, filter.Tag, r => r.Id);
        if (export is not null)
        {
            return ListExport.Export(rows, CrmQueries.ThirdPartyList, list, export);
        }

        return View(new ThirdPartyListViewModel(await ListEngine.PageAsync(rows, CrmQueries.ThirdPartyList, list, HttpContext.RequestAborted), filter,
            await setup.CountryChoicesAsync(),
            string.IsNullOrWhiteSpace(filter.Country) ? [] : await setup.RegionsOfAsync(filter.Country.ToUpperInvariant()),
            await queries.RepresentativeChoicesAsync()));
    }

    [HttpGet("lookup")]
    [HasPermission(CrmPermissions.ThirdParties.Read)]
    public async Task<IActionResult> Lookup(string? q) =>
        Json((await queries.LookupAsync(q)).Select(t => new { id = t.Id, text = t.Text }));

    /// <summary>Users who can be chosen as sales representatives (the user admin lookup needs admin rights).</summary>
    [HttpGet("representatives/lookup")]
    [HasPermission(CrmPermissions.ThirdParties.Write)]
    public async Task<IActionResult> RepresentativesLookup(string? q) =>
        Json((await users.SearchUsersAsync(q)).Select(u => new { id = u.Id, text = u.Text }));

    [HttpGet("{id:long}")]
    [HasPermission(CrmPermissions.ThirdParties.Read)]
    public async Task<IActionResult> Show(long id) =>
        await queries.ThirdPartyCardAsync(id) is { } card ? View(card) : NotFound();

    [HttpGet("new")]
    [HasPermission(CrmPermissions.ThirdParties.Write)]
    public async Task<IActionResult> Create(string? kind) =>
        View("Edit", await queries.EditViewModelAsync(null, new ThirdPartyForm
        {
            IsCustomer = kind is null or "customer", IsProspect = kind == "prospect", IsSupplier = kind == "supplier",
        }));

    [HttpPost("new")]
    [HasPermission(CrmPermissions.ThirdParties.Write)]
    public async Task<IActionResult> Create(ThirdPartyForm form)
    {
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            var duplicates = form.CreateAnyway ? [] : await administration.FindDuplicatesAsync(form, cancellationToken: HttpContext.RequestAborted);
            if (duplicates.Count > 0)
            {
                return View("Edit", await queries.EditViewModelAsync(null, form, duplicates));
            }

            try
            {
                var id = await administration.CreateAsync(form, HttpContext.RequestAborted);
                this.Success($"Third party {form.Name} created.");
                return Redirect($"/Crm/ThirdParties/{id}");
            }
            catch (DomainException ex) when (ex is not NotFoundException)
            {
                ModelState.AddDomainError(ex);
            }
        }

        return View("Edit", await queries.EditViewModelAsync(null, form));
    }

    [HttpGet("{id:long}/edit")]
    [HasPermission(CrmPermissions.ThirdParties.Write)]
    public async Task<IActionResult> Edit(long id) =>
        await queries.ThirdPartyFormAsync(id) is { } form ? View(await queries.EditViewModelAsync(id, form)) : NotFound();

    [HttpPost("{id:long}/edit")]
    [HasPermission(CrmPermissions.ThirdParties.Write)]
    public async Task<IActionResult> Edit(long id, ThirdPartyForm form)
    {
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                await administration.UpdateAsync(id, form, HttpContext.RequestAborted);
                this.Success($"Third party {form.Name} saved.");
                return Redirect($"/Crm/ThirdParties/{id}");
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

        return View(await queries.EditViewModelAsync(id, form));
    }

    [HttpPost("{id:long}/close")]
    [HasPermission(CrmPermissions.ThirdParties.Write)]
    public Task<IActionResult> Close(long id) => Act(id, () => administration.CloseAsync(id, HttpContext.RequestAborted), "Third party closed.");

    [HttpPost("{id:long}/reopen")]
    [HasPermission(CrmPermissions.ThirdParties.Write)]
    public Task<IActionResult> Reopen(long id) => Act(id, () => administration.ReopenAsync(id, HttpContext.RequestAborted), "Third party reopened.");

    [HttpPost("{id:long}/delete")]
    [HasPermission(CrmPermissions.ThirdParties.Delete)]
    public async Task<IActionResult> Delete(long id)
    {
        try
        {
            await administration.DeleteAsync(id, HttpContext.RequestAborted);
            this.Success("Third party deleted.");
            return Redirect("/Crm/ThirdParties");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            this.Error(ex.Message);
            return Redirect($"/Crm/ThirdParties/{id}");
        }
    }

    private async Task<IActionResult> Act(long id, Func<Task> action, string done)
    {
        try
        {
            await action();
            this.Success(done);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            this.Error(ex.Message);
        }

        return Redirect($"/Crm/ThirdParties/{id}");
    }
}
