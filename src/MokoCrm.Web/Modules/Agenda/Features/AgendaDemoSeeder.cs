using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Agenda.Domain;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.Web.Modules.Agenda.Features;

/// <summary>A few calls, meetings and tasks on the CRM's demo third parties (found by name through its describer), after the CRM seeder.</summary>
internal sealed class AgendaDemoSeeder : IDemoDataSeeder
{
    public int Order => 150;

    public async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var events = services.GetRequiredService<EventAdministration>();
        var db = services.GetRequiredService<AppDbContext>();
        var thirdParties = services.GetServices<IRecordDescriber>().Single(d => d.RecordType == CrmRecordTypes.ThirdParty);
        var admin = await db.Users.OrderBy(u => u.Id).Select(u => (long?)u.Id).FirstOrDefaultAsync(cancellationToken);
        var today = DateTime.UtcNow.Date;
        (string ThirdParty, AgendaEventType Type, string Title, int Days, int Hour, EventProgress Progress, string? Location)[] demo =
        [
            ("Boulangerie Martin", AgendaEventType.Call, "Call about the spring order", -12, 9, EventProgress.Done, null),
            ("Boulangerie Martin", AgendaEventType.Meeting, "Visit of the new shop", 3, 14, EventProgress.ToDo, "Lyon"),
            ("Atelier Durand SARL", AgendaEventType.Email, "Sent the updated price list", -5, 11, EventProgress.Done, null),
            ("Hotel Belle Vue", AgendaEventType.Task, "Prepare the seasonal contract", 7, 10, EventProgress.InProgress, null),
            ("Müller Maschinenbau GmbH", AgendaEventType.Meeting, "Quarterly review", 10, 15, EventProgress.ToDo, "Stuttgart"),
            ("Green Garden Ltd", AgendaEventType.Call, "First contact call", -2, 16, EventProgress.Done, null),
            ("Café des Arts", AgendaEventType.Call, "Follow-up call", 1, 10, EventProgress.ToDo, null),
            ("Studio Pixel", AgendaEventType.Note, "Interested in the premium offer", -20, 12, EventProgress.Done, null),
        ];
        foreach (var d in demo)
        {
            var match = (await thirdParties.SearchAsync(d.ThirdParty, 1, cancellationToken)).FirstOrDefault();
            var start = today.AddDays(d.Days).AddHours(d.Hour);
            await events.CreateAsync(new EventForm
            {
                Type = d.Type, Title = d.Title, Start = start, End = start.AddHours(1), OwnerId = admin, Progress = d.Progress,
                Location = d.Location, ThirdPartyId = match?.Id,
            }, cancellationToken);
        }
    }
}
