using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Features;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Events;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Notes;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Sales.EventHandlers;

/// <summary>Automation "a signed proposal creates a draft order" [off]: the order and its link are written with the signature.</summary>
internal sealed class CreateOrderOnProposalSigned(AppDbContext db, SalesAutomations automations, ILinkService links, INoteService notes, ICurrentUser user, TimeProvider clock)
    : IDomainEventHandler<ProposalSigned>
{
    public async Task HandleAsync(ProposalSigned domainEvent, CancellationToken cancellationToken)
    {
        if (!await automations.IsOnAsync(SalesAutomationKeys.ProposalSignedCreatesOrder, cancellationToken)
            || await db.Set<SalesOrder>().AnyAsync(o => o.ProposalId == domainEvent.Proposal.Id, cancellationToken)
            || db.Set<SalesOrder>().Local.Any(o => o.ProposalId == domainEvent.Proposal.Id))
        {
            return; // off, or an order exists already (a proposal signed again after a reopen)
        }

        var proposal = await db.Set<Proposal>().Include(p => p.Lines).SingleAsync(p => p.Id == domainEvent.Proposal.Id, cancellationToken);
        var order = SalesOrder.FromProposal(proposal, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), user.UserId, clock.GetUtcNow());
        db.Add(order);
        var from = new RecordRef(SalesRecordTypes.Proposal, proposal.Id);
        var to = new RecordRef(SalesRecordTypes.Order, order.Id);
        await notes.CopyPublicAsync(from, to, cancellationToken);
        await links.LinkAsync(from, to, LinkKinds.Converted, cancellationToken);
    }
}

/// <summary>Automation "a fully shipped order becomes delivered" [on]: services are never shipped, so only products count.</summary>
internal sealed class DeliverOrderWhenFullyShipped(AppDbContext db, SalesAutomations automations, IProductLookup products) : IDomainEventHandler<ShipmentValidated>
{
    public async Task HandleAsync(ShipmentValidated domainEvent, CancellationToken cancellationToken)
    {
        if (!await automations.IsOnAsync(SalesAutomationKeys.FullyShippedOrderDelivered, cancellationToken))
        {
            return;
        }

        // The validation tracks the order with its lines already (it updated their shipped quantities).
        var order = db.Set<SalesOrder>().Local.FirstOrDefault(o => o.Id == domainEvent.Shipment.OrderId) is { } tracked && db.Entry(tracked).Collection(o => o.Lines).IsLoaded
            ? tracked
            : await db.Set<SalesOrder>().Include(o => o.Lines).SingleAsync(o => o.Id == domainEvent.Shipment.OrderId, cancellationToken);
        var productIds = order.Lines.Where(l => l.ProductId is not null).Select(l => l.ProductId!.Value).Distinct().ToList();
        var goods = (await products.FindManyAsync(productIds, cancellationToken)).Where(p => p.Type != ProductType.Service).Select(p => p.Id).ToHashSet();
        if (order.Status == SalesOrderStatus.InProgress && order.IsFullyShipped(goods.Contains))
        {
            order.MarkDelivered();
        }
    }
}
