using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;

namespace MokoCrm.IntegrationTests.Api;

/// <summary>
/// Every native endpoint that takes a body (found, not listed by hand), sent bad bodies on real records of its
/// resource: each answer is a 4xx problem with a message, never a 500.
/// </summary>
public sealed class NativeBadInputWalkerTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    private static readonly string[] BadBodies =
    [
        "not json", "[]", "\"text\"", "{\"colour\":\"red\"}", "{}",
        "{\"amount\":\"lots\",\"percent\":\"half\",\"quantity\":\"many\",\"date\":\"yesterday\"}",
        "{\"amount\":-1,\"percent\":-5,\"quantity\":-3,\"lines\":[{\"orderLineId\":987654321,\"quantity\":1}],\"quantities\":{\"987654321\":1}}",
        "{\"thirdPartyId\":987654321,\"bankAccountId\":987654321,\"warehouseId\":987654321,\"productId\":987654321}",
    ];

    [Fact]
    public async Task Bad_bodies_on_every_native_endpoint_that_takes_one_answer_a_4xx_problem_never_a_500()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var ids = await RecordsAsync(api);
        var failures = new List<string>();
        var endpoints = Endpoints();
        foreach (var (method, pattern) in endpoints)
        {
            var url = UrlOf(pattern, ids);
            foreach (var body in BadBodies)
            {
                using var response = await api.SendPatientlyAsync(() => new HttpRequestMessage(new HttpMethod(method), url) { Content = ApiKit.Raw(body) });
                var text = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                if (status >= 500 || (status >= 400 && !IsProblem(response, text)))
                {
                    failures.Add($"{method} {url} {body} → {status} {text[..Math.Min(text.Length, 200)]}");
                }
            }
        }

        endpoints.Count.ShouldBeGreaterThan(40);
        failures.ShouldBeEmpty();
    }

    private static bool IsProblem(HttpResponseMessage response, string text)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return false;
        }

        var detail = JsonNode.Parse(text)?["detail"]?.GetValue<string>();
        return !string.IsNullOrWhiteSpace(detail);
    }

    /// <summary>A record of each resource the walk acts on: a chain proposal → order → invoice, a customer, a product, a warehouse.</summary>
    private static async Task<Dictionary<string, long>> RecordsAsync(HttpClient api)
    {
        var (proposal, order, invoice) = await NativeRecordsApiTests.ChainAsync(api, "Native Bad Input SARL");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var customer = (await (await api.GetAsync($"/api/v1/invoices/{invoice}")).ReadAsync(HttpStatusCode.OK))["thirdPartyId"]!.GetValue<long>();
        var product = (await (await api.PostAsync("/api/v1/products", new { reference = $"BI{tag}", label = "Bad input", price = 5m, vatRate = 20m }))
            .ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        var warehouse = (await (await api.PostAsync("/api/v1/warehouses", new { reference = $"BI{tag}", label = "Bad input" })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        await (await api.PostAsync($"/api/v1/invoices/{invoice}/validate", new { })).ReadAsync(HttpStatusCode.OK);
        return new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["proposals"] = proposal, ["orders"] = order, ["invoices"] = invoice, ["third-parties"] = customer, ["products"] = product, ["warehouses"] = warehouse,
        };
    }

    private List<(string Method, RoutePattern Pattern)> Endpoints() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ControllerActionDescriptor>() is not null)
            .Where(e => (e.RoutePattern.RawText ?? "").StartsWith("api/v1/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Where(m => m is "POST" or "PATCH" or "PUT").Select(m => (m, e.RoutePattern)))
            .OrderBy(e => e.RoutePattern.RawText, StringComparer.Ordinal)
            .ToList();

    /// <summary>The route with {id} the walk's record of that resource (or an unknown id), other numbers 987654321 and names "x".</summary>
    private static string UrlOf(RoutePattern pattern, IReadOnlyDictionary<string, long> ids)
    {
        var resource = pattern.PathSegments.Count > 2 ? string.Concat(pattern.PathSegments[2].Parts.OfType<RoutePatternLiteralPart>().Select(p => p.Content)) : "";
        return "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart { Name: "id" } => (ids.TryGetValue(resource, out var id) ? id : 987654321L).ToString(System.Globalization.CultureInfo.InvariantCulture),
            RoutePatternParameterPart parameter => parameter.ParameterPolicies.Any(p => p.Content is "long" or "int") ? "987654321" : "x",
            _ => throw new InvalidOperationException($"Unknown route part in {pattern.RawText}"),
        }))));
    }
}
