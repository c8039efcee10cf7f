using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Stock.Api;

public sealed record DolWarehouse(
    long Id, string Ref, string Label, string Libelle, string? Description, string? Address, string? Zip, string? Town, string? CountryCode,
    int Statut, int Status, long? FkParent, string Entity);

/// <summary>type: 0 input, 1 output (by hand), 2 output, 3 input (by a document), as Dolibarr's llx_stock_mouvement.</summary>
public sealed record DolStockMovement(
    long Id, long ProductId, long WarehouseId, string Qty, int Type, string Price, string Label, long Datem, string? Origintype,
    long? FkOrigin, string? Inventorycode, long? FkUserAuthor);

/// <summary>/api/index.php/warehouses and /stockmovements, read-only: movements are made by the business actions.</summary>
[Route(Root)]
public sealed class DolibarrStockController(AppDbContext db) : DolibarrApiController
{
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
        var page = await list.Apply(db.Set<Warehouse>().AsNoTracking(), WarehouseFields).ToListAsync(Aborted);
        return List(page.Select(Show).ToList(), "warehouse");
    }

    [HttpGet("warehouses/{id:long}")]
    [HasPermission(StockPermissions.Warehouses.Read)]
    public async Task<IActionResult> Warehouse(long id) =>
        Answer(Show(await db.Set<Warehouse>().AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, Aborted) ?? throw ApiException.NotFound("warehouse not found")));

    [HttpGet("stockmovements")]
    [HasPermission(StockPermissions.Stock.Read)]
    public async Task<IActionResult> Movements([FromQuery] DolibarrListRequest list)
    {
        var page = await list.Apply(db.Set<StockMovement>().AsNoTracking(), MovementFields).ToListAsync(Aborted);
        return List(page.Select(m => new DolStockMovement(
            m.Id, m.ProductId, m.WarehouseId, Dol.Num(m.Quantity), m.Quantity >= 0 ? (m.OriginType is null ? 0 : 3) : (m.OriginType is null ? 1 : 2),
            Dol.Num(m.UnitPrice), m.Label, ApiDates.Unix(m.Date), m.OriginType, m.OriginId, m.TransferCode, m.UserId)).ToList(), "stock movement");
    }

    private static DolWarehouse Show(Warehouse w)
    {
        var status = w.Status == WarehouseStatus.Open ? 1 : 0;
        return new DolWarehouse(w.Id, w.Reference, w.Reference, w.Label, w.Description, w.Address, w.PostalCode, w.Town, w.CountryCode, status, status, w.ParentId, "1");
    }
}
