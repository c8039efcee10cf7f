using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace MokoCrm.Testing;

/// <summary>
/// The whole app on its own copy of the migrated and seeded template database. Use one per test class
/// (IClassFixture); subclasses add test-only model parts and services.
/// </summary>
public class MokoAppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminPassword = "admin-pass-1";

    private string? _connectionString;

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("The factory is not initialised yet.");

    /// <summary>Factories that change the model or the seed need a template of their own.</summary>
    protected virtual string TemplateKey => GetType().Name;

    /// <summary>Test-only services (model contributors, handlers of the sample document type...).</summary>
    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }

    /// <summary>Runs once on the template after the app migrated and seeded it (e.g. tables of test-only entities).</summary>
    protected virtual Task PrepareTemplateAsync(string connectionString) => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        var template = await TestDatabases.TemplateAsync(TemplateKey, async templateConnection =>
        {
            await using (var builder = (MokoAppFactory)Activator.CreateInstance(GetType())!)
            {
                builder._connectionString = templateConnection;
                _ = builder.Services; // starting the host migrates and seeds
            }

            await PrepareTemplateAsync(templateConnection);
        });
        _connectionString = await TestDatabases.CopyAsync(template, GetType().Name);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_connectionString is not null)
        {
            await TestDatabases.DropAsync(_connectionString);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Default", ConnectionString);
        builder.UseSetting("MOKO_DEMO", "false");
        builder.UseSetting("MOKO_ADMIN_PASSWORD", AdminPassword);
        builder.UseSetting("Moko:LogToFile", "false");
        builder.ConfigureTestServices(ConfigureTestServices);
    }
}
