using FluentValidation;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Purchasing.Documents;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Modules.Purchasing.Public;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Notes;
using MokoCrm.Web.Platform.Numbering;
using MokoCrm.Web.Platform.Outbox;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Purchasing.Features;

public sealed class ReceptionLineForm
{
    public long OrderLineId { get; set; }

    public decimal? Quantity { get; set; }

    public long? WarehouseId { get; set; }

    /// <summary>Empty: the order line's unit price net of its discount (the stock input price).</summary>
    public decimal? UnitCost { get; set; }
}

/// <summary>"Receive" on an ordered purchase order: the date and, per order line, the quantity and the warehouse.</summary>
public sealed class ReceptionForm
{
    public long OrderId { get; set; }

    public DateOnly? Date { get; set; }

    /// <summary>Validate at once (the usual case) rather than keep a draft.</summary>
    public bool ValidateNow { get; set; }

    public List<ReceptionLineForm> Lines { get; set; } = [];
}

public sealed class ReceptionFormValidator : AbstractValidator<ReceptionForm>
{
    public ReceptionFormValidator()
    {
        RuleFor(f => f.Date).NotNull().WithMessage("Enter the date of the reception.");
        RuleForEach(f => f.Lines).ChildRules(line =>
        {
            line.RuleFor(l => l.Quantity).GreaterThanOrEqualTo(0m).WithMessage("A quantity received cannot be negative.")
                .Must(q => q is null || Amounts.HasAtMostDecimals(q.Value, Amounts.QuantityDecimals)).WithMessage("A quantity has at most 5 decimals.");
            line.RuleFor(l => l.UnitCost).GreaterThanOrEqualTo(0m).WithMessage("A unit cost cannot be negative.")
                .Must(c => c is null || Amounts.HasAtMostDecimals(c.Value, Amounts.UnitPriceDecimals)).WithMessage("A unit cost has at most 5 decimals.");
        });
    }
}

/// <summary>Receptions: from an ordered purchase order, draft changes, validation (stock in), closing, cancellation (stock back out). One transaction per action.</summary>
public sealed class ReceptionAdministration(
    AppDbContext db,
    PurchaseOrderAdministration orders,
    PurchasingChecks checks,
    CurrentCrmVisibility visibility,
    IWarehouseLookup warehouses,
    INumberingService numbering,
    INoteService notes,
    ILinkService links,
    IOutbox outbox,
    IAuditActions audit,
    ICurrentUser currentUser,
    TimeProvider clock)
{
    /// <summary>A draft reception from the order (validated at once when the form asks), linked to it, with its public note.</summary>
    public async Task<long> CreateAsync(ReceptionForm form, CancellationToken cancellationToken = default)
    {
        // A caller's transaction (the API claims its Idempotency-Key row in it) takes this work with its own.
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var order = await orders.GetAsync(form.OrderId, cancellationToken);
        var date = form.Date ?? Today();
        await checks.EnsureDateOpenAsync(date, cancellationToken);
        var checkedWarehouses = new HashSet<long>();
        var requests = await RequestsAsync(form, checkedWarehouses, cancellationToken);
        var reception = Reception.Create(order, date, requests, currentUser.UserId, clock.GetUtcNow());
        db.Add(reception);
        var from = new RecordRef(PurchasingRecordTypes.Order, order.Id);
        var to = new RecordRef(PurchasingRecordTypes.Reception, reception.Id);
        await notes.CopyPublicAsync(from, to, cancellationToken);
        await links.LinkAsync(from, to, LinkKinds.Converted, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (form.ValidateNow)
        {
            await ValidateAsync(reception, order, checkedWarehouses, cancellationToken);
        }

        if (tx is not null)
        {
            await tx.CommitAsync(cancellationToken);
        }

        return reception.Id;
    }

    /// <summary>
    /// A draft's date, quantities, warehouses and unit costs changed under the rules of creation (not past what is left
    /// to receive, open warehouses, no service into stock); validated at once when the form asks. One transaction.
    /// </summary>
    public async Task ChangeAsync(long id, ReceptionForm form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var reception = await GetAsync(id, cancellationToken);
        var order = await orders.GetAsync(reception.PurchaseOrderId, cancellationToken);
        var date = form.Date ?? reception.Date;
        await checks.EnsureDateOpenAsync(date, cancellationToken);
        var checkedWarehouses = new HashSet<long>();
        reception.Change(order, date, await RequestsAsync(form, checkedWarehouses, cancellationToken));
        audit.Name(reception, "changed");
        await db.SaveChangesAsync(cancellationToken);
        if (form.ValidateNow)
        {
            await ValidateAsync(reception, order, checkedWarehouses, cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    public async Task<string> ValidateAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var reception = await GetAsync(id, cancellationToken);
        var order = await orders.GetAsync(reception.PurchaseOrderId, cancellationToken);
        await ValidateAsync(reception, order, null, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return reception.Number!;
    }

    public async Task CloseAsync(long id, CancellationToken cancellationToken = default)
    {
        var reception = await GetAsync(id, cancellationToken);
        var order = await db.Set<PurchaseOrder>().AsNoTracking().Where(o => o.Id == reception.PurchaseOrderId).Select(o => o.Number).SingleAsync(cancellationToken);
        reception.Close(order ?? "", clock.GetUtcNow());
        audit.Name(reception, "closed");
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Cancels a validated reception: the order gets its quantities back, Stock takes the goods out, in one transaction.</summary>
    public async Task CancelAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var reception = await GetAsync(id, cancellationToken);
        var order = await orders.GetAsync(reception.PurchaseOrderId, cancellationToken);
        reception.Cancel(order, clock.GetUtcNow());
        audit.Name(reception, "cancelled");
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<long> DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        var reception = await GetAsync(id, cancellationToken);
        if (reception.Status != ReceptionStatus.Draft)
        {
            throw new DomainException($"{reception.Reference} is numbered: cancel it instead, it cannot be deleted.");
        }

        var record = new RecordRef(PurchasingRecordTypes.Reception, id);
        await links.UnlinkAllAsync(record, cancellationToken);
        await notes.RemoveAsync(record, cancellationToken);
        db.Remove(reception);
        await db.SaveChangesAsync(cancellationToken);
        return reception.PurchaseOrderId;
    }

    public async Task<Reception> GetAsync(long id, CancellationToken cancellationToken)
    {
        var visible = await visibility.ThirdPartyIdsAsync();
        return await db.Set<Reception>().Include(r => r.Lines).Where(r => r.Id == id).WhereThirdPartyVisible(visible, r => r.SupplierId)
            .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("The reception");
    }

    /// <param name="checkedWarehouses">Warehouses the same action has just checked (created or changed, then validated at once).</param>
    private async Task ValidateAsync(Reception reception, PurchaseOrder order, HashSet<long>? checkedWarehouses, CancellationToken cancellationToken)
    {
        if (reception.Status != ReceptionStatus.Draft)
        {
            throw new DomainException($"{reception.Reference} is already validated.");
        }

        await checks.EnsureDateOpenAsync(reception.Date, cancellationToken);
        await EnsureWarehousesAsync(reception.Lines.Select(l => l.WarehouseId), checkedWarehouses ?? [], cancellationToken);
        reception.Validate(await numbering.NextAsync(NumberedDocumentTypes.Reception, reception.Date, cancellationToken), order, currentUser.UserId, clock.GetUtcNow());
        audit.Name(reception, "validated");
        outbox.Enqueue(new GeneratePurchasingPdf(PurchasingRecordTypes.Reception, reception.Id));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The form's lines as the reception takes them, their warehouses checked (those of lines received now).</summary>
    private async Task<List<ReceptionLineRequest>> RequestsAsync(ReceptionForm form, HashSet<long> checkedWarehouses, CancellationToken cancellationToken)
    {
        var requests = form.Lines.Select(l => new ReceptionLineRequest(l.OrderLineId, l.Quantity ?? 0m, l.WarehouseId, l.UnitCost)).ToList();
        await EnsureWarehousesAsync(requests.Where(r => r.Quantity != 0m).Select(r => r.WarehouseId), checkedWarehouses, cancellationToken);
        return requests;
    }

    /// <summary>Every warehouse named exists and takes goods (not closed, not internal only).</summary>
    /// <param name="checkedWarehouses">Those already checked in this action and transaction (skipped), and where the checked ones are added.</param>
    private async Task EnsureWarehousesAsync(IEnumerable<long?> ids, HashSet<long> checkedWarehouses, CancellationToken cancellationToken)
    {
        var wanted = ids.Where(w => w is not null).Select(w => w!.Value).Distinct().Where(w => !checkedWarehouses.Contains(w)).ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        var found = await warehouses.FindManyAsync(wanted, cancellationToken);
        if (wanted.FirstOrDefault(w => found.All(f => f.Id != w)) is var missing and > 0)
        {
            throw new DomainException($"The warehouse #{missing} does not exist.");
        }

        if (found.FirstOrDefault(w => !w.TakesGoods) is { } shut)
        {
            throw new DomainException($"The warehouse {shut.Reference} is {shut.Status.ToLowerInvariant()}: nothing can be received into it.");
        }

        checkedWarehouses.UnionWith(wanted);
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
