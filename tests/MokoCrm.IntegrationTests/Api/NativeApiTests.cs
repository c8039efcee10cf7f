using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Crm;
using MokoCrm.Web.Modules.Crm.Domain;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.IntegrationTests.Api;

/// <summary>The native /api/v1: its OpenAPI document and reference page, cursors, problem details, idempotency.</summary>
public sealed class NativeApiTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task Every_native_endpoint_is_in_the_OpenAPI_document_served_without_a_key()
    {
        using var anonymous = ApiKit.Client(app, null);
        var document = await (await anonymous.GetAsync("/api/v1/openapi.json")).ReadAsync(HttpStatusCode.OK);
        document["openapi"]!.GetValue<string>().ShouldStartWith("3.");
        document["components"]!["securitySchemes"]!["apiKey"]!["name"]!.GetValue<string>().ShouldBe("DOLAPIKEY");
        var paths = document["paths"]!.AsObject();

        var endpoints = NativeEndpoints();
        endpoints.Count.ShouldBeGreaterThan(3);
        var missing = endpoints.Where(e => paths[e.Path]?[e.Method.ToLowerInvariant()] is null).Select(e => $"{e.Method} {e.Path}").ToList();
        missing.ShouldBeEmpty();
        paths.Select(p => p.Key).ShouldAllBe(p => p.StartsWith("/api/v1/"), "the Dolibarr-compatible subset has Dolibarr's own documentation");

        var create = paths["/api/v1/third-parties"]!["post"]!;
        create["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>().ShouldEndWith("/ThirdPartyInput");
        create["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ShouldContain("Idempotency-Key");
        create["responses"]!["201"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>().ShouldEndWith("/ThirdPartyResource");
        create["responses"]!["default"]!["content"]!["application/problem+json"].ShouldNotBeNull();
        var resource = document["components"]!["schemas"]!["ThirdPartyResource"]!["properties"]!.AsObject();
        resource.Select(p => p.Key).ShouldContain("createdAt");
        paths["/api/v1/third-parties"]!["get"]!["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ShouldBe(["limit", "cursor", "sort", "q", "customer", "supplier"]);
    }

    [Fact]
    public async Task The_reference_page_shows_every_path_from_the_document_and_loads_nothing_from_elsewhere()
    {
        using var anonymous = ApiKit.Client(app, null);
        var response = await anonymous.GetAsync("/api/v1/reference");
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");

        var document = await (await anonymous.GetAsync("/api/v1/openapi.json")).ReadAsync(HttpStatusCode.OK);
        foreach (var (path, _) in document["paths"]!.AsObject())
        {
            html.ShouldContain(WebUtility.HtmlEncode(path));
        }

        html.ShouldContain("ThirdPartyInput");
        html.ShouldNotContain("<script", Case.Insensitive);
        html.ShouldNotContain("src=\"http", Case.Insensitive);
        html.ShouldNotContain("href=\"http", Case.Insensitive);
        html.ShouldNotContain("@import", Case.Insensitive);
    }

    [Fact]
    public async Task A_third_party_is_created_once_per_idempotency_key_read_changed_and_answered_in_native_shapes()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var key = Guid.NewGuid().ToString();
        var body = new { name = "Native Goods SAS", isCustomer = true, town = "Lyon", countryCode = "fr", creditLimit = 1500.5m };

        var first = await api.PostAsync("/api/v1/third-parties", body, key);
        var created = await first.ReadAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<long>();
        first.Headers.Location!.ToString().ShouldBe($"/api/v1/third-parties/{id}");
        (created["name"]!.GetValue<string>(), created["isCustomer"]!.GetValue<bool>(), created["countryCode"]!.GetValue<string>()).ShouldBe(("Native Goods SAS", true, "FR"));
        created["customerCode"]!.GetValue<string>().ShouldStartWith("CU");
        created["creditLimit"]!.GetValue<decimal>().ShouldBe(1500.5m, "decimals are JSON numbers");
        DateTimeOffset.Parse(created["createdAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddHours(-1));

        var again = await api.PostAsync("/api/v1/third-parties", body, key);
        (await again.ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>().ShouldBe(id);
        again.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        (await CountAsync(t => t.Name == "Native Goods SAS")).ShouldBe(1);
        var other = await api.PostAsync("/api/v1/third-parties", new { name = "Another body" }, key);
        (await other.ReadAsync(HttpStatusCode.UnprocessableEntity))["status"]!.GetValue<int>().ShouldBe(422);

        var changed = await (await api.PatchAsync($"/api/v1/third-parties/{id}", ApiKit.Json(new { town = "Villeurbanne" }))).ReadAsync(HttpStatusCode.OK);
        (changed["town"]!.GetValue<string>(), changed["name"]!.GetValue<string>()).ShouldBe(("Villeurbanne", "Native Goods SAS"));
        (await (await api.GetAsync($"/api/v1/third-parties/{id}")).ReadAsync(HttpStatusCode.OK))["town"]!.GetValue<string>().ShouldBe("Villeurbanne");
    }

    [Theory]
    [InlineData("{\"name\": \"Broken\", ", "", "not valid JSON")]
    [InlineData("{\"name\": \"X\", \"colour\": \"red\"}", "", "Unknown field 'colour'")]
    [InlineData("{\"name\": \"X\", \"isCustomer\": \"maybe\"}", "", "isCustomer")]
    [InlineData("{\"name\": \"\"}", "name", "Enter the name")]
    [InlineData("{\"name\": \"X\", \"email\": \"nope\"}", "email", "valid e-mail")]
    public async Task Bad_input_is_a_400_problem_naming_the_field_and_creates_nothing(string body, string field, string message)
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var before = await CountAsync(_ => true);

        var response = await api.PostAsync("/api/v1/third-parties", ApiKit.Raw(body));

        var problem = await response.ReadAsync(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (problem["status"]!.GetValue<int>(), problem["title"]!.GetValue<string>(), problem["instance"]!.GetValue<string>()).ShouldBe((400, "Bad Request", "/api/v1/third-parties"));
        var said = field.Length == 0 ? problem["detail"]!.GetValue<string>() : string.Join(" ", problem["errors"]![field]!.AsArray().Select(m => m!.GetValue<string>()));
        said.ShouldContain(message);
        (await CountAsync(_ => true)).ShouldBe(before);
    }

    [Fact]
    public async Task A_list_is_walked_page_by_page_with_the_cursor_in_either_order_and_a_forged_cursor_is_a_400()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var prefix = "Cursor " + Guid.NewGuid().ToString("N")[..6];
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await (await api.PostAsync("/api/v1/third-parties", new { name = $"{prefix} {i}", isProspect = true })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>());
        }

        foreach (var (sort, expected) in new[] { ("id", ids), ("-id", Enumerable.Reverse(ids).ToList()) })
        {
            var seen = new List<long>();
            string? cursor = null;
            var pages = 0;
            do
            {
                var url = $"/api/v1/third-parties?q={Uri.EscapeDataString(prefix)}&limit=2&sort={sort}" + (cursor is null ? "" : $"&cursor={cursor}");
                var page = await (await api.GetAsync(url)).ReadAsync(HttpStatusCode.OK);
                seen.AddRange(page["items"]!.AsArray().Select(t => t!["id"]!.GetValue<long>()));
                cursor = page["nextCursor"]?.GetValue<string>();
                pages++;
            }
            while (cursor is not null && pages < 10);

            seen.ShouldBe(expected);
            pages.ShouldBe(3);
        }

        var bad = await (await api.GetAsync("/api/v1/third-parties?cursor=bm9wZQ")).ReadAsync(HttpStatusCode.BadRequest);
        bad["errors"]!["cursor"].ShouldNotBeNull();
        (await (await api.GetAsync("/api/v1/third-parties?limit=0")).ReadAsync(HttpStatusCode.BadRequest))["errors"]!["limit"].ShouldNotBeNull();
        (await (await api.GetAsync("/api/v1/third-parties?sort=name;drop")).ReadAsync(HttpStatusCode.BadRequest))["errors"]!["sort"].ShouldNotBeNull();
        (await (await api.GetAsync("/api/v1/third-parties/987654321")).ReadAsync(HttpStatusCode.NotFound))["detail"]!.GetValue<string>().ShouldBe("Third party not found.");
    }

    [Fact]
    public async Task A_rep_sees_only_their_own_third_parties_and_a_key_without_the_right_gets_a_403_problem()
    {
        using var admin = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var someoneElses = (await (await admin.PostAsync("/api/v1/third-parties", new { name = "Native Not Yours", isCustomer = true })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        var (_, repKey) = await ApiKit.UserWithKeyAsync(app, CrmPermissions.ThirdParties.Read, CrmPermissions.ThirdParties.Write);
        using var rep = ApiKit.Client(app, repKey);
        var mine = (await (await rep.PostAsync("/api/v1/third-parties", new { name = "Native Mine", isProspect = true })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();

        (await rep.GetAsync($"/api/v1/third-parties/{someoneElses}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await rep.PatchAsync($"/api/v1/third-parties/{someoneElses}", ApiKit.Json(new { town = "X" }))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var listed = await (await rep.GetAsync("/api/v1/third-parties?limit=200")).ReadAsync(HttpStatusCode.OK);
        listed["items"]!.AsArray().Select(t => t!["id"]!.GetValue<long>()).ShouldBe([mine]);

        var (_, readerKey) = await ApiKit.UserWithKeyAsync(app, CrmPermissions.ThirdParties.Read);
        using var reader = ApiKit.Client(app, readerKey);
        var refused = await reader.PostAsync("/api/v1/third-parties", new { name = "Native Refused" });
        (await refused.ReadAsync(HttpStatusCode.Forbidden))["status"]!.GetValue<int>().ShouldBe(403);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await CountAsync(t => t.Name == "Native Refused")).ShouldBe(0);
    }

    private List<(string Method, string Path)> NativeEndpoints() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ControllerActionDescriptor>() is not null && e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Where(e => (e.RoutePattern.RawText ?? "").StartsWith("api/v1/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, PathOf(e.RoutePattern.RawText!))))
            .ToList();

    /// <summary>api/v1/things/{id:long} → /api/v1/things/{id}, as OpenAPI writes it.</summary>
    private static string PathOf(string template) =>
        "/" + System.Text.RegularExpressions.Regex.Replace(template, @"\{([^}:?]+)[^}]*\}", "{$1}").TrimEnd('/');

    private async Task<int> CountAsync(System.Linq.Expressions.Expression<Func<ThirdParty, bool>> where)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<ThirdParty>().CountAsync(where);
    }
}
