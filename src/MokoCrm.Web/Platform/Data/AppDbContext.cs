using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Security.Domain;

namespace MokoCrm.Web.Platform.Data;

/// <summary>
/// The one unit of work of the whole application. Every module configures its own tables here through
/// IEntityTypeConfiguration classes in its Data folder; each module's tables land in its own schema.
/// </summary>
public sealed class AppDbContext : IdentityUserContext<AppUser, long>, IDataProtectionKeyContext
{
    public AppDbContext(DbContextOptions<AppDbContext> options)
        : base(options)
    {
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
