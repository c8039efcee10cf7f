using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Modules.Purchasing.Features;
using MokoCrm.Web.Modules.Purchasing.Queries;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Purchasing.Api;

/// <summary>A purchase order line: the document line with what was received and billed of it.</summary>
public sealed record PurchaseOrderLineResource(
    long Id, int Position, LineKind Kind, long? ProductId, string? ProductReference, string? SupplierReference, string Description, decimal Quantity,
    decimal UnitPrice, decimal DiscountPercent, decimal VatRate, decimal TotalExclTax, decimal TotalVat, decimal TotalInclTax,
    bool GoesToStock, decimal QuantityReceived, decimal QuantityBilled);

public sealed record PurchaseOrderResource(
    long Id, string Reference, PurchaseOrderStatus Status, bool Billed, long SupplierId, long? ContactId, DateOnly Date, DateOnly? DeliveryDate,
    string? SupplierReference, long? PaymentTermId, long? PaymentMethodId, decimal TotalExclTax, decimal TotalVat, decimal TotalInclTax,
    DateTimeOffset CreatedAt, DateTimeOffset? ValidatedAt, DateTimeOffset? ApprovedAt, DateTimeOffset? FirstApprovedAt, DateTimeOffset? RefusedAt,
    string? RefusalReason, DateOnly? OrderedOn, OrderMethod? OrderMethod, DateTimeOffset? CancelledAt, IReadOnlyList<PurchaseOrderLineResource> Lines);

/// <summary>A purchase order to create (with its lines), or the header fields of a draft to change (the others are kept).</summary>
public sealed class PurchaseOrderInput : ILinedDocumentInput
{
    public long? SupplierId { get; set; }

    public long? ContactId { get; set; }

    public DateOnly? Date { get; set; }

    public DateOnly? DeliveryDate { get; set; }

    public string? SupplierReference { get; set; }

    /// <summary>Left out on creation: the supplier's default.</summary>
    public long? PaymentTermId { get; set; }

    public long? PaymentMethodId { get; set; }

    public string? PublicNote { get; set; }

    public string? PrivateNote { get; set; }

    /// <summary>Only on creation; afterwards lines are added one by one.</summary>
    public List<LineInput>? Lines { get; set; }
}

/// <summary>"Send to supplier": when (today when left out) and how (email, phone, portal, other).</summary>
public sealed class SendOrderInput
{
    public DateOnly? OrderedOn { get; set; }

    public OrderMethod? Method { get; set; }
}

/// <summary>"Receive": the date (today when left out), validate at once (the default) or keep a draft, and the lines received.</summary>
public sealed class ReceiveInput
{
    public DateOnly? Date { get; set; }

    /// <summary>True (the default) moves the stock now and needs the right to validate receptions.</summary>
    public bool? Validate { get; set; }

    /// <summary>Left out: everything left to receive, stocked goods into the default warehouse, as the screen proposes.</summary>
    public List<ReceiveLineInput>? Lines { get; set; }
}

public sealed class ReceiveLineInput
{
    public long OrderLineId { get; set; }

    public decimal? Quantity { get; set; }

    public long? WarehouseId { get; set; }
}

/// <summary>A reason that goes with a refusal.</summary>
public sealed class ReasonInput
{
    public string? Reason { get; set; }
}

/// <summary>/api/v1/purchase-orders: the purchase order screens' handlers, validators, rights and visibility.</summary>
[Route(Root + "/purchase-orders")]
[Tags("Purchase orders")]
[RecordResource(Modules.Purchasing.Public.PurchasingRecordTypes.Order)]
public sealed class NativePurchaseOrdersController(
    PurchasingQueries queries,
    PurchaseOrderAdministration administration,
    ReceptionAdministration receptions,
    CurrentUserPermissions rights,
    IValidator<PurchaseOrderForm> validator,
    IValidator<ReceptionForm> receptionValidator,
    IValidator<LineForm> lineValidator) : NativeLinedDocumentController<PurchaseOrderLine>
{
    /// <summary>?sort= date, number (drafts first), totalExclTax, totalInclTax, with - for descending.</summary>
    private static readonly NativeSorts<PurchaseOrder> Sorts = new NativeSorts<PurchaseOrder>()
        .By("date", o => o.Date).By("number", o => o.Number ?? "").By("totalExclTax", o => o.TotalExclTax).By("totalInclTax", o => o.TotalInclTax);

    protected override string Resource => "purchase-orders";

    protected override string Noun => "Purchase order";

    /// <summary>Purchase orders of the suppliers the key's user may see.</summary>
    [HttpGet("")]
    [HasPermission(PurchasingPermissions.Orders.Read)]
    [ProducesResponseType<NativePage<PurchaseOrderResource>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Index([FromQuery] NativeListRequest list, long? supplierId, string? status, bool? billed, DateOnly? from, DateOnly? to)
    {
        var rows = await queries.VisibleOrdersAsync();
        rows = supplierId is { } supplier ? rows.Where(o => o.SupplierId == supplier) : rows;
        rows = NativeQuery.Enum<PurchaseOrderStatus>(status, nameof(status)) is { } s ? rows.Where(o => o.Status == s) : rows;
        rows = billed is { } b ? rows.Where(o => o.Billed == b) : rows;
        rows = from is { } start ? rows.Where(o => o.Date >= start) : rows;
        rows = to is { } end ? rows.Where(o => o.Date <= end) : rows;
        return Answer(await list.PageAsync(rows.Include(o => o.Lines).AsSplitQuery(), Show, Aborted, Sorts));
    }

    [HttpGet("{id:long}")]
    [HasPermission(PurchasingPermissions.Orders.Read)]
    [ProducesResponseType<PurchaseOrderResource>(StatusCodes.Status200OK)]
    public Task<IActionResult> Get(long id) => AnswerAsync(id);

    /// <summary>Creates a draft with the lines sent, in one transaction; answers it with 201.</summary>
    [HttpPost("")]
    [HasPermission(PurchasingPermissions.Orders.Write)]
    [Idempotent]
    [ApiBody<PurchaseOrderInput>]
    [ProducesResponseType<PurchaseOrderResource>(StatusCodes.Status201Created)]
    public async Task<IActionResult> Create()
    {
        var input = await BodyAsync<PurchaseOrderInput>();
        var form = new PurchaseOrderForm { Date = DateOnly.FromDateTime(DateTime.UtcNow) };
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
        return Created(Show(await FindAsync(id)), $"/{Root}/purchase-orders/{id}");
    }

    /// <summary>Changes the header fields sent of a draft (supplier, contact, dates, references, terms, notes), as the edit screen.</summary>
    [HttpPatch("{id:long}")]
    [HasPermission(PurchasingPermissions.Orders.Write)]
    [ApiBody<PurchaseOrderInput>]
    [ProducesResponseType<PurchaseOrderResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Update(long id)
    {
        await PatchHeaderAsync<PurchaseOrderInput, PurchaseOrderForm>(await queries.OrderFormAsync(id, Aborted), Apply, (form, ct) => administration.UpdateAsync(id, form, ct));
        return await AnswerAsync(id);
    }

    [HttpPost("{id:long}/lines")]
    [HasPermission(PurchasingPermissions.Orders.Write)]
    [ApiBody<LineInput>]
    [ProducesResponseType<LineResource>(StatusCodes.Status201Created)]
    public Task<IActionResult> AddLine(long id) => AddLineAsync(id, (form, ct) => administration.AddLineAsync(id, form, ct));

    [HttpPatch("{id:long}/lines/{lineId:long}")]
    [HasPermission(PurchasingPermissions.Orders.Write)]
    [ApiBody<LineInput>]
    [ProducesResponseType<LineResource>(StatusCodes.Status200OK)]
    public Task<IActionResult> ChangeLine(long id, long lineId) => ChangeLineAsync(id, lineId, (form, ct) => administration.ChangeLineAsync(id, lineId, form, ct));

    [HttpDelete("{id:long}/lines/{lineId:long}")]
    [HasPermission(PurchasingPermissions.Orders.Write)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public Task<IActionResult> RemoveLine(long id, long lineId) => RemoveLineAsync(id, lineId, ct => administration.RemoveLineAsync(id, lineId, ct));

    [HttpPost("{id:long}/validate")]
    [HasPermission(PurchasingPermissions.Orders.Validate)]
    [ProducesResponseType<PurchaseOrderResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Validate(long id)
    {
        await administration.ValidateAsync(id, Aborted);
        return await AnswerAsync(id);
    }

    /// <summary>Approves; above the settings' amount a second approval by another person (right approve2) is needed: the status stays validated until then.</summary>
    [HttpPost("{id:long}/approve")]
    [HasPermission(PurchasingPermissions.Orders.Approve)]
    [ProducesResponseType<PurchaseOrderResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Approve(long id)
    {
        await administration.ApproveAsync(id, Aborted);
        return await AnswerAsync(id);
    }

    [HttpPost("{id:long}/refuse")]
    [HasPermission(PurchasingPermissions.Orders.Approve)]
    [ApiBody<ReasonInput>]
    [ProducesResponseType<PurchaseOrderResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Refuse(long id)
    {
        await administration.RefuseAsync(id, (await BodyAsync<ReasonInput>(optional: true)).Reason, Aborted);
        return await AnswerAsync(id);
    }

    /// <summary>"Send to supplier" (Dolibarr's "make order"): the order is placed, receptions can follow.</summary>
    [HttpPost("{id:long}/order")]
    [HasPermission(PurchasingPermissions.Orders.Send)]
    [ApiBody<SendOrderInput>]
    [ProducesResponseType<PurchaseOrderResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Order(long id)
    {
        var input = await BodyAsync<SendOrderInput>(optional: true);
        await administration.SendAsync(id, new SendOrderForm { OrderedOn = input.OrderedOn, Method = input.Method ?? OrderMethod.Other }, Aborted);
        return await AnswerAsync(id);
    }

    [HttpPost("{id:long}/cancel")]
    [HasPermission(PurchasingPermissions.Orders.Close)]
    [ProducesResponseType<PurchaseOrderResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Cancel(long id)
    {
        await administration.CancelAsync(id, Aborted);
        return await AnswerAsync(id);
    }

    /// <summary>"Receive" on an ordered order: a reception (validated at once unless <c>validate</c> is false); answers the reception.</summary>
    [HttpPost("{id:long}/receive")]
    [HasPermission(PurchasingPermissions.Receptions.Write)]
    [Idempotent]
    [ApiBody<ReceiveInput>]
    [ProducesResponseType<ReceptionResource>(StatusCodes.Status201Created)]
    public async Task<IActionResult> Receive(long id)
    {
        var input = await BodyAsync<ReceiveInput>(optional: true);
        var proposed = await queries.ReceptionFormAsync(id, null, Aborted) ?? throw ApiException.NotFound("Purchase order not found.");
        var form = proposed.Form;
        form.Date = input.Date ?? form.Date;
        form.ValidateNow = input.Validate ?? true;
        if (input.Lines is not null)
        {
            form.Lines = input.Lines.Select(l => new ReceptionLineForm { OrderLineId = l.OrderLineId, Quantity = l.Quantity, WarehouseId = l.WarehouseId }).ToList();
        }

        if (form.ValidateNow && !await rights.HasAsync(PurchasingPermissions.Receptions.Validate))
        {
            throw new ApiException(StatusCodes.Status403Forbidden, "Validating a reception needs the right to validate receptions: send validate false to keep a draft.");
        }

        await receptionValidator.CheckNativeAsync(form, Aborted);
        var receptionId = await receptions.CreateAsync(form, Aborted);
        return Created(await NativeReceptionsController.ShowAsync(queries, receptionId), $"/{Root}/receptions/{receptionId}");
    }

    [HttpDelete("{id:long}")]
    [HasPermission(PurchasingPermissions.Orders.Delete)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete(long id)
    {
        await administration.DeleteAsync(id, Aborted);
        return NoContent();
    }

    protected override async Task<bool> IsVisibleAsync(long id) => await (await queries.VisibleOrdersAsync()).AnyAsync(o => o.Id == id, Aborted);

    private async Task<PurchaseOrder> FindAsync(long id) => await queries.OrderAsync(id) ?? throw ApiException.NotFound("Purchase order not found.");

    private async Task<IActionResult> AnswerAsync(long id) => Answer(Show(await FindAsync(id)));

    private static void Apply(PurchaseOrderInput input, PurchaseOrderForm form)
    {
        form.SupplierId = input.SupplierId ?? form.SupplierId;
        form.ContactId = input.ContactId ?? form.ContactId;
        form.Date = input.Date ?? form.Date;
        form.DeliveryDate = input.DeliveryDate ?? form.DeliveryDate;
        form.SupplierReference = input.SupplierReference ?? form.SupplierReference;
        form.PaymentTermId = input.PaymentTermId ?? form.PaymentTermId;
        form.PaymentMethodId = input.PaymentMethodId ?? form.PaymentMethodId;
        form.PublicNote = input.PublicNote ?? form.PublicNote;
        form.PrivateNote = input.PrivateNote ?? form.PrivateNote;
    }

    internal static PurchaseOrderResource Show(PurchaseOrder o) => new(
        o.Id, o.Reference, o.Status, o.Billed, o.SupplierId, o.ContactId, o.Date, o.DeliveryDate, o.SupplierReference, o.PaymentTermId, o.PaymentMethodId,
        o.TotalExclTax, o.TotalVat, o.TotalInclTax, o.CreatedAt, o.ValidatedAt, o.ApprovedAt, o.FirstApprovedAt, o.RefusedAt, o.RefusalReason, o.OrderedOn,
        o.OrderMethod, o.CancelledAt,
        o.OrderedLines.Select(l => new PurchaseOrderLineResource(
            l.Id, l.Position, l.Kind, l.ProductId, l.ProductReference, l.SupplierReference, l.Description, l.Quantity, l.UnitPrice, l.DiscountPercent,
            l.VatRatePercent, l.TotalExclTax, l.TotalVat, l.TotalInclTax, l.GoesToStock, l.QuantityReceived, l.QuantityBilled)).ToList());
}
