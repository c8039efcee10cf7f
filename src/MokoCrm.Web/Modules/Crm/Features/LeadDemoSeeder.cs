using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Domain;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.Web.Modules.Crm.Features;

/// <summary>A handful of leads across the pipeline, at demo third parties and at companies not converted yet.</summary>
internal sealed class LeadDemoSeeder : IDemoDataSeeder
{
    public int Order => 110;

    public async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var leads = services.GetRequiredService<LeadAdministration>();
        var parties = await db.Set<ThirdParty>().Where(t => t.IsCustomer || t.IsProspect).ToDictionaryAsync(t => t.Name, t => t.Id, cancellationToken);
        long? Party(string name) => parties.TryGetValue(name, out var id) ? id : null;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        (string Title, string? Party, string? Company, string? Contact, decimal Amount, LeadStage Stage, int Days)[] demo =
        [
            ("Website redesign", "Studio Pixel", null, null, 8_500m, LeadStage.Prospection, 60),
            ("Terrace furniture", "Café des Arts", null, null, 3_200m, LeadStage.Qualification, 45),
            ("Garden maintenance contract", "Green Garden Ltd", null, null, 12_000m, LeadStage.Proposal, 30),
            ("Bakery equipment renewal", "Boulangerie Martin", null, null, 24_000m, LeadStage.Negotiation, 15),
            ("Hotel room signage", "Hotel Belle Vue", null, null, 4_800m, LeadStage.Won, -5),
            ("Office fit-out", null, "Brasserie du Port", "Julien Roux", 15_000m, LeadStage.Qualification, 90),
            ("Workshop lighting", "Atelier Durand SARL", null, null, 2_100m, LeadStage.Lost, -20),
        ];
        foreach (var d in demo)
        {
            var open = Lead.StatusOf(d.Stage) == LeadStatus.Open;
            var id = await leads.CreateAsync(new LeadForm
            {
                Title = d.Title, ThirdPartyId = Party(d.Party ?? ""), CompanyName = d.Company, ContactName = d.Contact,
                ContactEmail = d.Contact is null ? null : "julien.roux@brasserie-port.example", ExpectedAmount = d.Amount,
                Stage = open ? d.Stage : LeadStage.Negotiation, ExpectedCloseDate = today.AddDays(d.Days),
            }, cancellationToken);
            if (d.Stage == LeadStage.Won)
            {
                await leads.WinAsync(id, cancellationToken);
            }
            else if (d.Stage == LeadStage.Lost)
            {
                await leads.LoseAsync(id, "Chose a cheaper competitor", cancellationToken);
            }
        }
    }
}
