using System.Text.Json;
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
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Notes;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Sales.Api;

/// <summary>A shipment as Dolibarr's API shows it (htdocs/expedition/class/api_shipments.class.php, Expedition).</summary>
public sealed record DolShipment(
    long Id, string Ref, long Socid, long OriginId, string Origin, string OriginType, int Statut, int Status, long DateCreation, long? DateValid,
    long DateShipping, long DateExpedition, long? DateDelivery, string? TrackingNumber, string? ShippingMethod, string? NotePublic, string? NotePrivate,
    long? FkUserAuthor, long? UserAuthorId, long? UserValidationId, string Entity, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> LinkedObjectsIds,
    IReadOnlyList<DolShipmentLine> Lines);

/// <summary>An ExpeditionLigne: the order line it ships (fk_origin_line), the quantity and the warehouse it leaves from.</summary>
public sealed record DolShipmentLine(
    long Id, long Rowid, long FkExpedition, long FkOriginLine, long OriginLineId, long FkProduct, string? ProductRef, string Desc, string Description,
    string Qty, string QtyShipped, long EntrepotId, long FkEntrepot, int Rang);

/// <summary>POST shipments: Dolibarr's mandatory socid, origin_id and origin_type ("commande"), and the lines to ship.</summary>
public sealed class DolShipmentInput
{
    public long? Socid { get; set; }

    public long? OriginId { get; set; }

    public string? OriginType { get; set; }

    public string? Origin { get; set; }

    public long? DateShipping { get; set; }

    public long? DateExpedition { get; set; }

    public long? DateDelivery { get; set; }

    public string? TrackingNumber { get; set; }

    /// <summary>The carrier's name here (Dolibarr's shipping_method_id is a dictionary id, refused).</summary>
    public string? ShippingMethod { get; set; }

    public long? ShippingMethodId { get; set; }

    /// <summary>The warehouse of the lines that name none.</summary>
    public long? EntrepotId { get; set; }

    public string? RefCustomer { get; set; }

    public int? Entity { get; set; }

    public JsonElement? ArrayOptions { get; set; }

    public List<DolShipmentLineInput>? Lines { get; set; }
}

public sealed class DolShipmentLineInput
{
    public long? OriginLineId { get; set; }

    public long? FkOriginLine { get; set; }

    public decimal? Qty { get; set; }

    public long? EntrepotId { get; set; }

    public int? Rang { get; set; }

    public JsonElement? ArrayOptions { get; set; }
}

/// <summary>/api/index.php/shipments: the shipment screens' handler and rights, in Dolibarr's shapes; a shipment is made from its order's lines.</summary>
[Route(Root + "/shipments")]
public sealed class DolibarrShipmentsController(
    AppDbContext db,
    CurrentCrmVisibility visibility,
    ShipmentAdministration administration,
    IValidator<ShipmentForm> validator) : DolibarrApiController
{
    internal static readonly ApiFields<Shipment> Fields = new ApiFields<Shipment>()
        .Add("t.rowid", s => s.Id)
        .Add("t.ref", s => s.Number)
        .Add("t.fk_soc", s => s.ThirdPartyId)
        .Add("t.fk_statut", s => s.Status, StatusOf)
        .Add("t.date_expedition", s => s.Date)
        .Add("t.date_delivery", s => s.PlannedDelivery)
        .Add("t.date_creation", s => s.CreatedAt)
        .Add("t.tracking_number", s => s.TrackingNumber);

    [HttpGet("")]
    [HasPermission(SalesPermissions.Shipments.Read)]
    public async Task<IActionResult> Index([FromQuery] DolibarrListRequest list, string? thirdparty_ids)
    {
        var rows = DolibarrListRequest.OfThirdParties(await VisibleAsync(), thirdparty_ids, s => s.ThirdPartyId);

        return await ListAsync(list, rows, Fields, s => Show(s, RecordNotes.None), "shipment", q => q.Include(s => s.Lines).AsSplitQuery());
    }

    [HttpGet("{id:long}")]
    [HasPermission(SalesPermissions.Shipments.Read)]
    public Task<IActionResult> Get(long id) => AnswerAsync(id);

    /// <summary>Dolibarr answers the new id. Each line names its order line (origin_line_id), quantity and warehouse (entrepot_id).</summary>
    [HttpPost("")]
    [HasPermission(SalesPermissions.Shipments.Write)]
    [Idempotent]
    public async Task<IActionResult> Create()
    {
        var input = await BodyAsync<DolShipmentInput>();
        if (input.Socid is null)
        {
            throw ApiException.BadRequest("socid field missing");
        }

        if (input.OriginId is null)
        {
            throw ApiException.BadRequest("origin_id field missing");
        }

        if ((input.OriginType ?? input.Origin) is not { } origin)
        {
            throw ApiException.BadRequest("origin_type field missing");
        }

        if (origin is not ("commande" or "order"))
        {
            throw ApiException.BadRequest("origin_type: a shipment is made from an order (commande).");
        }

        if (input.ShippingMethodId is > 0)
        {
            throw ApiException.BadRequest("shipping_method_id: shipping methods are not a dictionary here; send the carrier's name as shipping_method.");
        }

        var orderParty = await db.Set<SalesOrder>().AsNoTracking().Where(o => o.Id == input.OriginId).Select(o => (long?)o.ThirdPartyId).SingleOrDefaultAsync(Aborted)
            ?? throw ApiException.NotFound("Order not found");
        if (orderParty != input.Socid)
        {
            throw ApiException.BadRequest("socid is not the third party of the order.");
        }

        var date = input.DateShipping ?? input.DateExpedition;
        var form = new ShipmentForm
        {
            Date = date is { } d ? DolLines.Day(d) : DateOnly.FromDateTime(DateTime.UtcNow), PlannedDelivery = input.DateDelivery is { } p ? DolLines.Day(p) : null,
            Carrier = input.ShippingMethod, TrackingNumber = input.TrackingNumber,
            Lines = (input.Lines ?? []).Select(l => new ShipmentLineForm
            {
                OrderLineId = l.OriginLineId ?? l.FkOriginLine ?? throw ApiException.BadRequest("origin_line_id: name the order line each line ships."),
                Quantity = l.Qty, WarehouseId = l.EntrepotId ?? input.EntrepotId,
            }).ToList(),
        };
        await validator.CheckAsync(form, Name, Aborted);
        return Answer(await administration.CreateFromOrderAsync(input.OriginId.Value, form, Aborted));
    }

    /// <summary>POST {id}/validate {notrigger}: numbers the shipment and takes the goods out of stock; answers the shipment.</summary>
    [HttpPost("{id:long}/validate")]
    [HasPermission(SalesPermissions.Shipments.Validate)]
    public async Task<IActionResult> Validate(long id)
    {
        await BodyAsync<DolTriggerInput>(optional: true);
        await administration.ValidateAsync(id, Aborted);
        return await AnswerAsync(id);
    }

    /// <summary>POST {id}/close: "Classify delivered"; answers the shipment.</summary>
    [HttpPost("{id:long}/close")]
    [HasPermission(SalesPermissions.Shipments.Close)]
    public async Task<IActionResult> Close(long id)
    {
        await BodyAsync<DolTriggerInput>(optional: true);
        await administration.CloseAsync(id, Aborted);
        return await AnswerAsync(id);
    }

    /// <summary>
    /// DELETE {id}/lines/{lineid} on a draft (right to write shipments, as Dolibarr's expedition->creer); answers the
    /// shipment. Any other status is refused as Dolibarr does: 405, ErrorDeleteLineNotAllowedByObjectStatus.
    /// </summary>
    [HttpDelete("{id:long}/lines/{lineId:long}")]
    [HasPermission(SalesPermissions.Shipments.Write)]
    public async Task<IActionResult> DeleteLine(long id, long lineId)
    {
        var shipment = await (await VisibleAsync()).Include(s => s.Lines).SingleOrDefaultAsync(s => s.Id == id, Aborted) ?? throw ApiException.NotFound("Shipment not found");
        if (shipment.Lines.All(l => l.Id != lineId))
        {
            throw ApiException.NotFound("Shipment line not found");
        }

        await DolLines.RemoveLineAsync(shipment.Status == ShipmentStatus.Draft, () => administration.RemoveLineAsync(id, lineId, Aborted));

        return await AnswerAsync(id);
    }

    [HttpDelete("{id:long}")]
    [HasPermission(SalesPermissions.Shipments.Delete)]
    public async Task<IActionResult> Delete(long id)
    {
        await administration.DeleteAsync(id, Aborted);
        return Answer(new { Success = new { Code = 200, Message = "Shipment deleted" } });
    }

    public static int Status(ShipmentStatus status) => status switch
    {
        ShipmentStatus.Draft => 0,
        ShipmentStatus.Validated => 1,
        ShipmentStatus.Delivered => 2,
        _ => -1,
    };

    private static object StatusOf(string code) => code switch
    {
        "0" => ShipmentStatus.Draft,
        "1" => ShipmentStatus.Validated,
        "2" => ShipmentStatus.Delivered,
        "-1" => ShipmentStatus.Cancelled,
        _ => throw new FormatException(),
    };

    /// <summary>The validator's names as the client wrote them (Lines[0].Quantity → lines[0].qty).</summary>
    private static string Name(string property) => property
        .Replace("Lines", "lines", StringComparison.Ordinal).Replace(".Quantity", ".qty", StringComparison.Ordinal)
        .Replace(".WarehouseId", ".entrepot_id", StringComparison.Ordinal).Replace("Date", "date_shipping", StringComparison.Ordinal)
        .Replace("Carrier", "shipping_method", StringComparison.Ordinal).Replace("TrackingNumber", "tracking_number", StringComparison.Ordinal);

    private async Task<IQueryable<Shipment>> VisibleAsync() =>
        db.Set<Shipment>().AsNoTracking().WhereThirdPartyVisible(await visibility.ThirdPartyIdsAsync(), s => s.ThirdPartyId);

    private async Task<IActionResult> AnswerAsync(long id)
    {
        var (shipment, recordNotes) = await (await VisibleAsync()).Include(s => s.Lines).SingleWithNotesAsync(db, SalesRecordTypes.Shipment, id, Aborted)
            ?? throw ApiException.NotFound("Shipment not found");
        return Answer(Show(shipment, recordNotes));
    }

    private static DolShipment Show(Shipment s, RecordNotes notes)
    {
        var status = Status(s.Status);
        var linked = new Dictionary<string, IReadOnlyDictionary<string, long>> { ["commande"] = new Dictionary<string, long> { ["0"] = s.OrderId } };
        return new DolShipment(
            s.Id, s.Reference, s.ThirdPartyId, s.OrderId, "commande", "commande", status, status, s.CreatedAt.ToUnixTimeSeconds(), s.ValidatedAt?.ToUnixTimeSeconds(),
            ApiDates.Unix(s.Date), ApiDates.Unix(s.Date), ApiDates.Unix(s.PlannedDelivery), s.TrackingNumber, s.Carrier, notes.Public, notes.Private,
            s.AuthorUserId, s.AuthorUserId, s.ValidatedByUserId, "1", linked,
            s.OrderedLines.Select(l => new DolShipmentLine(
                l.Id, l.Id, s.Id, l.OrderLineId, l.OrderLineId, l.ProductId, l.ProductReference, l.Description, l.Description,
                Dol.Num(l.Quantity), Dol.Num(l.Quantity), l.WarehouseId, l.WarehouseId, l.Position)).ToList());
    }
}
