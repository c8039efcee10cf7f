using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace MokoCrm.Web.Platform.Data;

/// <summary>
/// The one unit of work of the whole application. Every module configures its own tables here through
/// IEntityTypeConfiguration classes in its Data folder; each module's tables land in its own schema.
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        foreach (var contributor in this.GetModelContributors())
        {
            contributor.Configure(modelBuilder);
        }

        ModelConventions.Apply(modelBuilder);
    }
}
