using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using Npgsql;
using NpgsqlTypes;

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

    /// <summary>
    /// Set instead of <see cref="UnitPrice"/>: the price comes from the movements written before this one in the same
    /// call (a production's input, at the cost of the components it consumed).
    /// </summary>
    public Func<IReadOnlyList<StockMovement>, decimal>? PricedFrom { get; init; }
}

/// <summary>
/// The one way stock changes: manual screens, inventories, manufacturing and Stock/EventHandlers reacting to Sales
/// and Purchasing events all come through here. Each call checks every move, takes the products' locks, writes the
/// movements and brings the per-warehouse levels and the product valuations in step, all in the caller's
/// transaction, so level == sum(movements) holds at every commit.
/// </summary>
/// <remarks>
/// Concurrency: the average cost spans all warehouses of a product, so the lock is per product, not per level row:
/// a transaction-scoped advisory lock on (<see cref="LockClass"/>, product id), taken in ascending id order so two
/// multi-product moves never deadlock. Everything the checks read (levels, valuation) is read after the lock, so two
/// parallel outputs of the last unit are serialized: the second sees 0 and is refused.
/// <para>
/// Cost: one round trip per call (docs/adr/0007). The locks and then ONE statement (<see cref="MoveSqlTemplate"/>, or
/// <see cref="MoveOneSqlTemplate"/> for a call of a single move) go in one batch; the statement reads what the checks need as it stands under the locks, and either writes nothing and
/// answers why (the first refused move) or inserts the movements, upserts the levels and carries each product's
/// weighted average cost forward move by move. Nothing goes through EF's change tracker: the rows are written when
/// the call returns, in the current transaction, so they commit or roll back with the business action.
/// </para>
/// </remarks>
public sealed class StockLedger(AppDbContext db, ICurrentUser user, TimeProvider clock)
{
    /// <summary>First key of the two-key advisory locks of stock ("ST"); the second is the product id.</summary>
    public const int LockClass = 0x5354;

    /// <summary>
    /// Opens a transaction, records the moves and commits: what the manual screens call. In a caller's transaction
    /// (the API's Idempotency-Key claims its row in it) it records and saves the caller's tracked changes, and the
    /// caller commits.
    /// </summary>
    public async Task<IReadOnlyList<StockMovement>> MoveAsync(IReadOnlyList<StockMove> moves, CancellationToken cancellationToken = default)
    {
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var movements = await RecordAsync(moves, cancellationToken);
        if (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(cancellationToken);
        }

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
    /// around event handlers): written when this returns, committed with the business action. A refused move throws
    /// a <see cref="DomainException"/> naming what is wrong, and nothing of the call is written.
    /// </summary>
    public async Task<IReadOnlyList<StockMovement>> RecordAsync(IReadOnlyList<StockMove> moves, CancellationToken cancellationToken = default)
    {
        var transaction = CurrentTransaction("Stock moves are recorded inside the transaction of the business action (use MoveAsync, or call from a domain event handler).");
        if (moves.Count == 0)
        {
            return [];
        }

        foreach (var move in moves)
        {
            CheckShape(move);
        }

        // A price taken from the moves before it needs their prices first: read under the locks, then write.
        if (moves.Any(m => m.PricedFrom is not null))
        {
            var locked = await LockAsync(moves.Select(m => m.ProductId).ToList(), moves.Select(m => m.WarehouseId).ToList(), cancellationToken);
            return await locked.RecordAsync(moves, cancellationToken);
        }

        return await WriteAsync(transaction, moves, takeLocks: true, cancellationToken);
    }

    /// <summary>
    /// Checks the products (they exist and are stock-managed), takes their locks and reads, as they stand under the
    /// locks, their levels in the given warehouses, their valuations and the negative-stock setting: one round trip.
    /// A caller that must look at the stock before deciding what to move (a production listing every missing
    /// component) reads it from the answer, then records through <see cref="LockedStock.RecordAsync"/>.
    /// </summary>
    public async Task<LockedStock> LockAsync(IReadOnlyCollection<long> productIds, IReadOnlyCollection<long> warehouseIds, CancellationToken cancellationToken = default)
    {
        var transaction = CurrentTransaction("Stock is locked inside the transaction that moves it.");
        var ids = productIds.Distinct().Order().ToArray();
        var warehouseKeys = warehouseIds.Distinct().Order().ToArray();

        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        batch.BatchCommands.Add(LockCommand(ids));
        batch.BatchCommands.Add(Command($"SELECT c.id, c.reference, c.label, c.type, c.stock_managed FROM ({CatalogueSql(db)}) AS c(id, reference, label, type, stock_managed) WHERE c.id = ANY($1)", ids));
        batch.BatchCommands.Add(Command("SELECT id, reference FROM stock.warehouses WHERE id = ANY($1)", warehouseKeys));
        batch.BatchCommands.Add(Command("SELECT product_id, warehouse_id, quantity FROM stock.stock_levels WHERE product_id = ANY($1) AND warehouse_id = ANY($2)", ids, warehouseKeys));
        batch.BatchCommands.Add(Command("SELECT product_id, total_quantity, average_cost FROM stock.product_valuations WHERE product_id = ANY($1)", ids));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT allow_negative_stock FROM stock.stock_settings ORDER BY id LIMIT 1"));

        var catalogue = new Dictionary<long, ProductHeader>();
        var warehouses = new Dictionary<long, string>();
        var levels = new Dictionary<(long, long), decimal>();
        var costs = new Dictionary<long, (decimal Total, decimal Cost)>();
        bool allowNegative;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                catalogue[reader.GetInt64(0)] = new ProductHeader
                {
                    Id = reader.GetInt64(0), Reference = reader.GetString(1), Label = reader.GetString(2), Type = Enum.Parse<ProductType>(reader.GetString(3)), StockManaged = reader.GetBoolean(4),
                };
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                warehouses[reader.GetInt64(0)] = reader.GetString(1);
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                levels[(reader.GetInt64(0), reader.GetInt64(1))] = reader.GetDecimal(2);
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                costs[reader.GetInt64(0)] = (reader.GetDecimal(1), reader.GetDecimal(2));
            }

            await reader.NextResultAsync(cancellationToken);
            allowNegative = await reader.ReadAsync(cancellationToken) && reader.GetBoolean(0);
        }

        foreach (var id in productIds)
        {
            if (!catalogue.TryGetValue(id, out var product))
            {
                throw new DomainException(NoProduct(id));
            }

            if (!product.StockManaged)
            {
                throw new DomainException(NotStockManaged(product.Reference, product.Type));
            }
        }

        return new LockedStock(this, transaction, catalogue, warehouses, levels, costs, allowNegative);
    }

    /// <summary>What <see cref="LockAsync"/> read under the locks, and the way to record moves of those products.</summary>
    public sealed class LockedStock
    {
        private readonly StockLedger _ledger;
        private readonly NpgsqlTransaction _transaction;
        private readonly Dictionary<long, ProductHeader> _catalogue;
        private readonly Dictionary<long, string> _warehouses;
        private readonly Dictionary<(long ProductId, long WarehouseId), decimal> _levels;
        private readonly Dictionary<long, (decimal Total, decimal Cost)> _costs;

        internal LockedStock(
            StockLedger ledger, NpgsqlTransaction transaction, Dictionary<long, ProductHeader> catalogue, Dictionary<long, string> warehouses,
            Dictionary<(long, long), decimal> levels, Dictionary<long, (decimal Total, decimal Cost)> costs, bool allowNegativeStock)
        {
            _ledger = ledger;
            _transaction = transaction;
            _catalogue = catalogue;
            _warehouses = warehouses;
            _levels = levels;
            _costs = costs;
            AllowNegativeStock = allowNegativeStock;
        }

        public bool AllowNegativeStock { get; }

        /// <summary>The stock of a locked product in a warehouse read under the lock (0 when it never had any).</summary>
        public decimal Available(long productId, long warehouseId) => _levels.GetValueOrDefault((productId, warehouseId));

        public ProductHeader Product(long productId) => _catalogue[productId];

        /// <summary>The reference of a warehouse that was read, or "#id" when it does not exist.</summary>
        public string WarehouseReference(long warehouseId) => _warehouses.TryGetValue(warehouseId, out var reference) ? reference : "#" + warehouseId;

        /// <summary>
        /// Records the moves, in order, in one statement (the locks are held already); each must be of a product this
        /// lock covers. A refused move throws a <see cref="DomainException"/> and nothing of the call is written.
        /// </summary>
        public async Task<IReadOnlyList<StockMovement>> RecordAsync(IReadOnlyList<StockMove> moves, CancellationToken cancellationToken = default)
        {
            foreach (var move in moves)
            {
                CheckShape(move);
                if (!_catalogue.ContainsKey(move.ProductId))
                {
                    throw new InvalidOperationException($"The product #{move.ProductId} was not locked before its move.");
                }
            }

            var written = await _ledger.WriteAsync(_transaction, PriceFromEarlierMoves(moves), takeLocks: false, cancellationToken);
            foreach (var movement in written)
            {
                var (total, cost) = _costs.GetValueOrDefault(movement.ProductId);
                _costs[movement.ProductId] = (total + movement.Quantity, WeightedAverageCost.After(total, cost, movement.Kind, movement.Quantity, movement.UnitPrice));
                _levels[(movement.ProductId, movement.WarehouseId)] = Available(movement.ProductId, movement.WarehouseId) + movement.Quantity;
            }

            return written;
        }

        /// <summary>
        /// Gives each <see cref="StockMove.PricedFrom"/> move its price: the moves before it are priced as the statement
        /// will price them (their own price, else the average cost as the earlier moves leave it), from what was read
        /// under the locks. The other moves go as they are: the statement prices them.
        /// </summary>
        private List<StockMove> PriceFromEarlierMoves(IReadOnlyList<StockMove> moves)
        {
            if (moves.All(m => m.PricedFrom is null))
            {
                return [.. moves];
            }

            var costs = new Dictionary<long, (decimal Total, decimal Cost)>(_costs);
            var earlier = new List<StockMovement>(moves.Count);
            var priced = new List<StockMove>(moves.Count);
            foreach (var move in moves)
            {
                var (total, cost) = costs.GetValueOrDefault(move.ProductId);
                var price = move.UnitPrice ?? move.PricedFrom?.Invoke(earlier) ?? cost;
                costs[move.ProductId] = (total + move.Quantity, WeightedAverageCost.After(total, cost, move.Kind, move.Quantity, price));
                earlier.Add(new StockMovement(0, move.Date ?? default, move.ProductId, move.WarehouseId, move.Quantity, price, move.Kind, move.Label, null, null, null, null, null, default));
                priced.Add(move.PricedFrom is null ? move : move with { UnitPrice = price, PricedFrom = null });
            }

            return priced;
        }
    }

    /// <summary>
    /// Takes the products' locks, then reads their stock in one warehouse (one round trip): values that stay true
    /// until commit (an inventory compares its counts with them before recording the differences).
    /// </summary>
    public async Task<IReadOnlyDictionary<long, decimal>> LockedLevelsAsync(IReadOnlyCollection<long> productIds, long warehouseId, CancellationToken cancellationToken = default)
    {
        var transaction = CurrentTransaction("Locked levels are read inside the transaction that uses them.");
        var ids = productIds.Distinct().Order().ToArray();
        var levels = new Dictionary<long, decimal>();
        if (ids.Length == 0)
        {
            return levels;
        }

        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        batch.BatchCommands.Add(LockCommand(ids));
        var read = Command("SELECT product_id, quantity FROM stock.stock_levels WHERE product_id = ANY($1) AND warehouse_id = $2", ids);
        read.Parameters.Add(new NpgsqlParameter<long> { TypedValue = warehouseId });
        batch.BatchCommands.Add(read);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            levels[reader.GetInt64(0)] = reader.GetDecimal(1);
        }

        return levels;
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

    private static string NoProduct(long id) => $"The product #{id} does not exist.";

    private static string NotStockManaged(string reference, ProductType type) => type == ProductType.Service
        ? $"{reference} is a service: services have no stock."
        : $"{reference} is not stock-managed: tick \"Stock managed\" on the product before moving its stock.";

    private NpgsqlTransaction CurrentTransaction(string whenMissing) =>
        db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction ?? throw new InvalidOperationException(whenMissing);

    /// <summary>
    /// The batch of one call: the locks (unless held already), then the move statement. Answers the movements written,
    /// in the order of the moves, or throws the refusal of the first move that breaks a rule (nothing written then).
    /// A single move (most documents and every manual correction) goes through <see cref="MoveOneSqlTemplate"/>, the same
    /// rules for one row with plain parameters; several go through <see cref="MoveSqlTemplate"/>; both on their generic plan (<see cref="GenericPlans"/>).
    /// </summary>
    private async Task<IReadOnlyList<StockMovement>> WriteAsync(NpgsqlTransaction transaction, IReadOnlyList<StockMove> moves, bool takeLocks, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var userId = user.UserId;
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        if (moves.Count == 1)
        {
            if (takeLocks)
            {
                batch.BatchCommands.Add(LockOneCommand(moves[0].ProductId));
            }

            // Its plan is the same whatever the move (key lookups and writes), and the sessions' custom plans re-planned
            // it on every call: about 0.5 ms of PostgreSQL CPU planning for 0.2-0.3 ms running (ADR 0007).
            batch.BatchCommands.Add(GenericPlans.Begin());
            batch.BatchCommands.Add(MoveOneCommand(MoveSql(db).OneSql, moves[0], today, userId, now));
            var answer = batch.BatchCommands.Count - 1;
            batch.BatchCommands.Add(GenericPlans.End());
            return await ExecuteAsync(batch, answer, moves, today, userId, now, cancellationToken);
        }

        var (sql, _, idBlock) = MoveSql(db);
        if (takeLocks)
        {
            batch.BatchCommands.Add(LockCommand(moves.Select(m => m.ProductId).Distinct().Order().ToArray()));
        }

        // The statement's plan is the same whatever the moves, and planning it costs more than running it (about 1-2 ms
        // against 0.5 for a one-line call): PostgreSQL keeps re-planning it for small calls (their custom plans look
        // cheaper than the generic one), so the batch asks for the generic plan around this statement only.
        batch.BatchCommands.Add(GenericPlans.Begin());
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = moves.Select(m => m.ProductId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = moves.Select(m => m.WarehouseId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<decimal[]> { TypedValue = moves.Select(m => m.Quantity).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<decimal?[]> { TypedValue = moves.Select(m => m.UnitPrice).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = moves.Select(m => m.Kind.ToString()).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = moves.Select(m => m.Label.Trim()).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<DateOnly[]> { TypedValue = moves.Select(m => m.Date ?? today).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = moves.Select(m => m.OriginType).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long?[]> { TypedValue = moves.Select(m => m.OriginId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long?[]> { TypedValue = moves.Select(m => m.ProjectId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = moves.Select(m => m.TransferCode).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)userId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = idBlock });
        batch.BatchCommands.Add(command);
        var answerAt = batch.BatchCommands.Count - 1;
        batch.BatchCommands.Add(GenericPlans.End());
        return await ExecuteAsync(batch, answerAt, moves, today, userId, now, cancellationToken);
    }

    /// <summary>
    /// Runs a move batch and reads the answer of its move statement (the command at <paramref name="answerAt"/>; the
    /// results before it, the locks and the plan setting, are skipped): the movements written, or the refusal of the
    /// first move that breaks a rule.
    /// </summary>
    private static async Task<IReadOnlyList<StockMovement>> ExecuteAsync(
        NpgsqlBatch batch, int answerAt, IReadOnlyList<StockMove> moves, DateOnly today, long? userId, DateTime now, CancellationToken cancellationToken)
    {
        // Prepared once per pooled connection (Npgsql keeps it across opens): the statement is parsed and planned once,
        // not on every move; later calls skip the preparation without a round trip.
        await batch.PrepareAsync(cancellationToken);
        var written = new List<StockMovement>(moves.Count);
        string? refusal = null;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            for (var i = 0; i < answerAt; i++)
            {
                await reader.NextResultAsync(cancellationToken);
            }

            while (await reader.ReadAsync(cancellationToken))
            {
                var move = moves[(int)reader.GetInt64(1) - 1];
                if (!reader.IsDBNull(0))
                {
                    refusal = Refusal(reader.GetString(0), move, reader);
                    break;
                }

                written.Add(new StockMovement(reader.GetInt64(2), move.Date ?? today, move.ProductId, move.WarehouseId, move.Quantity, reader.GetDecimal(3), move.Kind,
                    move.Label.Trim(), move.OriginType, move.OriginId, move.ProjectId, userId, move.TransferCode, now));
            }
        }

        return refusal is null ? written : throw new DomainException(refusal);
    }

    /// <summary>The message of the statement's refusal row: reason, ord, then product reference, label, type, warehouse reference, available.</summary>
    private static string Refusal(string reason, StockMove move, NpgsqlDataReader row) => reason switch
    {
        "no-product" => NoProduct(move.ProductId),
        "not-stock-managed" => NotStockManaged(row.GetString(4), Enum.Parse<ProductType>(row.GetString(6))),
        "no-warehouse" => $"The warehouse #{move.WarehouseId} does not exist.",
        "closed" => $"The warehouse {row.GetString(7)} is closed: no stock moves in or out of it.",
        "internal-only" => $"The warehouse {row.GetString(7)} is internal only: it takes transfers, corrections and inventories, not receptions or shipments.",
        "not-enough" => $"Not enough stock of {row.GetString(4)} - {row.GetString(5)} in {row.GetString(7)}: " +
                        $"{Format(row.GetDecimal(8))} available, {Format(-move.Quantity)} asked. Negative stock is not allowed (see the stock settings).",
        _ => throw new InvalidOperationException($"Unknown stock refusal '{reason}'."),
    };

    private static NpgsqlBatchCommand LockCommand(long[] sortedProductIds)
    {
        // Sorted again in SQL, so the locks are taken in ascending order whatever the caller passed.
        var command = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock($2, k) FROM (SELECT DISTINCT (id % 2147483647)::int AS k FROM unnest($1) AS id ORDER BY 1) AS s");
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = sortedProductIds });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = LockClass });
        return command;
    }

    /// <summary>The lock of one product: the same key as <see cref="LockCommand"/> gives it.</summary>
    private static NpgsqlBatchCommand LockOneCommand(long productId)
    {
        var command = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock($2, ($1 % 2147483647)::int)");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = productId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = LockClass });
        return command;
    }

    /// <summary>The parameters of <see cref="MoveOneSqlTemplate"/>, in its order.</summary>
    private static NpgsqlBatchCommand MoveOneCommand(string sql, StockMove move, DateOnly today, long? userId, DateTime now)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = move.ProductId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = move.WarehouseId });
        command.Parameters.Add(new NpgsqlParameter<decimal> { TypedValue = move.Quantity });
        command.Parameters.Add(Nullable(move.UnitPrice, NpgsqlDbType.Numeric));
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = move.Kind.ToString(), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = move.Label.Trim(), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = move.Date ?? today, NpgsqlDbType = NpgsqlDbType.Date });
        command.Parameters.Add(Nullable(move.OriginType, NpgsqlDbType.Text));
        command.Parameters.Add(Nullable(move.OriginId, NpgsqlDbType.Bigint));
        command.Parameters.Add(Nullable(move.ProjectId, NpgsqlDbType.Bigint));
        command.Parameters.Add(Nullable(move.TransferCode, NpgsqlDbType.Text));
        command.Parameters.Add(Nullable(userId, NpgsqlDbType.Bigint));
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return command;

        static NpgsqlParameter Nullable(object? value, NpgsqlDbType type) => new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };
    }

    private static NpgsqlBatchCommand Command(string sql, params long[][] arrays)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var array in arrays)
        {
            command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = array });
        }

        return command;
    }

    private static string? _catalogueSql;
    private static (string Sql, string OneSql, int IdBlock)? _moveSql;

    /// <summary>
    /// The catalogue as Products/Public offers it (ARCHITECTURE.md §3: composed into our SQL, never read by table),
    /// as SQL text: its columns are renamed by position (id, reference, label, type, stock_managed) where it is used.
    /// </summary>
    private static string CatalogueSql(AppDbContext db) =>
        _catalogueSql ??= CatalogueQueries.Headers(db).Select(p => new { p.Id, p.Reference, p.Label, p.Type, p.StockManaged }).ToQueryString();

    /// <summary>
    /// The move statement with the catalogue and the HiLo sequences of the model filled in, and the size of a HiLo
    /// block of movement ids: the statement takes one sequence value per block of moves and numbers the moves inside
    /// it, as EF's HiLo does, so ids stay dense and never collide with ids EF hands out.
    /// </summary>
    private static (string Sql, string OneSql, int IdBlock) MoveSql(AppDbContext db)
    {
        return _moveSql ??= Build();

        (string, string, int) Build()
        {
            var movementIds = Sequence(typeof(StockMovement));
            var valuationIds = Sequence(typeof(ProductValuation));
            return (Fill(MoveSqlTemplate), Fill(MoveOneSqlTemplate), movementIds.IncrementBy);

            string Fill(string template) => template
                .Replace("{catalogue}", CatalogueSql(db), StringComparison.Ordinal)
                .Replace("{movement_ids}", $"{movementIds.Schema}.{movementIds.Name}", StringComparison.Ordinal)
                .Replace("{valuation_ids}", $"{valuationIds.Schema}.{valuationIds.Name}", StringComparison.Ordinal);
        }

        IReadOnlySequence Sequence(Type entity) =>
            db.Model.FindEntityType(entity)!.FindProperty(nameof(Entity.Id))!.FindHiLoSequence()
            ?? throw new InvalidOperationException($"{entity.Name} ids are expected from a HiLo sequence.");
    }

    /// <summary>
    /// A call of one move as one statement: the rules of <see cref="MoveSqlTemplate"/> for a single row, with plain
    /// parameters instead of arrays and none of what several moves need (the window sum over the moves before, the
    /// recursive walk of the average cost, id blocks, the refusal ranking): about a third of its server time, and a
    /// plan that is the same whatever the move: it runs on its generic plan (<see cref="GenericPlans"/>; the sessions' custom plans re-planned it on every call). Parameters: $1 product, $2 warehouse,
    /// $3 quantity, $4 unit price (null: at the average cost), $5 kind, $6 label, $7 date, $8 origin type, $9 origin
    /// id, $10 project, $11 transfer code, $12 user, $13 created at. Runs after the product's lock, like the other.
    /// Answers one row shaped as the other's rows (reason, move 1, id, unit price, product reference, label and type,
    /// warehouse reference, available): a refusal (reason set, nothing written) or the movement written.
    /// The checks come in the other's order (product, warehouse, stock); the cost is <see cref="WeightedAverageCost.After"/>.
    /// The movement takes the first id of a HiLo block (one nextval, as the other takes one per block).
    /// </summary>
    private const string MoveOneSqlTemplate = """
        WITH
        state AS (
            SELECT p.id AS product_id, p.reference, p.label, p.type, p.stock_managed, w.reference AS warehouse, w.status,
                   coalesce(l.quantity, 0) AS available, coalesce(v.total_quantity, 0) AS total, coalesce(v.average_cost, 0) AS average,
                   v.id AS valuation_id
            FROM (VALUES (1)) AS one(x)
            LEFT JOIN ({catalogue}) AS p(id, reference, label, type, stock_managed) ON p.id = $1::bigint
            LEFT JOIN stock.warehouses w ON w.id = $2::bigint
            LEFT JOIN stock.stock_levels l ON l.product_id = $1::bigint AND l.warehouse_id = $2::bigint
            LEFT JOIN stock.product_valuations v ON v.product_id = $1::bigint
        ),
        checked AS (
            SELECT s.*,
                   CASE WHEN s.product_id IS NULL THEN 'no-product'
                        WHEN NOT s.stock_managed THEN 'not-stock-managed'
                        WHEN s.warehouse IS NULL THEN 'no-warehouse'
                        WHEN s.status = 'Closed' THEN 'closed'
                        WHEN s.status = 'InternalOnly' AND $5::text IN ('In', 'Out') THEN 'internal-only'
                        WHEN $3::numeric < 0 AND s.available + $3::numeric < 0
                             AND NOT coalesce((SELECT allow_negative_stock FROM stock.stock_settings ORDER BY id LIMIT 1), false) THEN 'not-enough'
                   END AS reason,
                   coalesce($4::numeric, s.average) AS price
            FROM state s
        ),
        -- The movement's id and the product's total and average cost after it (a price is its own or the average cost).
        accepted AS (
            SELECT c.valuation_id, c.price, nextval('{movement_ids}') AS id, c.total + $3::numeric AS total,
                   CASE WHEN $3::numeric <= 0 OR c.price <= 0 OR $5::text IN ('TransferIn', 'TransferOut') THEN c.average
                        WHEN c.average = 0 THEN c.price
                        ELSE round((greatest(c.total, 0) * c.average + $3::numeric * c.price) / (greatest(c.total, 0) + $3::numeric), 5)
                   END AS average
            FROM checked c
            WHERE c.reason IS NULL
        ),
        movement AS (
            INSERT INTO stock.stock_movements (id, date, product_id, warehouse_id, quantity, unit_price, kind, label, origin_type, origin_id, project_id, user_id, transfer_code, created_at)
            SELECT id, $7::date, $1::bigint, $2::bigint, $3::numeric, price, $5::text, $6::text, $8::text, $9::bigint, $10::bigint, $12::bigint, $11::text, $13::timestamptz
            FROM accepted
        ),
        level AS (
            INSERT INTO stock.stock_levels AS l (product_id, warehouse_id, quantity)
            SELECT $1::bigint, $2::bigint, $3::numeric FROM accepted
            ON CONFLICT (product_id, warehouse_id) DO UPDATE SET quantity = l.quantity + excluded.quantity
        ),
        valuation_updated AS (
            UPDATE stock.product_valuations v SET total_quantity = a.total, average_cost = a.average
            FROM accepted a WHERE v.id = a.valuation_id
        ),
        valuation_added AS (
            INSERT INTO stock.product_valuations (id, product_id, total_quantity, average_cost)
            SELECT nextval('{valuation_ids}'), $1::bigint, total, average FROM accepted WHERE valuation_id IS NULL
        )
        SELECT c.reason, 1::bigint AS ord, a.id, a.price, c.reference, c.label, c.type, c.warehouse, c.available
        FROM checked c LEFT JOIN accepted a ON true
        """;

    /// <summary>
    /// One move call as one statement. Parameters: per move (in order) $1 product, $2 warehouse, $3 quantity, $4 unit
    /// price (null: at the average cost), $5 kind, $6 label, $7 date, $8 origin type, $9 origin id, $10 project,
    /// $11 transfer code; then $12 user, $13 created at, $14 the HiLo block size of movement ids.
    /// Runs after the products' locks (a statement of its own, so this one's snapshot sees every commit made before
    /// the locks were granted). Answers, ordered by move: one refusal row (reason, move, product reference, label and
    /// type, warehouse reference, available) and no write, or one row per movement written (move, id, unit price).
    /// The average cost follows DOMAIN.md §5 exactly as <see cref="WeightedAverageCost.After"/>, one move after the other
    /// (the recursive part), 5 decimals half away from zero; the integration tests run Dolibarr's series through it.
    /// </summary>
    private const string MoveSqlTemplate = """
        WITH RECURSIVE
        move AS (
            SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::numeric[], $4::numeric[], $5::text[], $6::text[], $7::date[], $8::text[], $9::bigint[], $10::bigint[], $11::text[])
                WITH ORDINALITY AS m(product_id, warehouse_id, quantity, unit_price, kind, label, date, origin_type, origin_id, project_id, transfer_code, ord)
        ),
        product AS (
            SELECT c.id, c.reference, c.label, c.type, c.stock_managed
            FROM ({catalogue}) AS c(id, reference, label, type, stock_managed)
            WHERE c.id = ANY($1)
        ),
        warehouse AS (SELECT id, reference, status FROM stock.warehouses WHERE id = ANY($2)),
        -- Each move with the level before it (the level read, plus the moves before it on the same level) and its rank
        -- among the moves of its product.
        step AS (
            SELECT m.*,
                   coalesce(l.quantity, 0) + coalesce(sum(m.quantity) OVER (PARTITION BY m.product_id, m.warehouse_id ORDER BY m.ord ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS available,
                   row_number() OVER (PARTITION BY m.product_id ORDER BY m.ord) AS n
            FROM move m LEFT JOIN stock.stock_levels l ON l.product_id = m.product_id AND l.warehouse_id = m.warehouse_id
        ),
        refusal AS (
            SELECT * FROM (
                SELECT 1 AS rank, m.ord, CASE WHEN p.id IS NULL THEN 'no-product' ELSE 'not-stock-managed' END AS reason
                FROM move m LEFT JOIN product p ON p.id = m.product_id
                WHERE p.id IS NULL OR NOT p.stock_managed
                UNION ALL
                SELECT 2, m.ord, CASE WHEN w.id IS NULL THEN 'no-warehouse' WHEN w.status = 'Closed' THEN 'closed' ELSE 'internal-only' END
                FROM move m LEFT JOIN warehouse w ON w.id = m.warehouse_id
                WHERE w.id IS NULL OR w.status = 'Closed' OR (w.status = 'InternalOnly' AND m.kind IN ('In', 'Out'))
                UNION ALL
                SELECT 3, s.ord, 'not-enough'
                FROM step s
                WHERE s.quantity < 0 AND s.available + s.quantity < 0
                  AND NOT coalesce((SELECT allow_negative_stock FROM stock.stock_settings ORDER BY id LIMIT 1), false)
            ) AS r
            ORDER BY rank, ord
            LIMIT 1
        ),
        accepted AS (SELECT NOT EXISTS (SELECT 1 FROM refusal) AS yes),
        -- Each product's total and average cost, move after move; a move's price is its own or the average cost before it.
        cost (product_id, n, total, average, price) AS (
            SELECT p.product_id, 0::bigint, coalesce(v.total_quantity, 0)::numeric, coalesce(v.average_cost, 0)::numeric, NULL::numeric
            FROM (SELECT DISTINCT product_id FROM move) AS p LEFT JOIN stock.product_valuations v ON v.product_id = p.product_id
            UNION ALL
            SELECT c.product_id, s.n, c.total + s.quantity,
                   CASE WHEN s.quantity <= 0 OR coalesce(s.unit_price, c.average) <= 0 OR s.kind IN ('TransferIn', 'TransferOut') THEN c.average
                        WHEN c.average = 0 THEN s.unit_price
                        ELSE round((greatest(c.total, 0) * c.average + s.quantity * coalesce(s.unit_price, c.average)) / (greatest(c.total, 0) + s.quantity), 5)
                   END,
                   coalesce(s.unit_price, c.average)
            FROM cost c JOIN step s ON s.product_id = c.product_id AND s.n = c.n + 1
        ),
        block AS (
            SELECT b, nextval('{movement_ids}') AS first
            FROM generate_series(0, (cardinality($1) - 1) / $14) AS b
            WHERE (SELECT yes FROM accepted)
        ),
        written AS (
            SELECT s.*, k.first + (s.ord - 1) % $14 AS id, c.price
            FROM step s JOIN cost c ON c.product_id = s.product_id AND c.n = s.n JOIN block k ON k.b = (s.ord - 1) / $14
        ),
        movements AS (
            INSERT INTO stock.stock_movements (id, date, product_id, warehouse_id, quantity, unit_price, kind, label, origin_type, origin_id, project_id, user_id, transfer_code, created_at)
            SELECT id, date, product_id, warehouse_id, quantity, price, kind, label, origin_type, origin_id, project_id, $12::bigint, transfer_code, $13
            FROM written
        ),
        levels AS (
            INSERT INTO stock.stock_levels AS l (product_id, warehouse_id, quantity)
            SELECT product_id, warehouse_id, sum(quantity) FROM move WHERE (SELECT yes FROM accepted) GROUP BY product_id, warehouse_id
            ON CONFLICT (product_id, warehouse_id) DO UPDATE SET quantity = l.quantity + excluded.quantity
        ),
        valuation AS (SELECT DISTINCT ON (product_id) product_id, total, average FROM cost WHERE (SELECT yes FROM accepted) ORDER BY product_id, n DESC),
        valuations_updated AS (
            UPDATE stock.product_valuations v SET total_quantity = f.total, average_cost = f.average
            FROM valuation f WHERE v.product_id = f.product_id
        ),
        valuations_added AS (
            INSERT INTO stock.product_valuations (id, product_id, total_quantity, average_cost)
            SELECT nextval('{valuation_ids}'), f.product_id, f.total, f.average
            FROM valuation f WHERE NOT EXISTS (SELECT 1 FROM stock.product_valuations v WHERE v.product_id = f.product_id)
        )
        SELECT r.reason, r.ord, NULL::bigint AS id, NULL::numeric AS unit_price, p.reference, p.label, p.type, w.reference AS warehouse, s.available
        FROM refusal r JOIN step s ON s.ord = r.ord LEFT JOIN product p ON p.id = s.product_id LEFT JOIN warehouse w ON w.id = s.warehouse_id
        UNION ALL
        SELECT NULL, ord, id, price, NULL, NULL, NULL, NULL, NULL FROM written
        ORDER BY 2
        """;
}
