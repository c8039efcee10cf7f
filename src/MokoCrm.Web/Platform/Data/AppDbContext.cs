using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using MokoCrm.Web.Platform.Security.Domain;

namespace MokoCrm.Web.Platform.Data;

/// <summary>
/// The one unit of work of the whole application. Every module configures its own tables here through
/// IEntityTypeConfiguration classes in its Data folder; each module's tables land in its own schema.
/// </summary>
public sealed class AppDbContext : IdentityUserContext<AppUser, long>, IDataProtectionKeyContext
{
    private readonly bool _modelProbe;

    public AppDbContext(DbContextOptions<AppDbContext> options)
        : this(options, modelProbe: false)
    {
    }

    private AppDbContext(DbContextOptions<AppDbContext> options, bool modelProbe)
        : base(options)
    {
        _modelProbe = modelProbe;
        // A business action is one transaction that rolls back whole when anything fails, so EF's automatic savepoint
        // around each SaveChanges inside it would only cost two round trips per save. Code that must survive a failed
        // statement in its transaction sets its own savepoint (the outbox does).
        Database.AutoSavepointsEnabled = false;
    }

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<UserGroup> UserGroups => Set<UserGroup>();

    public DbSet<UserGroupMember> UserGroupMembers => Set<UserGroupMember>();

    public DbSet<GroupPermission> GroupPermissions => Set<GroupPermission>();

    public DbSet<UserPermission> UserPermissions => Set<UserPermission>();

    /// <summary>
    /// A context whose options come from <see cref="AppDbContextTemplate"/> takes the model the template keeps, so EF does
    /// not look for a compiled model by reflection over this assembly's attributes (hundreds: the compiled views) and
    /// then in its model cache for every context of every request (ADR 0017).
    /// </summary>
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        base.OnConfiguring(optionsBuilder);
        if (!_modelProbe
            && optionsBuilder.Options is DbContextOptions<AppDbContext> options
            && options.FindExtension<CoreOptionsExtension>() is { Model: null, ApplicationServiceProvider: { } services }
            && services.GetService<AppDbContextTemplate>()?.ModelFor(options, probe => new AppDbContext(probe, modelProbe: true)) is { } model)
        {
            optionsBuilder.UseModel(model);
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<IdentityUserClaim<long>>().ToTable("user_claims");
        modelBuilder.Entity<IdentityUserLogin<long>>().ToTable("user_logins");
        modelBuilder.Entity<IdentityUserToken<long>>().ToTable("user_tokens");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        foreach (var contributor in this.GetModelContributors())
        {
            contributor.Configure(modelBuilder);
        }

        ModelConventions.Apply(modelBuilder);
    }
}
