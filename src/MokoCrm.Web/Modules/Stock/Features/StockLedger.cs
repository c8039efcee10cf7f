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

    /// <summary>
    /// Opens a transaction, records the moves, saves and commits: what the manual screens call. In a caller's
    /// transaction (the API's Idempotency-Key claims its row in it) it records and saves, and the caller commits.
    /// </summary>
    public async Task<IReadOnlyList<StockMovement>> MoveAsync(IReadOnlyList<StockMove> moves, CancellationToken cancellationToken = default)
    {
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var movements = await RecordAsync(moves, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

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
        var warehouseIds = moves.Select(m => m.WarehouseId).Distinct().Order().ToArray();
        var catalogue = (await products.FindManyAsync(productIds, cancellationToken)).ToDictionary(p => p.Id);
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
        }

        // One round trip: the products' locks first, then everything the checks read, as it stands under the lock.
        var locked = await LockAndReadAsync(productIds, warehouseIds, cancellationToken);
        var warehouses = locked.Warehouses;
        foreach (var move in moves)
        {
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

        var levels = locked.Levels;
        var valuations = locked.Valuations;
        var allowNegative = locked.AllowNegativeStock;

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
        if ((move.Kind is StockMovementKind.In or StockMovementKind.TransferIn or StockMovementKind.ManufacturingIn && !positive)
            || (move.Kind is StockMovementKind.Out or StockMovementKind.TransferOut or StockMovementKind.ManufacturingOut && positive))
        {
            throw new InvalidOperationException($"A {move.Kind} movement cannot have the quantity {move.Quantity}.");
        }
    }

    private sealed record WarehouseState(string Reference, WarehouseStatus Status);

    private sealed record LockedState(
        Dictionary<long, WarehouseState> Warehouses,
        Dictionary<(long ProductId, long WarehouseId), StockLevel> Levels,
        Dictionary<long, ProductValuation> Valuations,
        bool AllowNegativeStock);

    /// <summary>
    /// Takes the locks and reads warehouses, levels, valuations and the negative-stock setting in one batch (plain
    /// SQL: this is every movement's hot path, and five EF queries cost five round trips). The rows are attached to
    /// the context as unchanged entities, so the caller's SaveChanges writes what the ledger changes. Entities the
    /// context already tracks with changes (an earlier call in the same transaction) win: they hold the pending changes.
    /// </summary>
    private async Task<LockedState> LockAndReadAsync(long[] productIds, long[] warehouseIds, CancellationToken cancellationToken)
    {
        var transaction = (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        batch.BatchCommands.Add(Command(LockSql));
        batch.BatchCommands.Add(Command("SELECT id, reference, status FROM stock.warehouses WHERE id = ANY($2)"));
        batch.BatchCommands.Add(Command("SELECT product_id, warehouse_id, quantity FROM stock.stock_levels WHERE product_id = ANY($1) AND warehouse_id = ANY($2)"));
        batch.BatchCommands.Add(Command("SELECT id, product_id, total_quantity, average_cost FROM stock.product_valuations WHERE product_id = ANY($1)"));
        batch.BatchCommands.Add(Command("SELECT allow_negative_stock FROM stock.stock_settings ORDER BY id LIMIT 1"));

        var warehouses = new Dictionary<long, WarehouseState>();
        var levels = new Dictionary<(long, long), StockLevel>();
        var valuations = new Dictionary<long, ProductValuation>();
        var allowNegative = false;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                warehouses[reader.GetInt64(0)] = new WarehouseState(reader.GetString(1), Enum.Parse<WarehouseStatus>(reader.GetString(2)));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var level = StockLevel.Existing(reader.GetInt64(0), reader.GetInt64(1), reader.GetDecimal(2));
                levels[(level.ProductId, level.WarehouseId)] = level;
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var valuation = ProductValuation.Existing(reader.GetInt64(0), reader.GetInt64(1), reader.GetDecimal(2), reader.GetDecimal(3));
                valuations[valuation.ProductId] = valuation;
            }

            await reader.NextResultAsync(cancellationToken);
            allowNegative = await reader.ReadAsync(cancellationToken) && reader.GetBoolean(0);
        }

        var trackedLevels = db.Set<StockLevel>().Local.Where(l => productIds.Contains(l.ProductId)).ToDictionary(l => (l.ProductId, l.WarehouseId));
        foreach (var key in levels.Keys.ToList())
        {
            levels[key] = trackedLevels.TryGetValue(key, out var tracked) ? Refresh(tracked, levels[key]) : db.Attach(levels[key]).Entity;
        }

        foreach (var (key, tracked) in trackedLevels)
        {
            levels.TryAdd(key, tracked);
        }

        var trackedValuations = db.Set<ProductValuation>().Local.Where(v => productIds.Contains(v.ProductId)).ToDictionary(v => v.ProductId);
        foreach (var key in valuations.Keys.ToList())
        {
            valuations[key] = trackedValuations.TryGetValue(key, out var tracked) ? Refresh(tracked, valuations[key]) : db.Attach(valuations[key]).Entity;
        }

        foreach (var (key, tracked) in trackedValuations)
        {
            valuations.TryAdd(key, tracked);
        }

        return new LockedState(warehouses, levels, valuations, allowNegative);

        // A tracked entity without pending changes may have been read before the lock: take the values read under it.
        T Refresh<T>(T tracked, T read)
            where T : class
        {
            var entry = db.Entry(tracked);
            if (entry.State == EntityState.Unchanged)
            {
                entry.CurrentValues.SetValues(read);
                entry.OriginalValues.SetValues(read);
            }

            return tracked;
        }

        NpgsqlBatchCommand Command(string sql)
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = productIds });
            command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = warehouseIds });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = LockClass });
            return command;
        }
    }

    // Sorted in a subquery, so the locks are taken in ascending order whatever the caller passed.
    private const string LockSql =
        "SELECT pg_advisory_xact_lock($3, k) FROM (SELECT DISTINCT (id % 2147483647)::int AS k FROM unnest($1) AS id ORDER BY 1) AS s";

    private async Task LockProductsAsync(long[] productIds, CancellationToken cancellationToken)
    {
        var transaction = (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
        await using var command = new NpgsqlCommand(LockSql, transaction.Connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = productIds });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = Array.Empty<long>() });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = LockClass });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
