using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Events;

namespace MokoCrm.Web.Modules.Sales.EventHandlers;

/// <summary>
/// DOMAIN.md §3 automations on a validated invoice, in its transaction: its orders become billed once every priced
/// line is fully invoiced (quantities per line, not amounts), and its proposals billed once invoiced directly or once
/// all their orders are billed. Credit notes and deposits bill nothing.
/// </summary>
internal sealed class MarkBilledOnInvoiceValidated(AppDbContext db, Features.SalesAutomations automations) : IDomainEventHandler<InvoiceValidated>
{
    public async Task HandleAsync(InvoiceValidated e, CancellationToken cancellationToken)
    {
        if (e.Kind != InvoiceKind.Standard)
        {
            return;
        }

        var billOrders = await automations.IsOnAsync(Features.SalesAutomationKeys.InvoiceValidatedBillsOrders, cancellationToken);
        var billProposals = await automations.IsOnAsync(Features.SalesAutomationKeys.OrdersBilledBillProposals, cancellationToken);

        // One query for the invoice's orders and, when proposals may become billed, every order of its proposals, each
        // with its proposal when that is one of the invoice's and signed (what may become billed below).
        IReadOnlyList<long> proposalIds = billProposals ? e.ProposalIds : [];
        var rows = await db.Set<SalesOrder>()
            .Where(o => e.OrderIds.Contains(o.Id) || (o.ProposalId != null && proposalIds.Contains(o.ProposalId.Value) && o.Status != SalesOrderStatus.Cancelled))
            .Select(o => new
            {
                Order = o,
                Lines = o.Lines.ToList(),
                Proposal = db.Set<Proposal>().FirstOrDefault(p => p.Id == o.ProposalId && proposalIds.Contains(p.Id) && p.Status == ProposalStatus.Signed),
            })
            .ToListAsync(cancellationToken);
        var orders = rows.Select(r => r.Order).ToList();
        foreach (var order in orders.Where(o => billOrders && e.OrderIds.Contains(o.Id) && o.IsFullyInvoiced))
        {
            order.SetBilled(true);
        }

        if (!billProposals)
        {
            return;
        }

        // The orders just marked above are among them, with their new flag: a proposal with an order left to bill is not read.
        var billed = e.ProposalIds.Where(id => orders.Where(o => o.ProposalId == id && o.Status != SalesOrderStatus.Cancelled).All(o => o.Billed)).ToList();
        if (billed.Count == 0)
        {
            return;
        }

        // A proposal with an order came with it (when signed); one billed directly, with no order, is read now.
        var proposals = rows.Where(r => r.Proposal is not null).Select(r => r.Proposal!).DistinctBy(p => p.Id).ToList();
        var withoutOrder = billed.Where(id => orders.All(o => o.ProposalId != id)).ToList();
        if (withoutOrder.Count > 0)
        {
            proposals.AddRange(await db.Set<Proposal>().Where(p => withoutOrder.Contains(p.Id) && p.Status == ProposalStatus.Signed).ToListAsync(cancellationToken));
        }

        foreach (var proposal in proposals.Where(p => billed.Contains(p.Id)))
        {
            proposal.MarkBilled();
        }
    }
}

/// <summary>
/// Automation "a delivered order creates a draft invoice" [off]: when the order becomes delivered, a draft invoice of
/// all it has left to bill is written in the same transaction, linked to the order like "Create invoice" does. An order
/// already billed, or with nothing left to bill (invoiced before it was delivered), gets none.
/// </summary>
internal sealed class CreateInvoiceOnOrderDelivered(AppDbContext db, Features.SalesAutomations automations, Features.InvoiceAdministration invoices)
    : IDomainEventHandler<OrderDelivered>
{
    public async Task HandleAsync(OrderDelivered domainEvent, CancellationToken cancellationToken)
    {
        if (!await automations.IsOnAsync(Features.SalesAutomationKeys.DeliveredOrderCreatesInvoice, cancellationToken))
        {
            return;
        }

        // Tracked: the same instance the delivery changed, so its lines' invoiced quantities are saved with it.
        var order = await db.Set<SalesOrder>().Include(o => o.Lines).SingleAsync(o => o.Id == domainEvent.Order.Id, cancellationToken);
        if (order.Billed || !order.IsOpenForBilling || !order.Lines.Any(l => l.LeftToBill > 0m))
        {
            return;
        }

        await invoices.DraftFromOrdersAsync([order], new Dictionary<long, decimal>(), cancellationToken);
    }
}
