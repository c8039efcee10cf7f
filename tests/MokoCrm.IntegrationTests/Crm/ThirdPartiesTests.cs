using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Crm;
using MokoCrm.Web.Modules.Crm.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Features;

namespace MokoCrm.IntegrationTests.Crm;

public sealed partial class ThirdPartiesTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    private const string NewForm = "/Crm/ThirdParties/new";

    [Fact]
    public async Task A_new_customer_gets_a_CU_code_from_numbering_and_the_411_account_and_becoming_a_supplier_adds_an_SU_code()
    {
        using var admin = await SignedInClient.AdminAsync(app);

        var id = await CreateAsync(admin, new() { ["Name"] = "Fromagerie Dupont", ["IsCustomer"] = "true", ["CountryCode"] = "FR" });
        var created = await FindAsync(id);
        created.CustomerCode.ShouldNotBeNull().ShouldMatch(@"^CU\d{4}-\d{4}$");
        created.SupplierCode.ShouldBeNull();
        created.AccountingCode.ShouldBe("411" + created.CustomerCode);

        var edited = await admin.PostFormAsync($"/Crm/ThirdParties/{id}/edit", $"/Crm/ThirdParties/{id}/edit",
            new() { ["Name"] = "Fromagerie Dupont", ["IsCustomer"] = "true", ["IsSupplier"] = "true", ["CountryCode"] = "FR" });

        edited.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await FindAsync(id);
        after.CustomerCode.ShouldBe(created.CustomerCode);
        after.SupplierCode.ShouldNotBeNull().ShouldMatch(@"^SU\d{4}-\d{4}$");
        var card = await admin.Http.GetStringAsync($"/Crm/ThirdParties/{id}");
        card.ShouldContain(created.CustomerCode!);
        card.ShouldContain(after.SupplierCode!);

        var next = await FindAsync(await CreateAsync(admin, new() { ["Name"] = "Crèmerie Voisin", ["IsProspect"] = "true", ["CountryCode"] = "FR" }));
        int.Parse(next.CustomerCode![^4..]).ShouldBe(int.Parse(created.CustomerCode![^4..]) + 1, "prospects take the next customer code, no gap");
    }

    [Fact]
    public async Task A_likely_duplicate_is_warned_about_and_created_only_once_the_user_confirms()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        await CreateAsync(admin, new() { ["Name"] = "Garage Lambert SA", ["IsCustomer"] = "true", ["CountryCode"] = "FR", ["VatId"] = "FR12345678901" });
        var before = await CountAsync();

        var sameVat = await admin.PostFormAsync(NewForm, NewForm,
            new() { ["Name"] = "Lambert Automobiles", ["IsCustomer"] = "true", ["CountryCode"] = "FR", ["VatId"] = "fr 12345678901" });
        var sameName = await admin.PostFormAsync(NewForm, NewForm, new() { ["Name"] = "garage lambert s.a.", ["IsCustomer"] = "true", ["CountryCode"] = "FR" });

        sameVat.StatusCode.ShouldBe(HttpStatusCode.OK);
        var warning = await sameVat.Content.ReadAsStringAsync();
        warning.ShouldContain("This third party may already exist");
        warning.ShouldContain("same VAT id FR12345678901");
        warning.ShouldContain("Create anyway");
        (await sameName.Content.ReadAsStringAsync()).ShouldContain("same name");
        (await CountAsync()).ShouldBe(before);

        var confirmed = await admin.PostFormAsync(NewForm, NewForm,
            new() { ["Name"] = "Lambert Automobiles", ["IsCustomer"] = "true", ["CountryCode"] = "FR", ["VatId"] = "FR12345678901", ["CreateAnyway"] = "true" });

        confirmed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await CountAsync()).ShouldBe(before + 1);
    }

    [Fact]
    public async Task Bad_input_shows_a_message_per_field_and_saves_nothing()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var before = await CountAsync();

        var blank = await admin.PostFormAsync(NewForm, NewForm, new() { ["Name"] = " ", ["CountryCode"] = "FR", ["Email"] = "not-an-email", ["VatId"] = "12" });
        var unknownCountry = await admin.PostFormAsync(NewForm, NewForm, new() { ["Name"] = "Nowhere Ltd", ["IsCustomer"] = "true", ["CountryCode"] = "ZZ" });
        var unknownRep = await admin.PostFormAsync(NewForm, NewForm,
            new() { ["Name"] = "Ghost Ltd", ["IsCustomer"] = "true", ["CountryCode"] = "FR", ["SalesRepresentativeIds"] = "987654" });

        var page = await blank.Content.ReadAsStringAsync();
        page.ShouldContain("Enter the name of the third party.");
        page.ShouldContain("Enter a valid e-mail address.");
        page.ShouldContain("Tick at least one of customer, prospect or supplier.");
        page.ShouldContain("A VAT id starts with the country");
        (await unknownCountry.Content.ReadAsStringAsync()).ShouldContain("The country &#x27;ZZ&#x27; does not exist.");
        (await unknownRep.Content.ReadAsStringAsync()).ShouldContain("A sales representative chosen is not an active user.");
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_sales_representative_reaches_only_their_own_customers_by_list_export_lookup_and_url_and_see_all_reaches_every_one()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        string[] repRights = [CrmPermissions.ThirdParties.Read, CrmPermissions.ThirdParties.Write, CrmPermissions.ThirdParties.Export, CrmPermissions.Contacts.Read];
        var alice = await NewUserAsync("alice", repRights);
        var bob = await NewUserAsync("bob", repRights);
        await NewUserAsync("carol", [.. repRights, CrmPermissions.ThirdParties.SeeAll]);
        var mine = await CreateAsync(admin, new() { ["Name"] = "Alpha Visible SARL", ["IsCustomer"] = "true", ["CountryCode"] = "FR", ["SalesRepresentativeIds"] = alice.ToString() });
        var theirs = await CreateAsync(admin, new() { ["Name"] = "Bravo Hidden SARL", ["IsCustomer"] = "true", ["CountryCode"] = "FR", ["SalesRepresentativeIds"] = bob.ToString() });
        await admin.PostFormAsync("/Crm/Contacts/new", "/Crm/Contacts/new", new() { ["ThirdPartyId"] = theirs.ToString(), ["LastName"] = "Hiddencontact" });

        using var asAlice = await SignedInClient.AsAsync(app, "alice", "alice-pass-1");
        var list = await asAlice.Http.GetStringAsync("/Crm/ThirdParties?q=SARL");
        var export = await asAlice.Http.GetStringAsync("/Crm/ThirdParties?export=csv");
        var lookup = await asAlice.Http.GetStringAsync("/Crm/ThirdParties/lookup?q=a");
        var contacts = await asAlice.Http.GetStringAsync("/Crm/Contacts");

        list.ShouldContain("Alpha Visible SARL");
        list.ShouldNotContain("Bravo Hidden SARL");
        export.ShouldContain("Alpha Visible SARL");
        export.ShouldNotContain("Bravo Hidden SARL");
        lookup.ShouldContain("Alpha Visible SARL");
        lookup.ShouldNotContain("Bravo Hidden SARL");
        contacts.ShouldNotContain("Hiddencontact");
        (await asAlice.GetAsync($"/Crm/ThirdParties/{mine}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await asAlice.GetAsync($"/Crm/ThirdParties/{theirs}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await asAlice.GetAsync($"/Crm/ThirdParties/{theirs}/edit")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await asAlice.GetAsync($"/Records/crm.thirdparty/{theirs}/history")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await asAlice.PostFormAsync($"/Crm/ThirdParties/{mine}", $"/Crm/ThirdParties/{theirs}/close", new())).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        using var asCarol = await SignedInClient.AsAsync(app, "carol", "carol-pass-1");
        var all = await asCarol.Http.GetStringAsync("/Crm/ThirdParties?q=SARL");
        all.ShouldContain("Alpha Visible SARL");
        all.ShouldContain("Bravo Hidden SARL");
        (await asCarol.GetAsync($"/Crm/ThirdParties/{theirs}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_list_filters_by_kind_status_country_region_representative_and_prospect_status()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var rep = await NewUserAsync("erin", [CrmPermissions.ThirdParties.Read]);
        long region;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            region = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<MokoCrm.Web.Platform.Setup.Domain.Region>()
                .Where(r => r.CountryCode == "FR").Select(r => r.Id).FirstAsync();
        }

        await CreateAsync(admin, new() { ["Name"] = "Filter One Supplier", ["IsSupplier"] = "true", ["CountryCode"] = "DE" });
        await CreateAsync(admin, new() { ["Name"] = "Filter Two Prospect", ["IsProspect"] = "true", ["CountryCode"] = "FR", ["RegionId"] = region.ToString(),
            ["ProspectStatus"] = "InProgress", ["SalesRepresentativeIds"] = rep.ToString() });
        var closed = await CreateAsync(admin, new() { ["Name"] = "Filter Three Closed", ["IsCustomer"] = "true", ["CountryCode"] = "FR" });
        await admin.PostFormAsync($"/Crm/ThirdParties/{closed}", $"/Crm/ThirdParties/{closed}/close", new());

        async Task<string> ListAsync(string query) => await admin.Http.GetStringAsync("/Crm/ThirdParties?q=Filter&" + query);

        var suppliers = await ListAsync("kind=supplier");
        suppliers.ShouldContain("Filter One Supplier");
        suppliers.ShouldNotContain("Filter Two Prospect");
        (await ListAsync("status=Closed")).ShouldContain("Filter Three Closed");
        (await ListAsync("status=Active")).ShouldNotContain("Filter Three Closed");
        (await ListAsync("country=DE")).ShouldNotContain("Filter Three Closed");
        var inRegion = await ListAsync($"country=FR&region={region}");
        inRegion.ShouldContain("Filter Two Prospect");
        inRegion.ShouldNotContain("Filter Three Closed");
        (await ListAsync($"representative={rep}")).ShouldNotContain("Filter One Supplier");
        var inProgress = await ListAsync("prospect=InProgress");
        inProgress.ShouldContain("Filter Two Prospect");
        inProgress.ShouldNotContain("Filter One Supplier");
    }

    [Fact]
    public async Task A_representative_who_creates_a_third_party_becomes_its_representative_and_keeps_seeing_it()
    {
        await NewUserAsync("dave", [CrmPermissions.ThirdParties.Read, CrmPermissions.ThirdParties.Write]);
        using var dave = await SignedInClient.AsAsync(app, "dave", "dave-pass-1");

        var id = await CreateAsync(dave, new() { ["Name"] = "Delta Own Creation", ["IsProspect"] = "true", ["CountryCode"] = "FR" });

        (await dave.GetAsync($"/Crm/ThirdParties/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_reader_sees_no_action_buttons_and_is_refused_with_403_when_posting()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var id = await CreateAsync(admin, new() { ["Name"] = "Echo Readonly", ["IsCustomer"] = "true", ["CountryCode"] = "FR" });
        await NewUserAsync("reader", [CrmPermissions.ThirdParties.Read, CrmPermissions.ThirdParties.SeeAll, CrmPermissions.Contacts.Read]);
        using var reader = await SignedInClient.AsAsync(app, "reader", "reader-pass-1");

        var card = await reader.Http.GetStringAsync($"/Crm/ThirdParties/{id}");
        var token = SignedInClient.TokenIn(card);
        card.ShouldNotContain($"/Crm/ThirdParties/{id}/edit");
        card.ShouldNotContain($"/Crm/ThirdParties/{id}/close");
        card.ShouldNotContain($"/Crm/ThirdParties/{id}/delete");
        foreach (var action in new[] { $"/Crm/ThirdParties/{id}/close", $"/Crm/ThirdParties/{id}/delete", $"/Crm/ThirdParties/{id}/edit", NewForm })
        {
            (await reader.PostWithTokenAsync(action, [new("Name", "Hacked"), new("IsCustomer", "true"), new("CountryCode", "FR")], token))
                .StatusCode.ShouldBe(HttpStatusCode.Forbidden, action);
        }

        (await reader.GetAsync("/Crm/ThirdParties?export=csv")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reader.GetAsync("/Crm/Contacts?export=xlsx")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reader.Http.GetStringAsync("/Crm/ThirdParties")).ShouldNotContain("export=csv");
        (await reader.Http.GetStringAsync("/Crm/Contacts")).ShouldNotContain("export=xlsx");
        (await FindAsync(id)).Status.ShouldBe(ThirdPartyStatus.Active);
    }

    [Fact]
    public async Task Closing_and_reopening_changes_the_status_and_history_records_it()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var id = await CreateAsync(admin, new() { ["Name"] = "Foxtrot Seasonal", ["IsCustomer"] = "true", ["CountryCode"] = "FR" });
        var card = $"/Crm/ThirdParties/{id}";

        (await admin.PostFormAsync(card, card + "/close", new())).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.Http.GetStringAsync(card)).ShouldContain("data-status=\"Closed\"");
        (await admin.PostFormAsync(card, card + "/close", new())).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.Http.GetStringAsync(card)).ShouldContain("is already closed");
        (await admin.PostFormAsync(card, card + "/reopen", new())).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await FindAsync(id)).Status.ShouldBe(ThirdPartyStatus.Active);
        (await admin.Http.GetStringAsync($"/Records/crm.thirdparty/{id}/history")).ShouldContain("Closed");
    }

    [Fact]
    public async Task A_contact_is_created_at_a_third_party_and_shown_on_its_card_and_a_bad_contact_is_refused()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var id = await CreateAsync(admin, new() { ["Name"] = "Golf Contacts Inc", ["IsCustomer"] = "true", ["CountryCode"] = "US" });

        var bad = await admin.PostFormAsync("/Crm/Contacts/new", "/Crm/Contacts/new", new() { ["ThirdPartyId"] = id.ToString(), ["LastName"] = "", ["Email"] = "x@" });
        var created = await admin.PostFormAsync("/Crm/Contacts/new", "/Crm/Contacts/new",
            new() { ["ThirdPartyId"] = id.ToString(), ["FirstName"] = "Grace", ["LastName"] = "Hopper", ["Email"] = "grace@golf.example", ["Active"] = "true" });

        var badPage = await bad.Content.ReadAsStringAsync();
        badPage.ShouldContain("Enter the contact&#x27;s last name.");
        badPage.ShouldContain("Enter a valid e-mail address.");
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var card = await admin.Http.GetStringAsync($"/Crm/ThirdParties/{id}");
        card.ShouldContain("Grace");
        card.ShouldContain("Hopper");
        TabCount().Match(card).Groups[1].Value.ShouldBe("1");
        (await admin.Http.GetStringAsync(created.Headers.Location!.ToString())).ShouldContain("Golf Contacts Inc");
    }

    private async Task<long> CreateAsync(SignedInClient client, Dictionary<string, string> fields)
    {
        fields.TryAdd("CreateAnyway", "true");
        var response = await client.PostFormAsync(NewForm, NewForm, fields);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    private async Task<ThirdParty> FindAsync(long id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<ThirdParty>().AsNoTracking().SingleAsync(t => t.Id == id);
    }

    private async Task<int> CountAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<ThirdParty>().CountAsync();
    }

    private async Task<long> NewUserAsync(string login, string[] rights)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var id = await admin.CreateUserAsync(new UserForm { UserName = login, FullName = login, Password = login + "-pass-1" });
        await admin.SetUserPermissionsAsync(id, rights);
        return id;
    }

    [GeneratedRegex("data-tab=\"contacts\">\\s*Contacts[^<]*<span class=\"badge[^\"]*\">(\\d+)</span>")]
    private static partial Regex TabCount();
}
