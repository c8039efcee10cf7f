using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Agenda.Domain;
using MokoCrm.Web.Modules.Agenda.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.Web.Modules.Agenda.Queries;

/// <summary>How events appear in record tabs and "Link to…" (visibility is applied by the platform).</summary>
internal sealed class EventDescriber(AppDbContext db) : IRecordDescriber
{
    public string RecordType => AgendaRecordTypes.Event;

    public string TypeLabel => "Event";

    public bool Searchable => true;

    public async Task<IReadOnlyList<RecordSummary>> DescribeAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
        await Summaries(db.Set<AgendaEvent>().Where(e => ids.Contains(e.Id))).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<RecordSummary>> SearchAsync(string query, int limit, CancellationToken cancellationToken = default) =>
        await Summaries(db.Set<AgendaEvent>().Where(e => EF.Functions.ILike(e.Title, $"%{query}%")).OrderByDescending(e => e.StartsAt).Take(limit))
            .ToListAsync(cancellationToken);

    private static IQueryable<RecordSummary> Summaries(IQueryable<AgendaEvent> rows) =>
        rows.AsNoTracking().Select(e => new RecordSummary(AgendaRecordTypes.Event, e.Id, e.Title, e.StartDate, null,
            e.Progress == EventProgress.ToDo ? "To do" : e.Progress == EventProgress.InProgress ? "In progress" : "Done", "/Agenda/Events/" + e.Id));
}
