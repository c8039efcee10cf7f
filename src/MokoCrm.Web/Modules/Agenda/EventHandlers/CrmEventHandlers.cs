using MokoCrm.Web.Modules.Agenda.Features;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Crm.Public.Events;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Agenda.EventHandlers;

internal sealed class LeadWonEvent(AppDbContext db, AutomaticEventSettings settings, ICurrentUser user, TimeProvider clock) : AutomaticEventHandler<LeadWon>(db, settings, user, clock)
{
    protected override AutomaticEvent Describe(LeadWon e) =>
        new($"Lead won: {e.Title}", new RecordRef(CrmRecordTypes.Lead, e.LeadId), e.ThirdPartyId, $"Expected amount {e.ExpectedAmount:N2}");
}

internal sealed class LeadLostEvent(AppDbContext db, AutomaticEventSettings settings, ICurrentUser user, TimeProvider clock) : AutomaticEventHandler<LeadLost>(db, settings, user, clock)
{
    protected override AutomaticEvent Describe(LeadLost e) =>
        new($"Lead lost: {e.Title}", new RecordRef(CrmRecordTypes.Lead, e.LeadId), e.ThirdPartyId, e.Reason is null ? null : $"Reason: {e.Reason}");
}
