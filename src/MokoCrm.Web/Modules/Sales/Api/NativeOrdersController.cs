using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Features;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Sales.Api;

public sealed record OrderResource(
    long Id, string Reference, SalesOrderStatus Status, bool Billed, long ThirdPartyId, long? ProposalId, DateOnly Date, DateOnly? DeliveryDate,
    string? CustomerReference, long? PaymentTermId, long? PaymentMethodId, decimal TotalExclTax, decimal TotalVat, decimal TotalInclTax,
    DateTimeOffset CreatedAt, DateTimeOffset? ValidatedAt, IReadOnlyList<LineResource> Lines);

/// <summary>An order to create (with its lines), or the header fields of a draft to change (the others are kept).</summary>
public sealed class OrderInput : ILinedDocumentInput
{
    public long? ThirdPartyId { get; set; }

    public DateOnly? Date { get; set; }

    public DateOnly? DeliveryDate { get; set; }

    public string? CustomerReference { get; set; }

    public long? PaymentTermId { get; set; }

    public long? PaymentMethodId { get; set; }

    public string? PublicNote { get; set; }

    public string? PrivateNote { get; set; }

    public List<LineInput>? Lines { get; set; }
}

/// <summary>/api/v1/orders: the sales order screens' handlers, validators, rights and visibility.</summary>
[Route(Root + "/orders")]
[Tags("Orders")]
[RecordResource(Modules.Sales.Public.SalesRecordTypes.Order)]
public sealed class NativeOrdersController(
    AppDbContext db,
    CurrentCrmVisibility visibility,
    Queries.SalesQueries queries,
    OrderAdministration administration,
    InvoiceAdministration invoices,
    IValidator<OrderForm> validator,
    IValidator<LineForm> lineValidator,
    ShipmentAdministration shipments,
    Queries.ShipmentQueries shipmentQueries,
    IValidator<ShipmentForm> shipmentValidator) : NativeLinedDocumentController<SalesOrderLine>
{
    private static readonly NativeSorts<SalesOrder> Sorts = NativeSalesSorts.Of<SalesOrder, SalesOrderLine>();

    protected override string Resource => "orders";

    protected override string Noun => "Order";

    [HttpGet("")]
    [HasPermission(SalesPermissions.Orders.Read)]
    [ProducesResponseType<NativePage<OrderResource>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Index([FromQuery] NativeListRequest list, long? thirdPartyId, string? status, bool? billed)
    {
        var rows = await VisibleAsync();
        rows = thirdPartyId is { } party ? rows.Where(o => o.ThirdPartyId == party) : rows;
        rows = NativeQuery.Enum<SalesOrderStatus>(status, nameof(status)) is { } s ? rows.Where(o => o.Status == s) : rows;
        rows = billed is { } b ? rows.Where(o => o.Billed == b) : rows;
        return Answer(await list.PageAsync(rows.Include(o => o.Lines).AsSplitQuery(), Show, Aborted, Sorts));
    }

    [HttpGet("{id:long}")]
    [HasPermission(SalesPermissions.Orders.Read)]
    [ProducesResponseType<OrderResource>(StatusCodes.Status200OK)]
    public Task<IActionResult> Get(long id) => AnswerAsync(id);

    [HttpPost("")]
    [HasPermission(SalesPermissions.Orders.Write)]
    [Idempotent]
    [ApiBody<OrderInput>]
    [ProducesResponseType<OrderResource>(StatusCodes.Status201Created)]
    public async Task<IActionResult> Create()
    {
        var input = await BodyAsync<OrderInput>();
        var form = new OrderForm { Date = DateOnly.FromDateTime(DateTime.UtcNow) };
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
        return Created(Show(await FindAsync(id)), $"/{Root}/orders/{id}");
    }

    /// <summary>Changes the header fields sent of a draft (customer, dates, customer reference, terms, notes), as the edit screen; 409 once validated.</summary>
    [HttpPatch("{id:long}")]
    [HasPermission(SalesPermissions.Orders.Write)]
    [ApiBody<OrderInput>]
    [ProducesResponseType<OrderResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Update(long id)
    {
        await PatchHeaderAsync<OrderInput, OrderForm>(await queries.OrderFormAsync(id, Aborted), Apply, (form, ct) => administration.UpdateAsync(id, form, ct));
        return await AnswerAsync(id);
    }

    [HttpPost("{id:long}/lines")]
    [HasPermission(SalesPermissions.Orders.Write)]
    [ApiBody<LineInput>]
    [ProducesResponseType<LineResource>(StatusCodes.Status201Created)]
    public Task<IActionResult> AddLine(long id) => AddLineAsync(id, (form, ct) => administration.AddLineAsync(id, form, ct));

    [HttpPatch("{id:long}/lines/{lineId:long}")]
    [HasPermission(SalesPermissions.Orders.Write)]
    [ApiBody<LineInput>]
    [ProducesResponseType<LineResource>(StatusCodes.Status200OK)]
    public Task<IActionResult> ChangeLine(long id, long lineId) => ChangeLineAsync(id, lineId, (form, ct) => administration.ChangeLineAsync(id, lineId, form, ct));

    [HttpDelete("{id:long}/lines/{lineId:long}")]
    [HasPermission(SalesPermissions.Orders.Write)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public Task<IActionResult> RemoveLine(long id, long lineId) => RemoveLineAsync(id, lineId, ct => administration.RemoveLineAsync(id, lineId, ct));

    [HttpPost("{id:long}/validate")]
    [HasPermission(SalesPermissions.Orders.Validate)]
    [ProducesResponseType<OrderResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Validate(long id)
    {
        await administration.ValidateAsync(id, Aborted);
        return await AnswerAsync(id);
    }

    [HttpPost("{id:long}/cancel")]
    [HasPermission(SalesPermissions.Orders.Close)]
    [ProducesResponseType<OrderResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Cancel(long id)
    {
        await administration.CancelAsync(id, Aborted);
        return await AnswerAsync(id);
    }

    /// <summary>"Create invoice" on a validated order: a draft invoice of what is left to bill; answers the invoice.</summary>
    [HttpPost("{id:long}/create-invoice")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    [Idempotent]
    [ProducesResponseType<InvoiceResource>(StatusCodes.Status201Created)]
    public async Task<IActionResult> CreateInvoice(long id)
    {
        var invoiceId = await invoices.CreateFromOrdersAsync(new InvoiceFromOrdersForm { OrderIds = [id] }, Aborted);
        var invoice = await db.Set<Invoice>().AsNoTracking().Include(i => i.Lines).SingleAsync(i => i.Id == invoiceId, Aborted);
        return Created(NativeInvoicesController.Show(invoice), $"/{Root}/invoices/{invoiceId}");
    }

    /// <summary>
    /// "Create shipment" on a validated order: a draft shipment of the lines sent, or of everything left to ship from a
    /// warehouse holding it, as the screen proposes; answers the shipment (validate it with /shipments/{id}/validate).
    /// </summary>
    [HttpPost("{id:long}/create-shipment")]
    [HasPermission(SalesPermissions.Shipments.Write)]
    [Idempotent]
    [ApiBody<ShipmentInput>]
    [ProducesResponseType<ShipmentResource>(StatusCodes.Status201Created)]
    public async Task<IActionResult> CreateShipment(long id)
    {
        var input = await BodyAsync<ShipmentInput>(optional: true);
        var form = (await shipmentQueries.FormAsync(await administration.GetAsync(id, Aborted), null, Aborted)).Form;
        (form.Date, form.PlannedDelivery, form.Carrier, form.TrackingNumber) = (input.Date ?? form.Date, input.PlannedDelivery ?? form.PlannedDelivery, input.Carrier, input.TrackingNumber);
        if (input.Lines is not null)
        {
            form.Lines = input.Lines.Select(l => new ShipmentLineForm { OrderLineId = l.OrderLineId, Quantity = l.Quantity, WarehouseId = l.WarehouseId }).ToList();
        }

        await shipmentValidator.CheckNativeAsync(form, Aborted);
        var shipmentId = await shipments.CreateFromOrderAsync(id, form, Aborted);
        return Created(await NativeShipmentsController.ShowAsync(shipmentQueries, shipmentId), $"/{Root}/shipments/{shipmentId}");
    }

    /// <summary>
    /// "Deposit invoice" on a validated order: a draft deposit invoice of <c>percent</c> of its tax base per VAT
    /// rate, or of <c>amount</c> excl. tax at its main rate (DOMAIN.md), by the screen's handler; answers the invoice.
    /// </summary>
    [HttpPost("{id:long}/deposit")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    [Idempotent]
    [ApiBody<DepositForm>]
    [ProducesResponseType<InvoiceResource>(StatusCodes.Status201Created)]
    public async Task<IActionResult> Deposit(long id)
    {
        var form = await BodyAsync<DepositForm>();
        var invoiceId = await invoices.CreateDepositAsync(Modules.Sales.Public.SalesRecordTypes.Order, id, form, Aborted);
        var invoice = await db.Set<Invoice>().AsNoTracking().Include(i => i.Lines).SingleAsync(i => i.Id == invoiceId, Aborted);
        return Created(NativeInvoicesController.Show(invoice), $"/{Root}/invoices/{invoiceId}");
    }

    [HttpDelete("{id:long}")]
    [HasPermission(SalesPermissions.Orders.Delete)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete(long id)
    {
        await administration.DeleteAsync(id, Aborted);
        return NoContent();
    }

    protected override async Task<bool> IsVisibleAsync(long id) => await (await VisibleAsync()).AnyAsync(o => o.Id == id, Aborted);

    private async Task<IQueryable<SalesOrder>> VisibleAsync() =>
        db.Set<SalesOrder>().AsNoTracking().WhereThirdPartyVisible(await visibility.ThirdPartyIdsAsync(), o => o.ThirdPartyId);

    private async Task<SalesOrder> FindAsync(long id) =>
        await (await VisibleAsync()).Include(o => o.Lines).SingleOrDefaultAsync(o => o.Id == id, Aborted) ?? throw ApiException.NotFound("Order not found.");

    private async Task<IActionResult> AnswerAsync(long id) => Answer(Show(await FindAsync(id)));

    private static void Apply(OrderInput input, OrderForm form)
    {
        form.ThirdPartyId = input.ThirdPartyId ?? form.ThirdPartyId;
        form.Date = input.Date ?? form.Date;
        form.DeliveryDate = input.DeliveryDate ?? form.DeliveryDate;
        form.CustomerReference = input.CustomerReference ?? form.CustomerReference;
        form.PaymentTermId = input.PaymentTermId ?? form.PaymentTermId;
        form.PaymentMethodId = input.PaymentMethodId ?? form.PaymentMethodId;
        form.PublicNote = input.PublicNote ?? form.PublicNote;
        form.PrivateNote = input.PrivateNote ?? form.PrivateNote;
    }

    internal static OrderResource Show(SalesOrder o) => new(
        o.Id, o.Reference, o.Status, o.Billed, o.ThirdPartyId, o.ProposalId, o.Date, o.DeliveryDate, o.CustomerReference, o.PaymentTermId,
        o.PaymentMethodId, o.TotalExclTax, o.TotalVat, o.TotalInclTax, o.CreatedAt, o.ValidatedAt, NativeLines.Lines(o));
}
