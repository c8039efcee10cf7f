using System.Globalization;
using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Features;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Stock.Api;

public sealed record DolWarehouse(
    long Id, string Ref, string Label, string Libelle, string? Description, string? Address, string? Zip, string? Town, string? CountryCode,
    int Statut, int Status, long? FkParent, string Entity);

/// <summary>type: 0 input, 1 output (by hand), 2 output, 3 input (by a document), as Dolibarr's llx_stock_mouvement.</summary>
public sealed record DolStockMovement(
    long Id, long ProductId, long WarehouseId, string Qty, int Type, string Price, string Label, long Datem, string? Origintype,
    long? FkOrigin, string? Inventorycode, long? FkUserAuthor);

/// <summary>
/// POST stockmovements, as Dolibarr's: <c>qty</c> signed (negative takes out), <c>price</c> the unit cost of an
/// addition (a removal leaves at the average cost). Lots and their dates (<c>lot</c>, <c>dlc</c>, <c>dluo</c>) are not
/// tracked here: accepted and ignored.
/// </summary>
public sealed class DolStockMovementInput
{
    public long? ProductId { get; set; }

    public long? WarehouseId { get; set; }

    public decimal? Qty { get; set; }

    public string? Lot { get; set; }

    public string? Movementcode { get; set; }

    public string? Movementlabel { get; set; }

    /// <summary>A number, or text as PHP clients send it ("12.5", "" for none).</summary>
    public JsonElement? Price { get; set; }

    public string? Dlc { get; set; }

    public string? Dluo { get; set; }
}

/// <summary>
/// /api/index.php/warehouses (read) and /stockmovements: the ledger read, and a movement by hand recorded as the
/// "Correct stock" screen's correction (StockOperations), with its validator and right.
/// </summary>
[Route(Root)]
public sealed class DolibarrStockController(AppDbContext db, StockOperations operations, IValidator<CorrectionForm> correctionValidator) : DolibarrApiController
{
    private static readonly Dictionary<string, string> CorrectionNames = new()
    {
        [nameof(CorrectionForm.ProductId)] = "product_id", [nameof(CorrectionForm.WarehouseId)] = "warehouse_id", [nameof(CorrectionForm.Quantity)] = "qty",
        [nameof(CorrectionForm.UnitPrice)] = "price", [nameof(CorrectionForm.Reason)] = "movementlabel",
    };

    private static readonly ApiFields<Warehouse> WarehouseFields = new ApiFields<Warehouse>()
        .Add("t.rowid", w => w.Id).Add("t.ref", w => w.Reference).Add("t.label", w => w.Label).Add("t.lieu", w => w.Label)
        .Add("t.town", w => w.Town).Add("t.statut", w => w.Status == WarehouseStatus.Open ? 1 : 0);

    private static readonly ApiFields<StockMovement> MovementFields = new ApiFields<StockMovement>()
        .Add("t.rowid", m => m.Id).Add("t.fk_product", m => m.ProductId).Add("t.fk_entrepot", m => m.WarehouseId)
        .Add("t.value", m => m.Quantity).Add("t.label", m => m.Label).Add("t.datem", m => m.Date).Add("t.origintype", m => m.OriginType)
        .Add("t.fk_origin", m => m.OriginId).Add("t.inventorycode", m => m.TransferCode);

    [HttpGet("warehouses")]
    [HasPermission(StockPermissions.Warehouses.Read)]
    public async Task<IActionResult> Warehouses([FromQuery] DolibarrListRequest list)
    {
        return await ListAsync(list, db.Set<Warehouse>().AsNoTracking(), WarehouseFields, Show, "warehouse");
    }

    [HttpGet("warehouses/{id:long}")]
    [HasPermission(StockPermissions.Warehouses.Read)]
    public async Task<IActionResult> Warehouse(long id) =>
        Answer(Show(await db.Set<Warehouse>().AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, Aborted) ?? throw ApiException.NotFound("warehouse not found")));

    [HttpGet("stockmovements")]
    [HasPermission(StockPermissions.Stock.Read)]
    public async Task<IActionResult> Movements([FromQuery] DolibarrListRequest list)
    {
        return await ListAsync(list, db.Set<StockMovement>().AsNoTracking(), MovementFields, m => new DolStockMovement(
            m.Id, m.ProductId, m.WarehouseId, Dol.Num(m.Quantity), m.Quantity >= 0 ? (m.OriginType is null ? 0 : 3) : (m.OriginType is null ? 1 : 2),
            Dol.Num(m.UnitPrice), m.Label, ApiDates.Unix(m.Date), m.OriginType, m.OriginId, m.TransferCode, m.UserId), "stock movement");
    }

    /// <summary>
    /// Dolibarr answers the new movement's id. Its movementcode (inventory code) is kept in the label, as the
    /// screen's reason; without a label the reason is "Stock correction". A refusal (stock going negative, closed
    /// warehouse, a service) is a 400 "Error when create stock movement : ..." (Dolibarr answers 503) and moves nothing.
    /// </summary>
    [HttpPost("stockmovements")]
    [HasPermission(StockPermissions.Movements.Create)]
    [Idempotent]
    public async Task<IActionResult> CreateMovement()
    {
        var input = await BodyAsync<DolStockMovementInput>();
        var qty = (input.ProductId, input.WarehouseId, input.Qty) switch
        {
            (null, _, _) => throw ApiException.BadRequest("product_id field missing"),
            (_, null, _) => throw ApiException.BadRequest("warehouse_id field missing"),
            (_, _, null) => throw ApiException.BadRequest("qty field missing"),
            (_, _, 0m) => throw ApiException.BadRequest("Making a stock movement with a quantity of 0 is not possible"),
            (_, _, { } q) => q,
        };
        var label = string.IsNullOrWhiteSpace(input.Movementlabel) ? "Stock correction" : input.Movementlabel.Trim();
        var form = new CorrectionForm
        {
            ProductId = input.ProductId, WarehouseId = input.WarehouseId, Direction = qty < 0 ? CorrectionDirection.Remove : CorrectionDirection.Add,
            Quantity = Math.Abs(qty).ToString(CultureInfo.InvariantCulture), UnitPrice = qty > 0 ? Text(input.Price) : null,
            Reason = string.IsNullOrWhiteSpace(input.Movementcode) ? label : $"{label} ({input.Movementcode.Trim()})",
        };
        await correctionValidator.CheckAsync(form, CorrectionNames, Aborted);
        try
        {
            return Answer((await operations.CorrectAsync(form, Aborted)).Id);
        }
        catch (DomainException refused)
        {
            throw ApiException.BadRequest("Error when create stock movement : " + refused.Message);
        }
    }

    private static string? Text(JsonElement? value) => value switch
    {
        null => null,
        { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.Number } number => number.GetRawText(),
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        _ => throw ApiException.BadRequest("The field 'price' has a value of the wrong type."),
    };

    private static DolWarehouse Show(Warehouse w)
    {
        var status = w.Status == WarehouseStatus.Open ? 1 : 0;
        return new DolWarehouse(w.Id, w.Reference, w.Reference, w.Label, w.Description, w.Address, w.PostalCode, w.Town, w.CountryCode, status, status, w.ParentId, "1");
    }
}
