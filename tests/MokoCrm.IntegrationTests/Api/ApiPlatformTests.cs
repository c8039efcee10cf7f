using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Crm;
using MokoCrm.Web.Modules.Crm.Domain;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.IntegrationTests.Api;

/// <summary>Keys, authentication, the error shapes, /status, and the Dolibarr thirdparties endpoints on top of them.</summary>
public sealed class ApiPlatformTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task Status_answers_like_Dolibarr_for_a_valid_key_in_the_header_or_the_query()
    {
        var key = await ApiKit.AdminKeyAsync(app);
        using var client = ApiKit.Client(app, key);

        var status = await (await client.GetAsync("/api/index.php/status")).ReadAsync(HttpStatusCode.OK);
        status["success"]!["code"]!.GetValue<int>().ShouldBe(200);
        status["success"]!["dolibarr_version"]!.GetValue<string>().ShouldBe("22.0.0");
        status["success"]!["mokocrm_version"]!.GetValue<string>().ShouldNotBeNullOrEmpty();

        using var anonymous = ApiKit.Client(app, null);
        (await anonymous.GetAsync($"/api/index.php/status?DOLAPIKEY={Uri.EscapeDataString(key)}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task No_key_a_wrong_key_or_a_session_cookie_gets_401_in_Dolibarr_shape()
    {
        using var anonymous = ApiKit.Client(app, null);
        (await (await anonymous.GetAsync("/api/index.php/thirdparties")).DolibarrErrorAsync(HttpStatusCode.Unauthorized)).ShouldContain("DOLAPIKEY");
        using var wrong = ApiKit.Client(app, "moko_not-a-key");
        (await (await wrong.GetAsync("/api/index.php/status")).DolibarrErrorAsync(HttpStatusCode.Unauthorized)).ShouldContain("Unknown, revoked or disabled");

        using var session = await SignedInClient.AdminAsync(app);
        (await session.GetAsync("/api/index.php/status")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "a cookie does not open the API");
    }

    [Fact]
    public async Task A_key_made_on_the_profile_page_is_shown_once_records_its_last_use_and_stops_working_when_revoked()
    {
        using var session = await SignedInClient.AdminAsync(app);
        var made = await session.PostFormAsync("/Account/Profile", "/Account/Profile/keys", new() { ["label"] = "Web shop" });
        var page = await made.Content.ReadAsStringAsync();
        made.StatusCode.ShouldBe(HttpStatusCode.OK, page);
        var key = System.Text.RegularExpressions.Regex.Match(page, "id=\"new-key-value\" value=\"([^\"]+)\"|value=\"(moko_[^\"]+)\"").Groups.Values.Skip(1).First(g => g.Success).Value;
        key.ShouldStartWith("moko_");

        using var client = ApiKit.Client(app, key);
        (await client.GetAsync("/api/index.php/status")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var again = await session.Http.GetStringAsync("/Account/Profile");
        again.ShouldNotContain(key, Case.Sensitive, "a key is shown only once");
        again.ShouldContain("Web shop");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<ApiKey>().AsNoTracking().SingleAsync(k => k.Prefix == key.Substring(0, 10));
            stored.Hash.ShouldBe(ApiKey.HashOf(key));
            stored.Hash.ShouldNotContain(key);
            stored.LastUsedAt.ShouldNotBeNull();

            var revoke = await session.PostFormAsync("/Account/Profile", $"/Account/Profile/keys/{stored.Id}/revoke", new());
            revoke.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        (await client.GetAsync("/api/index.php/status")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_unknown_endpoint_or_method_answers_json_not_an_html_page()
    {
        using var client = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        (await (await client.GetAsync("/api/index.php/nothing-here")).DolibarrErrorAsync(HttpStatusCode.NotFound)).ShouldContain("Not Found");
        (await client.DeleteAsync("/api/index.php/status")).StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task A_third_party_is_created_read_listed_and_changed_with_Dolibarr_fields_and_codes()
    {
        using var client = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var id = (await (await client.PostAsync("/api/index.php/thirdparties", new
        {
            name = "Api Shop SARL", client = "1", fournisseur = 0, code_client = "-1", address = "1 rue du Port", zip = "13002", town = "Marseille",
            country_id = 1, email = "shop@api.example", phone = "+33 4 00 00 00 00", tva_intra = "FR40123456824",
        })).ReadAsync(HttpStatusCode.OK)).GetValue<long>();

        var t = await (await client.GetAsync($"/api/index.php/thirdparties/{id}")).ReadAsync(HttpStatusCode.OK);
        t["id"]!.GetValue<long>().ShouldBe(id);
        t["name"]!.GetValue<string>().ShouldBe("Api Shop SARL");
        (t["client"]!.GetValue<string>(), t["fournisseur"]!.GetValue<string>(), t["status"]!.GetValue<string>()).ShouldBe(("1", "0", "1"));
        var code = t["code_client"]!.GetValue<string>();
        code.ShouldStartWith("CU");
        t["code_compta_client"]!.GetValue<string>().ShouldBe("411" + code);
        (t["country_code"]!.GetValue<string>(), t["country_id"]!.GetValue<int>(), t["town"]!.GetValue<string>()).ShouldBe(("FR", 1, "Marseille"));
        t["remise_percent"]!.GetValue<string>().ShouldBe("0.00000000");
        t["date_creation"]!.GetValue<long>().ShouldBeGreaterThan(1_700_000_000);

        var list = await (await client.GetAsync("/api/index.php/thirdparties?sqlfilters=" + Uri.EscapeDataString("(t.nom:like:'api shop%') and (t.client:=:1)") + "&sortfield=t.nom&sortorder=DESC&limit=10")).ReadAsync(HttpStatusCode.OK);
        list.AsArray().Select(x => x!["id"]!.GetValue<long>()).ShouldContain(id);
        var only = await (await client.GetAsync($"/api/index.php/thirdparties?sqlfilters=(t.rowid:=:{id})&properties=id,name")).ReadAsync(HttpStatusCode.OK);
        only.AsArray().Single()!.AsObject().Select(p => p.Key).ShouldBe(["id", "name"]);

        // Saving it unchanged keeps its default account (411 + code with its dash): the form rule agrees with the record.
        var changed = await (await client.PutAsync($"/api/index.php/thirdparties/{id}", ApiKit.Json(new { town = "Aix-en-Provence" }))).ReadAsync(HttpStatusCode.OK);
        (changed["town"]!.GetValue<string>(), changed["code_compta_client"]!.GetValue<string>()).ShouldBe(("Aix-en-Provence", "411" + code));
    }

    [Theory]
    [InlineData("{\"name\": \"Broken\", ", "not valid JSON")]
    [InlineData("{\"name\": \"X\", \"client\": 1, \"colour\": \"red\"}", "Unknown field 'colour'")]
    [InlineData("{\"name\": \"X\", \"client\": {\"a\": 1}}", "client")]
    [InlineData("[1, 2]", "expected shape")]
    [InlineData("{\"name\": \"\", \"client\": 1}", "name: Enter the name")]
    [InlineData("{\"name\": \"X\", \"client\": 1, \"code_client\": \"C42\"}", "numbered automatically")]
    [InlineData("{\"name\": \"X\", \"client\": 7}", "client is 0")]
    [InlineData("{\"name\": \"X\", \"client\": 1, \"email\": \"nope\"}", "email: Enter a valid e-mail")]
    public async Task Bad_input_to_create_a_third_party_is_a_400_naming_the_problem_and_creates_nothing(string body, string message)
    {
        using var client = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var before = await CountAsync<ThirdParty>();

        var response = await client.PostAsync("/api/index.php/thirdparties", ApiKit.Raw(body));

        (await response.DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain(message);
        (await CountAsync<ThirdParty>()).ShouldBe(before);
    }

    [Theory]
    [InlineData("(t.nom:=:'x') or 1=1")]
    [InlineData("(t.nom:=:'x'); DROP TABLE crm.third_parties; --")]
    [InlineData("(t.password:=:'x')")]
    [InlineData("(t.nom:=:x' OR '1'='1)")]
    [InlineData("(t.nom:= 'a' union select 1:'x')")]
    [InlineData("(t.rowid:=:'abc')")]
    [InlineData("(t.rowid:<:(select 1))")]
    [InlineData("((((((((((((t.rowid:=:1))))))))))))")]
    public async Task Sqlfilters_injection_attempts_and_unknown_fields_are_a_400_and_nothing_runs(string filter)
    {
        using var client = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var before = await CountAsync<ThirdParty>();

        var response = await client.GetAsync("/api/index.php/thirdparties?sqlfilters=" + Uri.EscapeDataString(filter));

        (await response.DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("sqlfilters");
        (await CountAsync<ThirdParty>()).ShouldBe(before);
    }

    [Fact]
    public async Task Bad_paging_or_sorting_is_a_400_and_an_unknown_id_or_an_empty_list_a_404()
    {
        using var client = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        (await (await client.GetAsync("/api/index.php/thirdparties?limit=abc")).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("limit");
        (await (await client.GetAsync("/api/index.php/thirdparties?limit=100000")).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("limit");
        (await (await client.GetAsync("/api/index.php/thirdparties?sortfield=t.pass")).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("sortfield");
        (await (await client.GetAsync("/api/index.php/thirdparties?sortorder=sideways")).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("sortorder");
        (await (await client.GetAsync("/api/index.php/thirdparties/987654321")).DolibarrErrorAsync(HttpStatusCode.NotFound)).ShouldBe("Not Found: Thirdparty not found");
        (await (await client.GetAsync("/api/index.php/thirdparties?sqlfilters=(t.nom:=:'nobody at all')")).DolibarrErrorAsync(HttpStatusCode.NotFound)).ShouldContain("No thirdparty found");
        (await client.PutAsync("/api/index.php/thirdparties/987654321", ApiKit.Json(new { town = "X" }))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_key_without_the_right_gets_403_and_changes_nothing_and_a_rep_sees_only_their_own_third_parties()
    {
        var (_, reader) = await ApiKit.UserWithKeyAsync(app, CrmPermissions.ThirdParties.Read);
        using var readOnly = ApiKit.Client(app, reader);
        var before = await CountAsync<ThirdParty>();
        (await (await readOnly.PostAsync("/api/index.php/thirdparties", new { name = "Not allowed", client = 1 })).DolibarrErrorAsync(HttpStatusCode.Forbidden)).ShouldContain("right");
        (await CountAsync<ThirdParty>()).ShouldBe(before);
        var (_, nothing) = await ApiKit.UserWithKeyAsync(app);
        using var noRights = ApiKit.Client(app, nothing);
        (await noRights.GetAsync("/api/index.php/thirdparties")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        using var admin = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var someoneElses = (await (await admin.PostAsync("/api/index.php/thirdparties", new { name = "Not Yours SA", client = 1 })).ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        var (_, repKey) = await ApiKit.UserWithKeyAsync(app, CrmPermissions.ThirdParties.Read, CrmPermissions.ThirdParties.Write);
        using var rep = ApiKit.Client(app, repKey);
        var mine = (await (await rep.PostAsync("/api/index.php/thirdparties", new { name = "Mine SARL", client = 2 })).ReadAsync(HttpStatusCode.OK)).GetValue<long>();

        (await rep.GetAsync($"/api/index.php/thirdparties/{mine}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await rep.GetAsync($"/api/index.php/thirdparties/{someoneElses}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await rep.PutAsync($"/api/index.php/thirdparties/{someoneElses}", ApiKit.Json(new { town = "X" }))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var listed = await (await rep.GetAsync("/api/index.php/thirdparties?limit=1000")).ReadAsync(HttpStatusCode.OK);
        listed.AsArray().Select(x => x!["id"]!.GetValue<long>()).ShouldBe([mine]);
    }

    [Fact]
    public async Task A_creating_post_retried_with_the_same_idempotency_key_creates_once_and_answers_the_same()
    {
        using var client = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var body = new { name = "Idempotent Traders", client = 1 };
        var key = Guid.NewGuid().ToString();

        var first = await client.PostAsync("/api/index.php/thirdparties", body, key);
        var firstId = (await first.ReadAsync(HttpStatusCode.OK)).GetValue<long>();
        var again = await client.PostAsync("/api/index.php/thirdparties", body, key);
        (await again.ReadAsync(HttpStatusCode.OK)).GetValue<long>().ShouldBe(firstId);
        again.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        (await CountAsync<ThirdParty>(t => t.Name == "Idempotent Traders")).ShouldBe(1);

        (await (await client.PostAsync("/api/index.php/thirdparties", new { name = "Something else", client = 1 }, key)).DolibarrErrorAsync(HttpStatusCode.UnprocessableEntity))
            .ShouldContain("different request");

        // Two attempts racing with one key: one creation, both answers name it.
        var raceKey = Guid.NewGuid().ToString();
        var race = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => client.PostAsync("/api/index.php/thirdparties", new { name = "Racing Traders", client = 1 }, raceKey)));
        var ids = new List<long>();
        foreach (var r in race)
        {
            if (r.StatusCode == HttpStatusCode.OK)
            {
                ids.Add((await r.ReadAsync(HttpStatusCode.OK)).GetValue<long>());
            }
            else
            {
                r.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            }
        }

        ids.Distinct().Count().ShouldBe(1);
        (await CountAsync<ThirdParty>(t => t.Name == "Racing Traders")).ShouldBe(1);

        // A refused request stores nothing: the same key may be used again once the data is right.
        var fixKey = Guid.NewGuid().ToString();
        (await client.PostAsync("/api/index.php/thirdparties", new { name = "", client = 1 }, fixKey)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.PostAsync("/api/index.php/thirdparties", new { name = "", client = 1 }, fixKey)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private async Task<int> CountAsync<T>(System.Linq.Expressions.Expression<Func<T, bool>>? where = null)
        where T : class
    {
        await using var scope = app.Services.CreateAsyncScope();
        var rows = scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<T>().AsNoTracking();
        return await (where is null ? rows : rows.Where(where)).CountAsync();
    }
}

public sealed class ApiRateLimitTests(RateLimitedAppFactory app) : IClassFixture<RateLimitedAppFactory>
{
    [Fact]
    public async Task A_key_over_its_rate_gets_429_with_Retry_After_while_another_key_goes_on()
    {
        using var busy = ApiKit.Client(app, await ApiKit.NewAdminKeyAsync(app));
        using var quiet = ApiKit.Client(app, await ApiKit.NewAdminKeyAsync(app));
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++)
        {
            answers.Add(await busy.GetAsync("/api/index.php/status"));
        }

        var limited = answers.First(a => a.StatusCode == HttpStatusCode.TooManyRequests);
        int.Parse(limited.Headers.GetValues("Retry-After").Single()).ShouldBeGreaterThanOrEqualTo(1);
        (await limited.DolibarrErrorAsync(HttpStatusCode.TooManyRequests)).ShouldContain("retry after");
        (await quiet.GetAsync("/api/index.php/status")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
