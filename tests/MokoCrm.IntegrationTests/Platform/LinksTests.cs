using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.IntegrationTests.Platform.Samples;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.IntegrationTests.Platform;

public sealed class LinksTests(SampleAppFactory app) : IClassFixture<SampleAppFactory>
{
    [Fact]
    public async Task A_conversion_chain_shows_from_its_last_record_with_depths_and_summaries()
    {
        var proposal = await CreateAsync(100m);
        var order = await CreateAsync(100m);
        var invoice = await CreateAsync(120m);
        await InScopeAsync(async links =>
        {
            await links.LinkAsync(proposal.Ref, order.Ref, LinkKinds.Converted);
            await links.LinkAsync(order.Ref, invoice.Ref, LinkKinds.Converted);
        });

        var chain = await ChainAsync(invoice.Ref);

        chain.Records.Select(r => (r.Record, r.Depth, r.Direction)).ShouldBe(
        [
            (order.Ref, 1, LinkDirection.Upstream),
            (proposal.Ref, 2, LinkDirection.Upstream),
        ]);
        chain.Direct.ShouldHaveSingleItem().Record.ShouldBe(order.Ref);
        var far = chain.Records[1];
        far.Via.ShouldBe(order.Ref);
        far.Kind.ShouldBe(LinkKinds.Converted);
        far.TypeLabel.ShouldBe("Sample document");
        far.Summary.ShouldBe(new RecordSummary(SampleDocument.RecordType, proposal.Id, proposal.Number, proposal.Date, 100m, "draft", $"/Test/Samples/{proposal.Id}"));
    }

    [Fact]
    public async Task The_chain_is_bounded_by_its_depth_and_walks_both_directions()
    {
        var order = await CreateAsync(10m);
        var invoice = await CreateAsync(10m);
        var payment = Memo.Ref(NewMemoId());
        var proposal = await CreateAsync(10m);
        await InScopeAsync(async links =>
        {
            await links.LinkAsync(proposal.Ref, order.Ref, LinkKinds.Converted);
            await links.LinkAsync(order.Ref, invoice.Ref, LinkKinds.Converted);
            await links.LinkAsync(payment, invoice.Ref, LinkKinds.Pays);
        });

        var fromOrder = await ChainAsync(order.Ref, maxDepth: 1);
        var fromOrderDeeper = await ChainAsync(order.Ref, maxDepth: 2);

        fromOrder.Records.Select(r => r.Record).ShouldBe([proposal.Ref, invoice.Ref], ignoreOrder: true);
        fromOrderDeeper.Records.Single(r => r.Record == payment).ShouldSatisfyAllConditions(
            p => p.Depth.ShouldBe(2),
            p => p.Via.ShouldBe(invoice.Ref),
            p => p.Kind.ShouldBe(LinkKinds.Pays),
            p => p.Summary.Label.ShouldBe($"MEMO-{payment.Id}"));
    }

    [Fact]
    public async Task Describers_are_called_once_per_type_with_all_the_ids_of_that_type()
    {
        var root = await CreateAsync(1m);
        var documents = new[] { await CreateAsync(2m), await CreateAsync(3m), await CreateAsync(4m) };
        var memos = Enumerable.Range(0, 5).Select(_ => Memo.Ref(NewMemoId())).ToList();
        await InScopeAsync(async links =>
        {
            foreach (var document in documents)
            {
                await links.LinkAsync(root.Ref, document.Ref, LinkKinds.Manual);
            }

            foreach (var memo in memos)
            {
                await links.LinkAsync(documents[0].Ref, memo, LinkKinds.Manual);
            }
        });
        var calls = app.Services.GetRequiredService<DescriberCalls>();
        calls.Calls.Clear();

        var chain = await ChainAsync(root.Ref);

        chain.Records.Count.ShouldBe(8);
        calls.For(SampleDocument.RecordType).ShouldBe(1);
        calls.For(Memo.RecordType).ShouldBe(1);
        calls.Calls.Single(c => c.Type == Memo.RecordType).Ids.ShouldBe(memos.Select(m => m.Id), ignoreOrder: true);
    }

    [Fact]
    public async Task Linking_the_same_pair_again_in_either_direction_is_ignored()
    {
        var a = await CreateAsync(1m);
        var b = await CreateAsync(1m);

        var results = new List<bool>();
        await InScopeAsync(async links =>
        {
            results.Add(await links.LinkAsync(a.Ref, b.Ref, LinkKinds.Converted));
            results.Add(await links.LinkAsync(a.Ref, b.Ref, LinkKinds.Converted)); // same unit of work, not saved yet
        });
        await InScopeAsync(async links => results.Add(await links.LinkAsync(b.Ref, a.Ref, LinkKinds.Manual)));

        results.ShouldBe([true, false, false]);
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        (await db.Set<RecordLink>().CountAsync(l => (l.SourceId == a.Id && l.TargetId == b.Id) || (l.SourceId == b.Id && l.TargetId == a.Id))).ShouldBe(1);
    }

    [Fact]
    public async Task A_record_added_in_the_unit_of_work_is_linked_once_and_its_saved_link_guards_later_ones()
    {
        var a = await CreateAsync(1m);
        var results = new List<bool>();
        var fresh = new SampleDocument(SampleAppFactory.NewNumber(), new DateOnly(2026, 11, 27), 2m);
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Add(fresh); // a conversion's new document: its link is written without asking the database
            var links = scope.ServiceProvider.GetRequiredService<ILinkService>();
            results.Add(await links.LinkAsync(a.Ref, fresh.Ref, LinkKinds.Converted));
            results.Add(await links.LinkAsync(fresh.Ref, a.Ref, LinkKinds.Manual)); // same unit of work, not saved yet
            await db.SaveChangesAsync();
        }

        await InScopeAsync(async links => results.Add(await links.LinkAsync(fresh.Ref, a.Ref, LinkKinds.Manual)));

        results.ShouldBe([true, false, false]);
        await using var check = app.Scope();
        var saved = await check.ServiceProvider.GetRequiredService<AppDbContext>().Set<RecordLink>()
            .Where(l => (l.SourceId == a.Id && l.TargetId == fresh.Id) || (l.SourceId == fresh.Id && l.TargetId == a.Id)).ToListAsync();
        saved.ShouldHaveSingleItem().Kind.ShouldBe(LinkKinds.Converted);
    }

    [Fact]
    public async Task A_record_cannot_be_linked_to_itself()
    {
        var a = await CreateAsync(1m);

        await using var scope = app.Scope();
        var links = scope.ServiceProvider.GetRequiredService<ILinkService>();
        await Should.ThrowAsync<DomainException>(() => links.LinkAsync(a.Ref, a.Ref, LinkKinds.Manual));
    }

    [Fact]
    public async Task Unlinking_removes_the_link_whichever_side_asks()
    {
        var a = await CreateAsync(1m);
        var b = await CreateAsync(1m);
        await InScopeAsync(links => links.LinkAsync(a.Ref, b.Ref, LinkKinds.Manual));

        var removed = false;
        await InScopeAsync(async links => removed = await links.UnlinkAsync(b.Ref, a.Ref));

        removed.ShouldBeTrue();
        (await ChainAsync(a.Ref)).Records.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_cycle_of_links_lists_each_record_once()
    {
        var a = await CreateAsync(1m);
        var b = await CreateAsync(1m);
        var c = await CreateAsync(1m);
        await InScopeAsync(async links =>
        {
            await links.LinkAsync(a.Ref, b.Ref, LinkKinds.Converted);
            await links.LinkAsync(b.Ref, c.Ref, LinkKinds.Converted);
            await links.LinkAsync(c.Ref, a.Ref, LinkKinds.Manual);
        });

        var chain = await ChainAsync(a.Ref, maxDepth: ILinkQueries.MaxDepth);

        chain.Records.Select(r => (r.Record, r.Depth)).ShouldBe([(b.Ref, 1), (c.Ref, 1)], ignoreOrder: true);
    }

    [Fact]
    public async Task Links_to_records_that_no_longer_exist_are_left_out_and_unknown_types_are_shown_plainly()
    {
        var a = await CreateAsync(1m);
        var gone = await CreateAsync(1m);
        var foreign = new RecordRef("other.thing", 77);
        await InScopeAsync(async links =>
        {
            await links.LinkAsync(a.Ref, gone.Ref, LinkKinds.Manual);
            await links.LinkAsync(a.Ref, foreign, LinkKinds.Manual);
        });
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Remove(await db.Set<SampleDocument>().SingleAsync(d => d.Id == gone.Id));
            await db.SaveChangesAsync();
        }

        var chain = await ChainAsync(a.Ref);

        chain.Records.ShouldHaveSingleItem().Summary.Label.ShouldBe("other.thing #77");
    }

    [Fact]
    public async Task Linked_records_the_user_may_not_read_are_left_out_of_the_chain()
    {
        var order = await CreateAsync(1m);
        var secret = await CreateAsync(2m);
        var visible = await CreateAsync(3m);
        await InScopeAsync(async links =>
        {
            await links.LinkAsync(order.Ref, secret.Ref, LinkKinds.Converted);
            await links.LinkAsync(order.Ref, visible.Ref, LinkKinds.Converted);
        });
        var hidden = app.Services.GetRequiredService<HiddenRecords>();
        hidden.Hidden[secret.Ref] = true;

        try
        {
            (await ChainAsync(order.Ref)).Records.Select(r => r.Record).ShouldBe([visible.Ref]);
        }
        finally
        {
            hidden.Hidden.Clear();
        }
    }

    [Fact]
    public async Task Deleting_a_record_can_drop_all_its_links_in_the_same_save()
    {
        var a = await CreateAsync(1m);
        var b = await CreateAsync(1m);
        var c = await CreateAsync(1m);
        await InScopeAsync(async links =>
        {
            await links.LinkAsync(a.Ref, b.Ref, LinkKinds.Converted);
            await links.LinkAsync(c.Ref, a.Ref, LinkKinds.Manual);
        });

        await InScopeAsync(links => links.UnlinkAllAsync(a.Ref));

        (await ChainAsync(b.Ref)).Records.ShouldBeEmpty();
        (await ChainAsync(c.Ref)).Records.ShouldBeEmpty();
    }

    private static long NewMemoId() => Random.Shared.NextInt64(1, long.MaxValue);

    private async Task<SampleDocument> CreateAsync(decimal amount)
    {
        var document = new SampleDocument(SampleAppFactory.NewNumber(), new DateOnly(2026, 11, 27), amount);
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Add(document);
        await db.SaveChangesAsync();
        return document;
    }

    private async Task InScopeAsync(Func<ILinkService, Task> action)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await action(scope.ServiceProvider.GetRequiredService<ILinkService>());
        await db.SaveChangesAsync();
    }

    private async Task<LinkChain> ChainAsync(RecordRef record, int maxDepth = 3)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<ILinkQueries>().ChainAsync(record, maxDepth);
    }
}
