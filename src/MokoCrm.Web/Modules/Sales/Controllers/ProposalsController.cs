using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Sales.Documents;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Features;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Modules.Sales.Queries;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Documents;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Sales.Controllers;

/// <summary>/Sales/Proposals: the list, the card with its lines, the draft form and the status actions.</summary>
[Area("Sales")]
[Route("Sales/Proposals")]
public sealed class ProposalsController(
    SalesQueries queries,
    ProposalAdministration administration,
    OrderAdministration orders,
    RecordPdfs pdfs,
    AppDbContext db,
    IValidator<ProposalForm> validator,
    IValidator<LineForm> lineValidator,
    Products.Public.IProductLookup products,
    CurrentUserPermissions rights,
    Crm.Public.ILeadLookup leads) : Controller
{
    private const string ListUrl = "/Sales/Proposals";

    [HttpGet("")]
    [HasPermission(SalesPermissions.Proposals.Read)]
    public async Task<IActionResult> Index(ListRequest list, SalesListFilter filter, string? export)
    {
        var rows = await queries.ProposalsAsync(filter);
        if (export is not null)
        {
            return await rights.HasAsync(SalesPermissions.Proposals.Export) ? ListExport.Export(rows, SalesQueries.ProposalList, list, export) : Forbid();
        }

        var searched = string.IsNullOrWhiteSpace(list.Search) ? rows : SalesQueries.ProposalList.Search!(rows, list.Search.Trim());
        return View("~/Modules/Sales/Views/Shared/SalesList.cshtml", new SalesListViewModel("proposals",
            await ListEngine.PageAsync(rows, SalesQueries.ProposalList, list, HttpContext.RequestAborted), filter,
            await SalesQueries.TotalsAsync(searched, HttpContext.RequestAborted), SalesQueries.ProposalStatuses,
            await queries.ThirdPartyNameAsync(filter.ThirdParty, HttpContext.RequestAborted)));
    }

    /// <summary>What the line form fills in when a product is picked: its label, price excl. tax and VAT rate.</summary>
    [HttpGet("product-defaults/{productId:long}")]
    [HasPermission(SalesPermissions.Proposals.Write)]
    public async Task<IActionResult> ProductDefaults(long productId) =>
        await products.FindAsync(productId, HttpContext.RequestAborted) is { } p
            ? Json(new { label = p.Label, price = p.SalePrice, vat = p.VatRate })
            : NotFound();

    [HttpGet("{id:long}")]
    [HasPermission(SalesPermissions.Proposals.Read)]
    public async Task<IActionResult> Show(long id, long? editLine) =>
        await queries.ProposalCardAsync(id, editLine, HttpContext.RequestAborted) is { } card ? View(card) : NotFound();

    /// <summary>A new draft, for a third party and/or from a CRM lead (the lead card links here with ?leadId=).</summary>
    [HttpGet("new")]
    [HasPermission(SalesPermissions.Proposals.Write)]
    public async Task<IActionResult> Create(long? thirdParty, long? leadId)
    {
        var form = new ProposalForm { ThirdPartyId = thirdParty, LeadId = leadId, Date = Today(), ValidityDays = Proposal.DefaultValidityDays };
        if (leadId is { } l && await leads.FindAsync(l, HttpContext.RequestAborted) is { } lead)
        {
            form.ThirdPartyId ??= lead.ThirdPartyId;
        }

        return await EditView(null, form);
    }

    [HttpPost("new")]
    [HasPermission(SalesPermissions.Proposals.Write)]
    public async Task<IActionResult> Create(ProposalForm form)
    {
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                var id = await administration.CreateAsync(form, HttpContext.RequestAborted);
                this.Success("Draft proposal created: add its lines.");
                return Redirect($"{ListUrl}/{id}");
            }
            catch (DomainException ex) when (ex is not NotFoundException)
            {
                ModelState.AddDomainError(ex);
            }
        }

        return await EditView(null, form);
    }

    [HttpGet("{id:long}/edit")]
    [HasPermission(SalesPermissions.Proposals.Write)]
    public async Task<IActionResult> Edit(long id) =>
        await queries.ProposalFormAsync(id, HttpContext.RequestAborted) is { } form ? await EditView(id, form) : NotFound();

    [HttpPost("{id:long}/edit")]
    [HasPermission(SalesPermissions.Proposals.Write)]
    public async Task<IActionResult> Edit(long id, ProposalForm form)
    {
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                await administration.UpdateAsync(id, form, HttpContext.RequestAborted);
                this.Success("Proposal saved.");
                return Redirect($"{ListUrl}/{id}");
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

        return await EditView(id, form);
    }

    [HttpPost("{id:long}/lines")]
    [HasPermission(SalesPermissions.Proposals.Write)]
    public Task<IActionResult> AddLine(long id, LineForm line) =>
        LineAction(id, line, () => administration.AddLineAsync(id, line, HttpContext.RequestAborted), "Line added.");

    [HttpPost("{id:long}/lines/{lineId:long}")]
    [HasPermission(SalesPermissions.Proposals.Write)]
    public Task<IActionResult> ChangeLine(long id, long lineId, LineForm line) =>
        LineAction(id, line, () => administration.ChangeLineAsync(id, lineId, line, HttpContext.RequestAborted), "Line saved.", lineId);

    [HttpPost("{id:long}/lines/{lineId:long}/delete")]
    [HasPermission(SalesPermissions.Proposals.Write)]
    public Task<IActionResult> DeleteLine(long id, long lineId) =>
        Act(id, () => administration.RemoveLineAsync(id, lineId, HttpContext.RequestAborted), "Line deleted.");

    [HttpPost("{id:long}/lines/{lineId:long}/move")]
    [HasPermission(SalesPermissions.Proposals.Write)]
    public Task<IActionResult> MoveLine(long id, long lineId, int delta) =>
        Act(id, () => administration.MoveLineAsync(id, lineId, delta, HttpContext.RequestAborted), "Line moved.");

    [HttpPost("{id:long}/validate")]
    [HasPermission(SalesPermissions.Proposals.Validate)]
    public async Task<IActionResult> Validate(long id)
    {
        string? number = null;
        var result = await Act(id, async () => number = await administration.ValidateAsync(id, HttpContext.RequestAborted), "");
        if (number is not null)
        {
            this.Success($"Proposal validated as {number}.");
        }

        return result;
    }

    [HttpPost("{id:long}/sign")]
    [HasPermission(SalesPermissions.Proposals.Close)]
    public Task<IActionResult> Sign(long id, string? note) => Act(id, () => administration.SignAsync(id, note, HttpContext.RequestAborted), "Proposal signed.");

    [HttpPost("{id:long}/refuse")]
    [HasPermission(SalesPermissions.Proposals.Close)]
    public Task<IActionResult> Refuse(long id, string? note) => Act(id, () => administration.RefuseAsync(id, note, HttpContext.RequestAborted), "Proposal refused.");

    [HttpPost("{id:long}/reopen")]
    [HasPermission(SalesPermissions.Proposals.Close)]
    public Task<IActionResult> Reopen(long id) => Act(id, () => administration.ReopenAsync(id, HttpContext.RequestAborted), "Proposal reopened: it is validated again.");

    [HttpPost("{id:long}/cancel")]
    [HasPermission(SalesPermissions.Proposals.Close)]
    public Task<IActionResult> Cancel(long id) => Act(id, () => administration.CancelAsync(id, HttpContext.RequestAborted), "Proposal cancelled.");

    [HttpPost("{id:long}/delete")]
    [HasPermission(SalesPermissions.Proposals.Delete)]
    public async Task<IActionResult> Delete(long id)
    {
        try
        {
            await administration.DeleteAsync(id, HttpContext.RequestAborted);
            this.Success("Draft proposal deleted.");
            return Redirect(ListUrl);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            this.Error(ex.Message);
            return Redirect($"{ListUrl}/{id}");
        }
    }

    /// <summary>"Create order" on a signed proposal: a draft order with its lines, linked to the proposal.</summary>
    [HttpPost("{id:long}/order")]
    [HasPermission(SalesPermissions.Orders.Write)]
    public async Task<IActionResult> CreateOrder(long id)
    {
        try
        {
            var orderId = await orders.CreateFromProposalAsync(id, HttpContext.RequestAborted);
            this.Success("Draft order created from the proposal.");
            return Redirect($"/Sales/Orders/{orderId}");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            this.Error(ex.Message);
            return Redirect($"{ListUrl}/{id}");
        }
    }

    /// <summary>The PDF: the stored one is rewritten (validated documents) so the Documents tab keeps it; a draft's is only shown.</summary>
    [HttpGet("{id:long}/pdf")]
    [HasPermission(SalesPermissions.Proposals.Read)]
    public async Task<IActionResult> Pdf(long id)
    {
        if (await queries.ProposalAsync(id) is null)
        {
            return NotFound();
        }

        if (await pdfs.PdfAsync(SalesRecordTypes.Proposal, id, HttpContext.RequestAborted) is not { } f)
        {
            return NotFound();
        }

        await db.SaveGeneratedFileAsync(HttpContext.RequestAborted);
        return File(f.Pdf, "application/pdf", f.FileName);
    }

    private async Task<IActionResult> EditView(long? id, ProposalForm form) =>
        View("~/Modules/Sales/Views/Shared/SalesEdit.cshtml", await queries.EditViewModelAsync("proposal", id, form, form.ThirdPartyId, form.LeadId, HttpContext.RequestAborted));

    private async Task<IActionResult> LineAction(long id, LineForm line, Func<Task> action, string done, long? lineId = null)
    {
        var result = await lineValidator.ValidateAsync(line, HttpContext.RequestAborted);
        var errors = result.Errors.Select(e => e.ErrorMessage).Concat(ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage)).Distinct().ToList();
        if (errors.Count > 0)
        {
            this.Error(string.Join(" ", errors));
            return Redirect($"{ListUrl}/{id}{(lineId is { } l ? $"?editLine={l}" : "")}");
        }

        return await Act(id, action, done);
    }

    private Task<IActionResult> Act(long id, Func<Task> action, string done) => this.ActOnCardAsync($"{ListUrl}/{id}", action, done);

    private static DateOnly Today() => DateOnly.FromDateTime(DateTime.UtcNow);
}
