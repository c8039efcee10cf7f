using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Crm;
using MokoCrm.Web.Modules.Crm.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Features;

namespace MokoCrm.IntegrationTests.Crm;

public sealed partial class LeadsTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    private const string NewLead = "/Crm/Leads/new";

    [Fact]
    public async Task Bad_input_shows_a_message_per_field_and_saves_nothing()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var before = await CountAsync();

        var blank = await admin.PostFormAsync(NewLead, NewLead,
            new() { ["Title"] = " ", ["ExpectedAmount"] = "-5", ["Probability"] = "120", ["ContactEmail"] = "nope", ["ContactName"] = new string('n', 101) });
        var wonAtOnce = await admin.PostFormAsync(NewLead, NewLead, new() { ["Title"] = "Too fast", ["CompanyName"] = "X", ["Stage"] = "Won" });
        var unknownParty = await admin.PostFormAsync(NewLead, NewLead, new() { ["Title"] = "Ghost", ["ThirdPartyId"] = "987654321" });

        blank.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await blank.Content.ReadAsStringAsync();
        page.ShouldContain("Enter the title of the lead.");
        page.ShouldContain("Choose a third party or enter the company&#x27;s name.");
        page.ShouldContain("The expected amount cannot be negative.");
        page.ShouldContain("The probability is between 0 and 100 %.");
        page.ShouldContain("Enter a valid e-mail address.");
        page.ShouldContain("The contact&#x27;s name is at most 100 characters.");
        (await wonAtOnce.Content.ReadAsStringAsync()).ShouldContain("Choose an open stage.");
        (await unknownParty.Content.ReadAsStringAsync()).ShouldContain("The third party chosen does not exist.");
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Moving_a_lead_sets_the_stage_probability_won_and_lost_are_final_until_reopened_and_history_records_it()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var company = await CreateThirdPartyAsync(admin, "Kilo Stages SA", null);
        var id = await CreateAsync(admin, new() { ["Title"] = "Kilo deal", ["ThirdPartyId"] = company.ToString(), ["ExpectedAmount"] = "1000", ["Probability"] = "15" });
        (await FindAsync(id)).Probability.ShouldBe(15, "the probability typed on creation is kept");
        (await admin.Http.GetStringAsync($"/Crm/Leads/{id}/edit")).ShouldContain("Kilo deal");
        (await admin.Http.GetStringAsync($"/Crm/Leads?thirdParty={company}")).ShouldContain("Kilo deal");
        LeadsTab().Match(await admin.Http.GetStringAsync($"/Crm/ThirdParties/{company}")).Groups[1].Value.ShouldBe("1");

        await PostAsync(admin, id, "stage", new() { ["stage"] = "Proposal" });
        var proposal = await FindAsync(id);
        proposal.Stage.ShouldBe(LeadStage.Proposal);
        proposal.Probability.ShouldBe(40);
        await PostAsync(admin, id, "stage", new() { ["stage"] = "Negotiation" });
        (await FindAsync(id)).Probability.ShouldBe(60);

        await PostAsync(admin, id, "won", new());
        var won = await FindAsync(id);
        (won.Status, won.Probability).ShouldBe((LeadStatus.Won, 100));
        await PostAsync(admin, id, "stage", new() { ["stage"] = "Qualification" });
        (await admin.Http.GetStringAsync($"/Crm/Leads/{id}")).ShouldContain("is won: reopen it first");
        (await FindAsync(id)).Stage.ShouldBe(LeadStage.Won);

        await PostAsync(admin, id, "reopen", new());
        await PostAsync(admin, id, "lost", new() { ["reason"] = "Budget cut" });
        var lost = await FindAsync(id);
        (lost.Status, lost.Probability, lost.LostReason).ShouldBe((LeadStatus.Lost, 0, "Budget cut"));
        (await admin.Http.GetStringAsync($"/Records/crm.lead/{id}/history")).ShouldContain("Lost");
    }

    [Fact]
    public async Task A_lead_with_only_a_company_name_cannot_be_won_until_converted()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var id = await CreateAsync(admin, new() { ["Title"] = "Lima unconverted", ["CompanyName"] = "Lima Nowhere Ltd" });

        await PostAsync(admin, id, "won", new());

        (await admin.Http.GetStringAsync($"/Crm/Leads/{id}")).ShouldContain("Convert the lead to a third party before marking it won.");
        (await FindAsync(id)).Status.ShouldBe(LeadStatus.Open);
    }

    [Fact]
    public async Task The_pipeline_and_the_list_total_count_amount_and_weighted_amount_per_stage()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var owner = await NewUserAsync("pipeowner", [CrmPermissions.Leads.Read]);
        var company = await CreateThirdPartyAsync(admin, "Mike Pipeline SARL", null);
        async Task Add(string title, string amount, string stage, string? probability = null)
        {
            var fields = new Dictionary<string, string> { ["Title"] = title, ["ThirdPartyId"] = company.ToString(), ["ExpectedAmount"] = amount, ["Stage"] = stage, ["OwnerUserId"] = owner.ToString() };
            if (probability is not null)
            {
                fields["Probability"] = probability;
            }

            await CreateAsync(admin, fields);
        }

        await Add("P1", "1000", "Prospection");
        await Add("P2", "2500.50", "Prospection");
        await Add("N1", "10000", "Negotiation");
        await Add("N2", "300", "Negotiation", "50");
        var lost = await CreateAsync(admin, new() { ["Title"] = "L1", ["ThirdPartyId"] = company.ToString(), ["ExpectedAmount"] = "777", ["OwnerUserId"] = owner.ToString() });
        await PostAsync(admin, lost, "lost", new());

        var pipeline = await admin.Http.GetStringAsync($"/Crm/Leads/pipeline?owner={owner}");

        Column(pipeline, "Prospection").ShouldBe((2, Digits(3500.50m), Digits(350.05m)));
        Column(pipeline, "Qualification").ShouldBe((0, Digits(0m), Digits(0m)));
        Column(pipeline, "Negotiation").ShouldBe((2, Digits(10300m), Digits(6150m)));
        Column(pipeline, "Lost").ShouldBe((1, Digits(777m), Digits(0m)));
        var open = await admin.Http.GetStringAsync($"/Crm/Leads?owner={owner}&status=Open");
        Digits(TotalIn(open, "expected")).ShouldBe(Digits(13800.50m));
        Digits(TotalIn(open, "weighted")).ShouldBe(Digits(6500.05m));
    }

    [Fact]
    public async Task Converting_a_lead_creates_a_prospect_with_a_CU_code_its_contact_and_a_link_and_a_duplicate_is_offered_instead()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var id = await CreateAsync(admin, new()
        {
            ["Title"] = "November fit-out", ["CompanyName"] = "November Conversion Works", ["ContactName"] = "Anna Maria Karenina",
            ["ContactEmail"] = "anna@november.example", ["ContactPhone"] = "+33 1 23 45 67 89",
        });

        (await PostAsync(admin, id, "convert", new())).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var lead = await db.Set<Lead>().AsNoTracking().SingleAsync(l => l.Id == id);
            var thirdParty = await db.Set<ThirdParty>().AsNoTracking().SingleAsync(t => t.Id == lead.ThirdPartyId);
            thirdParty.Name.ShouldBe("November Conversion Works");
            thirdParty.IsProspect.ShouldBeTrue();
            thirdParty.CustomerCode.ShouldNotBeNull().ShouldMatch(@"^CU\d{4}-\d{4}$");
            var contact = await db.Set<Contact>().AsNoTracking().SingleAsync(c => c.Id == lead.ContactId);
            (contact.ThirdPartyId, contact.FirstName, contact.LastName, contact.Email).ShouldBe((thirdParty.Id, "Anna Maria", "Karenina", "anna@november.example"));
            (await db.Set<RecordLink>().CountAsync(l => l.SourceType == "crm.lead" && l.SourceId == id && l.TargetType == "crm.thirdparty" && l.TargetId == thirdParty.Id))
                .ShouldBe(1);
        }

        var card = await admin.Http.GetStringAsync($"/Crm/Leads/{id}");
        card.ShouldContain("November Conversion Works");
        card.ShouldNotContain($"/Crm/Leads/{id}/convert");

        var twin = await CreateAsync(admin, new() { ["Title"] = "November again", ["CompanyName"] = "november conversion works", ["ContactName"] = "Twin" });
        var thirdParties = await CountAsync<ThirdParty>();
        var contacts = await CountAsync<Contact>();

        await PostAsync(admin, twin, "convert", new());

        var warning = await admin.Http.GetStringAsync($"/Crm/Leads/{twin}");
        warning.ShouldContain("This company may already be a third party");
        warning.ShouldContain($"/Crm/ThirdParties/{(await FindAsync(id)).ThirdPartyId}");
        (await CountAsync<ThirdParty>()).ShouldBe(thirdParties);
        (await CountAsync<Contact>()).ShouldBe(contacts);
        (await FindAsync(twin)).ThirdPartyId.ShouldBeNull();

        await PostAsync(admin, twin, "attach", new() { ["thirdParty"] = (await FindAsync(id)).ThirdPartyId!.Value.ToString() });
        (await FindAsync(twin)).ThirdPartyId.ShouldBe((await FindAsync(id)).ThirdPartyId);
    }

    [Fact]
    public async Task A_conversion_that_fails_half_way_leaves_no_third_party_no_contact_no_code_used_and_the_lead_as_it_was()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var id = await CreateAsync(admin, new() { ["Title"] = "Doomed conversion", ["CompanyName"] = "Half Way Holdings", ["ContactName"] = "Ivo Explode" });
        var before = await CreateThirdPartyAsync(admin, "Code Before Ltd", null);
        var thirdParties = await CountAsync<ThirdParty>();
        var contacts = await CountAsync<Contact>();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // A real database failure after the third party and its code are written, inside the conversion.
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.ExecuteSqlRawAsync("""
                CREATE FUNCTION crm.test_refuse_contact() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN IF NEW.last_name = 'Explode' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$;
                CREATE TRIGGER test_refuse_contact BEFORE INSERT ON crm.contacts FOR EACH ROW EXECUTE FUNCTION crm.test_refuse_contact();
                """);
        }

        var response = await admin.PostFormAsync($"/Crm/Leads/{id}", $"/Crm/Leads/{id}/convert", new());

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        (await CountAsync<ThirdParty>()).ShouldBe(thirdParties);
        (await CountAsync<Contact>()).ShouldBe(contacts);
        var lead = await FindAsync(id);
        (lead.ThirdPartyId, lead.ContactId, lead.CompanyName).ShouldBe((null, null, "Half Way Holdings"));
        var after = await CreateThirdPartyAsync(admin, "Code After Ltd", null);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var codes = await db.Set<ThirdParty>().AsNoTracking().Where(t => t.Id == before || t.Id == after).OrderBy(t => t.Id).Select(t => t.CustomerCode!).ToListAsync();
            int Counter(string code) => int.Parse(code[(code.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            Counter(codes[1]).ShouldBe(Counter(codes[0]) + 1, "the failed conversion's code was rolled back with it");
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER test_refuse_contact ON crm.contacts; DROP FUNCTION crm.test_refuse_contact();");
        }
    }

    [Fact]
    public async Task A_representative_reaches_only_leads_of_their_third_parties_and_their_own_by_list_pipeline_export_and_url()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        string[] rights = [CrmPermissions.Leads.Read, CrmPermissions.Leads.Write, CrmPermissions.ThirdParties.Read];
        var oscar = await NewUserAsync("oscar", rights);
        var papa = await NewUserAsync("papa", rights);
        var oscarsParty = await CreateThirdPartyAsync(admin, "Oscar Portfolio SARL", oscar);
        var papasParty = await CreateThirdPartyAsync(admin, "Papa Portfolio SARL", papa);
        var atMine = await CreateAsync(admin, new() { ["Title"] = "Visible at my customer", ["ThirdPartyId"] = oscarsParty.ToString() });
        var owned = await CreateAsync(admin, new() { ["Title"] = "Visible I own it", ["CompanyName"] = "Someone New", ["OwnerUserId"] = oscar.ToString() });
        var atTheirs = await CreateAsync(admin, new() { ["Title"] = "Hidden at their customer", ["ThirdPartyId"] = papasParty.ToString() });
        var theirsOwned = await CreateAsync(admin, new() { ["Title"] = "Hidden they own it", ["CompanyName"] = "Other New", ["OwnerUserId"] = papa.ToString() });

        using var asOscar = await SignedInClient.AsAsync(app, "oscar", "oscar-pass-1");
        foreach (var url in new[] { "/Crm/Leads?q=den", "/Crm/Leads?q=ible", "/Crm/Leads/pipeline", "/Crm/Leads?export=csv" })
        {
            var page = await asOscar.Http.GetStringAsync(url);
            page.ShouldNotContain("Hidden at their customer", customMessage: url);
            page.ShouldNotContain("Hidden they own it", customMessage: url);
        }

        var all = await asOscar.Http.GetStringAsync("/Crm/Leads/pipeline");
        all.ShouldContain("Visible at my customer");
        all.ShouldContain("Visible I own it");
        (await asOscar.Http.GetStringAsync("/Crm/Leads?export=csv")).ShouldContain("Visible I own it");
        (await asOscar.GetAsync($"/Crm/Leads/{atMine}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await asOscar.GetAsync($"/Crm/Leads/{owned}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var hidden in new[] { atTheirs, theirsOwned })
        {
            (await asOscar.GetAsync($"/Crm/Leads/{hidden}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await asOscar.GetAsync($"/Crm/Leads/{hidden}/edit")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await asOscar.GetAsync($"/Records/crm.lead/{hidden}/history")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await asOscar.PostFormAsync($"/Crm/Leads/{atMine}", $"/Crm/Leads/{hidden}/stage", new() { ["stage"] = "Proposal" }))
                .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        (await FindAsync(atTheirs)).Stage.ShouldBe(LeadStage.Prospection);
    }

    [Fact]
    public async Task A_reader_sees_no_action_buttons_and_is_refused_with_403_when_posting()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var id = await CreateAsync(admin, new() { ["Title"] = "Quebec readonly", ["CompanyName"] = "Quebec Co" });
        await NewUserAsync("leadreader", [CrmPermissions.Leads.Read, CrmPermissions.ThirdParties.SeeAll]);
        using var reader = await SignedInClient.AsAsync(app, "leadreader", "leadreader-pass-1");

        var card = await reader.Http.GetStringAsync($"/Crm/Leads/{id}");
        var token = SignedInClient.TokenIn(card);
        card.ShouldNotContain($"/Crm/Leads/{id}/edit");
        card.ShouldNotContain($"/Crm/Leads/{id}/stage");
        foreach (var action in new[] { "stage", "won", "lost", "reopen", "convert", "delete", "edit" })
        {
            (await reader.PostWithTokenAsync($"/Crm/Leads/{id}/{action}", [new("stage", "Proposal"), new("Title", "Hacked"), new("CompanyName", "H")], token))
                .StatusCode.ShouldBe(HttpStatusCode.Forbidden, action);
        }

        (await reader.PostWithTokenAsync(NewLead, [new("Title", "Hacked"), new("CompanyName", "H")], token)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reader.GetAsync("/Crm/Leads/pipeline")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await FindAsync(id)).Stage.ShouldBe(LeadStage.Prospection);
    }

    [GeneratedRegex("data-tab=\"leads\">\\s*Leads[^<]*<span class=\"badge[^\"]*\">(\\d+)</span>")]
    private static partial Regex LeadsTab();

    private static (int Count, string Total, string Weighted) Column(string html, string stage)
    {
        var section = Regex.Match(html, $"data-stage=\"{stage}\".*?</h2>.*?</div>", RegexOptions.Singleline).Value;
        section.ShouldNotBeEmpty(stage);
        return (int.Parse(Regex.Match(section, "data-count>(\\d+)<").Groups[1].Value),
            Digits(Regex.Match(section, "data-total>([^<]*)<").Groups[1].Value),
            Digits(Regex.Match(section, "data-weighted>([^<]*)<").Groups[1].Value));
    }

    private static string TotalIn(string html, string name) => Regex.Match(html, $"data-total=\"{name}\">([^<]*)<").Groups[1].Value;

    /// <summary>The digits of an amount shown with two decimals, whatever the culture's separators.</summary>
    private static string Digits(decimal amount) => Digits(amount.ToString("F2", System.Globalization.CultureInfo.InvariantCulture));

    private static string Digits(string shown) => new(shown.Where(char.IsAsciiDigit).ToArray());

    private static async Task<HttpResponseMessage> PostAsync(SignedInClient client, long id, string action, Dictionary<string, string> fields)
    {
        var response = await client.PostFormAsync($"/Crm/Leads/{id}", $"/Crm/Leads/{id}/{action}", fields);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return response;
    }

    private async Task<long> CreateAsync(SignedInClient client, Dictionary<string, string> fields)
    {
        var response = await client.PostFormAsync(NewLead, NewLead, fields);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    private static async Task<long> CreateThirdPartyAsync(SignedInClient client, string name, long? representative)
    {
        var fields = new Dictionary<string, string> { ["Name"] = name, ["IsCustomer"] = "true", ["CountryCode"] = "FR", ["CreateAnyway"] = "true" };
        if (representative is { } rep)
        {
            fields["SalesRepresentativeIds"] = rep.ToString();
        }

        var response = await client.PostFormAsync("/Crm/ThirdParties/new", "/Crm/ThirdParties/new", fields);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    private async Task<Lead> FindAsync(long id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Lead>().AsNoTracking().SingleAsync(l => l.Id == id);
    }

    private Task<int> CountAsync() => CountAsync<Lead>();

    private async Task<int> CountAsync<T>()
        where T : class
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<T>().CountAsync();
    }

    private async Task<long> NewUserAsync(string login, string[] rights)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var id = await admin.CreateUserAsync(new UserForm { UserName = login, FullName = login, Password = login + "-pass-1" });
        await admin.SetUserPermissionsAsync(id, rights);
        return id;
    }
}
