using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Agenda;
using MokoCrm.Web.Modules.Agenda.Domain;
using MokoCrm.Web.Modules.Crm;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Features;

namespace MokoCrm.IntegrationTests.Agenda;

public sealed class AutomaticEventsTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    private const string Screen = "/Agenda/AutomaticEvents";

    [Fact]
    public async Task Winning_a_lead_writes_a_done_automatic_event_on_the_lead_and_its_third_party_timeline_shown_on_their_Events_tabs()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var party = await CreateThirdPartyAsync(admin, "Automatic Boulangerie");
        var lead = await CreateLeadAsync(admin, "Ovens for the new shop", party);

        (await admin.PostFormAsync($"/Crm/Leads/{lead}", $"/Crm/Leads/{lead}/won", [])).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var written = await EventsOfLeadAsync(lead);
        var e = written.ShouldHaveSingleItem();
        e.Type.ShouldBe(AgendaEventType.Automatic);
        e.Title.ShouldBe("Lead won: Ovens for the new shop");
        e.Progress.ShouldBe(EventProgress.Done);
        e.ThirdPartyId.ShouldBe(party);

        var leadEvents = await admin.Http.GetStringAsync($"/Agenda/Events?record=crm.lead%3A{lead}");
        leadEvents.ShouldContain("Events of Ovens for the new shop");
        leadEvents.ShouldContain("Lead won: Ovens for the new shop");
        (await admin.Http.GetStringAsync($"/Agenda/Events?thirdParty={party}")).ShouldContain("Lead won: Ovens for the new shop");
        (await admin.Http.GetStringAsync($"/Crm/Leads/{lead}")).ShouldContain($"/Agenda/Events?record=crm.lead%3A{lead}");
        (await admin.Http.GetStringAsync($"/Crm/ThirdParties/{party}")).ShouldContain($"/Agenda/Events?thirdParty={party}");
    }

    [Fact]
    public async Task A_kind_switched_off_on_the_admin_screen_writes_nothing_and_the_others_still_do()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var screen = await admin.Http.GetStringAsync(Screen);
        screen.ShouldContain("Lead won");
        screen.ShouldContain("Lead lost");

        (await admin.PostFormAsync(Screen, Screen, new() { ["enabled"] = "LeadWon" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var party = await CreateThirdPartyAsync(admin, "Switch Carrosserie");
        var lost = await CreateLeadAsync(admin, "Paint booth", party);
        var won = await CreateLeadAsync(admin, "Lift", party);
        (await admin.PostFormAsync($"/Crm/Leads/{lost}", $"/Crm/Leads/{lost}/lost", new() { ["reason"] = "Too expensive" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.PostFormAsync($"/Crm/Leads/{won}", $"/Crm/Leads/{won}/won", [])).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await EventsOfLeadAsync(lost)).ShouldBeEmpty();
        (await EventsOfLeadAsync(won)).ShouldHaveSingleItem();
        (await admin.Http.GetStringAsync(Screen)).ShouldNotContain("value=\"LeadLost\" id=\"auto-LeadLost\" checked");

        (await admin.PostFormAsync(Screen, Screen, new() { ["enabled"] = "LeadLost" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.PostFormAsync($"/Crm/Leads/{lost}", $"/Crm/Leads/{lost}/reopen", [])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.PostFormAsync($"/Crm/Leads/{lost}", $"/Crm/Leads/{lost}/lost", new() { ["reason"] = "Still too expensive" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await EventsOfLeadAsync(lost)).ShouldHaveSingleItem().Notes.ShouldBe("Reason: Still too expensive");
    }

    [Fact]
    public async Task Only_a_user_with_the_agenda_settings_right_sees_or_changes_the_switches()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        await NewUserAsync("planner", [AgendaPermissions.Events.ReadOwn, AgendaPermissions.Events.Write]);
        using var planner = await SignedInClient.AsAsync(app, "planner", "planner-pass-1");

        (await planner.GetAsync(Screen)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var token = SignedInClient.TokenIn(await planner.Http.GetStringAsync("/Agenda/Events/new"));
        (await planner.PostWithTokenAsync(Screen, [], token)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await admin.Http.GetStringAsync(Screen)).ShouldContain("value=\"LeadWon\" id=\"auto-LeadWon\" checked");
    }

    private async Task<List<AgendaEvent>> EventsOfLeadAsync(long lead)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<AgendaEvent>().AsNoTracking()
            .Where(e => e.LinkedRecordType == "crm.lead" && e.LinkedRecordId == lead).ToListAsync();
    }

    private static async Task<long> CreateThirdPartyAsync(SignedInClient client, string name)
    {
        var response = await client.PostFormAsync("/Crm/ThirdParties/new", "/Crm/ThirdParties/new",
            new() { ["Name"] = name, ["IsCustomer"] = "true", ["CountryCode"] = "FR", ["CreateAnyway"] = "true" });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    private static async Task<long> CreateLeadAsync(SignedInClient client, string title, long party)
    {
        var response = await client.PostFormAsync("/Crm/Leads/new", "/Crm/Leads/new", new() { ["Title"] = title, ["ThirdPartyId"] = party.ToString() });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    private async Task NewUserAsync(string login, string[] rights)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var id = await users.CreateUserAsync(new UserForm { UserName = login, FullName = login, Password = login + "-pass-1" });
        await users.SetUserPermissionsAsync(id, rights);
    }
}
