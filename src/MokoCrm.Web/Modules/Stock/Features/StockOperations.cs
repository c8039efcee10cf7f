using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Stock.Features;

/// <summary>The manual stock screens: corrections and transfers, each one ledger call in one transaction.</summary>
public sealed class StockOperations(StockLedger ledger)
{
    public async Task<StockMovement> CorrectAsync(CorrectionForm form, CancellationToken cancellationToken = default)
    {
        var quantity = StockNumbers.Parse(form.Quantity)!.Value;
        var signed = form.Direction == CorrectionDirection.Remove ? -quantity : quantity;
        var move = new StockMove(form.ProductId!.Value, form.WarehouseId!.Value, signed, StockMovementKind.Correction, form.Reason!.Trim())
        {
            // A removal always leaves at the average cost; an addition may bring a cost of its own.
            UnitPrice = signed > 0 ? StockNumbers.Parse(form.UnitPrice) : null,
            Date = form.Date,
        };
        return (await ledger.MoveAsync([move], cancellationToken)).Single();
    }

    /// <returns>The transfer code both movements share.</returns>
    public async Task<string> TransferAsync(TransferForm form, CancellationToken cancellationToken = default)
    {
        var label = string.IsNullOrWhiteSpace(form.Reason) ? "Transfer between warehouses" : form.Reason.Trim();
        var moves = StockLedger.Transfer(form.ProductId!.Value, form.FromWarehouseId!.Value, form.ToWarehouseId!.Value, StockNumbers.Parse(form.Quantity)!.Value, label, form.Date);
        var written = await ledger.MoveAsync(moves, cancellationToken);
        return written[0].TransferCode!;
    }
}

/// <summary>The stock settings screen: one row of settings plus the default warehouse flag.</summary>
public sealed class StockSettingsAdministration(AppDbContext db)
{
    public async Task SaveAsync(StockSettingsForm form, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var settings = await db.Set<StockSettings>().OrderBy(s => s.Id).FirstOrDefaultAsync(cancellationToken) ?? db.Add(new StockSettings()).Entity;
        settings.DecreaseOn = form.DecreaseOn;
        settings.IncreaseOn = form.IncreaseOn;
        settings.AllowNegativeStock = form.AllowNegativeStock;

        var current = await db.Set<Warehouse>().Where(w => w.IsDefault).ToListAsync(cancellationToken);
        if (form.DefaultWarehouseId is { } chosen)
        {
            if (current.All(w => w.Id != chosen))
            {
                var warehouse = await db.Set<Warehouse>().SingleOrDefaultAsync(w => w.Id == chosen, cancellationToken)
                    ?? throw new DomainException($"The warehouse #{chosen} does not exist.");
                warehouse.MakeDefault();
                current.ForEach(w => w.LoseDefault());
            }
        }
        else if (current.Count > 0)
        {
            throw new DomainException("Choose the default warehouse: once chosen there is always one.");
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}

/// <summary>Inventory counts: create for a warehouse, count, review the differences, validate into corrections.</summary>
public sealed class InventoryAdministration(AppDbContext db, StockLedger ledger, IProductLookup products, ICurrentUser user, TimeProvider clock)
{
    /// <summary>Products put on a new count at once; a larger warehouse is counted by adding products by hand.</summary>
    public const int MaxPrefilledLines = 2000;

    public async Task<long> CreateAsync(InventoryForm form, CancellationToken cancellationToken = default)
    {
        var warehouse = await db.Set<Warehouse>().AsNoTracking().SingleOrDefaultAsync(w => w.Id == form.WarehouseId, cancellationToken)
            ?? throw new DomainException($"The warehouse #{form.WarehouseId} does not exist.");
        if (warehouse.Status == WarehouseStatus.Closed)
        {
            throw new DomainException($"The warehouse {warehouse.Reference} is closed: it cannot be counted.");
        }

        var inventory = new Inventory(form.Label!, warehouse.Id, form.Date ?? DateOnly.FromDateTime(clock.GetLocalNow().DateTime));
        if (form.AddProductsInStock)
        {
            var inStock = await db.Set<StockLevel>().AsNoTracking().Where(l => l.WarehouseId == warehouse.Id && l.Quantity != 0)
                .OrderBy(l => l.ProductId).Select(l => l.ProductId).Take(MaxPrefilledLines).ToListAsync(cancellationToken);
            inStock.ForEach(p => inventory.AddProduct(p));
        }

        db.Add(inventory);
        await db.SaveChangesAsync(cancellationToken);
        return inventory.Id;
    }

    public async Task AddProductAsync(long id, long productId, CancellationToken cancellationToken = default)
    {
        var inventory = await LoadAsync(id, cancellationToken);
        var product = await products.FindAsync(productId, cancellationToken) ?? throw new DomainException($"The product #{productId} does not exist.");
        if (!product.StockManaged)
        {
            throw new DomainException($"{product.Reference} has no stock to count: it is {(product.Type == ProductType.Service ? "a service" : "not stock-managed")}.");
        }

        inventory.AddProduct(productId);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <param name="counted">Line id → the text typed (empty: not counted).</param>
    public async Task CountAsync(long id, IReadOnlyDictionary<long, string?> counted, CancellationToken cancellationToken = default)
    {
        var inventory = await LoadAsync(id, cancellationToken);
        var names = (await products.FindManyAsync(inventory.Lines.Select(l => l.ProductId).ToList(), cancellationToken)).ToDictionary(p => p.Id, p => p.Reference);
        foreach (var (lineId, text) in counted)
        {
            var line = inventory.Lines.SingleOrDefault(l => l.Id == lineId) ?? throw new DomainException("This line is not on the inventory.");
            var value = StockNumbers.Parse(text);
            if (!string.IsNullOrWhiteSpace(text) && value is null)
            {
                throw new DomainException($"The count of {names.GetValueOrDefault(line.ProductId, "#" + line.ProductId)} must be a number, for example 12 or 2.5.");
            }

            inventory.Count(lineId, value);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Writes one correction per counted difference, at the average cost, and freezes the inventory.</summary>
    public async Task<int> ValidateAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var inventory = await LoadAsync(id, cancellationToken);
        var counted = inventory.Lines.Where(l => l.Counted is not null).ToList();
        var stock = await ledger.LockedLevelsAsync(counted.Select(l => l.ProductId).ToList(), inventory.WarehouseId, cancellationToken);
        inventory.Validate(stock, user.UserId, clock.GetUtcNow().UtcDateTime);
        var moves = counted
            .Select(l => (Line: l, Difference: l.Counted!.Value - stock.GetValueOrDefault(l.ProductId)))
            .Where(d => d.Difference != 0)
            .Select(d => new StockMove(d.Line.ProductId, inventory.WarehouseId, d.Difference, StockMovementKind.Correction, $"Inventory {inventory.Label}")
            {
                Date = inventory.Date, OriginType = StockRecordTypes.Inventory, OriginId = inventory.Id,
            })
            .ToList();
        await ledger.RecordAsync(moves, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return moves.Count;
    }

    private async Task<Inventory> LoadAsync(long id, CancellationToken cancellationToken) =>
        await db.Set<Inventory>().Include(i => i.Lines).SingleOrDefaultAsync(i => i.Id == id, cancellationToken) ?? throw new NotFoundException("The inventory");
}

/// <summary>Products/Public asks every module before deleting a product: one with movements is only archived.</summary>
internal sealed class StockProductUsage(AppDbContext db) : IProductUsage
{
    public async Task<string?> FirstUseAsync(long productId, CancellationToken cancellationToken = default)
    {
        if (await db.Set<StockMovement>().AnyAsync(m => m.ProductId == productId, cancellationToken))
        {
            return "It has stock movements.";
        }

        var bom = await db.Set<Bom>().Where(b => b.ProductId == productId || b.Lines.Any(l => l.ProductId == productId))
            .Select(b => b.Label).FirstOrDefaultAsync(cancellationToken);
        if (bom is not null)
        {
            return $"It is on the bill of materials {bom}.";
        }

        var order = await db.Set<ManufacturingOrder>().Where(o => o.ProductId == productId || o.Lines.Any(l => l.ProductId == productId))
            .Select(o => o.Number ?? o.Label).FirstOrDefaultAsync(cancellationToken);
        return order is null ? null : $"It is on the manufacturing order {order}.";
    }
}
