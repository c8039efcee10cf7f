using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Modules.Purchasing.Features;
using MokoCrm.Web.Modules.Purchasing.Queries;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Purchasing.Api;

public sealed record ReceptionLineResource(
    long Id, int Position, long OrderLineId, long? ProductId, string? ProductReference, string Description, bool IsService, decimal Quantity,
    long? WarehouseId, decimal UnitCost, decimal QuantityBilled);

public sealed record ReceptionResource(
    long Id, string Reference, ReceptionStatus Status, long PurchaseOrderId, long SupplierId, DateOnly Date, DateTimeOffset CreatedAt,
    DateTimeOffset? ValidatedAt, DateTimeOffset? ClosedAt, DateTimeOffset? CancelledAt, IReadOnlyList<ReceptionLineResource> Lines);

/// <summary>/api/v1/receptions: made by POST /purchase-orders/{id}/receive; read, validated, closed, cancelled as on the reception screens.</summary>
[Route(Root + "/receptions")]
[Tags("Receptions")]
[RecordResource(Modules.Purchasing.Public.PurchasingRecordTypes.Reception)]
public sealed class NativeReceptionsController(PurchasingQueries queries, ReceptionAdministration administration) : NativeApiController
{
    /// <summary>?sort= date, number (drafts first), with - for descending (ties broken by the id).</summary>
    private static readonly NativeSorts<Reception> Sorts = new NativeSorts<Reception>().By("date", r => r.Date).By("number", r => r.Number ?? "");

    [HttpGet("")]
    [HasPermission(PurchasingPermissions.Receptions.Read)]
    [ProducesResponseType<NativePage<ReceptionResource>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Index([FromQuery] NativeListRequest list, long? supplierId, long? purchaseOrderId, string? status, DateOnly? from, DateOnly? to)
    {
        var rows = await queries.VisibleReceptionsAsync();
        rows = supplierId is { } supplier ? rows.Where(r => r.SupplierId == supplier) : rows;
        rows = purchaseOrderId is { } order ? rows.Where(r => r.PurchaseOrderId == order) : rows;
        rows = NativeQuery.Enum<ReceptionStatus>(status, nameof(status)) is { } s ? rows.Where(r => r.Status == s) : rows;
        rows = from is { } start ? rows.Where(r => r.Date >= start) : rows;
        rows = to is { } end ? rows.Where(r => r.Date <= end) : rows;
        return Answer(await list.PageAsync(rows.Include(r => r.Lines).AsSplitQuery(), Show, Aborted, Sorts));
    }

    [HttpGet("{id:long}")]
    [HasPermission(PurchasingPermissions.Receptions.Read)]
    [ProducesResponseType<ReceptionResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Get(long id) => Answer(await ShowAsync(queries, id));

    /// <summary>Validates a draft: the goods go into stock and the order counts them as received.</summary>
    [HttpPost("{id:long}/validate")]
    [HasPermission(PurchasingPermissions.Receptions.Validate)]
    [ProducesResponseType<ReceptionResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Validate(long id)
    {
        await administration.ValidateAsync(id, Aborted);
        return Answer(await ShowAsync(queries, id));
    }

    [HttpPost("{id:long}/close")]
    [HasPermission(PurchasingPermissions.Receptions.Validate)]
    [ProducesResponseType<ReceptionResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Close(long id)
    {
        await administration.CloseAsync(id, Aborted);
        return Answer(await ShowAsync(queries, id));
    }

    /// <summary>Cancels a validated reception: the order gets its quantities back, the goods leave the stock.</summary>
    [HttpPost("{id:long}/cancel")]
    [HasPermission(PurchasingPermissions.Receptions.Validate)]
    [ProducesResponseType<ReceptionResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Cancel(long id)
    {
        await administration.CancelAsync(id, Aborted);
        return Answer(await ShowAsync(queries, id));
    }

    [HttpDelete("{id:long}")]
    [HasPermission(PurchasingPermissions.Receptions.Write)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete(long id)
    {
        await administration.DeleteAsync(id, Aborted);
        return NoContent();
    }

    internal static async Task<ReceptionResource> ShowAsync(PurchasingQueries queries, long id) =>
        Show(await queries.ReceptionAsync(id) ?? throw ApiException.NotFound("Reception not found."));

    internal static ReceptionResource Show(Reception r) => new(
        r.Id, r.Reference, r.Status, r.PurchaseOrderId, r.SupplierId, r.Date, r.CreatedAt, r.ValidatedAt, r.ClosedAt, r.CancelledAt,
        r.Lines.OrderBy(l => l.Position).Select(l => new ReceptionLineResource(
            l.Id, l.Position, l.OrderLineId, l.ProductId, l.ProductReference, l.Description, l.IsService, l.Quantity, l.WarehouseId, l.UnitCost, l.QuantityBilled)).ToList());
}
