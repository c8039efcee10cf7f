using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Accounting.Features;
using MokoCrm.Web.Modules.Accounting.Queries;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Accounting.Controllers;

public sealed record EntryListViewModel(IListPage List, string? Journal, DateOnly? From, DateOnly? To, bool ToReview, IReadOnlyList<(string Code, string Label)> Journals);

/// <summary>/Accounting/Entries: every entry of every journal, an entry's card, manual OD entries and their reversal.</summary>
[Area("Accounting")]
[Route("Accounting/Entries")]
public sealed class EntriesController(LedgerQueries queries, ManualEntries manual, IValidator<ManualEntryForm> validator, IValidator<ReversalForm> reversalValidator,
    CurrentUserPermissions rights) : Controller
{
    [HttpGet("")]
    [HasPermission(AccountingPermissions.Ledger.Read)]
    public async Task<IActionResult> Index(ListRequest list, string? journal, DateOnly? from, DateOnly? to, bool review, string? export)
    {
        var rows = queries.Entries(string.IsNullOrWhiteSpace(journal) ? null : journal, from, to, review);
        if (export is not null)
        {
            return await rights.HasAsync(AccountingPermissions.Ledger.Export) ? ListExport.Export(rows, LedgerQueries.EntryList, list, export) : Forbid();
        }

        return View(new EntryListViewModel(await ListEngine.PageAsync(rows, LedgerQueries.EntryList, list, HttpContext.RequestAborted), journal, from, to, review,
            await queries.JournalsAsync(HttpContext.RequestAborted)));
    }

    [HttpGet("{id:long}")]
    [HasPermission(AccountingPermissions.Ledger.Read)]
    public async Task<IActionResult> Show(long id)
    {
        var card = await queries.EntryAsync(id, HttpContext.RequestAborted);
        return card is null ? NotFound() : View(card);
    }

    [HttpGet("new")]
    [HasPermission(AccountingPermissions.Entries.Post)]
    public Task<IActionResult> Create() =>
        EditView(new ManualEntryForm { Date = DateOnly.FromDateTime(DateTime.Today), Lines = [new(), new(), new(), new()] });

    [HttpPost("new")]
    [HasPermission(AccountingPermissions.Entries.Post)]
    public async Task<IActionResult> Create(ManualEntryForm form)
    {
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                var id = await manual.PostAsync(form, HttpContext.RequestAborted);
                this.Success("Entry posted in OD.");
                return Redirect($"/Accounting/Entries/{id}");
            }
            catch (DomainException ex)
            {
                ModelState.AddDomainError(ex);
            }
        }

        while (form.Lines.Count < 4)
        {
            form.Lines.Add(new ManualEntryLineForm());
        }

        return await EditView(form);
    }

    [HttpPost("{id:long}/reverse")]
    [HasPermission(AccountingPermissions.Entries.Post)]
    public async Task<IActionResult> Reverse(long id, ReversalForm form)
    {
        if (!await reversalValidator.ValidateIntoAsync(form, ModelState))
        {
            this.Error(string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage)));
            return Redirect($"/Accounting/Entries/{id}");
        }

        try
        {
            var reversal = await manual.ReverseAsync(id, form, HttpContext.RequestAborted);
            this.Success("Entry reversed.");
            return Redirect($"/Accounting/Entries/{reversal}");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            this.Error(ex.Message);
            return Redirect($"/Accounting/Entries/{id}");
        }
    }

    private async Task<IActionResult> EditView(ManualEntryForm form)
    {
        ViewData["Accounts"] = await queries.AccountChoicesAsync(enabledOnly: true, HttpContext.RequestAborted);
        return View("Edit", form);
    }
}
