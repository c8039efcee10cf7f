using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;

namespace MokoCrm.BrowserTests;

/// <summary>The app on a real loopback socket (a browser cannot use the in-memory test server).</summary>
public sealed class KestrelAppFactory : MokoAppFactory
{
    public string Address { get; private set; } = "";

    public void Start()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        Address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }
}

/// <summary>
/// One server and one Chromium for the whole browser suite: starting them is the slow part. Each test gets its
/// own browser context (cookies), so tests do not share sessions. Chromium is the system's (/usr/bin/chromium):
/// Playwright never downloads a browser here.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly Dictionary<string, Task> _once = [];
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public KestrelAppFactory App { get; } = new();

    /// <summary>Screenshots of the steps, to look at after a run; the folder is git-ignored.</summary>
    public string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"No Chromium at {ChromiumPath}: install the Debian package chromium (test.sh does it when run as root).");
        }

        Directory.CreateDirectory(ScreenshotFolder);
        await App.InitializeAsync();
        App.Start();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.Address,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-US",
        });
        context.SetDefaultTimeout(10_000);
        return await context.NewPageAsync();
    }

    /// <summary>Runs <paramref name="work"/> once per suite, e.g. a setup through the screens that several tests build on.</summary>
    public Task OnceAsync(string key, Func<Task> work)
    {
        lock (_once)
        {
            if (!_once.TryGetValue(key, out var task))
            {
                task = work();
                _once[key] = task;
            }

            return task;
        }
    }

    public Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        await ((IAsyncLifetime)App).DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
