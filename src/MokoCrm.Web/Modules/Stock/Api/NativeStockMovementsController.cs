using System.Globalization;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Features;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Stock.Api;

/// <summary>A stock movement: immutable, a mistake is corrected by another movement. <c>quantity</c> is signed (+ in, − out).</summary>
public sealed record StockMovementResource(
    long Id, DateOnly Date, long ProductId, long WarehouseId, decimal Quantity, decimal UnitPrice, StockMovementKind Kind, string Label,
    string? OriginType, long? OriginId, string? TransferCode, long? UserId, DateTime CreatedAt);

/// <summary>The two movements of a transfer, sharing their code.</summary>
public sealed record StockTransferResource(string TransferCode, IReadOnlyList<StockMovementResource> Movements);

/// <summary>A manual correction, as the "Correct stock" screen: a quantity added or removed in one warehouse, with the reason.</summary>
public sealed class StockCorrectionInput
{
    public long? ProductId { get; set; }

    public long? WarehouseId { get; set; }

    /// <summary>add (the default) or remove.</summary>
    public CorrectionDirection? Direction { get; set; }

    /// <summary>More than zero: the direction gives the sign.</summary>
    public decimal? Quantity { get; set; }

    /// <summary>Only for an addition; left out: at the current average cost.</summary>
    public decimal? UnitPrice { get; set; }

    public string? Reason { get; set; }

    /// <summary>Today when left out.</summary>
    public DateOnly? Date { get; set; }
}

/// <summary>A transfer of a quantity of one product between two warehouses, as the "Transfer" screen.</summary>
public sealed class StockTransferInput
{
    public long? ProductId { get; set; }

    public long? FromWarehouseId { get; set; }

    public long? ToWarehouseId { get; set; }

    public decimal? Quantity { get; set; }

    public string? Reason { get; set; }

    public DateOnly? Date { get; set; }
}

/// <summary>/api/v1/stock-movements: the movements ledger (read) and the manual corrections and transfers (StockOperations).</summary>
[Route(Root + "/stock-movements")]
[Tags("Stock movements")]
public sealed class NativeStockMovementsController(
    AppDbContext db,
    StockOperations operations,
    IValidator<CorrectionForm> correctionValidator,
    IValidator<TransferForm> transferValidator) : NativeApiController
{
    /// <summary>?sort= date, with - for descending (ties broken by the id).</summary>
    private static readonly NativeSorts<StockMovement> Sorts = new NativeSorts<StockMovement>().By("date", m => m.Date);

    /// <summary>Movements, filtered as the movements screen: product, warehouse, kind, dates (inclusive), origin document.</summary>
    [HttpGet("")]
    [HasPermission(StockPermissions.Stock.Read)]
    [ProducesResponseType<NativePage<StockMovementResource>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Index(
        [FromQuery] NativeListRequest list, long? productId, long? warehouseId, string? kind, DateOnly? from, DateOnly? to, string? originType, long? originId)
    {
        var rows = db.Set<StockMovement>().AsNoTracking();
        rows = productId is { } product ? rows.Where(m => m.ProductId == product) : rows;
        rows = warehouseId is { } warehouse ? rows.Where(m => m.WarehouseId == warehouse) : rows;
        rows = NativeQuery.Enum<StockMovementKind>(kind, nameof(kind)) is { } k ? rows.Where(m => m.Kind == k) : rows;
        rows = from is { } start ? rows.Where(m => m.Date >= start) : rows;
        rows = to is { } end ? rows.Where(m => m.Date <= end) : rows;
        rows = string.IsNullOrWhiteSpace(originType) ? rows : rows.Where(m => m.OriginType == originType);
        rows = originId is { } origin ? rows.Where(m => m.OriginId == origin) : rows;
        return Answer(await list.PageAsync(rows, Show, Aborted, Sorts));
    }

    [HttpGet("{id:long}")]
    [HasPermission(StockPermissions.Stock.Read)]
    [ProducesResponseType<StockMovementResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Get(long id) =>
        Answer(Show(await db.Set<StockMovement>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, Aborted) ?? throw ApiException.NotFound("Stock movement not found.")));

    /// <summary>Records a manual correction; a removal that would go below zero is refused unless the settings allow negative stock.</summary>
    [HttpPost("corrections")]
    [HasPermission(StockPermissions.Movements.Create)]
    [Idempotent]
    [ApiBody<StockCorrectionInput>]
    [ProducesResponseType<StockMovementResource>(StatusCodes.Status201Created)]
    public async Task<IActionResult> Correct()
    {
        var input = await BodyAsync<StockCorrectionInput>();
        var form = new CorrectionForm
        {
            ProductId = input.ProductId, WarehouseId = input.WarehouseId, Direction = input.Direction ?? CorrectionDirection.Add,
            Quantity = Text(input.Quantity), UnitPrice = Text(input.UnitPrice), Reason = input.Reason, Date = input.Date,
        };
        await correctionValidator.CheckNativeAsync(form, Aborted);
        var movement = await operations.CorrectAsync(form, Aborted);
        return Created(Show(movement), $"/{Root}/stock-movements/{movement.Id}");
    }

    /// <summary>Records a transfer: two movements (out of one warehouse, into the other) at the average cost.</summary>
    [HttpPost("transfers")]
    [HasPermission(StockPermissions.Movements.Create)]
    [Idempotent]
    [ApiBody<StockTransferInput>]
    [ProducesResponseType<StockTransferResource>(StatusCodes.Status201Created)]
    public async Task<IActionResult> Transfer()
    {
        var input = await BodyAsync<StockTransferInput>();
        var form = new TransferForm
        {
            ProductId = input.ProductId, FromWarehouseId = input.FromWarehouseId, ToWarehouseId = input.ToWarehouseId, Quantity = Text(input.Quantity),
            Reason = input.Reason, Date = input.Date,
        };
        await transferValidator.CheckNativeAsync(form, Aborted);
        var code = await operations.TransferAsync(form, Aborted);
        var movements = await db.Set<StockMovement>().AsNoTracking().Where(m => m.TransferCode == code).OrderBy(m => m.Id).ToListAsync(Aborted);
        return Created(new StockTransferResource(code, movements.Select(Show).ToList()), $"/{Root}/stock-movements?productId={form.ProductId}");
    }

    /// <summary>The screens' forms take quantities as typed text; a JSON number is written back invariantly.</summary>
    private static string? Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    internal static StockMovementResource Show(StockMovement m) => new(
        m.Id, m.Date, m.ProductId, m.WarehouseId, m.Quantity, m.UnitPrice, m.Kind, m.Label, m.OriginType, m.OriginId, m.TransferCode, m.UserId, m.CreatedAt);
}
