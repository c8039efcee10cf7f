using FluentValidation;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Stock.Documents;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Numbering;
using MokoCrm.Web.Platform.Outbox;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Stock.Features;

/// <summary>A new manufacturing order: the bill, how many to make, where the components come from and the product goes.</summary>
public sealed class ManufacturingOrderForm
{
    public long? BomId { get; set; }

    public string? Quantity { get; set; }

    public long? ConsumeWarehouseId { get; set; }

    public long? ProduceWarehouseId { get; set; }

    public DateOnly? Date { get; set; }

    /// <summary>Empty: the bill's label.</summary>
    public string? Label { get; set; }
}

public sealed class ManufacturingOrderFormValidator : AbstractValidator<ManufacturingOrderForm>
{
    public ManufacturingOrderFormValidator()
    {
        RuleFor(f => f.BomId).NotNull().WithMessage("Choose the bill of materials.");
        RuleFor(f => f.Quantity).AQuantity()
            .Must(t => StockNumbers.Parse(t) is not < 0).WithMessage("The quantity to produce must be greater than zero.");
        RuleFor(f => f.ConsumeWarehouseId).NotNull().WithMessage("Choose the warehouse the components are taken from.");
        RuleFor(f => f.ProduceWarehouseId).NotNull().WithMessage("Choose the warehouse the product goes to.");
        RuleFor(f => f.Label).MaximumLength(255);
    }
}

/// <summary>
/// Manufacturing orders: create from a validated bill (linked to it), validate (numbered), produce in one or more
/// parts, close or cancel. Producing writes every movement through <see cref="StockLedger"/> in one transaction:
/// the components out at their average cost (kind ManufacturingOut), then the product in at the cost of what was
/// consumed divided by the quantity produced (kind ManufacturingIn, so the product's average cost moves).
/// </summary>
public sealed class ManufacturingOrderAdministration(
    AppDbContext db, StockLedger ledger, INumberingService numbering, ILinkService links, IOutbox outbox, ICurrentUser user, TimeProvider clock)
{
    public const string LinkKind = "manufacturing";

    public async Task<long> CreateAsync(ManufacturingOrderForm form, CancellationToken cancellationToken = default)
    {
        var bom = await db.Set<Bom>().AsNoTracking().Include(b => b.Lines).SingleOrDefaultAsync(b => b.Id == form.BomId, cancellationToken)
            ?? throw new DomainException($"The bill of materials #{form.BomId} does not exist.");
        await OpenWarehouseAsync(form.ConsumeWarehouseId!.Value, cancellationToken);
        await OpenWarehouseAsync(form.ProduceWarehouseId!.Value, cancellationToken);
        var quantity = StockNumbers.Parse(form.Quantity) ?? throw new DomainException("The quantity to produce must be a number, for example 5 or 2.5.");
        var order = new ManufacturingOrder(bom, quantity, form.ConsumeWarehouseId.Value, form.ProduceWarehouseId.Value,
            form.Date ?? Today(), form.Label);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(order);
        await db.SaveChangesAsync(cancellationToken);
        await links.LinkAsync(new RecordRef(StockRecordTypes.Bom, bom.Id), new RecordRef(StockRecordTypes.ManufacturingOrder, order.Id), LinkKind, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return order.Id;
    }

    /// <summary>Changes a draft (the bill stays): quantity, warehouses, planned date, label.</summary>
    public async Task UpdateAsync(long id, ManufacturingOrderForm form, CancellationToken cancellationToken = default)
    {
        var order = await LoadAsync(id, cancellationToken);
        var bom = await db.Set<Bom>().AsNoTracking().Include(b => b.Lines).SingleAsync(b => b.Id == order.BomId, cancellationToken);
        await OpenWarehouseAsync(form.ConsumeWarehouseId!.Value, cancellationToken);
        await OpenWarehouseAsync(form.ProduceWarehouseId!.Value, cancellationToken);
        var quantity = StockNumbers.Parse(form.Quantity) ?? throw new DomainException("The quantity to produce must be a number, for example 5 or 2.5.");
        order.Change(bom, quantity, form.ConsumeWarehouseId.Value, form.ProduceWarehouseId.Value, form.Date ?? order.Date, form.Label);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The form of a draft as it stands, to edit it.</summary>
    public async Task<ManufacturingOrderForm?> FormAsync(long id, CancellationToken cancellationToken = default) =>
        await db.Set<ManufacturingOrder>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, cancellationToken) is { } o
            ? new ManufacturingOrderForm
            {
                BomId = o.BomId, Quantity = StockLedger.Format(o.Quantity), ConsumeWarehouseId = o.ConsumeWarehouseId, ProduceWarehouseId = o.ProduceWarehouseId,
                Date = o.Date, Label = o.Label,
            }
            : null;

    /// <summary>Takes the MO number (DOMAIN.md §1) in the transaction that validates, so a failure takes none.</summary>
    public async Task<string> ValidateAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var order = await LoadAsync(id, cancellationToken);
        if (order.Status != ManufacturingOrderStatus.Draft)
        {
            throw new DomainException($"The manufacturing order {order.Reference} is already validated.");
        }

        order.Validate(await numbering.NextAsync(NumberedDocumentTypes.ManufacturingOrder, order.Date, cancellationToken), user.UserId, clock.GetUtcNow().UtcDateTime);
        outbox.Enqueue(new GenerateManufacturingOrderPdf(order.Id));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return order.Number!;
    }

    /// <summary>
    /// Produces <paramref name="quantityText"/> more units: checks every component is there (listing all that are
    /// short, unless negative stock is allowed), consumes them at their average cost, brings the product in at the
    /// consumed cost per unit. All or nothing, in one transaction under the products' ledger locks.
    /// </summary>
    /// <returns>The unit cost the product came in at.</returns>
    public async Task<decimal> ProduceAsync(long id, string? quantityText, CancellationToken cancellationToken = default)
    {
        var quantity = StockNumbers.Parse(quantityText) ?? throw new DomainException("The quantity produced must be a number, for example 5 or 2.5.");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // The locks first (every component and the product, ascending), then the order as it stands under them: two
        // parallel productions of one order are serialized and the second sees what the first consumed. The ledger's
        // lock reads the products and the stock once (one round trip); the shortage check uses it, and every movement
        // is written by one more statement (about 7 round trips in all).
        var head = await db.Set<ManufacturingOrder>().AsNoTracking().Where(o => o.Id == id)
            .Select(o => new { o.ProductId, o.ConsumeWarehouseId, o.ProduceWarehouseId, Components = o.Lines.Select(l => l.ProductId).ToList() })
            .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("The manufacturing order");
        var stock = await ledger.LockAsync([.. head.Components, head.ProductId], [head.ConsumeWarehouseId, head.ProduceWarehouseId], cancellationToken);
        var order = await LoadAsync(id, cancellationToken);
        var consumption = order.Consumption(quantity).Where(c => c.Quantity > 0).ToList();

        if (!stock.AllowNegativeStock)
        {
            var short_ = consumption.Where(c => stock.Available(c.Line.ProductId, order.ConsumeWarehouseId) < c.Quantity).ToList();
            if (short_.Count > 0)
            {
                throw new DomainException(
                    $"Not enough components in {stock.WarehouseReference(order.ConsumeWarehouseId)} to produce {StockLedger.Format(quantity)} on {order.Reference}: " +
                    string.Join("; ", short_.Select(s =>
                    {
                        var available = stock.Available(s.Line.ProductId, order.ConsumeWarehouseId);
                        return $"{stock.Product(s.Line.ProductId).Reference}: {StockLedger.Format(s.Quantity)} needed, " +
                               $"{StockLedger.Format(available)} available, {StockLedger.Format(s.Quantity - available)} missing";
                    })) + ".");
            }
        }

        // One call: the components out at their average cost, then the product in at what they cost per unit made.
        var label = $"Manufacturing {order.Number}";
        var movements = await stock.RecordAsync(
        [
            .. consumption.Select(c => new StockMove(c.Line.ProductId, order.ConsumeWarehouseId, -c.Quantity, StockMovementKind.ManufacturingOut, label)
            {
                OriginType = StockRecordTypes.ManufacturingOrder, OriginId = order.Id,
            }),
            new StockMove(order.ProductId, order.ProduceWarehouseId, quantity, StockMovementKind.ManufacturingIn, label)
            {
                PricedFrom = consumed => ProductionCost.PerUnit(consumed.Select(m => (-m.Quantity, m.UnitPrice)), quantity),
                OriginType = StockRecordTypes.ManufacturingOrder, OriginId = order.Id,
            },
        ], cancellationToken);
        var unitCost = movements[^1].UnitPrice;
        order.Produced(quantity, consumption);
        if (order.Status == ManufacturingOrderStatus.Produced)
        {
            // The sheet kept on the Documents tab is written again with everything consumed.
            outbox.Enqueue(new GenerateManufacturingOrderPdf(order.Id));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return unitCost;
    }

    public async Task CloseAsync(long id, CancellationToken cancellationToken = default)
    {
        var order = await LoadAsync(id, cancellationToken);
        order.Close();
        outbox.Enqueue(new GenerateManufacturingOrderPdf(order.Id));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task CancelAsync(long id, CancellationToken cancellationToken = default)
    {
        var order = await LoadAsync(id, cancellationToken);
        order.Cancel();
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A draft has no number and moved nothing: it is deleted with its link to the bill.</summary>
    public async Task DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var order = await LoadAsync(id, cancellationToken);
        if (order.Status != ManufacturingOrderStatus.Draft)
        {
            throw new DomainException($"The manufacturing order {order.Reference} is numbered: cancel it instead of deleting it.");
        }

        await links.UnlinkAllAsync(new RecordRef(StockRecordTypes.ManufacturingOrder, id), cancellationToken);
        db.Remove(order);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    private async Task OpenWarehouseAsync(long id, CancellationToken cancellationToken)
    {
        var warehouse = await db.Set<Warehouse>().AsNoTracking().Where(w => w.Id == id).Select(w => new { w.Reference, w.Status }).SingleOrDefaultAsync(cancellationToken)
            ?? throw new DomainException($"The warehouse #{id} does not exist.");
        if (warehouse.Status == WarehouseStatus.Closed)
        {
            throw new DomainException($"The warehouse {warehouse.Reference} is closed: no stock moves in or out of it.");
        }
    }

    private async Task<ManufacturingOrder> LoadAsync(long id, CancellationToken cancellationToken) =>
        await db.Set<ManufacturingOrder>().Include(o => o.Lines).SingleOrDefaultAsync(o => o.Id == id, cancellationToken)
        ?? throw new NotFoundException("The manufacturing order");
}
