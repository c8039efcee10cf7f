using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace MokoCrm.Web.Platform.Data;

/// <summary>
/// Adds entity types that live outside this assembly to the model (the tests' sample document type).
/// Registered through <see cref="ModelContributorsExtension"/> so the model cache keys on them.
/// </summary>
public interface IModelContributor
{
    void Configure(ModelBuilder modelBuilder);
}

internal static class ModelContributorAccess
{
    public static IReadOnlyList<IModelContributor> GetModelContributors(this DbContext context) =>
        context.GetService<IDbContextOptions>().FindExtension<ModelContributorsExtension>()?.Contributors ?? [];
}
