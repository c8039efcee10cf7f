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
    /// <summary>The services of the DI scope that leased this context from the pool; null while it waits in the pool.</summary>
    private IServiceProvider? _scope;

    public AppDbContext(DbContextOptions<AppDbContext> options)
        : base(options)
    {
        // A business action is one transaction that rolls back whole when anything fails, so EF's automatic savepoint
        // around each SaveChanges inside it would only cost two round trips per save. Code that must survive a failed
        // statement in its transaction sets its own savepoint (the outbox does). The pool restores this on each return
        // (EF snapshots the settings a pooled context had after its constructor).
        Database.AutoSavepointsEnabled = false;
    }

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<UserGroup> UserGroups => Set<UserGroup>();

    public DbSet<UserGroupMember> UserGroupMembers => Set<UserGroupMember>();

    public DbSet<GroupPermission> GroupPermissions => Set<GroupPermission>();

    public DbSet<UserPermission> UserPermissions => Set<UserPermission>();

    /// <summary>
    /// The services of the DI scope that leased <paramref name="context"/> (the scoped registration in
    /// <see cref="AppDbContextLeases"/>): the scope's current user, domain event handlers, audit actions. Contexts are
    /// pooled, so the process-wide SaveChanges interceptors take every per-scope thing from here, never from themselves.
    /// </summary>
    public static IServiceProvider ScopeOf(DbContext? context) =>
        (context as AppDbContext)?._scope ?? throw new InvalidOperationException(
            "This context was not leased by a DI scope: resolve AppDbContext from a scope instead of creating it or taking it from IDbContextFactory.");

    /// <summary>
    /// A key that stands for this lease of <paramref name="context"/> only (its scope): per-save state the interceptors
    /// and caches keep under it can never reach the next scope that leases the same pooled context.
    /// </summary>
    internal static object LeaseOf(DbContext context) => (object?)(context as AppDbContext)?._scope ?? context;

    internal AppDbContext LeasedBy(IServiceProvider scope)
    {
        _scope = scope;
        return this;
    }

    /// <summary>Gives the context back to the pool (EF resets its own state there); the scope is forgotten first.</summary>
    public override void Dispose()
    {
        _scope = null;
        base.Dispose();
    }

    /// <inheritdoc cref="Dispose"/>
    public override ValueTask DisposeAsync()
    {
        _scope = null;
        return base.DisposeAsync();
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
