using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Crm.Domain;
using MokoCrm.Web.Modules.Crm.Features;
using MokoCrm.Web.Modules.Crm.Queries;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Crm.Controllers;

/// <summary>/Crm/Leads: sales opportunities, their list, card, pipeline and stage actions.</summary>
[Area("Crm")]
[Route("Crm/Leads")]
public sealed class LeadsController(LeadQueries queries, CrmQueries crm, LeadAdministration administration, IValidator<LeadForm> validator) : Controller
{
    [HttpGet("")]
    [HasPermission(CrmPermissions.Leads.Read)]
    public async Task<IActionResult> Index(ListRequest list, LeadFilter filter, string? export)
    {
        var rows = await queries.LeadsAsync(filter);
        if (export is not null)
        {
            return ListExport.Export(rows, LeadQueries.LeadList, list, export);
        }

        var searched = string.IsNullOrWhiteSpace(list.Search) || LeadQueries.LeadList.Search is null ? rows : LeadQueries.LeadList.Search(rows, list.Search.Trim());
        return View(new LeadListViewModel(await ListEngine.PageAsync(rows, LeadQueries.LeadList, list, HttpContext.RequestAborted), filter,
            await LeadQueries.TotalsAsync(searched, HttpContext.RequestAborted), await queries.OwnerChoicesAsync(),
            await crm.ThirdPartyNameAsync(filter.ThirdParty)));
    }

    [HttpGet("pipeline")]
    [HasPermission(CrmPermissions.Leads.Read)]
    public async Task<IActionResult> Pipeline(long? owner) =>
        View(await queries.PipelineAsync(owner, HttpContext.RequestAborted));

    [HttpGet("{id:long}")]
    [HasPermission(CrmPermissions.Leads.Read)]
    public async Task<IActionResult> Show(long id) =>
        await queries.CardAsync(id) is { } card ? View(card) : NotFound();

    [HttpGet("new")]
    [HasPermission(CrmPermissions.Leads.Write)]
    public async Task<IActionResult> Create(long? thirdParty) =>
        View("Edit", await queries.EditViewModelAsync(null, new LeadForm { ThirdPartyId = thirdParty }));

    [HttpPost("new")]
    [HasPermission(CrmPermissions.Leads.Write)]
    public async Task<IActionResult> Create(LeadForm form)
    {
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                var id = await administration.CreateAsync(form, HttpContext.RequestAborted);
                this.Success($"Lead {form.Title} created.");
                return Redirect($"/Crm/Leads/{id}");
            }
            catch (DomainException ex) when (ex is not NotFoundException)
            {
                ModelState.AddDomainError(ex);
            }
        }

        return View("Edit", await queries.EditViewModelAsync(null, form));
    }

    [HttpGet("{id:long}/edit")]
    [HasPermission(CrmPermissions.Leads.Write)]
    public async Task<IActionResult> Edit(long id) =>
        await queries.FormAsync(id) is { } form ? View(await queries.EditViewModelAsync(id, form, form.Stage)) : NotFound();

    [HttpPost("{id:long}/edit")]
    [HasPermission(CrmPermissions.Leads.Write)]
    public async Task<IActionResult> Edit(long id, LeadForm form)
    {
        if (await queries.LeadAsync(id) is not { } lead)
        {
            return NotFound();
        }

        form.Stage = lead.IsOpen ? lead.Stage : LeadStage.Prospection; // the stage moves through its own actions, not the form
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                await administration.UpdateAsync(id, form, HttpContext.RequestAborted);
                this.Success($"Lead {form.Title} saved.");
                return Redirect($"/Crm/Leads/{id}");
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

        return View(await queries.EditViewModelAsync(id, form, lead.Stage));
    }

    /// <summary>Moves the lead to another stage; from the pipeline the user goes back to the pipeline.</summary>
    [HttpPost("{id:long}/stage")]
    [HasPermission(CrmPermissions.Leads.Write)]
    public Task<IActionResult> Stage(long id, LeadStage stage, string? returnTo) =>
        Act(id, () => administration.MoveAsync(id, stage, HttpContext.RequestAborted), $"Lead moved to {LeadQueries.StageLabel(stage)}.",
            returnTo == "pipeline" ? "/Crm/Leads/pipeline" : null);

    [HttpPost("{id:long}/won")]
    [HasPermission(CrmPermissions.Leads.Write)]
    public Task<IActionResult> Won(long id) => Act(id, () => administration.WinAsync(id, HttpContext.RequestAborted), "Lead won.");

    [HttpPost("{id:long}/lost")]
    [HasPermission(CrmPermissions.Leads.Write)]
    public Task<IActionResult> Lost(long id, string? reason) => Act(id, () => administration.LoseAsync(id, reason, HttpContext.RequestAborted), "Lead lost.");

    [HttpPost("{id:long}/reopen")]
    [HasPermission(CrmPermissions.Leads.Write)]
    public Task<IActionResult> Reopen(long id) => Act(id, () => administration.ReopenAsync(id, HttpContext.RequestAborted), "Lead reopened.");

    /// <summary>Creates a prospect and a contact from the lead; stops at likely duplicates and offers to attach the lead to one.</summary>
    [HttpPost("{id:long}/convert")]
    [HasPermission(CrmPermissions.Leads.Write)]
    [HasPermission(CrmPermissions.ThirdParties.Write)]
    public async Task<IActionResult> Convert(long id, bool createAnyway)
    {
        try
        {
            var result = await administration.ConvertAsync(id, createAnyway, HttpContext.RequestAborted);
            if (result.ThirdPartyId is null)
            {
                TempData["LeadDuplicates"] = string.Join("\n", result.Duplicates.Select(d => $"{d.Id}\t{d.Name}{(d.Code is null ? "" : $" ({d.Code})")}\t{d.Reason}"));
                this.Error("This company may already be a third party: nothing was created. Attach the lead to it, or convert anyway.");
            }
            else
            {
                this.Success("Lead converted: a new prospect and its contact were created.");
            }
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            this.Error(ex.Message);
        }

        return Redirect($"/Crm/Leads/{id}");
    }

    [HttpPost("{id:long}/attach")]
    [HasPermission(CrmPermissions.Leads.Write)]
    public Task<IActionResult> Attach(long id, long thirdParty) =>
        Act(id, () => administration.AttachAsync(id, thirdParty, HttpContext.RequestAborted), "Lead attached to the existing third party.");

    [HttpPost("{id:long}/delete")]
    [HasPermission(CrmPermissions.Leads.Delete)]
    public async Task<IActionResult> Delete(long id)
    {
        try
        {
            await administration.DeleteAsync(id, HttpContext.RequestAborted);
            this.Success("Lead deleted.");
            return Redirect("/Crm/Leads");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    private async Task<IActionResult> Act(long id, Func<Task> action, string done, string? returnTo = null)
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

        return Redirect(returnTo ?? $"/Crm/Leads/{id}");
    }
}
