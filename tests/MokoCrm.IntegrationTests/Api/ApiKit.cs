using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Features;

namespace MokoCrm.IntegrationTests.Api;

/// <summary>Users with chosen rights and their API keys, and a client that speaks JSON with a DOLAPIKEY.</summary>
internal static class ApiKit
{
    private static int _users;

    public static async Task<(long UserId, string Key)> UserWithKeyAsync(MokoAppFactory app, params string[] permissions)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var login = $"api{Interlocked.Increment(ref _users)}{Guid.NewGuid():N}"[..20];
        var userId = await admin.CreateUserAsync(new UserForm { UserName = login, FullName = login, Password = "api-pass-12345" });
        await admin.SetUserPermissionsAsync(userId, permissions);
        var key = await scope.ServiceProvider.GetRequiredService<ApiKeys>().CreateAsync(userId, "tests");
        return (userId, key);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<MokoAppFactory, Task<string>> AdminKeys = [];

    /// <summary>One admin key per app (a user holds at most 20 active keys).</summary>
    public static Task<string> AdminKeyAsync(MokoAppFactory app) => AdminKeys.GetValue(app, NewAdminKeyAsync);

    public static async Task<string> NewAdminKeyAsync(MokoAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MokoCrm.Web.Platform.Data.AppDbContext>();
        var adminId = db.Users.Single(u => u.UserName == "admin").Id;
        return await scope.ServiceProvider.GetRequiredService<ApiKeys>().CreateAsync(adminId, "admin tests " + Guid.NewGuid().ToString("N")[..6]);
    }

    public static HttpClient Client(MokoAppFactory app, string? key)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("DOLAPIKEY", key);
        }

        return client;
    }

    public static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    public static StringContent Raw(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>
    /// Sends as a well-behaved client does: a 429 is retried after its Retry-After. For the walkers, which send hundreds
    /// of calls with one key faster than its rate limit and must see each endpoint's own answer.
    /// </summary>
    public static async Task<HttpResponseMessage> SendPatientlyAsync(this HttpClient client, Func<HttpRequestMessage> request)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await client.SendAsync(request());
            if (response.StatusCode != HttpStatusCode.TooManyRequests || attempt == 10)
            {
                return response;
            }

            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            response.Dispose();
            await Task.Delay(wait);
        }
    }

    public static async Task<JsonNode> ReadAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, text);
        return JsonNode.Parse(text)!;
    }

    /// <summary>Dolibarr's error shape with the status repeated in the body; returns the message.</summary>
    public static async Task<string> DolibarrErrorAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.ReadAsync(expected);
        body["error"]!["code"]!.GetValue<int>().ShouldBe((int)expected);
        return body["error"]!["message"]!.GetValue<string>();
    }

    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, string url, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Json(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }
}

/// <summary>The app with a tiny rate limit, to see the 429 without sending thousands of requests.</summary>
public sealed class RateLimitedAppFactory : MokoAppFactory
{
    protected override string TemplateKey => nameof(MokoAppFactory);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Moko:Api:Burst", "3");
        builder.UseSetting("Moko:Api:RequestsPerSecond", "1");
    }
}
