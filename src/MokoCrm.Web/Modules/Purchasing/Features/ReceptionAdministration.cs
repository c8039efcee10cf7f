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
        });
    }
}

/// <summary>Receptions: from an ordered purchase order, validation (stock in), closing, cancellation (stock back out). One transaction per action.</summary>
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
        // In the caller's transaction when there is one (an API Idempotency-Key claims its row in it).
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var order = await orders.GetAsync(form.OrderId, cancellationToken);
        var date = form.Date ?? Today();
        await checks.EnsureDateOpenAsync(date, cancellationToken);
        var requests = form.Lines.Select(l => new ReceptionLineRequest(l.OrderLineId, l.Quantity ?? 0m, l.WarehouseId)).ToList();
        await EnsureWarehousesAsync(requests.Where(r => r.Quantity != 0m).Select(r => r.WarehouseId), cancellationToken);
        var reception = Reception.Create(order, date, requests, currentUser.UserId, clock.GetUtcNow());
        db.Add(reception);
        var from = new RecordRef(PurchasingRecordTypes.Order, order.Id);
        var to = new RecordRef(PurchasingRecordTypes.Reception, reception.Id);
        await notes.CopyPublicAsync(from, to, cancellationToken);
        await links.LinkAsync(from, to, LinkKinds.Converted, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (form.ValidateNow)
        {
            await ValidateAsync(reception, order, cancellationToken);
        }

        if (tx is not null)
        {
            await tx.CommitAsync(cancellationToken);
        }
        return reception.Id;
    }

    public async Task<string> ValidateAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var reception = await GetAsync(id, cancellationToken);
        var order = await orders.GetAsync(reception.PurchaseOrderId, cancellationToken);
        await ValidateAsync(reception, order, cancellationToken);
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

    private async Task ValidateAsync(Reception reception, PurchaseOrder order, CancellationToken cancellationToken)
    {
        if (reception.Status != ReceptionStatus.Draft)
        {
            throw new DomainException($"{reception.Reference} is already validated.");
        }

        await checks.EnsureDateOpenAsync(reception.Date, cancellationToken);
        await EnsureWarehousesAsync(reception.Lines.Select(l => l.WarehouseId), cancellationToken);
        reception.Validate(await numbering.NextAsync(NumberedDocumentTypes.Reception, reception.Date, cancellationToken), order, currentUser.UserId, clock.GetUtcNow());
        audit.Name(reception, "validated");
        outbox.Enqueue(new GeneratePurchasingPdf(PurchasingRecordTypes.Reception, reception.Id));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Every warehouse named exists and takes goods (not closed, not internal only).</summary>
    private async Task EnsureWarehousesAsync(IEnumerable<long?> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Where(w => w is not null).Select(w => w!.Value).Distinct().ToList();
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
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
