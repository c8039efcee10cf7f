using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Platform.Outbox;

namespace MokoCrm.IntegrationTests.Platform.Sample;

/// <summary>The sample app with the outbox worker polling in the background, as in production.</summary>
public sealed class PollingSampleAppFactory : MokoAppFactory
{
    public SampleMailbox Mailbox => Services.GetRequiredService<SampleMailbox>();

    protected override string TemplateKey => SampleAppFactory.SampleTemplateKey;

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        SampleServices.Add(services);
        services.Configure<OutboxOptions>(o =>
        {
            o.Enabled = true;
            o.PollInterval = TimeSpan.FromMilliseconds(50);
        });
    }

    protected override Task PrepareTemplateAsync(string connectionString) => SampleServices.CreateSchemaAsync(connectionString);
}
