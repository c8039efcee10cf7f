using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MokoCrm.Testing;

/// <summary>An HTTP client that behaves like a browser session: keeps cookies, posts forms with their antiforgery token.</summary>
public sealed partial class SignedInClient : IDisposable
{
    private SignedInClient(HttpClient http) => Http = http;

    public HttpClient Http { get; }

    public static SignedInClient Anonymous(MokoAppFactory app) =>
        new(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    public static async Task<SignedInClient> AsAsync(MokoAppFactory app, string userName, string password)
    {
        var client = Anonymous(app);
        var response = await client.LoginAsync(userName, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in of {userName} failed: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return client;
    }

    public static Task<SignedInClient> AdminAsync(MokoAppFactory app) => AsAsync(app, "admin", MokoAppFactory.AdminPassword);

    public Task<HttpResponseMessage> LoginAsync(string userName, string password) =>
        PostFormAsync("/Account/Login", "/Account/Login", new() { ["UserName"] = userName, ["Password"] = password });

    public Task<HttpResponseMessage> GetAsync(string url) => Http.GetAsync(url);

    /// <summary>Loads <paramref name="formPage"/> for its antiforgery token, then posts the fields to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, Dictionary<string, string> fields)
    {
        var page = await Http.GetStringAsync(formPage);
        return await PostWithTokenAsync(action, fields.Select(f => KeyValuePair.Create(f.Key, f.Value)), TokenIn(page));
    }

    public async Task<HttpResponseMessage> PostWithTokenAsync(string action, IEnumerable<KeyValuePair<string, string>> fields, string? token)
    {
        var all = fields.ToList();
        if (token is not null)
        {
            all.Add(KeyValuePair.Create("__RequestVerificationToken", token));
        }

        return await Http.PostAsync(action, new FormUrlEncodedContent(all));
    }

    public static string? TokenIn(string html)
    {
        var match = TokenPattern().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
