using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using Npgsql;

namespace MokoCrm.Web.Modules.Stock.Features;

/// <summary>
/// One movement asked for. <see cref="UnitPrice"/> null means "at the product's average cost" (outputs, transfers,
/// inventory corrections); an input with a price moves the average cost (DOMAIN.md §5).
/// </summary>
public sealed record StockMove(long ProductId, long WarehouseId, decimal Quantity, StockMovementKind Kind, string Label)
{
    public decimal? UnitPrice { get; init; }

    /// <summary>Null: today.</summary>
    public DateOnly? Date { get; init; }

    public string? OriginType { get; init; }

    public long? OriginId { get; init; }

    public long? ProjectId { get; init; }

    public string? TransferCode { get; init; }
}

/// <summary>
/// The one way stock changes: manual screens, inventories and (later) Stock/EventHandlers reacting to Sales and
/// Purchasing events all come through here. Each call checks every move, takes the products' locks, writes the
/// movements and brings the per-warehouse levels and the product valuations in step, all in the caller's
/// transaction, so level == sum(movements) holds at every commit.
/// </summary>
/// <remarks>
/// Concurrency: the average cost spans all warehouses of a product, so the lock is per product, not per level row:
/// a transaction-scoped advisory lock on (<see cref="LockClass"/>, product id), taken in ascending id order so two
/// multi-product moves never deadlock. Everything the checks read (levels, valuation) is read after the lock, so two
/// parallel outputs of the last unit are serialized: the second sees 0 and is refused.
/// </remarks>
public sealed class StockLedger(AppDbContext db, IProductLookup products, ICurrentUser user, TimeProvider clock)
{
    /// <summary>First key of the two-key advisory locks of stock ("ST"); the second is the product id.</summary>
    public const int LockClass = 0x5354;

    /// <summary>Opens a transaction, records the moves, saves and commits: what the manual screens call.</summary>
    public async Task<IReadOnlyList<StockMovement>> MoveAsync(IReadOnlyList<StockMove> moves, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var movements = await RecordAsync(moves, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return movements;
    }

    /// <summary>The two halves of a transfer, sharing a new transfer code; the leaving half first.</summary>
    public static IReadOnlyList<StockMove> Transfer(long productId, long fromWarehouseId, long toWarehouseId, decimal quantity, string label, DateOnly? date = null)
    {
        if (fromWarehouseId == toWarehouseId)
        {
            throw new DomainException("Choose two different warehouses: a transfer to the same warehouse moves nothing.");
        }

        if (quantity <= 0)
        {
            throw new DomainException("A transfer moves a quantity greater than zero.");
        }

        var code = "TR-" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        return
        [
            new StockMove(productId, fromWarehouseId, -quantity, StockMovementKind.TransferOut, label) { Date = date, TransferCode = code },
            new StockMove(productId, toWarehouseId, quantity, StockMovementKind.TransferIn, label) { Date = date, TransferCode = code },
        ];
    }

    /// <summary>
    /// Records the moves in the current transaction (a feature's own, or the one the domain events interceptor opens
    /// around event handlers) as tracked changes; the caller's SaveChanges writes them. Refused moves throw a
    /// <see cref="DomainException"/> naming what is wrong; then nothing must be saved.
    /// </summary>
    public async Task<IReadOnlyList<StockMovement>> RecordAsync(IReadOnlyList<StockMove> moves, CancellationToken cancellationToken = default)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Stock moves are recorded inside the transaction that saves them (use MoveAsync, or call from a domain event handler).");
        }

        if (moves.Count == 0)
        {
            return [];
        }

        foreach (var move in moves)
        {
            CheckShape(move);
        }

        var productIds = moves.Select(m => m.ProductId).Distinct().Order().ToArray();
        var warehouseIds = moves.Select(m => m.WarehouseId).Distinct().ToArray();
        var catalogue = (await products.FindManyAsync(productIds, cancellationToken)).ToDictionary(p => p.Id);
        var warehouses = await db.Set<Warehouse>().AsNoTracking().Where(w => warehouseIds.Contains(w.Id))
            .Select(w => new { w.Id, w.Reference, w.Status }).ToDictionaryAsync(w => w.Id, cancellationToken);
        foreach (var move in moves)
        {
            if (!catalogue.TryGetValue(move.ProductId, out var product))
            {
                throw new DomainException($"The product #{move.ProductId} does not exist.");
            }

            if (!product.StockManaged)
            {
                throw new DomainException(product.Type == ProductType.Service
                    ? $"{product.Reference} is a service: services have no stock."
                    : $"{product.Reference} is not stock-managed: tick \"Stock managed\" on the product before moving its stock.");
            }

            if (!warehouses.TryGetValue(move.WarehouseId, out var warehouse))
            {
                throw new DomainException($"The warehouse #{move.WarehouseId} does not exist.");
            }

            if (warehouse.Status == WarehouseStatus.Closed)
            {
                throw new DomainException($"The warehouse {warehouse.Reference} is closed: no stock moves in or out of it.");
            }

            if (warehouse.Status == WarehouseStatus.InternalOnly && move.Kind is StockMovementKind.In or StockMovementKind.Out)
            {
                throw new DomainException($"The warehouse {warehouse.Reference} is internal only: it takes transfers, corrections and inventories, not receptions or shipments.");
            }
        }

        await LockProductsAsync(productIds, cancellationToken);

        // Read after the lock: these are the values no other transaction can change until commit.
        var levels = await db.Set<StockLevel>().Where(l => productIds.Contains(l.ProductId) && warehouseIds.Contains(l.WarehouseId))
            .ToDictionaryAsync(l => (l.ProductId, l.WarehouseId), cancellationToken);
        var valuations = await db.Set<ProductValuation>().Where(v => productIds.Contains(v.ProductId)).ToDictionaryAsync(v => v.ProductId, cancellationToken);
        var allowNegative = await db.Set<StockSettings>().AsNoTracking().Select(s => s.AllowNegativeStock).FirstOrDefaultAsync(cancellationToken);

        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var written = new List<StockMovement>(moves.Count);
        foreach (var move in moves)
        {
            if (!levels.TryGetValue((move.ProductId, move.WarehouseId), out var level))
            {
                level = db.Add(new StockLevel(move.ProductId, move.WarehouseId)).Entity;
                levels.Add((move.ProductId, move.WarehouseId), level);
            }

            if (!valuations.TryGetValue(move.ProductId, out var valuation))
            {
                valuation = db.Add(new ProductValuation(move.ProductId)).Entity;
                valuations.Add(move.ProductId, valuation);
            }

            var available = level.Quantity;
            if (available + move.Quantity < 0 && move.Quantity < 0 && !allowNegative)
            {
                var product = catalogue[move.ProductId];
                throw new DomainException(
                    $"Not enough stock of {product.Reference} - {product.Label} in {warehouses[move.WarehouseId].Reference}: " +
                    $"{Format(available)} available, {Format(-move.Quantity)} asked. Negative stock is not allowed (see the stock settings).");
            }

            var price = move.UnitPrice ?? valuation.AverageCost;
            level.Add(move.Quantity);
            valuation.Apply(move.Kind, move.Quantity, price);
            var movement = new StockMovement(move.Date ?? today, move.ProductId, move.WarehouseId, move.Quantity, price, move.Kind, move.Label.Trim(),
                move.OriginType, move.OriginId, move.ProjectId, user.UserId, move.TransferCode, now);
            db.Add(movement);
            written.Add(movement);
        }

        return written;
    }

    /// <summary>
    /// Takes the products' locks, then reads their stock in one warehouse: values that stay true until commit (an
    /// inventory compares its counts with them before recording the differences).
    /// </summary>
    public async Task<IReadOnlyDictionary<long, decimal>> LockedLevelsAsync(IReadOnlyCollection<long> productIds, long warehouseId, CancellationToken cancellationToken = default)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Locked levels are read inside the transaction that uses them.");
        }

        var ids = productIds.Distinct().Order().ToArray();
        if (ids.Length == 0)
        {
            return new Dictionary<long, decimal>();
        }

        await LockProductsAsync(ids, cancellationToken);
        return await db.Set<StockLevel>().Where(l => l.WarehouseId == warehouseId && ids.Contains(l.ProductId))
            .ToDictionaryAsync(l => l.ProductId, l => l.Quantity, cancellationToken);
    }

    public static string Format(decimal quantity) => quantity.ToString("0.#####", System.Globalization.CultureInfo.InvariantCulture);

    private static void CheckShape(StockMove move)
    {
        if (move.Quantity == 0)
        {
            throw new DomainException("Enter a quantity other than zero.");
        }

        if (Math.Round(move.Quantity, StockMovement.QuantityDecimals) != move.Quantity)
        {
            throw new DomainException($"A quantity has at most {StockMovement.QuantityDecimals} decimals.");
        }

        if (move.UnitPrice is < 0)
        {
            throw new DomainException("A unit price cannot be negative.");
        }

        if (move.UnitPrice is { } price && Math.Round(price, WeightedAverageCost.Decimals) != price)
        {
            throw new DomainException($"A unit price has at most {WeightedAverageCost.Decimals} decimals.");
        }

        if (string.IsNullOrWhiteSpace(move.Label))
        {
            throw new DomainException("A movement needs a label (the reason).");
        }

        var positive = move.Quantity > 0;
        if ((move.Kind is StockMovementKind.In or StockMovementKind.TransferIn && !positive)
            || (move.Kind is StockMovementKind.Out or StockMovementKind.TransferOut && positive))
        {
            throw new InvalidOperationException($"A {move.Kind} movement cannot have the quantity {move.Quantity}.");
        }
    }

    private async Task LockProductsAsync(long[] productIds, CancellationToken cancellationToken)
    {
        // Sorted in a subquery, so the locks are taken in ascending order whatever the caller passed.
        var transaction = (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
        await using var command = new NpgsqlCommand(
            "SELECT pg_advisory_xact_lock(@class, k) FROM (SELECT DISTINCT (id % 2147483647)::int AS k FROM unnest(@ids) AS id ORDER BY 1) AS s",
            transaction.Connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<int>("class", LockClass));
        command.Parameters.Add(new NpgsqlParameter<long[]>("ids", productIds));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
