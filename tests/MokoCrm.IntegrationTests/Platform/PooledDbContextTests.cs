using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.IntegrationTests.Platform.Sample;
using MokoCrm.Testing;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Outbox;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.IntegrationTests.Platform;

/// <summary>
/// AppDbContext is pooled (AppDbContextLeases, ADR 0017 addendum): a scope's context is a lease of a context built once,
/// and its SaveChanges interceptors are the process's. What a scope did or left on its context (its services, its user,
/// tracked entities, pending domain events, named audit actions, an open transaction, settings) must not reach the next
/// scope that leases the same context.
/// </summary>
public sealed class PooledDbContextTests(PooledContextAppFactory app) : IClassFixture<PooledContextAppFactory>
{
    private static readonly DateOnly Day = new(2026, 12, 8);

    [Fact]
    public async Task Two_scopes_in_a_row_on_the_same_pooled_context_write_as_their_own_user_and_to_their_own_handlers()
    {
        var draft = await app.CreateDraftAsync("pooled users", Day);
        var aliceRecord = new RecordRef("test.pool", Random.Shared.NextInt64(1, long.MaxValue));
        var bobRecord = new RecordRef("test.pool", Random.Shared.NextInt64(1, long.MaxValue));

        AppDbContext leased;
        await using (var alice = app.Services.CreateAsyncScope())
        {
            leased = await SaveAsAsync(alice.ServiceProvider, "alice", aliceRecord, draft);
            alice.ServiceProvider.GetRequiredService<SampleScopeProbe>().SeenContext.ShouldBeSameAs(leased);
        }

        await using (var bob = await LeaseAgainAsync(leased))
        {
            (await SaveAsAsync(bob.ServiceProvider, "bob", bobRecord, draft)).ShouldBeSameAs(leased);
            // The handler of bob's event was bob's scope's, given bob's context.
            bob.ServiceProvider.GetRequiredService<SampleScopeProbe>().SeenContext.ShouldBeSameAs(leased);
        }

        (await AuditRowsAsync(aliceRecord)).ShouldBe([("leased", "alice")]);
        (await AuditRowsAsync(bobRecord)).ShouldBe([("leased", "bob")]);
    }

    [Fact]
    public async Task A_context_given_back_mid_transaction_with_pending_changes_comes_back_clean()
    {
        var draft = await app.CreateDraftAsync("pooled leftovers", Day);
        var abandoned = new RecordRef("test.pool", Random.Shared.NextInt64(1, long.MaxValue));
        var unsaved = new RecordRef("test.pool", Random.Shared.NextInt64(1, long.MaxValue));
        var later = new RecordRef("test.pool", Random.Shared.NextInt64(1, long.MaxValue));
        var leftBehind = $"left behind {Guid.NewGuid():N}";

        AppDbContext leased;
        int? defaultTimeout;
        await using (var first = app.Services.CreateAsyncScope())
        {
            first.ServiceProvider.GetRequiredService<LeaseUser>().Name = "alice";
            leased = first.ServiceProvider.GetRequiredService<AppDbContext>();
            defaultTimeout = leased.Database.GetCommandTimeout();
            leased.Database.AutoSavepointsEnabled.ShouldBeFalse();

            // A transaction left open, with a written (never committed) audit row in it.
            await leased.Database.BeginTransactionAsync();
            first.ServiceProvider.GetRequiredService<IAuditActions>().Record(abandoned, "abandoned");
            await leased.SaveChangesAsync();

            // Then changes never saved: a new entity, a raised event, a named audit action; and changed settings.
            leased.Add(new SampleDocument(leftBehind, Day));
            (await leased.Set<SampleDocument>().FindAsync(draft))!.RaiseForTest(new SampleScopeProbed());
            first.ServiceProvider.GetRequiredService<IAuditActions>().Record(unsaved, "unsaved");
            leased.Database.AutoSavepointsEnabled = true;
            leased.Database.SetCommandTimeout(77);
            leased.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
            leased.ChangeTracker.AutoDetectChangesEnabled = false;
        }

        await using (var second = await LeaseAgainAsync(leased))
        {
            AppDbContext.ScopeOf(leased).ShouldBeSameAs(second.ServiceProvider);
            leased.ChangeTracker.Entries().ShouldBeEmpty();
            leased.Database.CurrentTransaction.ShouldBeNull();
            leased.Database.AutoSavepointsEnabled.ShouldBeFalse();
            leased.Database.GetCommandTimeout().ShouldBe(defaultTimeout);
            leased.ChangeTracker.QueryTrackingBehavior.ShouldBe(QueryTrackingBehavior.TrackAll);
            leased.ChangeTracker.AutoDetectChangesEnabled.ShouldBeTrue();

            // A save of the next scope writes its own work only: no event of the last scope is dispatched, no action
            // of it recorded, and it is not inside the last scope's transaction.
            second.ServiceProvider.GetRequiredService<LeaseUser>().Name = "bob";
            second.ServiceProvider.GetRequiredService<IAuditActions>().Record(later, "later");
            await leased.SaveChangesAsync();
            second.ServiceProvider.GetRequiredService<SampleScopeProbe>().SeenContext.ShouldBeNull();
        }

        (await AuditRowsAsync(abandoned)).ShouldBeEmpty();
        (await AuditRowsAsync(unsaved)).ShouldBeEmpty();
        (await AuditRowsAsync(later)).ShouldBe([("later", "bob")]);
        await using var check = app.Services.CreateAsyncScope();
        (await check.ServiceProvider.GetRequiredService<AppDbContext>().Set<SampleDocument>().AnyAsync(d => d.Title == leftBehind)).ShouldBeFalse();
    }

    [Fact]
    public void A_context_not_leased_by_a_scope_has_no_scope_services_to_give()
    {
        var unleased = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
        try
        {
            Should.Throw<InvalidOperationException>(() => AppDbContext.ScopeOf(unleased));
        }
        finally
        {
            unleased.Dispose();
        }
    }

    /// <summary>Records an audit action and raises an event on <paramref name="draft"/> as <paramref name="user"/>, and saves.</summary>
    private static async Task<AppDbContext> SaveAsAsync(IServiceProvider scope, string user, RecordRef record, long draft)
    {
        scope.GetRequiredService<LeaseUser>().Name = user;
        var db = scope.GetRequiredService<AppDbContext>();
        scope.GetRequiredService<IAuditActions>().Record(record, "leased");
        (await db.Set<SampleDocument>().FindAsync(draft))!.RaiseForTest(new SampleScopeProbed());
        await db.SaveChangesAsync();
        return db;
    }

    /// <summary>
    /// A scope whose context is <paramref name="context"/> again. The pool hands out the context given back longest ago
    /// first, so scopes are opened (and kept open) until it comes out.
    /// </summary>
    private async Task<AsyncServiceScope> LeaseAgainAsync(AppDbContext context)
    {
        var held = new List<AsyncServiceScope>();
        try
        {
            for (var attempt = 0; attempt < 500; attempt++)
            {
                var scope = app.Services.CreateAsyncScope();
                if (ReferenceEquals(scope.ServiceProvider.GetRequiredService<AppDbContext>(), context))
                {
                    return scope;
                }

                held.Add(scope);
            }

            throw new InvalidOperationException("The pool never gave the context back: contexts are not pooled.");
        }
        finally
        {
            foreach (var scope in held)
            {
                await scope.DisposeAsync();
            }
        }
    }

    private async Task<List<(string Action, string? User)>> AuditRowsAsync(RecordRef record)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<AuditEntry>().AsNoTracking()
            .Where(e => e.RecordType == record.Type && e.RecordId == record.Id)
            .OrderBy(e => e.Id)
            .Select(e => new { e.Action, e.UserName })
            .ToListAsync();
        return rows.Select(r => (r.Action, r.UserName)).ToList();
    }
}

/// <summary>The sample app whose current user is whatever its scope says (<see cref="LeaseUser"/>), not the request's.</summary>
public sealed class PooledContextAppFactory : MokoAppFactory
{
    protected override string TemplateKey => SampleAppFactory.SampleTemplateKey;

    public Task<long> CreateDraftAsync(string title, DateOnly date) =>
        InScopeAsync(async db =>
        {
            var document = new SampleDocument(title, date);
            db.Add(document);
            await db.SaveChangesAsync();
            return document.Id;
        });

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        SampleServices.Add(services);
        services.Configure<OutboxOptions>(o => o.Enabled = false);
        services.AddScoped<LeaseUser>();
        services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<LeaseUser>());
    }

    protected override Task PrepareTemplateAsync(string connectionString) => SampleServices.CreateSchemaAsync(connectionString);

    private async Task<T> InScopeAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }
}

/// <summary>Scoped: the user a test says its scope acts as.</summary>
public sealed class LeaseUser : ICurrentUser
{
    public string Name { get; set; } = HttpContextCurrentUser.SystemUserName;

    public long? UserId => null;

    public string? UserName => Name;

    public bool IsAuthenticated => false;
}
