using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Features;
using MokoCrm.Web.Modules.Sales.Queries;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Sales.Api;

public sealed record ShipmentLineResource(long Id, int Position, long OrderLineId, long ProductId, string? ProductReference, string Description, long WarehouseId, decimal Quantity);

public sealed record ShipmentResource(
    long Id, string Reference, ShipmentStatus Status, long OrderId, long ThirdPartyId, DateOnly Date, DateOnly? PlannedDelivery, string? Carrier,
    string? TrackingNumber, DateTimeOffset CreatedAt, DateTimeOffset? ValidatedAt, DateTimeOffset? DeliveredAt, DateTimeOffset? CancelledAt,
    IReadOnlyList<ShipmentLineResource> Lines);

/// <summary>"Create shipment" on an order: the date (today when left out), carrier, tracking, and the lines to ship.</summary>
public sealed class ShipmentInput
{
    public DateOnly? Date { get; set; }

    public DateOnly? PlannedDelivery { get; set; }

    public string? Carrier { get; set; }

    public string? TrackingNumber { get; set; }

    /// <summary>Left out: what is left to ship of each product line, from a warehouse holding it, as the screen proposes.</summary>
    public List<ShipmentLineInput>? Lines { get; set; }
}

public sealed class ShipmentLineInput
{
    public long OrderLineId { get; set; }

    public decimal? Quantity { get; set; }

    public long? WarehouseId { get; set; }
}

/// <summary>/api/v1/shipments: made by POST /orders/{id}/create-shipment; read, validated (stock out), closed, cancelled as on the shipment screens.</summary>
[Route(Root + "/shipments")]
[Tags("Shipments")]
[RecordResource(Modules.Sales.Public.SalesRecordTypes.Shipment)]
public sealed class NativeShipmentsController(ShipmentQueries queries, ShipmentAdministration administration) : NativeApiController
{
    /// <summary>?sort= date, number (drafts first), with - for descending (ties broken by the id).</summary>
    private static readonly NativeSorts<Shipment> Sorts = new NativeSorts<Shipment>().By("date", s => s.Date).By("number", s => s.Number ?? "");

    [HttpGet("")]
    [HasPermission(SalesPermissions.Shipments.Read)]
    [ProducesResponseType<NativePage<ShipmentResource>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Index([FromQuery] NativeListRequest list, long? thirdPartyId, long? orderId, string? status, DateOnly? from, DateOnly? to)
    {
        var rows = await queries.VisibleShipmentsAsync();
        rows = thirdPartyId is { } party ? rows.Where(s => s.ThirdPartyId == party) : rows;
        rows = orderId is { } order ? rows.Where(s => s.OrderId == order) : rows;
        rows = NativeQuery.Enum<ShipmentStatus>(status, nameof(status)) is { } st ? rows.Where(s => s.Status == st) : rows;
        rows = from is { } start ? rows.Where(s => s.Date >= start) : rows;
        rows = to is { } end ? rows.Where(s => s.Date <= end) : rows;
        return Answer(await list.PageAsync(rows.Include(s => s.Lines).AsSplitQuery(), Show, Aborted, Sorts));
    }

    [HttpGet("{id:long}")]
    [HasPermission(SalesPermissions.Shipments.Read)]
    [ProducesResponseType<ShipmentResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Get(long id) => Answer(await ShowAsync(queries, id));

    /// <summary>Validates a draft: numbered, the goods leave the stock, the order counts them as shipped.</summary>
    [HttpPost("{id:long}/validate")]
    [HasPermission(SalesPermissions.Shipments.Validate)]
    [ProducesResponseType<ShipmentResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Validate(long id)
    {
        await administration.ValidateAsync(id, Aborted);
        return Answer(await ShowAsync(queries, id));
    }

    /// <summary>Closes a validated shipment as delivered.</summary>
    [HttpPost("{id:long}/close")]
    [HasPermission(SalesPermissions.Shipments.Close)]
    [ProducesResponseType<ShipmentResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Close(long id)
    {
        await administration.CloseAsync(id, Aborted);
        return Answer(await ShowAsync(queries, id));
    }

    /// <summary>Cancels a validated shipment: its stock is back, the order counts it as not shipped.</summary>
    [HttpPost("{id:long}/cancel")]
    [HasPermission(SalesPermissions.Shipments.Close)]
    [ProducesResponseType<ShipmentResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Cancel(long id)
    {
        await administration.CancelAsync(id, Aborted);
        return Answer(await ShowAsync(queries, id));
    }

    [HttpDelete("{id:long}")]
    [HasPermission(SalesPermissions.Shipments.Delete)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete(long id)
    {
        await administration.DeleteAsync(id, Aborted);
        return NoContent();
    }

    internal static async Task<ShipmentResource> ShowAsync(ShipmentQueries queries, long id) =>
        Show(await queries.ShipmentAsync(id) ?? throw ApiException.NotFound("Shipment not found."));

    internal static ShipmentResource Show(Shipment s) => new(
        s.Id, s.Reference, s.Status, s.OrderId, s.ThirdPartyId, s.Date, s.PlannedDelivery, s.Carrier, s.TrackingNumber, s.CreatedAt, s.ValidatedAt,
        s.DeliveredAt, s.CancelledAt,
        s.OrderedLines.Select(l => new ShipmentLineResource(l.Id, l.Position, l.OrderLineId, l.ProductId, l.ProductReference, l.Description, l.WarehouseId, l.Quantity)).ToList());
}
