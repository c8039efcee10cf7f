using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Sales.Documents;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Features;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Modules.Sales.Queries;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Documents;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Notes;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Tags;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Sales.Controllers;

/// <summary>/Sales/Invoices: the list, the card with its lines, conversions, validation, credit notes, deposits, abandon, PDF.</summary>
[Area("Sales")]
[Route("Sales/Invoices")]
public sealed class InvoicesController(
    BillingQueries queries,
    SalesQueries sales,
    InvoiceAdministration administration,
    RecordPdfs pdfs,
    AppDbContext db,
    INoteService notes,
    ITagService tags,
    IValidator<InvoiceForm> validator,
    IValidator<LineForm> lineValidator,
    Products.Public.IProductLookup products,
    CurrentUserPermissions rights) : Controller
{
    private const string ListUrl = "/Sales/Invoices";

    [HttpGet("")]
    [HasPermission(SalesPermissions.Invoices.Read)]
    public async Task<IActionResult> Index(ListRequest list, InvoiceListFilter filter, string? export)
    {
        var rows = await queries.InvoicesAsync(filter);
        if (export is not null)
        {
            return await rights.HasAsync(SalesPermissions.Invoices.Export) ? ListExport.Export(rows, BillingQueries.InvoiceList, list, export) : Forbid();
        }

        var searched = string.IsNullOrWhiteSpace(list.Search) ? rows : BillingQueries.InvoiceList.Search!(rows, list.Search.Trim());
        var ct = HttpContext.RequestAborted;
        return View(new InvoiceListViewModel(await ListEngine.PageAsync(rows, BillingQueries.InvoiceList, list, ct), filter, await BillingQueries.TotalsAsync(searched, ct),
            await sales.ThirdPartyNameAsync(filter.ThirdParty, ct), await queries.RepChoicesAsync(ct),
            new TagFilterViewModel(await tags.TreeAsync(BillingRecordTypes.Invoice, ct), filter.Tag), await rights.HasAsync(SalesPermissions.Invoices.Write)));
    }

    [HttpGet("product-defaults/{productId:long}")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    public async Task<IActionResult> ProductDefaults(long productId) =>
        await products.FindAsync(productId, HttpContext.RequestAborted) is { } p
            ? Json(new { label = p.Label, price = p.SalePrice, vat = p.VatRate })
            : NotFound();

    [HttpGet("{id:long}")]
    [HasPermission(SalesPermissions.Invoices.Read)]
    public async Task<IActionResult> Show(long id, long? editLine) =>
        await queries.InvoiceCardAsync(id, editLine, HttpContext.RequestAborted) is { } card ? View(card) : NotFound();

    [HttpGet("new")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    public Task<IActionResult> Create(long? thirdParty, InvoiceKind kind = InvoiceKind.Standard) =>
        EditView(null, new InvoiceForm { ThirdPartyId = thirdParty, Date = Today(), Kind = kind == InvoiceKind.CreditNote ? InvoiceKind.Standard : kind });

    [HttpPost("new")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    public async Task<IActionResult> Create(InvoiceForm form)
    {
        if (form.Kind == InvoiceKind.CreditNote)
        {
            ModelState.AddModelError("", "A credit note is made from a validated invoice: open it and press \"Create credit note\".");
        }
        else if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                var id = await administration.CreateAsync(form, HttpContext.RequestAborted);
                this.Success("Draft invoice created: add its lines.");
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
    [HasPermission(SalesPermissions.Invoices.Write)]
    public async Task<IActionResult> Edit(long id) =>
        await queries.InvoiceFormAsync(id, notes, HttpContext.RequestAborted) is { } form ? await EditView(id, form) : NotFound();

    [HttpPost("{id:long}/edit")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    public async Task<IActionResult> Edit(long id, InvoiceForm form)
    {
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                await administration.UpdateAsync(id, form, HttpContext.RequestAborted);
                this.Success("Invoice saved.");
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

    /// <summary>At most this many orders are billed by "all matching the filter" (one invoice, one page to review).</summary>
    public const int MassInvoiceCap = 100;

    /// <summary>
    /// "Create invoice" on orders: the customer's validated orders with what is left to bill, line by line. From the
    /// order list: the ticked orders, or (<paramref name="allMatching"/>) every order the list's filter matches across
    /// its pages, re-queried here from the filter; the billable ones among them go on, at most <see cref="MassInvoiceCap"/>.
    /// </summary>
    [HttpGet("from-orders")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    public async Task<IActionResult> FromOrders(long? thirdParty, [FromQuery] List<long> orderIds, bool allMatching,
        [FromQuery(Name = "match")] SalesListFilter? match, [FromQuery(Name = "match.q")] string? matchSearch)
    {
        var ct = HttpContext.RequestAborted;
        var visible = await sales.VisibleOrdersAsync();
        if (allMatching)
        {
            var rows = await sales.OrdersAsync(match ?? new SalesListFilter());
            rows = string.IsNullOrWhiteSpace(matchSearch) ? rows : SalesQueries.OrderList.Search!(rows, matchSearch.Trim());
            var matching = rows.Select(r => r.Id);
            var billable = await visible.Where(o => matching.Contains(o.Id) && !o.Billed
                    && (o.Status == SalesOrderStatus.Validated || o.Status == SalesOrderStatus.InProgress || o.Status == SalesOrderStatus.Delivered))
                .OrderBy(o => o.Id).Select(o => o.Id).Take(MassInvoiceCap + 1).ToListAsync(ct);
            if (billable.Count == 0)
            {
                this.Error("No order matching the filter is left to bill: only validated orders not yet billed can be invoiced.");
                return Redirect("/Sales/Orders");
            }

            if (billable.Count > MassInvoiceCap)
            {
                this.Error($"More than {MassInvoiceCap} orders matching the filter are left to bill: one invoice bills at most {MassInvoiceCap}. Narrow the filter (a customer, a status, dates).");
                return Redirect("/Sales/Orders");
            }

            (thirdParty, orderIds) = (null, billable);
        }

        if (thirdParty is null && orderIds.Count > 0)
        {
            // Ticked on the order list (mass action) or "Create invoice" on an order: refused whole, with the reason,
            // unless they are billable orders of one customer. (With a customer chosen, the page shows their orders.)
            var chosen = await visible.Where(o => orderIds.Contains(o.Id)).OrderBy(o => o.Id).ToListAsync(ct);
            if (chosen.Select(o => o.ThirdPartyId).Distinct().ToList() is { Count: > 1 } parties)
            {
                var names = new List<string>();
                foreach (var party in parties)
                {
                    names.Add(await sales.ThirdPartyNameAsync(party, ct) ?? party.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                this.Error($"One invoice bills the orders of one customer: the ticked orders belong to {parties.Count} customers ({string.Join(", ", names)}). Tick the orders of one customer.");
                return Redirect("/Sales/Orders");
            }

            if (chosen.FirstOrDefault(o => !o.IsOpenForBilling || o.Billed) is { } closed)
            {
                this.Error($"{closed.Reference} is {(closed.Billed ? "billed" : SalesOrder.Label(closed.Status).ToLowerInvariant())}: only a validated order not yet billed can be invoiced.");
                return Redirect("/Sales/Orders");
            }

            thirdParty = chosen.Select(o => (long?)o.ThirdPartyId).FirstOrDefault();
        }

        var orders = thirdParty is { } tp
            ? await visible.Include(o => o.Lines).Where(o => o.ThirdPartyId == tp && !o.Billed
                    && (o.Status == SalesOrderStatus.Validated || o.Status == SalesOrderStatus.InProgress || o.Status == SalesOrderStatus.Delivered))
                .OrderBy(o => o.Date).ThenBy(o => o.Id).Take(100).ToListAsync(ct)
            : [];
        return View(new InvoiceFromOrdersViewModel(thirdParty, await sales.ThirdPartyNameAsync(thirdParty, ct),
            orders.Where(o => o.Lines.Any(l => l.LeftToBill > 0m)).ToList(), orderIds));
    }

    [HttpPost("from-orders")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    public async Task<IActionResult> FromOrders(InvoiceFromOrdersForm form, long? thirdParty)
    {
        try
        {
            var id = await administration.CreateFromOrdersAsync(form, HttpContext.RequestAborted);
            this.Success("Draft invoice created from the orders.");
            return Redirect($"{ListUrl}/{id}");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            this.Error(ex.Message);
            return Redirect(thirdParty is { } tp
                ? $"{ListUrl}/from-orders?thirdParty={tp}&{string.Join("&", form.OrderIds.Select(o => $"orderIds={o}"))}"
                : "/Sales/Orders");
        }
    }

    [HttpPost("from-proposal/{proposalId:long}")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    public Task<IActionResult> FromProposal(long proposalId) =>
        Create(() => administration.CreateFromProposalAsync(proposalId, HttpContext.RequestAborted), $"/Sales/Proposals/{proposalId}", "Draft invoice created from the proposal.");

    [HttpPost("deposit/{source}/{sourceId:long}")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    public Task<IActionResult> Deposit(string source, long sourceId, DepositForm form)
    {
        var (type, back) = source == "proposal" ? (SalesRecordTypes.Proposal, $"/Sales/Proposals/{sourceId}") : (SalesRecordTypes.Order, $"/Sales/Orders/{sourceId}");
        return Create(() => administration.CreateDepositAsync(type, sourceId, form, HttpContext.RequestAborted), back, "Draft deposit invoice created.");
    }

    [HttpPost("{id:long}/credit-note")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    public Task<IActionResult> CreditNote(long id, CreditNoteForm form) =>
        Create(() => administration.CreateCreditNoteAsync(id, form, HttpContext.RequestAborted), $"{ListUrl}/{id}", "Draft credit note created.");

    [HttpPost("{id:long}/lines")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    public Task<IActionResult> AddLine(long id, LineForm line) =>
        LineAction(id, line, () => administration.AddLineAsync(id, line, HttpContext.RequestAborted), "Line added.");

    [HttpPost("{id:long}/lines/{lineId:long}")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    public Task<IActionResult> ChangeLine(long id, long lineId, LineForm line) =>
        LineAction(id, line, () => administration.ChangeLineAsync(id, lineId, line, HttpContext.RequestAborted), "Line saved.", lineId);

    [HttpPost("{id:long}/lines/{lineId:long}/delete")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    public Task<IActionResult> DeleteLine(long id, long lineId) =>
        Act(id, () => administration.RemoveLineAsync(id, lineId, HttpContext.RequestAborted), "Line deleted.");

    [HttpPost("{id:long}/lines/{lineId:long}/move")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    public Task<IActionResult> MoveLine(long id, long lineId, int delta) =>
        Act(id, () => administration.MoveLineAsync(id, lineId, delta, HttpContext.RequestAborted), "Line moved.");

    [HttpPost("{id:long}/deduct-deposit")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    public Task<IActionResult> DeductDeposit(long id, long depositId) =>
        Act(id, () => administration.DeductDepositAsync(id, depositId, HttpContext.RequestAborted), "Deposit deducted.");

    [HttpPost("{id:long}/use-credit")]
    [HasPermission(SalesPermissions.Payments.Write)]
    public async Task<IActionResult> UseCredit(long id, long creditNoteId)
    {
        decimal? used = null;
        var result = await Act(id, async () => used = await administration.UseCreditAsync(id, creditNoteId, HttpContext.RequestAborted), "");
        if (used is { } amount)
        {
            this.Success($"Credit of {amount:N2} used on the invoice.");
        }

        return result;
    }

    [HttpPost("{id:long}/validate")]
    [HasPermission(SalesPermissions.Invoices.Validate)]
    public async Task<IActionResult> Validate(long id, long? warehouseId)
    {
        string? number = null;
        var result = await Act(id, async () => number = await administration.ValidateAsync(id, warehouseId, HttpContext.RequestAborted), "");
        if (number is not null)
        {
            this.Success($"Invoice validated as {number}.");
        }

        return result;
    }

    [HttpPost("{id:long}/abandon")]
    [HasPermission(SalesPermissions.Invoices.Close)]
    public Task<IActionResult> Abandon(long id, AbandonForm form) =>
        Act(id, () => administration.AbandonAsync(id, form, HttpContext.RequestAborted), "Invoice abandoned.");

    [HttpPost("{id:long}/delete")]
    [HasPermission(SalesPermissions.Invoices.Delete)]
    public async Task<IActionResult> Delete(long id)
    {
        try
        {
            await administration.DeleteAsync(id, HttpContext.RequestAborted);
            this.Success("Draft invoice deleted.");
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

    /// <summary>The PDF: a validated invoice's is rewritten and kept (Documents tab); a draft's is only shown.</summary>
    [HttpGet("{id:long}/pdf")]
    [HasPermission(SalesPermissions.Invoices.Read)]
    public async Task<IActionResult> Pdf(long id)
    {
        if (await queries.InvoiceAsync(id) is null)
        {
            return NotFound();
        }

        if (await pdfs.PdfAsync(BillingRecordTypes.Invoice, id, HttpContext.RequestAborted) is not { } f)
        {
            return NotFound();
        }

        await db.SaveGeneratedFileAsync(HttpContext.RequestAborted);
        return File(f.Pdf, "application/pdf", f.FileName);
    }

    private async Task<IActionResult> EditView(long? id, InvoiceForm form) =>
        View("Edit", await sales.EditViewModelAsync("invoice", id, form, form.ThirdPartyId, null, HttpContext.RequestAborted));

    private async Task<IActionResult> Create(Func<Task<long>> create, string back, string done)
    {
        try
        {
            var id = await create();
            this.Success(done);
            return Redirect($"{ListUrl}/{id}");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            this.Error(ex.Message);
            return Redirect(back);
        }
    }

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

public sealed record InvoiceFromOrdersViewModel(long? ThirdPartyId, string? ThirdPartyName, IReadOnlyList<SalesOrder> Orders, IReadOnlyList<long> Selected);
