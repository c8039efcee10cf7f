using MokoCrm.Web.Modules.Crm.Domain;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Events;

namespace MokoCrm.Web.Modules.Crm.EventHandlers;

/// <summary>
/// Issue 5: the lead a proposal answers is won when the proposal is signed and lost when it is refused, in the
/// proposal's transaction. A lead already won or lost is left as it is (someone decided by hand); a lead that was
/// never converted joins the proposal's third party first, since a won lead needs one.
/// </summary>
internal sealed class LeadOutcomeOnProposalClosed(AppDbContext db, TimeProvider clock) : IDomainEventHandler<ProposalSigned>, IDomainEventHandler<ProposalRefused>
{
    public async Task HandleAsync(ProposalSigned domainEvent, CancellationToken cancellationToken)
    {
        if (await OpenLeadAsync(domainEvent.LeadId, cancellationToken) is { } lead)
        {
            if (lead.ThirdPartyId is null)
            {
                lead.ConvertedTo(domainEvent.Proposal.ThirdPartyId, null);
            }

            lead.MarkWon(clock.GetUtcNow());
        }
    }

    public async Task HandleAsync(ProposalRefused domainEvent, CancellationToken cancellationToken)
    {
        if (await OpenLeadAsync(domainEvent.LeadId, cancellationToken) is { } lead)
        {
            lead.MarkLost($"Proposal {domainEvent.Proposal.Number} refused", clock.GetUtcNow());
        }
    }

    private async Task<Lead?> OpenLeadAsync(long? leadId, CancellationToken cancellationToken) =>
        leadId is { } id && await db.Set<Lead>().FindAsync([id], cancellationToken) is { IsOpen: true } lead ? lead : null;
}
