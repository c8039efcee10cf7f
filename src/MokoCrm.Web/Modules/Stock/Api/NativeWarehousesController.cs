using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Features;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Stock.Api;

public sealed record WarehouseResource(
    long Id, string Reference, string Label, string? Description, string? Address, string? PostalCode, string? Town, string? CountryCode,
    WarehouseStatus Status, long? ParentId, bool IsDefault);

/// <summary>What a client sends to create a warehouse, or the fields it changes (the others are kept).</summary>
public sealed class WarehouseInput
{
    public string? Reference { get; set; }

    public string? Label { get; set; }

    public string? Description { get; set; }

    public string? Address { get; set; }

    public string? PostalCode { get; set; }

    public string? Town { get; set; }

    public string? CountryCode { get; set; }

    /// <summary>open (the default), internal-only or closed.</summary>
    public WarehouseStatus? Status { get; set; }

    public long? ParentId { get; set; }

    /// <summary>Makes it the default warehouse (the previous default loses it).</summary>
    public bool? IsDefault { get; set; }
}

/// <summary>/api/v1/warehouses: the warehouse screens' handler, validator and rights.</summary>
[Route(Root + "/warehouses")]
[Tags("Warehouses")]
[RecordResource(Modules.Stock.Public.StockRecordTypes.Warehouse)]
public sealed class NativeWarehousesController(AppDbContext db, WarehouseAdministration administration, IValidator<WarehouseForm> validator) : NativeApiController
{
    /// <summary>?sort= reference, label, with - for descending (ties broken by the id).</summary>
    private static readonly NativeSorts<Warehouse> Sorts = new NativeSorts<Warehouse>().By("reference", w => w.Reference).By("label", w => w.Label);

    /// <summary>Warehouses; <c>q</c> searches the reference and label.</summary>
    [HttpGet("")]
    [HasPermission(StockPermissions.Warehouses.Read)]
    [ProducesResponseType<NativePage<WarehouseResource>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Index([FromQuery] NativeListRequest list, string? q, string? status, long? parentId)
    {
        var rows = db.Set<Warehouse>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = NativeQuery.Contains(q);
            rows = rows.Where(w => EF.Functions.ILike(w.Reference, pattern) || EF.Functions.ILike(w.Label, pattern));
        }

        rows = NativeQuery.Enum<WarehouseStatus>(status, nameof(status)) is { } s ? rows.Where(w => w.Status == s) : rows;
        rows = parentId is { } parent ? rows.Where(w => w.ParentId == parent) : rows;
        return Answer(await list.PageAsync(rows, Show, Aborted, Sorts));
    }

    [HttpGet("{id:long}")]
    [HasPermission(StockPermissions.Warehouses.Read)]
    [ProducesResponseType<WarehouseResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Get(long id) => Answer(Show(await FindAsync(id)));

    [HttpPost("")]
    [HasPermission(StockPermissions.Warehouses.Write)]
    [Idempotent]
    [ApiBody<WarehouseInput>]
    [ProducesResponseType<WarehouseResource>(StatusCodes.Status201Created)]
    public async Task<IActionResult> Create()
    {
        var form = new WarehouseForm();
        Apply(await BodyAsync<WarehouseInput>(), form);
        await validator.CheckNativeAsync(form, Aborted);
        var id = await administration.SaveAsync(null, form, Aborted);
        return Created(Show(await FindAsync(id)), $"/{Root}/warehouses/{id}");
    }

    /// <summary>Changes the fields sent and keeps the others (closing a warehouse is <c>status: closed</c>).</summary>
    [HttpPatch("{id:long}")]
    [HasPermission(StockPermissions.Warehouses.Write)]
    [ApiBody<WarehouseInput>]
    [ProducesResponseType<WarehouseResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Update(long id)
    {
        var w = await FindAsync(id);
        var form = new WarehouseForm
        {
            Reference = w.Reference, Label = w.Label, Description = w.Description, Address = w.Address, PostalCode = w.PostalCode, Town = w.Town,
            CountryCode = w.CountryCode, Status = w.Status, ParentId = w.ParentId, IsDefault = w.IsDefault,
        };
        Apply(await BodyAsync<WarehouseInput>(), form);
        await ClearSentNullsAsync(form);
        await validator.CheckNativeAsync(form, Aborted);
        await administration.SaveAsync(id, form, Aborted);
        return Answer(Show(await FindAsync(id)));
    }

    private async Task<Warehouse> FindAsync(long id) =>
        await db.Set<Warehouse>().AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, Aborted) ?? throw ApiException.NotFound("Warehouse not found.");

    private static void Apply(WarehouseInput input, WarehouseForm form)
    {
        form.Reference = input.Reference ?? form.Reference;
        form.Label = input.Label ?? form.Label;
        form.Description = input.Description ?? form.Description;
        form.Address = input.Address ?? form.Address;
        form.PostalCode = input.PostalCode ?? form.PostalCode;
        form.Town = input.Town ?? form.Town;
        form.CountryCode = input.CountryCode ?? form.CountryCode;
        form.Status = input.Status ?? form.Status;
        form.ParentId = input.ParentId ?? form.ParentId;
        form.IsDefault = input.IsDefault ?? form.IsDefault;
    }

    internal static WarehouseResource Show(Warehouse w) =>
        new(w.Id, w.Reference, w.Label, w.Description, w.Address, w.PostalCode, w.Town, w.CountryCode, w.Status, w.ParentId, w.IsDefault);
}
