using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Features;

namespace MokoCrm.IntegrationTests.Platform.Endpoints;

/// <summary>
/// Walks every MVC endpoint the app really maps (not a list kept by hand) and knocks on each door twice: as an
/// anonymous visitor, and as a signed-in user without any right.
/// </summary>
public sealed class EndpointWalkerTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    private const string NoRightsLogin = "walker";
    private const string NoRightsPassword = "walker-pass-1";

    [Fact]
    public void The_walker_finds_the_app_endpoints_and_their_permissions()
    {
        var endpoints = Endpoints();

        endpoints.ShouldContain(e => e.Url == "/Admin/Users" && e.Method == "GET" && e.Permissions.Contains(PlatformPermissions.UsersRead));
        endpoints.ShouldContain(e => e.Url == "/Admin/Users/1/edit" && e.Method == "POST" && e.Permissions.Contains(PlatformPermissions.UsersWrite));
        endpoints.ShouldNotContain(e => e.Url.StartsWith("/Account/Login", StringComparison.Ordinal), "anonymous endpoints are not walked");
        endpoints.ShouldNotContain(e => e.Url.StartsWith("/Error/", StringComparison.Ordinal), "anonymous endpoints are not walked");
    }

    [Fact]
    public void Every_endpoint_that_is_not_anonymous_names_its_permission_except_the_ones_for_any_signed_in_user()
    {
        // The same exceptions as the architecture test, seen here through the endpoints the app really maps.
        string[] signedInOnly = ["GET /", "GET /Search", "GET /Search/lookup", "POST /Account/Logout",
            "GET /Account/Profile", "POST /Account/Profile/keys", "POST /Account/Profile/keys/1/revoke"];

        var without = Endpoints().Where(e => e.Permissions.Count == 0 && e.RecordRight is null).Select(e => $"{e.Method} {e.Url}").Order(StringComparer.Ordinal);

        without.ShouldBe(signedInOnly.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_the_login_page_by_every_endpoint()
    {
        using var client = SignedInClient.Anonymous(app);
        var wrong = new List<string>();

        foreach (var endpoint in Endpoints())
        {
            using var response = await SendAsync(client, endpoint, token: null);
            var location = response.Headers.Location?.ToString() ?? "";
            if (response.StatusCode != HttpStatusCode.Redirect || !location.Contains("/Account/Login", StringComparison.Ordinal))
            {
                wrong.Add($"{endpoint}: {(int)response.StatusCode} {location}");
            }
        }

        wrong.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_signed_in_user_without_rights_gets_403_from_every_endpoint_that_needs_a_permission()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<UserAdministration>()
                .CreateUserAsync(new UserForm { UserName = NoRightsLogin, FullName = "Walter Walker", Password = NoRightsPassword });
        }

        using var client = await SignedInClient.AsAsync(app, NoRightsLogin, NoRightsPassword);
        // A valid antiforgery token, so that a 403 on a POST is the permission speaking, not a missing token.
        var token = SignedInClient.TokenIn(await client.Http.GetStringAsync("/")).ShouldNotBeNull();
        var guarded = Endpoints().Where(e => e.Permissions.Count > 0).ToList();
        var wrong = new List<string>();

        foreach (var endpoint in guarded)
        {
            using var response = await SendAsync(client, endpoint, token);
            if (response.StatusCode != HttpStatusCode.Forbidden)
            {
                wrong.Add($"{endpoint}: {(int)response.StatusCode}");
            }
            else if (endpoint.Method == "GET" && !(await response.Content.ReadAsStringAsync()).Contains("You do not have the right", StringComparison.Ordinal))
            {
                wrong.Add($"{endpoint}: 403 without the friendly page");
            }
        }

        guarded.Count.ShouldBeGreaterThan(10);
        guarded.ShouldContain(e => e.Method == "POST");
        wrong.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_signed_in_user_without_rights_finds_nothing_behind_the_record_tabs()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<UserAdministration>()
                .CreateUserAsync(new UserForm { UserName = "tabwalker", FullName = "Tab Walker", Password = NoRightsPassword });
        }

        using var client = await SignedInClient.AsAsync(app, "tabwalker", NoRightsPassword);
        var token = SignedInClient.TokenIn(await client.Http.GetStringAsync("/")).ShouldNotBeNull();
        var recordEndpoints = Endpoints().Where(e => e.RecordRight is not null).ToList();
        var wrong = new List<string>();

        // A record the user may not read answers 404 as if it did not exist (DOMAIN.md §10), for reads and actions alike.
        foreach (var endpoint in recordEndpoints)
        {
            using var response = await SendAsync(client, endpoint, token);
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                wrong.Add($"{endpoint}: {(int)response.StatusCode}");
            }
        }

        recordEndpoints.Count.ShouldBeGreaterThan(5);
        wrong.ShouldBeEmpty();
    }

    private static async Task<HttpResponseMessage> SendAsync(SignedInClient client, Endpoint endpoint, string? token) =>
        endpoint.Method == "GET"
            ? await client.GetAsync(endpoint.Url)
            : await client.PostWithTokenAsync(endpoint.Url, [], token);

    /// <summary>Every controller action the app maps, once per HTTP method, except the [AllowAnonymous] ones.</summary>
    private List<Endpoint> Endpoints() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ControllerActionDescriptor>() is not null)
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            // The API answers keys, not sessions: ApiEndpointWalkerTests knocks on its doors.
            .Where(e => !(e.RoutePattern.RawText ?? "").StartsWith("api/", StringComparison.Ordinal))
            .SelectMany(e => MethodsOf(e).Select(method => new Endpoint(
                method,
                UrlOf(e.RoutePattern),
                e.Metadata.GetOrderedMetadata<HasPermissionAttribute>().Select(p => p.Permission).ToList(),
                e.Metadata.GetMetadata<RecordRightAttribute>()?.Action,
                e.DisplayName ?? "")))
            .ToList();

    private static IEnumerable<string> MethodsOf(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods : ["GET", "POST"];

    /// <summary>"/Admin/Users/{id:long}/edit" → "/Admin/Users/1/edit"; numeric parameters get 1, two-letter codes "xx", others "x".</summary>
    private static string UrlOf(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => parameter.ParameterPolicies.Any(p => p.Content is "long" or "int") ? "1"
                : parameter.ParameterPolicies.Any(p => p.Content == "length(2)") ? "xx" : "x",
            _ => throw new InvalidOperationException($"Unknown route part in {pattern.RawText}"),
        }))));

    private sealed record Endpoint(string Method, string Url, IReadOnlyList<string> Permissions, RecordAction? RecordRight, string Action)
    {
        public override string ToString() => $"{Method} {Url} ({Action})";
    }
}
