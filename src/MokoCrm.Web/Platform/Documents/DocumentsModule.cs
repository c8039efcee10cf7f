using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MokoCrm.Web.Platform.Documents;

/// <summary>Registers the document store and its upload limits (<c>Moko:Documents</c>).</summary>
public static class DocumentsModule
{
    public static IServiceCollection AddDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DocumentStoreOptions>()
            .Bind(configuration.GetSection(DocumentStoreOptions.Section))
            .Validate(o => o.MaxUploadBytes > 0, $"{DocumentStoreOptions.Section}:MaxUploadBytes must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<DocumentStore>();
        services.AddScoped<RecordPdfs>();
        return services;
    }
}
