using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.IntegrationTests.Crm;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Agenda;
using MokoCrm.Web.Modules.Agenda.Domain;
using MokoCrm.Web.Modules.Crm;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Features;

namespace MokoCrm.IntegrationTests.Agenda;

public sealed partial class AgendaEventsTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    private const string NewForm = "/Agenda/Events/new";

    [Fact]
    public async Task Bad_input_shows_a_message_per_field_and_saves_nothing()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var before = await CountAsync();

        var blank = await admin.PostFormAsync(NewForm, NewForm, new() { ["Type"] = "Call", ["Title"] = " ", ["AllDay"] = "false" });
        var backwards = await admin.PostFormAsync(NewForm, NewForm,
            new() { ["Type"] = "Meeting", ["Title"] = "Backwards", ["Start"] = "2031-01-10T10:00", ["End"] = "2031-01-10T09:00" });
        var allDayBackwards = await admin.PostFormAsync(NewForm, NewForm,
            new() { ["Type"] = "Task", ["Title"] = "Backwards days", ["AllDay"] = "true", ["StartDate"] = "2031-01-10", ["EndDate"] = "2031-01-09" });
        var unknownThirdParty = await admin.PostFormAsync(NewForm, NewForm,
            new() { ["Type"] = "Call", ["Title"] = "Ghost call", ["Start"] = "2031-01-10T10:00", ["ThirdPartyId"] = "987654" });
        var unknownAttendee = await admin.PostFormAsync(NewForm, NewForm,
            new() { ["Type"] = "Call", ["Title"] = "Ghost attendee", ["Start"] = "2031-01-10T10:00", ["AttendeeIds"] = "987654" });
        var automatic = await admin.PostFormAsync(NewForm, NewForm, new() { ["Type"] = "Automatic", ["Title"] = "Forged", ["Start"] = "2031-01-10T10:00" });

        blank.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await blank.Content.ReadAsStringAsync();
        page.ShouldContain("Enter the title of the event.");
        page.ShouldContain("Enter when the event starts.");
        (await backwards.Content.ReadAsStringAsync()).ShouldContain("The end must be after the start.");
        (await allDayBackwards.Content.ReadAsStringAsync()).ShouldContain("The last day cannot be before the first day.");
        (await unknownThirdParty.Content.ReadAsStringAsync()).ShouldContain("The third party chosen does not exist.");
        (await unknownAttendee.Content.ReadAsStringAsync()).ShouldContain("An attendee chosen is not an active user.");
        (await automatic.Content.ReadAsStringAsync()).ShouldContain("Automatic events are written by the application, not by hand.");
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_call_logged_on_a_third_party_is_in_its_timeline_newest_first_and_counted_on_its_Events_tab()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "Timeline Traiteur", null);
        var logPage = $"{NewForm}?type=call&thirdParty={customer}";

        var form = await admin.Http.GetStringAsync(logPage);
        form.ShouldContain("Log a call");
        form.ShouldContain($"<option value=\"{customer}\" selected>Timeline Traiteur");
        form.ShouldContain("<option value=\"Call\" selected=\"selected\">");
        await CreateEventAsync(admin, new() { ["Type"] = "Call", ["Title"] = "Older call about prices", ["Start"] = "2030-02-01T09:00", ["ThirdPartyId"] = customer.ToString() }, logPage);
        var id = await CreateEventAsync(admin, new() { ["Type"] = "Call", ["Title"] = "Newer call about delivery", ["Start"] = "2030-03-01T09:00", ["ThirdPartyId"] = customer.ToString(), ["Progress"] = "Done" }, logPage);

        var timeline = await admin.Http.GetStringAsync($"/Agenda/Events?thirdParty={customer}");
        timeline.ShouldContain("Timeline of Timeline Traiteur");
        timeline.IndexOf("Newer call about delivery", StringComparison.Ordinal).ShouldBeLessThan(timeline.IndexOf("Older call about prices", StringComparison.Ordinal));
        var card = await admin.Http.GetStringAsync($"/Crm/ThirdParties/{customer}");
        EventsTabCount().Match(card).Groups[1].Value.ShouldBe("2");
        card.ShouldContain($"/Agenda/Events?thirdParty={customer}");
        var show = await admin.Http.GetStringAsync($"/Agenda/Events/{id}");
        show.ShouldContain("Timeline Traiteur");
        show.ShouldContain("/Records/agenda.event/" + id + "/history");
        (await FindAsync(id)).DoneAt.ShouldNotBeNull("done sets the moment it was done");
    }

    [Fact]
    public async Task The_month_view_shows_the_events_of_that_month_only_including_all_day_events_that_overlap_it()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        await CreateEventAsync(admin, new() { ["Type"] = "Meeting", ["Title"] = "March kick-off", ["Start"] = "2032-03-15T10:00", ["End"] = "2032-03-15T11:00" });
        await CreateEventAsync(admin, new() { ["Type"] = "Task", ["Title"] = "Spanning fair", ["AllDay"] = "true", ["StartDate"] = "2032-02-27", ["EndDate"] = "2032-03-02" });
        await CreateEventAsync(admin, new() { ["Type"] = "Meeting", ["Title"] = "April review", ["Start"] = "2032-04-02T10:00" });
        await CreateEventAsync(admin, new() { ["Type"] = "Meeting", ["Title"] = "Late February", ["Start"] = "2032-02-20T10:00" });

        await admin.Http.GetStringAsync("/Agenda/Events/month"); // shows (and so clears) the last "created" message

        var march = await admin.Http.GetStringAsync("/Agenda/Events/month?year=2032&month=3");

        march.ShouldContain("March 2032");
        march.ShouldContain("March kick-off");
        march.ShouldContain("Spanning fair");
        march.ShouldNotContain("April review");
        march.ShouldNotContain("Late February");
        var day = Regex.Match(march, "data-day=\"2032-03-15\".*?</td>", RegexOptions.Singleline).Value;
        day.ShouldContain("March kick-off");
        (await admin.GetAsync("/Agenda/Events/month?year=2032&month=13")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_rep_cannot_reach_events_of_another_reps_customer_by_list_month_export_or_url_but_owners_and_attendees_see_theirs()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        string[] repRights = [CrmPermissions.ThirdParties.Read, AgendaPermissions.Events.ReadOwn, AgendaPermissions.Events.ReadAll, AgendaPermissions.Events.Write, AgendaPermissions.Events.Export];
        var alice = await NewUserAsync("agalice", repRights);
        var bob = await NewUserAsync("agbob", repRights);
        var dave = await NewUserAsync("agdave", [AgendaPermissions.Events.ReadOwn]);
        var mine = await CreateThirdPartyAsync(admin, "Alpha Agenda SARL", alice);
        var theirs = await CreateThirdPartyAsync(admin, "Bravo Agenda SARL", bob);
        var visible = await CreateEventAsync(admin, new() { ["Type"] = "Meeting", ["Title"] = "Alpha visible meeting", ["Start"] = "2033-05-10T10:00", ["ThirdPartyId"] = mine.ToString() });
        var hidden = await CreateEventAsync(admin, new() { ["Type"] = "Meeting", ["Title"] = "Bravo secret meeting", ["Start"] = "2033-05-11T10:00", ["ThirdPartyId"] = theirs.ToString() });
        var invited = await CreateEventAsync(admin, new() { ["Type"] = "Meeting", ["Title"] = "Bravo invited meeting", ["Start"] = "2033-05-12T10:00", ["ThirdPartyId"] = theirs.ToString(), ["AttendeeIds"] = alice + "," + dave });
        var owned = await CreateEventAsync(admin, new() { ["Type"] = "Task", ["Title"] = "Bravo task of Dave", ["Start"] = "2033-05-13T10:00", ["ThirdPartyId"] = theirs.ToString(), ["OwnerId"] = dave.ToString() });

        using var asAlice = await SignedInClient.AsAsync(app, "agalice", "agalice-pass-1");
        var list = await asAlice.Http.GetStringAsync("/Agenda/Events?q=meeting");
        var month = await asAlice.Http.GetStringAsync("/Agenda/Events/month?year=2033&month=5");
        var export = await asAlice.Http.GetStringAsync("/Agenda/Events?export=csv");
        var timeline = await asAlice.Http.GetStringAsync($"/Agenda/Events?thirdParty={theirs}");
        foreach (var page in new[] { list, month, export })
        {
            page.ShouldContain("Alpha visible meeting");
            page.ShouldNotContain("Bravo secret meeting");
            page.ShouldNotContain("Bravo task of Dave");
        }

        timeline.ShouldNotContain("Bravo secret meeting");
        list.ShouldContain("Bravo invited meeting", customMessage: "an attendee sees the event even on another rep's customer");
        (await asAlice.GetAsync($"/Agenda/Events/{visible}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await asAlice.GetAsync($"/Agenda/Events/{hidden}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await asAlice.GetAsync($"/Agenda/Events/{hidden}/edit")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await asAlice.GetAsync($"/Records/agenda.event/{hidden}/history")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await asAlice.PostFormAsync($"/Agenda/Events/{visible}", $"/Agenda/Events/{hidden}/done", new())).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await FindAsync(hidden)).Progress.ShouldBe(EventProgress.ToDo);
        var aliceNew = await asAlice.PostFormAsync(NewForm, NewForm, new() { ["Type"] = "Call", ["Title"] = "Sneaky", ["Start"] = "2033-05-10T10:00", ["ThirdPartyId"] = theirs.ToString() });
        (await aliceNew.Content.ReadAsStringAsync()).ShouldContain("The third party chosen does not exist.");

        using var asDave = await SignedInClient.AsAsync(app, "agdave", "agdave-pass-1");
        var daveList = await asDave.Http.GetStringAsync("/Agenda/Events");
        daveList.ShouldContain("Bravo invited meeting");
        daveList.ShouldContain("Bravo task of Dave");
        daveList.ShouldNotContain("Alpha visible meeting");
        daveList.ShouldNotContain("Bravo secret meeting");
        (await asDave.GetAsync($"/Agenda/Events/{invited}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await asDave.GetAsync($"/Agenda/Events/{owned}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await asDave.GetAsync($"/Agenda/Events/{visible}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var mineOnly = await asDave.Http.GetStringAsync("/Agenda/Events?mine=true");
        mineOnly.ShouldContain("Bravo task of Dave");
        (await asDave.GetAsync("/Agenda/Events?export=csv")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_reader_sees_no_action_buttons_and_is_refused_with_403_when_posting()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var id = await CreateEventAsync(admin, new() { ["Type"] = "Note", ["Title"] = "Read-only note", ["Start"] = "2034-01-10T10:00" });
        await NewUserAsync("agreader", [AgendaPermissions.Events.ReadOwn, AgendaPermissions.Events.ReadAll]);
        using var reader = await SignedInClient.AsAsync(app, "agreader", "agreader-pass-1");

        var card = await reader.Http.GetStringAsync($"/Agenda/Events/{id}");
        var token = SignedInClient.TokenIn(card);
        card.ShouldNotContain($"/Agenda/Events/{id}/edit");
        card.ShouldNotContain($"/Agenda/Events/{id}/delete");
        foreach (var action in new[] { NewForm, $"/Agenda/Events/{id}/edit", $"/Agenda/Events/{id}/done", $"/Agenda/Events/{id}/delete" })
        {
            (await reader.PostWithTokenAsync(action, [new("Type", "Call"), new("Title", "Hacked"), new("Start", "2034-01-10T10:00")], token))
                .StatusCode.ShouldBe(HttpStatusCode.Forbidden, action);
        }

        (await FindAsync(id)).Title.ShouldBe("Read-only note");
    }

    private async Task<long> CreateEventAsync(SignedInClient client, Dictionary<string, string> fields, string formPage = NewForm)
    {
        var form = fields.SelectMany(f => f.Key == "AttendeeIds" ? f.Value.Split(',').Select(v => new KeyValuePair<string, string>(f.Key, v)) : [f]).ToList();
        var page = await client.Http.GetStringAsync(formPage);
        var response = await client.PostWithTokenAsync(NewForm, form, SignedInClient.TokenIn(page));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    private static async Task<long> CreateThirdPartyAsync(SignedInClient admin, string name, long? representative)
    {
        var fields = new Dictionary<string, string> { ["Name"] = name, ["IsCustomer"] = "true", ["CountryCode"] = "FR", ["CreateAnyway"] = "true" };
        if (representative is { } rep)
        {
            fields["SalesRepresentativeIds"] = rep.ToString();
        }

        var response = await admin.PostFormAsync("/Crm/ThirdParties/new", "/Crm/ThirdParties/new", fields);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    private async Task<AgendaEvent> FindAsync(long id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<AgendaEvent>().AsNoTracking().SingleAsync(e => e.Id == id);
    }

    private async Task<int> CountAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<AgendaEvent>().CountAsync();
    }

    private async Task<long> NewUserAsync(string login, string[] rights)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var id = await admin.CreateUserAsync(new UserForm { UserName = login, FullName = login, Password = login + "-pass-1" });
        await admin.SetUserPermissionsAsync(id, rights);
        return id;
    }

    [GeneratedRegex("data-tab=\"events\">\\s*Events[^<]*<span class=\"badge[^\"]*\">(\\d+)</span>")]
    private static partial Regex EventsTabCount();
}

public sealed class AgendaDemoDataTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    [Fact]
    public async Task The_demo_data_has_events_on_the_demo_third_parties()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var events = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<AgendaEvent>().AsNoTracking().ToListAsync();

        events.Count(e => e.Type != AgendaEventType.Automatic).ShouldBe(8);
        // The Sales demo validates and signs a proposal and validates its order: three automatic timeline lines.
        events.Where(e => e.Type == AgendaEventType.Automatic).Select(e => e.Title[..e.Title.IndexOf(' ', StringComparison.Ordinal)]).Order()
            .ShouldBe(["Order", "Proposal", "Proposal"]);
        events.ShouldAllBe(e => e.ThirdPartyId != null);
        events.Select(e => e.Type).Distinct().Count().ShouldBeGreaterThan(2);
    }
}
