using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Purchasing.Public;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Features;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Events;

namespace MokoCrm.Web.Modules.Stock.EventHandlers;

/// <summary>
/// DOMAIN.md §5, increase side: goods come into stock on the purchasing step the stock settings name (reception
/// validated by default; supplier invoice validated; purchase order approved), at the document's net unit cost so the
/// weighted average cost follows, in the transaction of the business action (ADR 0002). The undo of that step moves
/// the goods back out. Services, free text and products that are not stock-managed never move.
/// </summary>
internal sealed class PurchasingStockMoves(AppDbContext db, StockLedger ledger, IProductLookup products, IStockReader reader)
{
    public async Task<bool> IncreaseOnAsync(StockIncreaseTrigger trigger, CancellationToken cancellationToken) =>
        (await reader.SettingsAsync(cancellationToken)).IncreaseOn == trigger;

    /// <summary>The default warehouse, for the steps that carry none (order approved, supplier invoice validated).</summary>
    public async Task<long> DefaultWarehouseAsync(string what, CancellationToken cancellationToken) =>
        await db.Set<Warehouse>().AsNoTracking().Where(w => w.IsDefault && w.Status == WarehouseStatus.Open).Select(w => (long?)w.Id).FirstOrDefaultAsync(cancellationToken)
            ?? throw new DomainException($"The stock settings move goods in when {what}, but no open default warehouse is set: choose one on the stock settings screen.");

    /// <summary>Records the moves of the stock-managed products only (one lookup for all of them).</summary>
    public async Task MoveAsync(IEnumerable<StockMove> candidates, CancellationToken cancellationToken)
    {
        var moves = candidates.Where(m => m.Quantity != 0m).ToList();
        if (moves.Count == 0)
        {
            return;
        }

        var managed = (await products.FindManyAsync(moves.Select(m => m.ProductId).Distinct().ToList(), cancellationToken))
            .Where(p => p.StockManaged).Select(p => p.Id).ToHashSet();
        await ledger.RecordAsync(moves.Where(m => managed.Contains(m.ProductId)).ToList(), cancellationToken);
    }

    public static IEnumerable<StockMove> In(ReceptionSnapshot r) =>
        r.Lines.Where(l => l is { IsService: false, ProductId: not null, WarehouseId: not null })
            .Select(l => new StockMove(l.ProductId!.Value, l.WarehouseId!.Value, l.Quantity, StockMovementKind.In, $"Reception {r.Number} ({r.PurchaseOrderNumber})")
            {
                UnitPrice = l.UnitCost, Date = r.Date, OriginType = PurchasingRecordTypes.Reception, OriginId = r.Id,
            });

    public static IEnumerable<StockMove> Lines(IEnumerable<PurchaseLineSnapshot> lines, long warehouseId, int sign, string label, DateOnly date, string originType, long originId) =>
        lines.Where(l => l is { Kind: "Product", IsService: false, ProductId: not null })
            .Select(l => new StockMove(l.ProductId!.Value, warehouseId, sign * l.Quantity, sign > 0 ? StockMovementKind.In : StockMovementKind.Out, label)
            {
                UnitPrice = sign > 0 ? l.NetUnitCost : null, Date = date, OriginType = originType, OriginId = originId,
            });
}

internal sealed class StockInOnReceptionValidated(PurchasingStockMoves stock) : IDomainEventHandler<ReceptionValidated>
{
    public async Task HandleAsync(ReceptionValidated e, CancellationToken cancellationToken)
    {
        if (await stock.IncreaseOnAsync(StockIncreaseTrigger.ReceptionValidated, cancellationToken))
        {
            await stock.MoveAsync(PurchasingStockMoves.In(e.Reception), cancellationToken);
        }
    }
}

/// <summary>Cancelling a reception takes its goods back out of the warehouses they went into (refused if they are gone).</summary>
internal sealed class StockOutOnReceptionCancelled(PurchasingStockMoves stock) : IDomainEventHandler<ReceptionCancelled>
{
    public async Task HandleAsync(ReceptionCancelled e, CancellationToken cancellationToken)
    {
        if (await stock.IncreaseOnAsync(StockIncreaseTrigger.ReceptionValidated, cancellationToken))
        {
            await stock.MoveAsync(PurchasingStockMoves.In(e.Reception).Select(m => m with
            {
                Quantity = -m.Quantity, Kind = StockMovementKind.Out, Label = $"Reception {e.Reception.Number} cancelled", UnitPrice = null, Date = e.Date,
            }), cancellationToken);
        }
    }
}

internal sealed class StockInOnPurchaseOrderApproved(PurchasingStockMoves stock) : IDomainEventHandler<PurchaseOrderApproved>
{
    public async Task HandleAsync(PurchaseOrderApproved e, CancellationToken cancellationToken)
    {
        if (await stock.IncreaseOnAsync(StockIncreaseTrigger.PurchaseOrderApproved, cancellationToken))
        {
            var warehouse = await stock.DefaultWarehouseAsync("a purchase order is approved", cancellationToken);
            await stock.MoveAsync(PurchasingStockMoves.Lines(e.Order.Lines, warehouse, 1, $"Purchase order {e.Order.Number} approved", e.Date,
                PurchasingRecordTypes.Order, e.Order.Id), cancellationToken);
        }
    }
}

internal sealed class StockOutOnPurchaseOrderCancelled(PurchasingStockMoves stock) : IDomainEventHandler<PurchaseOrderCancelled>
{
    public async Task HandleAsync(PurchaseOrderCancelled e, CancellationToken cancellationToken)
    {
        if (e.WasApproved && await stock.IncreaseOnAsync(StockIncreaseTrigger.PurchaseOrderApproved, cancellationToken))
        {
            var warehouse = await stock.DefaultWarehouseAsync("a purchase order is approved", cancellationToken);
            await stock.MoveAsync(PurchasingStockMoves.Lines(e.Order.Lines, warehouse, -1, $"Purchase order {e.Order.Number} cancelled", e.Date,
                PurchasingRecordTypes.Order, e.Order.Id), cancellationToken);
        }
    }
}

/// <summary>With "increase on supplier invoice validated": goods come in (a credit note takes them out) in the default warehouse at the invoice's net prices.</summary>
internal sealed class StockOnSupplierInvoiceValidated(PurchasingStockMoves stock) : IDomainEventHandler<SupplierInvoiceValidated>
{
    public async Task HandleAsync(SupplierInvoiceValidated e, CancellationToken cancellationToken)
    {
        if (await stock.IncreaseOnAsync(StockIncreaseTrigger.SupplierInvoiceValidated, cancellationToken))
        {
            var warehouse = await stock.DefaultWarehouseAsync("a supplier invoice is validated", cancellationToken);
            await stock.MoveAsync(PurchasingStockMoves.Lines(e.Invoice.Lines, warehouse, e.Invoice.IsCreditNote ? -1 : 1,
                $"Supplier {(e.Invoice.IsCreditNote ? "credit note" : "invoice")} {e.Invoice.Number}", e.Invoice.Date, PurchasingRecordTypes.SupplierInvoice, e.Invoice.Id), cancellationToken);
        }
    }
}
