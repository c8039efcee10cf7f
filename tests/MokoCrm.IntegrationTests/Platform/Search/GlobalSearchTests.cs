using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Crm;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Features;

namespace MokoCrm.IntegrationTests.Platform.Search;

public sealed class GlobalSearchTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task The_top_bar_search_finds_third_parties_contacts_and_leads_by_name_code_email_vat_and_phone_grouped_by_type()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var party = await CreateThirdPartyAsync(admin, new()
        {
            ["Name"] = "Quincaillerie Zéphyrin", ["Email"] = "contact@zephyrin-outils.example", ["Phone"] = "+33 4 78 12 34 56", ["VatId"] = "FR44555666777",
        });
        await Created(admin.PostFormAsync("/Crm/Contacts/new", "/Crm/Contacts/new",
            new() { ["ThirdPartyId"] = party.ToString(), ["FirstName"] = "Ysolde", ["LastName"] = "Marchetti", ["Email"] = "ysolde@zephyrin-outils.example", ["Mobile"] = "06 98 76 54 32" }));
        await Created(admin.PostFormAsync("/Crm/Leads/new", "/Crm/Leads/new", new() { ["Title"] = "Rayonnages Zéphyrin 2027", ["ThirdPartyId"] = party.ToString() }));
        var code = await CustomerCodeAsync(party);

        var byName = await admin.Http.GetStringAsync("/Search?q=ZÉPHYRIN");
        byName.ShouldContain("Quincaillerie Zéphyrin");
        byName.ShouldContain("Rayonnages Zéphyrin 2027");
        byName.ShouldContain("Third party");
        byName.ShouldContain("Lead");
        // Accents are folded on both sides: typed without them, or with others, the name is still found.
        (await admin.Http.GetStringAsync("/Search?q=quincaillerie%20zephyrin")).ShouldContain("Quincaillerie Zéphyrin");
        (await admin.Http.GetStringAsync("/Crm/ThirdParties?q=zephyrin")).ShouldContain("Quincaillerie Zéphyrin");
        (await admin.Http.GetStringAsync($"/Search?q={code}")).ShouldContain($"/Crm/ThirdParties/{party}");
        (await admin.Http.GetStringAsync("/Search?q=zephyrin-outils")).ShouldContain("Ysolde Marchetti");
        (await admin.Http.GetStringAsync("/Search?q=555666")).ShouldContain("Quincaillerie Zéphyrin");
        (await admin.Http.GetStringAsync("/Search?q=78%2012%2034")).ShouldContain("Quincaillerie Zéphyrin");
        (await admin.Http.GetStringAsync("/Search?q=0698.765")).ShouldContain("Ysolde Marchetti");
        (await admin.Http.GetStringAsync("/Search?q=marchetti")).ShouldContain($"/Crm/Contacts/");

        // The pickers: "about" any record (an event's linked record) and the contacts of one third party.
        var anyRecord = await admin.Http.GetStringAsync("/Search/lookup?q=z%C3%A9phyrin");
        anyRecord.ShouldContain($"\"crm.thirdparty:{party}\"");
        anyRecord.ShouldContain("Lead: Rayonnages Z");
        var other = await CreateThirdPartyAsync(admin, new() { ["Name"] = "Other Zéphyrin shop" });
        await Created(admin.PostFormAsync("/Crm/Contacts/new", "/Crm/Contacts/new", new() { ["ThirdPartyId"] = other.ToString(), ["LastName"] = "Marchetti-Other" }));
        var ofParty = await admin.Http.GetStringAsync($"/Crm/Contacts/lookup?q=marchetti&ThirdPartyId={party}");
        ofParty.ShouldContain("Ysolde Marchetti");
        ofParty.ShouldNotContain("Marchetti-Other");
        (await admin.Http.GetStringAsync("/Crm/Contacts/lookup?q=marchetti")).ShouldContain("Marchetti-Other (Other Z");

        // LIKE's wildcards are searched for literally, and a one-letter term asks for more.
        (await admin.Http.GetStringAsync("/Search?q=%25%25")).ShouldContain("Nothing matches");
        (await admin.Http.GetStringAsync("/Search?q=z")).ShouldContain("Type at least 2 characters");
    }

    [Fact]
    public async Task A_representative_finds_only_their_own_customers_and_their_contacts_and_leads()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var rep = await NewUserAsync("searchrep", [CrmPermissions.ThirdParties.Read, CrmPermissions.Contacts.Read, CrmPermissions.Leads.Read]);
        var mine = await CreateThirdPartyAsync(admin, new() { ["Name"] = "Xylophones Ondine mine", ["SalesRepresentativeIds"] = rep.ToString() });
        var theirs = await CreateThirdPartyAsync(admin, new() { ["Name"] = "Xylophones Ondine theirs" });
        await Created(admin.PostFormAsync("/Crm/Contacts/new", "/Crm/Contacts/new", new() { ["ThirdPartyId"] = theirs.ToString(), ["LastName"] = "Ondine-Hidden" }));
        await Created(admin.PostFormAsync("/Crm/Leads/new", "/Crm/Leads/new", new() { ["Title"] = "Ondine hidden deal", ["ThirdPartyId"] = theirs.ToString() }));

        using var asRep = await SignedInClient.AsAsync(app, "searchrep", "searchrep-pass-1");
        var page = await asRep.Http.GetStringAsync("/Search?q=ondine");

        page.ShouldContain($"/Crm/ThirdParties/{mine}");
        page.ShouldNotContain("Xylophones Ondine theirs");
        page.ShouldNotContain("Ondine-Hidden");
        page.ShouldNotContain("Ondine hidden deal");
        var picked = await asRep.Http.GetStringAsync("/Search/lookup?q=ondine");
        picked.ShouldContain($"crm.thirdparty:{mine}");
        picked.ShouldNotContain($"crm.thirdparty:{theirs}");
        (await asRep.Http.GetStringAsync("/Crm/Contacts/lookup?q=ondine")).ShouldNotContain("Ondine-Hidden");

        using var nobody = await SignedInClient.AsAsync(app, await NewUserNameAsync("norights", []), "norights-pass-1");
        var empty = await nobody.GetAsync("/Search?q=ondine");
        empty.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await empty.Content.ReadAsStringAsync()).ShouldContain("Nothing matches");
    }

    private static async Task Created(Task<HttpResponseMessage> post)
    {
        var response = await post;
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
    }

    private static async Task<long> CreateThirdPartyAsync(SignedInClient client, Dictionary<string, string> fields)
    {
        fields["IsCustomer"] = "true";
        fields["CountryCode"] = "FR";
        fields["CreateAnyway"] = "true";
        var response = await client.PostFormAsync("/Crm/ThirdParties/new", "/Crm/ThirdParties/new", fields);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    private async Task<string> CustomerCodeAsync(long id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<MokoCrm.Web.Modules.Crm.Domain.ThirdParty>()
            .Where(t => t.Id == id).Select(t => t.CustomerCode!).SingleAsync();
    }

    private async Task<long> NewUserAsync(string login, string[] rights)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var id = await admin.CreateUserAsync(new UserForm { UserName = login, FullName = login, Password = login + "-pass-1" });
        await admin.SetUserPermissionsAsync(id, rights);
        return id;
    }

    private async Task<string> NewUserNameAsync(string login, string[] rights)
    {
        await NewUserAsync(login, rights);
        return login;
    }
}
