using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.IntegrationTests.Platform.Samples;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Tags;

namespace MokoCrm.IntegrationTests.Platform;

public sealed class TagsTests(SampleAppFactory app) : IClassFixture<SampleAppFactory>
{
    private const string Kind = SampleDocument.RecordType;

    [Fact]
    public async Task Filtering_by_a_tag_with_its_descendants_finds_records_tagged_anywhere_below_it()
    {
        var (regions, europe, france) = await TreeAsync();
        var inFrance = await CreateAsync();
        var inEurope = await CreateAsync();
        var untagged = await CreateAsync();
        await InScopeAsync(async (tags, _) =>
        {
            await tags.AssignAsync(Kind, inFrance.Id, france.Id);
            await tags.AssignAsync(Kind, inEurope.Id, europe.Id);
        });

        var withDescendants = await FilterAsync(regions.Id, includeDescendants: true, inFrance, inEurope, untagged);
        var europeOnly = await FilterAsync(europe.Id, includeDescendants: false, inFrance, inEurope, untagged);
        var europeAndBelow = await FilterAsync(europe.Id, includeDescendants: true, inFrance, inEurope, untagged);

        withDescendants.ShouldBe([inFrance.Id, inEurope.Id], ignoreOrder: true);
        europeOnly.ShouldBe([inEurope.Id]);
        europeAndBelow.ShouldBe([inFrance.Id, inEurope.Id], ignoreOrder: true);
    }

    [Fact]
    public async Task Moving_a_tag_under_itself_or_its_own_descendant_is_refused()
    {
        var (regions, _, france) = await TreeAsync();

        await using var scope = app.Scope();
        var tags = scope.ServiceProvider.GetRequiredService<ITagService>();
        var underDescendant = await Should.ThrowAsync<DomainException>(() => tags.MoveAsync(regions.Id, france.Id));
        var underItself = await Should.ThrowAsync<DomainException>(() => tags.MoveAsync(france.Id, france.Id));

        underDescendant.Message.ShouldContain("cannot be moved under itself or one of its own sub-tags");
        underItself.Message.ShouldContain("cannot be moved under itself");
    }

    [Fact]
    public async Task Moving_a_tag_takes_its_subtree_along_and_the_filter_follows()
    {
        var (regions, europe, france) = await TreeAsync();
        var elsewhere = await InScopeAsync((tags, _) => tags.CreateAsync(Kind, "Elsewhere"));
        var inFrance = await CreateAsync();
        await InScopeAsync((tags, _) => tags.AssignAsync(Kind, inFrance.Id, france.Id));

        await InScopeAsync((tags, _) => tags.MoveAsync(europe.Id, elsewhere.Id));

        (await FilterAsync(elsewhere.Id, includeDescendants: true, inFrance)).ShouldBe([inFrance.Id]);
        (await FilterAsync(regions.Id, includeDescendants: true, inFrance)).ShouldBeEmpty();
        await using var scope = app.Scope();
        var tree = await scope.ServiceProvider.GetRequiredService<ITagService>().TreeAsync(Kind);
        tree.Single(t => t.Id == france.Id).Depth.ShouldBe(2);
        tree.Single(t => t.Id == europe.Id).ParentId.ShouldBe(elsewhere.Id);
    }

    [Fact]
    public async Task Assigning_a_tag_twice_keeps_one_pair_and_unassigning_removes_it()
    {
        var (_, europe, _) = await TreeAsync();
        var document = await CreateAsync();

        await InScopeAsync(async (tags, _) =>
        {
            await tags.AssignAsync(Kind, document.Id, europe.Id);
            await tags.AssignAsync(Kind, document.Id, europe.Id);
        });
        await InScopeAsync((tags, _) => tags.AssignAsync(Kind, document.Id, europe.Id));

        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            (await db.Set<TagAssignment>().CountAsync(a => a.RecordId == document.Id)).ShouldBe(1);
            var ofRecords = await scope.ServiceProvider.GetRequiredService<ITagService>().ForRecordsAsync(Kind, [document.Id]);
            ofRecords[document.Id].ShouldHaveSingleItem().Label.ShouldBe(europe.Label);
        }

        await InScopeAsync((tags, _) => tags.UnassignAsync(Kind, document.Id, europe.Id));

        (await FilterAsync(europe.Id, includeDescendants: false, document)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Deleting_a_record_can_take_all_its_tags_off_in_the_same_save()
    {
        var (regions, europe, france) = await TreeAsync();
        var document = await CreateAsync();
        await InScopeAsync(async (tags, _) =>
        {
            await tags.AssignAsync(Kind, document.Id, europe.Id);
            await tags.AssignAsync(Kind, document.Id, france.Id);
        });

        await InScopeAsync((tags, _) => tags.UnassignAllAsync(Kind, document.Id));

        (await FilterAsync(regions.Id, includeDescendants: true, document)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_tag_of_another_kind_cannot_be_put_on_a_record_and_siblings_need_distinct_labels()
    {
        var thirdPartyTag = await InScopeAsync((tags, _) => tags.CreateAsync("crm.thirdparty", "VIP " + Guid.NewGuid().ToString("N")[..6]));
        var document = await CreateAsync();

        await using var scope = app.Scope();
        var service = scope.ServiceProvider.GetRequiredService<ITagService>();
        await Should.ThrowAsync<DomainException>(() => service.AssignAsync(Kind, document.Id, thirdPartyTag.Id));
        await Should.ThrowAsync<DomainException>(() => service.CreateAsync("crm.thirdparty", thirdPartyTag.Label.ToLowerInvariant()));
    }

    private async Task<(Tag Regions, Tag Europe, Tag France)> TreeAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        return await InScopeAsync(async (tags, _) =>
        {
            var regions = await tags.CreateAsync(Kind, "Regions " + suffix, color: "#336699");
            var europe = await tags.CreateAsync(Kind, "Europe", regions.Id);
            var france = await tags.CreateAsync(Kind, "France", europe.Id);
            return (regions, europe, france);
        });
    }

    /// <summary>The way a list uses it: composed into the list's own query, one SQL statement.</summary>
    private async Task<List<long>> FilterAsync(long tagId, bool includeDescendants, params SampleDocument[] among)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ids = scope.ServiceProvider.GetRequiredService<ITagService>().RecordIdsWithTag(Kind, tagId, includeDescendants);
        var candidates = among.Select(d => d.Id).ToList();
        return await db.Set<SampleDocument>()
            .Where(d => candidates.Contains(d.Id) && ids.Contains(d.Id))
            .Select(d => d.Id)
            .ToListAsync();
    }

    private async Task<SampleDocument> CreateAsync()
    {
        var document = new SampleDocument(SampleAppFactory.NewNumber(), new DateOnly(2026, 11, 27), 1m);
        await InScopeAsync((_, db) =>
        {
            db.Add(document);
            return Task.FromResult(document);
        });
        return document;
    }

    private Task InScopeAsync(Func<ITagService, AppDbContext, Task> action) =>
        InScopeAsync(async (tags, db) =>
        {
            await action(tags, db);
            return true;
        });

    private async Task<T> InScopeAsync<T>(Func<ITagService, AppDbContext, Task<T>> action)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var result = await action(scope.ServiceProvider.GetRequiredService<ITagService>(), db);
        await db.SaveChangesAsync();
        return result;
    }
}
