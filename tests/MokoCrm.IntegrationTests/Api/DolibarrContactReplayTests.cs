using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Crm;
using MokoCrm.Web.Modules.Crm.Domain;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.IntegrationTests.Api;

/// <summary>A Dolibarr client keeping its address book: POST contacts (answers the id), PUT changes, read back; rights and visibility as the screens.</summary>
public sealed class DolibarrContactReplayTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task A_contact_is_created_at_a_third_party_changed_and_listed_with_Dolibarr_fields()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var socid = await PartyAsync(api, "Dol Contacts SA");
        // As PHP clients send them: numbers as strings, entity and array_options.
        var id = (await (await api.PostAsync("/api/index.php/contacts", new
        {
            socid = socid.ToString(System.Globalization.CultureInfo.InvariantCulture), lastname = "Lovelace", firstname = "Ada", poste = "Analyst",
            email = "ada@example.com", phone_pro = "+33 1 23 45 67 89", phone_mobile = "+33 6 12 34 56 78", statut = "1", entity = 1, array_options = new { },
        })).ReadAsync(HttpStatusCode.OK)).GetValue<long>();

        var contact = await (await api.GetAsync($"/api/index.php/contacts/{id}")).ReadAsync(HttpStatusCode.OK);
        (contact["id"]!.GetValue<long>(), contact["socid"]!.GetValue<long>(), contact["lastname"]!.GetValue<string>(), contact["firstname"]!.GetValue<string>(), contact["poste"]!.GetValue<string>())
            .ShouldBe((id, socid, "Lovelace", "Ada", "Analyst"));
        (contact["email"]!.GetValue<string>(), contact["phone_pro"]!.GetValue<string>(), contact["phone_mobile"]!.GetValue<string>(), contact["statut"]!.GetValue<int>(), contact["no_email"]!.GetValue<int>())
            .ShouldBe(("ada@example.com", "+33 1 23 45 67 89", "+33 6 12 34 56 78", 1, 0));

        var changed = await (await api.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/index.php/contacts/{id}") { Content = ApiKit.Json(new { poste = "Engineer", no_email = 1, statut = 0 }) }))
            .ReadAsync(HttpStatusCode.OK);
        (changed["id"]!.GetValue<long>(), changed["poste"]!.GetValue<string>(), changed["no_email"]!.GetValue<int>(), changed["statut"]!.GetValue<int>(), changed["lastname"]!.GetValue<string>(), changed["email"]!.GetValue<string>())
            .ShouldBe((id, "Engineer", 1, 0, "Lovelace", "ada@example.com"));

        // A retried POST with the same Idempotency-Key answers the first contact's id and creates no other.
        var key = Guid.NewGuid().ToString();
        var second = (await (await api.PostAsync("/api/index.php/contacts", new { socid, lastname = "Babbage" }, key)).ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        (await (await api.PostAsync("/api/index.php/contacts", new { socid, lastname = "Babbage" }, key)).ReadAsync(HttpStatusCode.OK)).GetValue<long>().ShouldBe(second);
        var listed = await (await api.GetAsync($"/api/index.php/contacts?thirdparty_ids={socid}&sortfield=t.lastname&sqlfilters=" + Uri.EscapeDataString("(t.statut:=:1)"))).ReadAsync(HttpStatusCode.OK);
        listed.AsArray().Select(c => c!["id"]!.GetValue<long>()).ShouldBe([second]);

        var moved = await (await api.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/index.php/contacts/{second}") { Content = ApiKit.Json(new { socid = 0 }) })).ReadAsync(HttpStatusCode.OK);
        moved["socid"].ShouldBeNull();
    }

    [Fact]
    public async Task Bad_contacts_and_contacts_out_of_sight_are_refused_and_nothing_is_changed()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var socid = await PartyAsync(api, "Dol Contacts Errors SARL");
        var id = (await (await api.PostAsync("/api/index.php/contacts", new { socid, lastname = "Hopper", email = "grace@example.com" })).ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        var before = await CountAsync();

        (await (await api.PostAsync("/api/index.php/contacts", new { firstname = "Nobody" })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldBe("Bad Request: lastname field missing");
        (await (await api.PostAsync("/api/index.php/contacts", new { lastname = "Mail", email = "not-mail" })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("email: Enter a valid e-mail address.");
        (await (await api.PostAsync("/api/index.php/contacts", new { lastname = "Ghost", socid = 987654321 })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("does not exist");
        (await (await api.PostAsync("/api/index.php/contacts", new { lastname = "Flag", statut = 5 })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("statut is 0 or 1");
        (await (await api.PostAsync("/api/index.php/contacts", new { lastname = "Fax", fax = "0102" })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("Unknown field 'fax'");
        (await (await api.PostAsync("/api/index.php/contacts", new { lastname = new[] { "A" } })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("lastname");
        (await (await api.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/api/index.php/contacts/987654321") { Content = ApiKit.Json(new { poste = "Ghost" }) }))
            .DolibarrErrorAsync(HttpStatusCode.NotFound)).ShouldBe("Not Found: Contact not found");
        (await (await api.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/index.php/contacts/{id}") { Content = ApiKit.Json(new { lastname = "" }) }))
            .DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("lastname");

        // A rep who may write contacts but not see this third party: the contact does not exist for them.
        var (_, repKey) = await ApiKit.UserWithKeyAsync(app, CrmPermissions.Contacts.Read, CrmPermissions.Contacts.Write);
        using var rep = ApiKit.Client(app, repKey);
        (await (await rep.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/index.php/contacts/{id}") { Content = ApiKit.Json(new { poste = "Hijacked" }) }))
            .DolibarrErrorAsync(HttpStatusCode.NotFound)).ShouldBe("Not Found: Contact not found");
        (await (await rep.PostAsync("/api/index.php/contacts", new { socid, lastname = "Intruder" })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("does not exist");
        var (_, readerKey) = await ApiKit.UserWithKeyAsync(app, CrmPermissions.Contacts.Read);
        using var reader = ApiKit.Client(app, readerKey);
        (await reader.PostAsync("/api/index.php/contacts", new { lastname = "Reader" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reader.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/index.php/contacts/{id}") { Content = ApiKit.Json(new { poste = "Reader" }) })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await CountAsync()).ShouldBe(before);
        var unchanged = await (await api.GetAsync($"/api/index.php/contacts/{id}")).ReadAsync(HttpStatusCode.OK);
        (unchanged["lastname"]!.GetValue<string>(), unchanged["poste"]).ShouldBe(("Hopper", null));

        // A private contact (no socid) is the rep's own to make.
        var own = (await (await rep.PostAsync("/api/index.php/contacts", new { lastname = "Private Person" })).ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        (await (await rep.GetAsync($"/api/index.php/contacts/{own}")).ReadAsync(HttpStatusCode.OK))["socid"].ShouldBeNull();
    }

    private static async Task<long> PartyAsync(HttpClient api, string name) =>
        (await (await api.PostAsync("/api/index.php/thirdparties", new { name = $"{name} {Guid.NewGuid():N}"[..(name.Length + 9)], client = 1 })).ReadAsync(HttpStatusCode.OK)).GetValue<long>();

    private async Task<int> CountAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Contact>().CountAsync();
    }
}
