using MokoCrm.Web.Modules.Agenda.Public;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.Web.Modules.Agenda.Queries;

/// <summary>
/// The Events tab of every record page: a third party's timeline, or the events linked to any other record. Events
/// themselves get none.
/// </summary>
internal sealed class AgendaTabSource(AgendaEventCounts counts) : IRecordTabSource
{
    public async Task<RecordTab?> TabAsync(RecordRef record, CancellationToken cancellationToken = default)
    {
        if (record.Type == AgendaRecordTypes.Event)
        {
            return null;
        }

        return record.Type == CrmRecordTypes.ThirdParty
            ? await counts.OfThirdPartyAsync(record.Id, cancellationToken) is { } forParty ? new RecordTab("events", "Events", AgendaEventCounts.TimelineUrl(record.Id), forParty) : null
            : await counts.OfRecordAsync(record, cancellationToken) is { } forRecord ? new RecordTab("events", "Events", AgendaEventCounts.EventsOfUrl(record), forRecord) : null;
    }
}
