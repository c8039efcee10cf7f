using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Crm;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Features;

namespace MokoCrm.IntegrationTests.Api;

/// <summary>
/// The key → user lookup and the user's rights are kept in memory between calls (ApiPrincipalCache): every change of
/// a key, a user, a group or a right made by the app must still stop the very next call.
/// </summary>
public sealed class ApiKeyCacheTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    private const string Listed = "/api/v1/third-parties?limit=1";

    [Fact]
    public async Task A_removed_right_a_left_group_or_a_disabled_user_stops_the_very_next_call_and_a_given_right_opens_it()
    {
        var (userId, key) = await ApiKit.UserWithKeyAsync(app, CrmPermissions.ThirdParties.Read);
        using var client = ApiKit.Client(app, key);
        (await client.GetAsync(Listed)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync(Listed)).StatusCode.ShouldBe(HttpStatusCode.OK, "the second call is answered from the kept copy");

        await WithAdminAsync(a => a.SetUserPermissionsAsync(userId, []));
        (await client.GetAsync(Listed)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "a right removed on the user's page stops the next call");

        long groupId = 0;
        await WithAdminAsync(async a =>
        {
            groupId = await a.CreateGroupAsync(new GroupForm { Name = "API cache " + Guid.NewGuid().ToString("N")[..8], MemberIds = [userId] });
            await a.SetGroupPermissionsAsync(groupId, [CrmPermissions.ThirdParties.Read]);
        });
        (await client.GetAsync(Listed)).StatusCode.ShouldBe(HttpStatusCode.OK, "a right given through a group opens the next call");

        await WithAdminAsync(a => a.SetGroupPermissionsAsync(groupId, []));
        (await client.GetAsync(Listed)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "a right removed from the group stops the next call");

        await WithAdminAsync(a => a.SetGroupPermissionsAsync(groupId, [CrmPermissions.ThirdParties.Read]));
        (await client.GetAsync(Listed)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await WithAdminAsync(a => a.UpdateGroupAsync(groupId, new GroupForm { Name = "API cache left " + Guid.NewGuid().ToString("N")[..8], MemberIds = [] }));
        (await client.GetAsync(Listed)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "leaving the group stops the next call");

        await WithAdminAsync(a => a.SetUserPermissionsAsync(userId, [CrmPermissions.ThirdParties.Read]));
        (await client.GetAsync(Listed)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var adminId = await AdminIdAsync();
        await WithAdminAsync(a => a.SetActiveAsync(userId, false, adminId));
        (await client.GetAsync(Listed)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "a disabled user's key stops at the next call");
    }

    [Fact]
    public async Task A_key_revoked_through_the_profile_service_stops_the_next_call_while_the_user_s_other_key_goes_on()
    {
        var (userId, first) = await ApiKit.UserWithKeyAsync(app, CrmPermissions.ThirdParties.Read);
        string second;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            second = await scope.ServiceProvider.GetRequiredService<ApiKeys>().CreateAsync(userId, "second");
        }

        using var one = ApiKit.Client(app, first);
        using var two = ApiKit.Client(app, second);
        (await one.GetAsync(Listed)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await two.GetAsync(Listed)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var keyId = await db.Set<ApiKey>().Where(k => k.Hash == ApiKey.HashOf(first)).Select(k => k.Id).SingleAsync();
            await scope.ServiceProvider.GetRequiredService<ApiKeys>().RevokeAsync(userId, keyId);
        }

        (await one.GetAsync(Listed)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await two.GetAsync(Listed)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_busy_key_writes_its_last_use_once_not_on_every_call()
    {
        var (_, key) = await ApiKit.UserWithKeyAsync(app, CrmPermissions.ThirdParties.Read);
        using var client = ApiKit.Client(app, key);
        (await client.GetAsync(Listed)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var first = await LastUseAsync(key);
        first.ShouldNotBeNull();

        for (var i = 0; i < 3; i++)
        {
            (await client.GetAsync(Listed)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        (await LastUseAsync(key)).ShouldBe(first, "within a minute the last use is not written again");
    }

    [Fact]
    public async Task A_copy_is_read_again_when_too_old_or_dropped_and_a_missing_key_is_never_kept()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var cache = new ApiPrincipalCache(clock);
        var loads = 0;
        Task<string?> Load() => Task.FromResult<string?>($"read {++loads}");

        (await cache.GetAsync("k", Load)).ShouldBe("read 1");
        clock.Now += ApiPrincipalCache.MaxAge - TimeSpan.FromSeconds(1);
        (await cache.GetAsync("k", Load)).ShouldBe("read 1");
        clock.Now += TimeSpan.FromSeconds(1);
        (await cache.GetAsync("k", Load)).ShouldBe("read 2", "a copy older than MaxAge is read again (changes made by another process)");
        cache.Invalidate();
        (await cache.GetAsync("k", Load)).ShouldBe("read 3");

        var misses = 0;
        (await cache.GetAsync("unknown", () => { misses++; return Task.FromResult<string?>(null); })).ShouldBeNull();
        (await cache.GetAsync("unknown", () => { misses++; return Task.FromResult<string?>(null); })).ShouldBeNull();
        misses.ShouldBe(2);

        // A copy read while a write happens (the generation moves during the load) is not kept.
        (await cache.GetAsync("raced", () =>
        {
            cache.Invalidate();
            return Task.FromResult<string?>("old");
        })).ShouldBe("old");
        (await cache.GetAsync("raced", () => Task.FromResult<string?>("new"))).ShouldBe("new");
    }

    [Fact]
    public void Last_use_is_claimed_once_a_minute_per_key()
    {
        var cache = new ApiPrincipalCache(TimeProvider.System);
        var now = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var minute = TimeSpan.FromMinutes(1);

        cache.ClaimLastUseWrite(1, null, now, minute).ShouldBeTrue("never used: written");
        cache.ClaimLastUseWrite(1, null, now.AddSeconds(30), minute).ShouldBeFalse();
        cache.ClaimLastUseWrite(1, null, now.AddSeconds(61), minute).ShouldBeTrue();
        cache.ClaimLastUseWrite(2, now.AddSeconds(-20), now, minute).ShouldBeFalse("written 20 s ago, as read with the key");
        cache.ClaimLastUseWrite(2, now.AddSeconds(-20), now.AddSeconds(41), minute).ShouldBeTrue();
        cache.ClaimLastUseWrite(3, now.AddMinutes(-5), now, minute).ShouldBeTrue();
        Enumerable.Range(0, 8).AsParallel().Select(_ => cache.ClaimLastUseWrite(4, null, now, minute)).Count(x => x).ShouldBe(1, "calls arriving together write once");
    }

    private async Task WithAdminAsync(Func<UserAdministration, Task> change)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await change(scope.ServiceProvider.GetRequiredService<UserAdministration>());
    }

    private async Task<long> AdminIdAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync();
    }

    private async Task<DateTimeOffset?> LastUseAsync(string key)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<ApiKey>().AsNoTracking()
            .Where(k => k.Hash == ApiKey.HashOf(key)).Select(k => k.LastUsedAt).SingleAsync();
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
