using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.IntegrationTests.Api;

/// <summary>
/// Every API endpoint the app maps (found, not listed by hand), knocked on without a key (401) and with the key of a
/// user who has no right (403, before anything is read or changed), each answering JSON in its path's error shape.
/// </summary>
public sealed class ApiEndpointWalkerTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task Every_api_endpoint_refuses_a_missing_key_with_401_and_a_key_without_the_right_with_403()
    {
        var endpoints = Endpoints();
        var (_, key) = await ApiKit.UserWithKeyAsync(app);
        using var anonymous = ApiKit.Client(app, null);
        using var powerless = ApiKit.Client(app, key);
        var wrong = new List<string>();

        foreach (var (method, url, permissions) in endpoints)
        {
            using var noKey = await SendAsync(anonymous, method, url);
            if (noKey.StatusCode != HttpStatusCode.Unauthorized || !(noKey.Content.Headers.ContentType?.MediaType ?? "").Contains("json", StringComparison.Ordinal))
            {
                wrong.Add($"{method} {url} without a key: {(int)noKey.StatusCode}");
            }

            if (permissions.Count > 0)
            {
                using var noRight = await SendAsync(powerless, method, url);
                if (noRight.StatusCode != HttpStatusCode.Forbidden)
                {
                    wrong.Add($"{method} {url} without the right: {(int)noRight.StatusCode}");
                }
            }
        }

        endpoints.Count.ShouldBeGreaterThan(3);
        endpoints.Where(e => e.Permissions.Count == 0).Select(e => $"{e.Method} {e.Url}").Order(StringComparer.Ordinal).ToList().ShouldBe(["GET /api/index.php/status", "POST /api/index.php/documents/upload"],
            "only the status check is open to any valid key (the upload's right depends on the record its body names, checked by the action: " +
            "DolibarrDocumentUploadReplayTests); the OpenAPI document and its page are anonymous");
        wrong.ShouldBeEmpty();
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url) =>
        client.SendPatientlyAsync(() => new HttpRequestMessage(new HttpMethod(method), url) { Content = method is "GET" or "DELETE" ? null : ApiKit.Raw("{}") });

    private List<(string Method, string Url, IReadOnlyList<string> Permissions)> Endpoints() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ControllerActionDescriptor>() is not null)
            .Where(e => (e.RoutePattern.RawText ?? "").StartsWith("api/", StringComparison.Ordinal))
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m =>
                (m, UrlOf(e.RoutePattern), (IReadOnlyList<string>)e.Metadata.GetOrderedMetadata<HasPermissionAttribute>().Select(p => p.Permission).ToList())))
            .ToList();

    private static string UrlOf(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => parameter.ParameterPolicies.Any(p => p.Content is "long" or "int") ? "1" : "x",
            _ => throw new InvalidOperationException($"Unknown route part in {pattern.RawText}"),
        }))));
}
