using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Features;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Sales.Api;

/// <summary>A customer invoice, credit note or deposit invoice; amounts of a credit note are negative.</summary>
public sealed record InvoiceResource(
    long Id, string Reference, InvoiceKind Kind, InvoiceStatus Status, long ThirdPartyId, DateOnly Date, DateOnly? DueDate,
    long? PaymentTermId, long? PaymentMethodId, decimal TotalExclTax, decimal TotalVat, decimal TotalInclTax, decimal AmountSettled,
    decimal AmountDue, long? CreditedInvoiceId, DateTimeOffset CreatedAt, DateTimeOffset? ValidatedAt, DateTimeOffset? ClosedAt,
    IReadOnlyList<LineResource> Lines);

/// <summary>An invoice to create (with its lines), or the header fields of a draft to change (the others are kept).</summary>
public sealed class InvoiceInput : ILinedDocumentInput
{
    public long? ThirdPartyId { get; set; }

    public DateOnly? Date { get; set; }

    public long? PaymentTermId { get; set; }

    public long? PaymentMethodId { get; set; }

    public string? PublicNote { get; set; }

    public string? PrivateNote { get; set; }

    public List<LineInput>? Lines { get; set; }
}

/// <summary>Pay what is left of an invoice (or <c>amount</c> of it) into a bank account.</summary>
public sealed class PayInput
{
    public DateOnly? Date { get; set; }

    public decimal? Amount { get; set; }

    public long? BankAccountId { get; set; }

    public long? PaymentMethodId { get; set; }

    public string? Reference { get; set; }

    public string? Note { get; set; }
}

/// <summary>The quantity to credit per invoice line id; left out, the whole invoice is credited.</summary>
public sealed class CreditNoteInput
{
    public Dictionary<long, decimal>? Quantities { get; set; }
}

public sealed class AbandonInput
{
    public AbandonReason? Reason { get; set; }

    public string? Note { get; set; }
}

/// <summary>/api/v1/invoices: the invoice screens' handlers, validators, rights and visibility.</summary>
[Route(Root + "/invoices")]
[Tags("Invoices")]
[RecordResource(Modules.Sales.Public.BillingRecordTypes.Invoice)]
public sealed class NativeInvoicesController(
    AppDbContext db,
    CurrentCrmVisibility visibility,
    Queries.BillingQueries queries,
    Platform.Notes.INoteService notes,
    InvoiceAdministration administration,
    PaymentAdministration payments,
    IValidator<InvoiceForm> validator,
    IValidator<PaymentForm> paymentValidator,
    IValidator<LineForm> lineValidator) : NativeLinedDocumentController<InvoiceLine>
{
    private static readonly NativeSorts<Invoice> Sorts = NativeSalesSorts.Of<Invoice, InvoiceLine>();

    protected override string Resource => "invoices";

    protected override string Noun => "Invoice";

    [HttpGet("")]
    [HasPermission(SalesPermissions.Invoices.Read)]
    [ProducesResponseType<NativePage<InvoiceResource>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Index([FromQuery] NativeListRequest list, long? thirdPartyId, string? status, string? kind)
    {
        var rows = await VisibleAsync();
        rows = thirdPartyId is { } party ? rows.Where(i => i.ThirdPartyId == party) : rows;
        rows = NativeQuery.Enum<InvoiceStatus>(status, nameof(status)) is { } s ? rows.Where(i => i.Status == s) : rows;
        rows = NativeQuery.Enum<InvoiceKind>(kind, nameof(kind)) is { } k ? rows.Where(i => i.Kind == k) : rows;
        return Answer(await list.PageAsync(rows.Include(i => i.Lines).AsSplitQuery(), Show, Aborted, Sorts));
    }

    [HttpGet("{id:long}")]
    [HasPermission(SalesPermissions.Invoices.Read)]
    [ProducesResponseType<InvoiceResource>(StatusCodes.Status200OK)]
    public Task<IActionResult> Get(long id) => AnswerAsync(id);

    /// <summary>A draft standard invoice, with its lines if sent.</summary>
    [HttpPost("")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    [Idempotent]
    [ApiBody<InvoiceInput>]
    [ProducesResponseType<InvoiceResource>(StatusCodes.Status201Created)]
    public async Task<IActionResult> Create()
    {
        var input = await BodyAsync<InvoiceInput>();
        var form = new InvoiceForm { Date = DateOnly.FromDateTime(DateTime.UtcNow) };
        Apply(input, form);
        await validator.CheckNativeAsync(form, Aborted);
        var lines = await NativeLines.FormsAsync(input.Lines, lineValidator, Aborted);
        var id = await InTransactionAsync(async () =>
        {
            var id = await administration.CreateAsync(form, Aborted);
            foreach (var line in lines)
            {
                await administration.AddLineAsync(id, line, Aborted);
            }

            return id;
        });
        return Created(Show(await FindAsync(id)), $"/{Root}/invoices/{id}");
    }

    /// <summary>Changes the header fields sent of a draft (customer, date, terms, notes), as the edit screen; 409 once validated.</summary>
    [HttpPatch("{id:long}")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    [ApiBody<InvoiceInput>]
    [ProducesResponseType<InvoiceResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Update(long id)
    {
        await PatchHeaderAsync<InvoiceInput, InvoiceForm>(await queries.InvoiceFormAsync(id, notes, Aborted), Apply, (form, ct) => administration.UpdateAsync(id, form, ct));
        return await AnswerAsync(id);
    }

    [HttpPost("{id:long}/lines")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    [ApiBody<LineInput>]
    [ProducesResponseType<LineResource>(StatusCodes.Status201Created)]
    public Task<IActionResult> AddLine(long id) => AddLineAsync(id, (form, ct) => administration.AddLineAsync(id, form, ct));

    [HttpPatch("{id:long}/lines/{lineId:long}")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    [ApiBody<LineInput>]
    [ProducesResponseType<LineResource>(StatusCodes.Status200OK)]
    public Task<IActionResult> ChangeLine(long id, long lineId) => ChangeLineAsync(id, lineId, (form, ct) => administration.ChangeLineAsync(id, lineId, form, ct));

    [HttpDelete("{id:long}/lines/{lineId:long}")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public Task<IActionResult> RemoveLine(long id, long lineId) => RemoveLineAsync(id, lineId, ct => administration.RemoveLineAsync(id, lineId, ct));

    [HttpPost("{id:long}/validate")]
    [HasPermission(SalesPermissions.Invoices.Validate)]
    [ProducesResponseType<InvoiceResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Validate(long id)
    {
        await administration.ValidateAsync(id, Aborted);
        return await AnswerAsync(id);
    }

    /// <summary>Records a payment of this invoice (what is left to pay unless <c>amount</c> says less); answers the invoice.</summary>
    [HttpPost("{id:long}/pay")]
    [HasPermission(SalesPermissions.Payments.Write)]
    [Idempotent]
    [ApiBody<PayInput>]
    [ProducesResponseType<InvoiceResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Pay(long id)
    {
        var invoice = await PaymentBasisAsync(id);
        var input = await BodyAsync<PayInput>();
        var amount = input.Amount ?? invoice.TotalInclTax - invoice.AmountSettled;
        var form = new PaymentForm
        {
            ThirdPartyId = invoice.ThirdPartyId, Date = input.Date ?? DateOnly.FromDateTime(DateTime.UtcNow), Amount = amount,
            BankAccountId = input.BankAccountId, PaymentMethodId = input.PaymentMethodId, Reference = input.Reference, Note = input.Note,
            Shares = new Dictionary<long, decimal> { [id] = amount },
        };
        await paymentValidator.CheckNativeAsync(form, Aborted);
        var paymentId = await payments.RecordAsync(form, Aborted);
        Response.Headers.Location = $"/{Root}/payments/{paymentId}";
        return await AnswerAsync(id);
    }

    /// <summary>A draft credit note of this validated invoice (all of it, or the quantities given per line id).</summary>
    [HttpPost("{id:long}/credit-note")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    [Idempotent]
    [ApiBody<CreditNoteInput>(Optional = true)]
    [ProducesResponseType<InvoiceResource>(StatusCodes.Status201Created)]
    public async Task<IActionResult> CreditNote(long id)
    {
        var input = await BodyAsync<CreditNoteInput>(optional: true);
        var noteId = await administration.CreateCreditNoteAsync(id, new CreditNoteForm { Quantities = input.Quantities ?? [] }, Aborted);
        return Created(Show(await FindAsync(noteId)), $"/{Root}/invoices/{noteId}");
    }

    /// <summary>Abandons what is left to pay (reason bad-debt or other), as "Classify abandoned" on the screen.</summary>
    [HttpPost("{id:long}/cancel")]
    [HasPermission(SalesPermissions.Invoices.Close)]
    [ApiBody<AbandonInput>]
    [ProducesResponseType<InvoiceResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Cancel(long id)
    {
        var input = await BodyAsync<AbandonInput>();
        await administration.AbandonAsync(id, new AbandonForm { Reason = input.Reason, Note = input.Note }, Aborted);
        return await AnswerAsync(id);
    }

    [HttpDelete("{id:long}")]
    [HasPermission(SalesPermissions.Invoices.Delete)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete(long id)
    {
        await administration.DeleteAsync(id, Aborted);
        return NoContent();
    }

    protected override async Task<bool> IsVisibleAsync(long id) => await (await VisibleAsync()).AnyAsync(i => i.Id == id, Aborted);

    private async Task<IQueryable<Invoice>> VisibleAsync() =>
        db.Set<Invoice>().AsNoTracking().WhereThirdPartyVisible(await visibility.ThirdPartyIdsAsync(), i => i.ThirdPartyId);

    private async Task<Invoice> FindAsync(long id) =>
        await (await VisibleAsync()).Include(i => i.Lines).SingleOrDefaultAsync(i => i.Id == id, Aborted) ?? throw ApiException.NotFound("Invoice not found.");

    private async Task<IActionResult> AnswerAsync(long id) => Answer(Show(await FindAsync(id)));

    /// <summary>What a payment of the invoice is made from (its customer and what is left to pay), without its lines; same visibility and 404.</summary>
    private async Task<InvoicePaymentBasis> PaymentBasisAsync(long id) =>
        await (await VisibleAsync()).Where(i => i.Id == id).Select(i => new InvoicePaymentBasis(i.ThirdPartyId, i.TotalInclTax, i.AmountSettled))
            .SingleOrDefaultAsync(Aborted) ?? throw ApiException.NotFound("Invoice not found.");

    private static void Apply(InvoiceInput input, InvoiceForm form)
    {
        form.ThirdPartyId = input.ThirdPartyId ?? form.ThirdPartyId;
        form.Date = input.Date ?? form.Date;
        form.PaymentTermId = input.PaymentTermId ?? form.PaymentTermId;
        form.PaymentMethodId = input.PaymentMethodId ?? form.PaymentMethodId;
        form.PublicNote = input.PublicNote ?? form.PublicNote;
        form.PrivateNote = input.PrivateNote ?? form.PrivateNote;
    }

    internal static InvoiceResource Show(Invoice i) => new(
        i.Id, i.Reference, i.Kind, i.Status, i.ThirdPartyId, i.Date, i.DueDate, i.PaymentTermId, i.PaymentMethodId, i.TotalExclTax, i.TotalVat,
        i.TotalInclTax, i.AmountSettled, i.Status == InvoiceStatus.Unpaid ? i.TotalInclTax - i.AmountSettled : 0m, i.CreditedInvoiceId,
        i.CreatedAt, i.ValidatedAt, i.ClosedAt, NativeLines.Lines(i));
}
