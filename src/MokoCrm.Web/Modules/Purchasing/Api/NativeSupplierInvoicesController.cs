using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Modules.Purchasing.Features;
using MokoCrm.Web.Modules.Purchasing.Queries;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Purchasing.Api;

public sealed record SupplierInvoiceResource(
    long Id, string Reference, SupplierInvoiceKind Kind, SupplierInvoiceStatus Status, long SupplierId, string SupplierInvoiceNumber, DateOnly Date,
    DateOnly? DueDate, long? PaymentTermId, long? PaymentMethodId, long? CreditedInvoiceId, decimal TotalExclTax, decimal TotalVat, decimal TotalInclTax,
    decimal AmountSettled, decimal AmountDue, DateTimeOffset CreatedAt, DateTimeOffset? ValidatedAt, IReadOnlyList<LineResource> Lines);

/// <summary>
/// A supplier invoice to create: the supplier's number and date, and the orders and/or validated receptions it bills
/// (their lines left to bill become its lines, as on the screen). With neither, an empty draft to fill line by line.
/// </summary>
public sealed class SupplierInvoiceInput
{
    public long? SupplierId { get; set; }

    /// <summary>The number printed on the supplier's invoice (unique per supplier).</summary>
    public string? SupplierInvoiceNumber { get; set; }

    /// <summary>Today when left out.</summary>
    public DateOnly? Date { get; set; }

    /// <summary>Left out: from the supplier's payment terms.</summary>
    public DateOnly? DueDate { get; set; }

    public List<long>? OrderIds { get; set; }

    public List<long>? ReceptionIds { get; set; }
}

/// <summary>The supplier's number of a credit note.</summary>
public sealed class SupplierCreditNoteInput
{
    public string? SupplierInvoiceNumber { get; set; }
}

/// <summary>A supplier invoice after validation, with what is worth a look (quantities billed beyond what was received).</summary>
public sealed record SupplierInvoiceValidated(SupplierInvoiceResource Invoice, IReadOnlyList<string> Warnings);

/// <summary>/api/v1/supplier-invoices: the supplier invoice screens' handlers, validators, rights and visibility.</summary>
[Route(Root + "/supplier-invoices")]
[Tags("Supplier invoices")]
[RecordResource(Modules.Purchasing.Public.PurchasingRecordTypes.SupplierInvoice)]
public sealed class NativeSupplierInvoicesController(
    SupplierInvoiceQueries queries,
    SupplierInvoiceAdministration administration,
    IValidator<SupplierInvoiceForm> validator) : NativeLinedDocumentController<SupplierInvoiceLine>
{
    /// <summary>?sort= date, number (drafts first), totalExclTax, totalInclTax, with - for descending (ties broken by the id).</summary>
    private static readonly NativeSorts<SupplierInvoice> Sorts = new NativeSorts<SupplierInvoice>().By("date", i => i.Date).By("number", i => i.Number ?? "").By("totalExclTax", i => i.TotalExclTax).By("totalInclTax", i => i.TotalInclTax);

    protected override string Resource => "supplier-invoices";

    protected override string Noun => "Supplier invoice";

    [HttpGet("")]
    [HasPermission(PurchasingPermissions.Invoices.Read)]
    [ProducesResponseType<NativePage<SupplierInvoiceResource>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Index([FromQuery] NativeListRequest list, long? supplierId, string? status, string? kind, DateOnly? from, DateOnly? to)
    {
        var rows = await queries.VisibleInvoicesAsync();
        rows = supplierId is { } supplier ? rows.Where(i => i.SupplierId == supplier) : rows;
        rows = NativeQuery.Enum<SupplierInvoiceStatus>(status, nameof(status)) is { } s ? rows.Where(i => i.Status == s) : rows;
        rows = NativeQuery.Enum<SupplierInvoiceKind>(kind, nameof(kind)) is { } k ? rows.Where(i => i.Kind == k) : rows;
        rows = from is { } start ? rows.Where(i => i.Date >= start) : rows;
        rows = to is { } end ? rows.Where(i => i.Date <= end) : rows;
        return Answer(await list.PageAsync(rows.Include(i => i.Lines).AsSplitQuery(), Show, Aborted, Sorts));
    }

    [HttpGet("{id:long}")]
    [HasPermission(PurchasingPermissions.Invoices.Read)]
    [ProducesResponseType<SupplierInvoiceResource>(StatusCodes.Status200OK)]
    public Task<IActionResult> Get(long id) => AnswerAsync(id);

    /// <summary>Creates a draft from orders and/or receptions of one supplier (or an empty one); answers it with 201.</summary>
    [HttpPost("")]
    [HasPermission(PurchasingPermissions.Invoices.Write)]
    [Idempotent]
    [ApiBody<SupplierInvoiceInput>]
    [ProducesResponseType<SupplierInvoiceResource>(StatusCodes.Status201Created)]
    public async Task<IActionResult> Create()
    {
        var input = await BodyAsync<SupplierInvoiceInput>();
        var form = new SupplierInvoiceForm
        {
            SupplierId = input.SupplierId, SupplierInvoiceNumber = input.SupplierInvoiceNumber, Date = input.Date ?? DateOnly.FromDateTime(DateTime.UtcNow),
            DueDate = input.DueDate, OrderIds = input.OrderIds ?? [], ReceptionIds = input.ReceptionIds ?? [],
        };
        await validator.CheckNativeAsync(form, Aborted);
        var id = await administration.CreateAsync(form, Aborted);
        return Created(Show(await FindAsync(id)), $"/{Root}/supplier-invoices/{id}");
    }

    [HttpPost("{id:long}/lines")]
    [HasPermission(PurchasingPermissions.Invoices.Write)]
    [ApiBody<LineInput>]
    [ProducesResponseType<LineResource>(StatusCodes.Status201Created)]
    public Task<IActionResult> AddLine(long id) => AddLineAsync(id, (form, ct) => administration.AddLineAsync(id, form, ct));

    [HttpPatch("{id:long}/lines/{lineId:long}")]
    [HasPermission(PurchasingPermissions.Invoices.Write)]
    [ApiBody<LineInput>]
    [ProducesResponseType<LineResource>(StatusCodes.Status200OK)]
    public Task<IActionResult> ChangeLine(long id, long lineId) => ChangeLineAsync(id, lineId, (form, ct) => administration.ChangeLineAsync(id, lineId, form, ct));

    [HttpDelete("{id:long}/lines/{lineId:long}")]
    [HasPermission(PurchasingPermissions.Invoices.Write)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public Task<IActionResult> RemoveLine(long id, long lineId) => RemoveLineAsync(id, lineId, ct => administration.RemoveLineAsync(id, lineId, ct));

    /// <summary>Validates: numbers the invoice, bills the orders and receptions, posts it to the purchases journal.</summary>
    [HttpPost("{id:long}/validate")]
    [HasPermission(PurchasingPermissions.Invoices.Validate)]
    [ProducesResponseType<SupplierInvoiceValidated>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Validate(long id)
    {
        var validation = await administration.ValidateAsync(id, Aborted);
        return Answer(new SupplierInvoiceValidated(Show(await FindAsync(id)), validation.Warnings));
    }

    /// <summary>A draft credit note of a validated invoice, with its lines; answers the credit note.</summary>
    [HttpPost("{id:long}/credit-note")]
    [HasPermission(PurchasingPermissions.Invoices.Write)]
    [Idempotent]
    [ApiBody<SupplierCreditNoteInput>]
    [ProducesResponseType<SupplierInvoiceResource>(StatusCodes.Status201Created)]
    public async Task<IActionResult> CreditNote(long id)
    {
        var input = await BodyAsync<SupplierCreditNoteInput>(optional: true);
        var creditId = await administration.CreateCreditNoteAsync(id, input.SupplierInvoiceNumber, Aborted);
        return Created(Show(await FindAsync(creditId)), $"/{Root}/supplier-invoices/{creditId}");
    }

    [HttpDelete("{id:long}")]
    [HasPermission(PurchasingPermissions.Invoices.Write)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete(long id)
    {
        await administration.DeleteAsync(id, Aborted);
        return NoContent();
    }

    protected override async Task<bool> IsVisibleAsync(long id) => await (await queries.VisibleInvoicesAsync()).AnyAsync(i => i.Id == id, Aborted);

    private async Task<SupplierInvoice> FindAsync(long id) => await queries.InvoiceAsync(id) ?? throw ApiException.NotFound("Supplier invoice not found.");

    private async Task<IActionResult> AnswerAsync(long id) => Answer(Show(await FindAsync(id)));

    internal static SupplierInvoiceResource Show(SupplierInvoice i) => new(
        i.Id, i.Reference, i.Kind, i.Status, i.SupplierId, i.SupplierInvoiceNumber, i.Date, i.DueDate, i.PaymentTermId, i.PaymentMethodId, i.CreditedInvoiceId,
        i.TotalExclTax, i.TotalVat, i.TotalInclTax, i.AmountSettled, i.Remaining, i.CreatedAt, i.ValidatedAt, NativeLines.Lines(i));
}
