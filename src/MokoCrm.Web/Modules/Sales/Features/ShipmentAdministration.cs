using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Sales.Documents;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Notes;
using MokoCrm.Web.Platform.Numbering;
using MokoCrm.Web.Platform.Outbox;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Sales.Features;

/// <summary>Shipments of a validated order: create (what is left, per warehouse), validate, close, cancel, delete a draft. One transaction per action.</summary>
public sealed class ShipmentAdministration(
    AppDbContext db,
    SalesChecks checks,
    OrderAdministration orders,
    CurrentCrmVisibility visibility,
    IShippingStock stock,
    Products.Public.IProductLookup products,
    INumberingService numbering,
    INoteService notes,
    ILinkService links,
    IOutbox outbox,
    IAuditActions audit,
    ICurrentUser currentUser,
    TimeProvider clock)
{
    /// <summary>"Create shipment": a draft with the quantities asked, linked to its order; services and empty rows are left out.</summary>
    public async Task<long> CreateFromOrderAsync(long orderId, ShipmentForm form, CancellationToken cancellationToken = default)
    {
        var order = await orders.GetAsync(orderId, cancellationToken);
        var date = form.Date ?? Today();
        await checks.EnsureDateOpenAsync(date, cancellationToken);
        var open = (await stock.OpenWarehousesAsync(cancellationToken)).Select(w => w.Id).ToHashSet();
        var productIds = order.Lines.Where(l => l.ProductId is not null).Select(l => l.ProductId!.Value).Distinct().ToList();
        var services = (await products.FindManyAsync(productIds, cancellationToken)).Where(p => p.Type == Products.Public.ProductType.Service).Select(p => p.Id).ToHashSet();
        var requests = new List<ShipmentLineRequest>();
        foreach (var row in form.Lines.Where(l => l.Quantity is > 0m))
        {
            var line = order.Lines.SingleOrDefault(l => l.Id == row.OrderLineId) ?? throw new DomainException("A line to ship is not a line of this order.");
            if (line.ProductId is { } product && services.Contains(product))
            {
                throw new DomainException($"Line {line.Position}: {line.ProductReference} is a service: services are not shipped.");
            }

            if (row.WarehouseId is not { } warehouse || !open.Contains(warehouse))
            {
                throw new DomainException($"Line {line.Position}: choose an open warehouse to ship from.");
            }

            requests.Add(new ShipmentLineRequest(line.Id, warehouse, row.Quantity!.Value));
        }

        var shipment = Shipment.FromOrder(order, requests, date, currentUser.UserId, clock.GetUtcNow());
        (shipment.PlannedDelivery, shipment.Carrier, shipment.TrackingNumber) = (form.PlannedDelivery ?? order.DeliveryDate, Clean(form.Carrier), Clean(form.TrackingNumber));
        db.Add(shipment);
        var from = new RecordRef(SalesRecordTypes.Order, order.Id);
        var to = new RecordRef(SalesRecordTypes.Shipment, shipment.Id);
        await notes.CopyPublicAsync(from, to, cancellationToken);
        await links.LinkAsync(from, to, LinkKinds.Converted, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return shipment.Id;
    }

    /// <summary>
    /// Number, shipped quantities on the order, and every reaction (stock out, order delivered, timeline) in one
    /// transaction: a refusal (not enough stock) leaves the draft, the order, the stock and the counter as they were.
    /// </summary>
    public async Task<string> ValidateAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var shipment = await GetAsync(id, cancellationToken);
        shipment.EnsureDraft();
        var order = await OrderOfAsync(shipment, cancellationToken);
        await checks.EnsureDateOpenAsync(shipment.Date, cancellationToken);
        shipment.Validate(order, await numbering.NextAsync(NumberedDocumentTypes.Shipment, shipment.Date, cancellationToken), currentUser.UserId, clock.GetUtcNow());
        audit.Name(shipment, "validated");
        outbox.Enqueue(new GenerateShipmentPdf(shipment.Id));
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return shipment.Number!;
    }

    public async Task CloseAsync(long id, CancellationToken cancellationToken = default)
    {
        var shipment = await GetAsync(id, cancellationToken);
        shipment.MarkDelivered(clock.GetUtcNow());
        audit.Name(shipment, "delivered");
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task CancelAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var shipment = await GetAsync(id, cancellationToken);
        var order = await OrderOfAsync(shipment, cancellationToken);
        shipment.Cancel(order, clock.GetUtcNow());
        audit.Name(shipment, "cancelled");
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>Removes one line of a draft; a validated shipment is refused (cancel it instead).</summary>
    public async Task RemoveLineAsync(long id, long lineId, CancellationToken cancellationToken = default)
    {
        var shipment = await GetAsync(id, cancellationToken);
        shipment.RemoveLine(lineId);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        var shipment = await GetAsync(id, cancellationToken);
        shipment.EnsureDraft();
        var record = new RecordRef(SalesRecordTypes.Shipment, id);
        await links.UnlinkAllAsync(record, cancellationToken);
        await notes.RemoveAsync(record, cancellationToken);
        db.Remove(shipment);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<Shipment> GetAsync(long id, CancellationToken cancellationToken)
    {
        var visible = await visibility.ThirdPartyIdsAsync();
        return await db.Set<Shipment>().Include(s => s.Lines).Where(s => s.Id == id).WhereThirdPartyVisible(visible, s => s.ThirdPartyId)
            .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("The shipment");
    }

    private Task<SalesOrder> OrderOfAsync(Shipment shipment, CancellationToken cancellationToken) =>
        db.Set<SalesOrder>().Include(o => o.Lines).SingleAsync(o => o.Id == shipment.OrderId, cancellationToken);

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
