using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Purchasing.Documents;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Modules.Purchasing.Features;
using MokoCrm.Web.Modules.Purchasing.Public;
using MokoCrm.Web.Modules.Purchasing.Queries;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Documents;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Purchasing.Controllers;

/// <summary>/Purchasing/Receptions: the list, "Receive" from an order, editing a draft, the card, validation, closing, cancellation, the reception note.</summary>
[Area("Purchasing")]
[Route("Purchasing/Receptions")]
public sealed class ReceptionsController(
    PurchasingQueries queries,
    ReceptionAdministration administration,
    RecordPdfs pdfs,
    AppDbContext db,
    IValidator<ReceptionForm> validator,
    CurrentUserPermissions rights) : Controller
{
    private const string ListUrl = "/Purchasing/Receptions";

    [HttpGet("")]
    [HasPermission(PurchasingPermissions.Receptions.Read)]
    public async Task<IActionResult> Index(ListRequest list, PurchaseListFilter filter, string? export)
    {
        var rows = await queries.ReceptionsAsync(filter);
        if (export is not null)
        {
            return await rights.HasAsync(PurchasingPermissions.Receptions.Read) ? ListExport.Export(rows, PurchasingQueries.ReceptionList, list, export) : Forbid();
        }

        var searched = string.IsNullOrWhiteSpace(list.Search) ? rows : PurchasingQueries.ReceptionList.Search!(rows, list.Search.Trim());
        return View("~/Modules/Purchasing/Views/Shared/PurchaseList.cshtml", new PurchaseListViewModel("receptions",
            await ListEngine.PageAsync(rows, PurchasingQueries.ReceptionList, list, HttpContext.RequestAborted), filter,
            await PurchasingQueries.TotalsAsync(searched, HttpContext.RequestAborted), PurchasingQueries.ReceptionStatuses,
            await queries.SupplierNameAsync(filter.Supplier, HttpContext.RequestAborted)));
    }

    [HttpGet("new")]
    [HasPermission(PurchasingPermissions.Receptions.Write)]
    public async Task<IActionResult> Create(long order) =>
        await queries.ReceptionFormAsync(order, null, HttpContext.RequestAborted) is { } view ? View(view) : NotFound();

    [HttpPost("new")]
    [HasPermission(PurchasingPermissions.Receptions.Write)]
    public async Task<IActionResult> Create(ReceptionForm form)
    {
        if (form.ValidateNow && !await rights.HasAsync(PurchasingPermissions.Receptions.Validate))
        {
            return Forbid();
        }

        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                var id = await administration.CreateAsync(form, HttpContext.RequestAborted);
                this.Success(form.ValidateNow ? "Reception validated: the goods are in stock." : "Draft reception created: validate it when the goods are checked.");
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

        return await queries.ReceptionFormAsync(form.OrderId, form, HttpContext.RequestAborted) is { } view ? View(view) : NotFound();
    }

    /// <summary>The reception form on a draft: quantities, warehouses and unit costs, under the rules of creation.</summary>
    [HttpGet("{id:long}/edit")]
    [HasPermission(PurchasingPermissions.Receptions.Write)]
    public async Task<IActionResult> Edit(long id)
    {
        if (await queries.ReceptionEditFormAsync(id, null, HttpContext.RequestAborted) is { } view)
        {
            return View("Create", view);
        }

        if (await queries.ReceptionAsync(id) is { } reception)
        {
            this.Error($"{reception.Reference} is {Reception.Label(reception.Status).ToLowerInvariant()}: only a draft reception can be changed.");
            return Redirect($"{ListUrl}/{id}");
        }

        return NotFound();
    }

    [HttpPost("{id:long}/edit")]
    [HasPermission(PurchasingPermissions.Receptions.Write)]
    public async Task<IActionResult> Edit(long id, ReceptionForm form)
    {
        if (form.ValidateNow && !await rights.HasAsync(PurchasingPermissions.Receptions.Validate))
        {
            return Forbid();
        }

        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                await administration.ChangeAsync(id, form, HttpContext.RequestAborted);
                this.Success(form.ValidateNow ? "Reception validated: the goods are in stock." : "Draft reception saved.");
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

        if (await queries.ReceptionEditFormAsync(id, form, HttpContext.RequestAborted) is { } view)
        {
            return View("Create", view);
        }

        if (await queries.ReceptionAsync(id) is null)
        {
            return NotFound();
        }

        // No longer a draft (validated meanwhile): the refusal goes to the card.
        this.Error(string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage)));
        return Redirect($"{ListUrl}/{id}");
    }

    [HttpGet("{id:long}")]
    [HasPermission(PurchasingPermissions.Receptions.Read)]
    public async Task<IActionResult> Show(long id) =>
        await queries.ReceptionCardAsync(id, HttpContext.RequestAborted) is { } card ? View(card) : NotFound();

    [HttpPost("{id:long}/validate")]
    [HasPermission(PurchasingPermissions.Receptions.Validate)]
    public async Task<IActionResult> Validate(long id)
    {
        string? number = null;
        var result = await Act(id, async () => number = await administration.ValidateAsync(id, HttpContext.RequestAborted), "");
        if (number is not null)
        {
            this.Success($"Reception validated as {number}.");
        }

        return result;
    }

    [HttpPost("{id:long}/close")]
    [HasPermission(PurchasingPermissions.Receptions.Validate)]
    public Task<IActionResult> Close(long id) => Act(id, () => administration.CloseAsync(id, HttpContext.RequestAborted), "Reception closed.");

    [HttpPost("{id:long}/cancel")]
    [HasPermission(PurchasingPermissions.Receptions.Validate)]
    public Task<IActionResult> Cancel(long id) => Act(id, () => administration.CancelAsync(id, HttpContext.RequestAborted), "Reception cancelled: its goods left stock.");

    [HttpPost("{id:long}/delete")]
    [HasPermission(PurchasingPermissions.Receptions.Write)]
    public async Task<IActionResult> Delete(long id)
    {
        try
        {
            var order = await administration.DeleteAsync(id, HttpContext.RequestAborted);
            this.Success("Draft reception deleted.");
            return Redirect($"/Purchasing/Orders/{order}");
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

    [HttpGet("{id:long}/pdf")]
    [HasPermission(PurchasingPermissions.Receptions.Read)]
    public async Task<IActionResult> Pdf(long id)
    {
        if (await queries.ReceptionAsync(id) is null)
        {
            return NotFound();
        }

        if (await pdfs.PdfAsync(PurchasingRecordTypes.Reception, id, HttpContext.RequestAborted) is not { } f)
        {
            return NotFound();
        }

        await db.SaveGeneratedFileAsync(HttpContext.RequestAborted);
        return File(f.Pdf, "application/pdf", f.FileName);
    }

    private Task<IActionResult> Act(long id, Func<Task> action, string done) => this.ActOnCardAsync($"{ListUrl}/{id}", action, done);
}
