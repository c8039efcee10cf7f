using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Features;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Events;

namespace MokoCrm.Web.Modules.Stock.EventHandlers;

/// <summary>
/// Sales moves stock where the stock settings say (DOMAIN.md §5): out when a shipment is validated (default), or when a
/// sales order is validated, or when a customer invoice is validated; the undo of that step
/// moves it back. Everything goes through the <see cref="StockLedger"/> in the transaction of the Sales action, so a
/// refusal (not enough stock, closed warehouse) stops the action with the ledger's message and nothing is written.
/// </summary>
/// <remarks>
/// Undo reverses the movements the document actually wrote (found by their origin), not what the settings say now:
/// a settings change between the two steps can neither leave stock out nor put back what never left.
/// </remarks>
public sealed class SalesStock(AppDbContext db, StockLedger ledger, IStockReader reader, IProductLookup products)
{
    public async Task<StockDecreaseTrigger> TriggerAsync(CancellationToken cancellationToken) => (await reader.SettingsAsync(cancellationToken)).DecreaseOn;

    /// <summary>Outputs for the stock-managed products among the lines; services and unmanaged products have no stock.</summary>
    public async Task TakeOutAsync(string originType, long originId, string label, DateOnly date, IReadOnlyList<(long ProductId, long WarehouseId, decimal Quantity)> lines, CancellationToken cancellationToken)
    {
        var ids = lines.Select(l => l.ProductId).Distinct().ToList();
        var managed = (await products.FindManyAsync(ids, cancellationToken)).Where(p => p.StockManaged && p.Type == ProductType.Product).Select(p => p.Id).ToHashSet();
        var moves = lines.Where(l => managed.Contains(l.ProductId) && l.Quantity > 0m)
            .Select(l => new StockMove(l.ProductId, l.WarehouseId, -l.Quantity, StockMovementKind.Out, label) { Date = date, OriginType = originType, OriginId = originId })
            .ToList();
        await ledger.RecordAsync(moves, cancellationToken);
    }

    /// <summary>Puts back what the document took out, at the cost it left with.</summary>
    public async Task PutBackAsync(string originType, long originId, string label, CancellationToken cancellationToken)
    {
        var outs = await db.Set<StockMovement>().AsNoTracking().Where(m => m.OriginType == originType && m.OriginId == originId).OrderBy(m => m.Id).ToListAsync(cancellationToken);
        var moves = outs.GroupBy(m => (m.ProductId, m.WarehouseId))
            .Select(g => (g.Key, Quantity: -g.Sum(m => m.Quantity), Price: g.Where(m => m.Quantity < 0m).Select(m => m.UnitPrice).LastOrDefault()))
            .Where(x => x.Quantity > 0m)
            .Select(x => new StockMove(x.Key.ProductId, x.Key.WarehouseId, x.Quantity, StockMovementKind.In, label) { UnitPrice = x.Price, OriginType = originType, OriginId = originId })
            .ToList();
        await ledger.RecordAsync(moves, cancellationToken);
    }
}

internal sealed class TakeStockOutOnShipmentValidated(SalesStock stock) : IDomainEventHandler<ShipmentValidated>
{
    public async Task HandleAsync(ShipmentValidated domainEvent, CancellationToken cancellationToken)
    {
        if (await stock.TriggerAsync(cancellationToken) != StockDecreaseTrigger.ShipmentValidated)
        {
            return;
        }

        var s = domainEvent.Shipment;
        await stock.TakeOutAsync(SalesRecordTypes.Shipment, s.Id, $"Shipment {s.Number} (order {s.OrderNumber})", s.Date,
            s.Lines.Select(l => (l.ProductId, l.WarehouseId, l.Quantity)).ToList(), cancellationToken);
    }
}

internal sealed class PutStockBackOnShipmentCancelled(SalesStock stock) : IDomainEventHandler<ShipmentCancelled>
{
    public Task HandleAsync(ShipmentCancelled domainEvent, CancellationToken cancellationToken) =>
        stock.PutBackAsync(SalesRecordTypes.Shipment, domainEvent.Shipment.Id, $"Shipment {domainEvent.Shipment.Number} cancelled", cancellationToken);
}

/// <summary>
/// Option "decrease on sales order validated": the order has no warehouse per line; the goods leave from the
/// warehouse chosen on validation, else the default warehouse of the settings (the ledger refuses a closed one).
/// </summary>
internal sealed class TakeStockOutOnOrderValidated(SalesStock stock, IStockReader reader) : IDomainEventHandler<OrderValidated>
{
    public async Task HandleAsync(OrderValidated domainEvent, CancellationToken cancellationToken)
    {
        var settings = await reader.SettingsAsync(cancellationToken);
        if (settings.DecreaseOn != StockDecreaseTrigger.SalesOrderValidated)
        {
            return;
        }

        var o = domainEvent.Order;
        var lines = o.Lines.Where(l => l.ProductId is not null && l.Quantity > 0m).ToList();
        if (lines.Count == 0)
        {
            return;
        }

        var warehouse = domainEvent.WarehouseId ?? settings.DefaultWarehouseId
            ?? throw new DomainException("Stock leaves when an order is validated, but no warehouse was chosen and no default warehouse is set: choose one.");
        await stock.TakeOutAsync(SalesRecordTypes.Order, o.Id, $"Sales order {o.Number}", o.Date,
            lines.Select(l => (l.ProductId!.Value, warehouse, l.Quantity)).ToList(), cancellationToken);
    }
}

internal sealed class PutStockBackOnOrderCancelled(SalesStock stock) : IDomainEventHandler<OrderCancelled>
{
    public Task HandleAsync(OrderCancelled domainEvent, CancellationToken cancellationToken) =>
        stock.PutBackAsync(SalesRecordTypes.Order, domainEvent.Order.Id, $"Sales order {domainEvent.Order.Number} cancelled", cancellationToken);
}

/// <summary>
/// Option "decrease on customer invoice validated": a standard invoice takes its product lines out of the warehouse
/// chosen on validation, else the default one (an invoice has no warehouse per line). Deposits carry no goods; a
/// credit note puts back (below).
/// </summary>
internal sealed class TakeStockOutOnInvoiceValidated(SalesStock stock, IStockReader reader) : IDomainEventHandler<InvoiceValidated>
{
    public async Task HandleAsync(InvoiceValidated domainEvent, CancellationToken cancellationToken)
    {
        var settings = await reader.SettingsAsync(cancellationToken);
        if (settings.DecreaseOn != StockDecreaseTrigger.CustomerInvoiceValidated || domainEvent.Kind != InvoiceKind.Standard)
        {
            return;
        }

        var invoice = domainEvent.Invoice;
        var lines = invoice.Lines.Where(l => l.ProductId is not null && l.Quantity > 0m).ToList();
        if (lines.Count == 0)
        {
            return;
        }

        var warehouse = domainEvent.WarehouseId ?? settings.DefaultWarehouseId
            ?? throw new DomainException("Stock leaves when a customer invoice is validated, but no warehouse was chosen and no default warehouse is set: choose one.");
        await stock.TakeOutAsync(BillingRecordTypes.Invoice, invoice.Id, $"Invoice {invoice.Number}", invoice.Date,
            lines.Select(l => (l.ProductId!.Value, warehouse, l.Quantity)).ToList(), cancellationToken);
    }
}

/// <summary>
/// The undo of "decrease on customer invoice validated": a validated credit note puts back the goods it credits, into
/// the warehouse its invoice took them from and at the cost they left with, never more of a product than that
/// invoice took out. Like the other undos it follows what the invoice actually moved, not the settings now: an
/// invoice whose goods left on the shipment or the order gets nothing back from its credit note.
/// </summary>
/// <remarks>
/// Each credit note is capped by its invoice's outputs on its own; Sales keeps the credit notes of one invoice
/// together within its quantities (checked at validation, queued on the invoice's row), so goods never come back twice.
/// </remarks>
internal sealed class PutStockBackOnCreditNoteValidated(AppDbContext db, StockLedger ledger) : IDomainEventHandler<InvoiceValidated>
{
    public async Task HandleAsync(InvoiceValidated domainEvent, CancellationToken cancellationToken)
    {
        if (domainEvent.Kind != InvoiceKind.CreditNote || domainEvent.CreditedInvoiceId is not { } invoiceId)
        {
            return;
        }

        var note = domainEvent.Invoice;
        var credited = note.Lines.Where(l => l.ProductId is not null && l.Quantity > 0m)
            .GroupBy(l => l.ProductId!.Value).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
        if (credited.Count == 0)
        {
            return;
        }

        var outs = await db.Set<StockMovement>().AsNoTracking()
            .Where(m => m.OriginType == BillingRecordTypes.Invoice && m.OriginId == invoiceId && m.Quantity < 0m && credited.Keys.Contains(m.ProductId))
            .OrderBy(m => m.Id).ToListAsync(cancellationToken);
        var moves = new List<StockMove>();
        foreach (var output in outs)
        {
            var quantity = Math.Min(credited[output.ProductId], -output.Quantity);
            if (quantity <= 0m)
            {
                continue;
            }

            credited[output.ProductId] -= quantity;
            moves.Add(new StockMove(output.ProductId, output.WarehouseId, quantity, StockMovementKind.In, $"Credit note {note.Number}")
            {
                UnitPrice = output.UnitPrice, Date = note.Date, OriginType = BillingRecordTypes.Invoice, OriginId = note.Id,
            });
        }

        await ledger.RecordAsync(moves, cancellationToken);
    }
}
