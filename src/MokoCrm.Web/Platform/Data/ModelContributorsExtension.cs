using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MokoCrm.Web.Platform.Data;

/// <summary>Carries extra model contributors in the context options, so two models never share a cache entry.</summary>
public sealed class ModelContributorsExtension(IReadOnlyList<IModelContributor> contributors) : IDbContextOptionsExtension
{
    public IReadOnlyList<IModelContributor> Contributors { get; } = contributors;

    public DbContextOptionsExtensionInfo Info => new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
    {
    }

    public void Validate(IDbContextOptions options)
    {
    }

    public static DbContextOptionsBuilder Add(DbContextOptionsBuilder builder, params IModelContributor[] contributors)
    {
        ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(new ModelContributorsExtension(contributors));
        return builder;
    }

    private sealed class ExtensionInfo(ModelContributorsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        private ModelContributorsExtension Self => (ModelContributorsExtension)Extension;

        public override bool IsDatabaseProvider => false;

        public override string LogFragment => "ModelContributors";

        public override int GetServiceProviderHashCode() =>
            Self.Contributors.Aggregate(0, (hash, c) => HashCode.Combine(hash, c.GetType()));

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) =>
            other is ExtensionInfo info && info.Self.Contributors.Select(c => c.GetType()).SequenceEqual(Self.Contributors.Select(c => c.GetType()));

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) =>
            debugInfo["ModelContributors"] = string.Join(",", Self.Contributors.Select(c => c.GetType().Name));
    }
}
