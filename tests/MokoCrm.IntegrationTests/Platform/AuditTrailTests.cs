using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.IntegrationTests.Platform.Samples;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.IntegrationTests.Platform;

public sealed class AuditTrailTests(SampleAppFactory app) : IClassFixture<SampleAppFactory>
{
    private static readonly DateOnly Day = new(2026, 11, 27);

    [Fact]
    public async Task Creating_an_audited_record_writes_a_created_row_with_its_values()
    {
        var document = new SampleDocument(SampleAppFactory.NewNumber(), Day, 120.50m);
        await SaveAsync(db => db.Add(document));

        var row = (await HistoryAsync(document.Ref)).ShouldHaveSingleItem();

        row.Action.ShouldBe("created");
        row.UserName.ShouldBe("system");
        row.Changes.ShouldContain(new AuditChange("Amount", null, "120.50"));
        row.Changes.ShouldContain(new AuditChange("Number", null, document.Number));
        row.Changes.ShouldContain(new AuditChange("Date", null, "2026-11-27"));
    }

    [Fact]
    public async Task Updating_records_only_the_changed_properties_with_old_and_new_values()
    {
        var document = await CreateAsync(100m);

        await SaveAsync(db =>
        {
            var tracked = db.Set<SampleDocument>().Single(d => d.Id == document.Id);
            tracked.Amount = 150m;
            tracked.Status = "draft"; // same value: not a change
        });

        var updated = (await HistoryAsync(document.Ref))[0];
        updated.Action.ShouldBe("updated");
        updated.Changes.ShouldBe([new AuditChange("Amount", "100.00", "150.00")]);
    }

    [Fact]
    public async Task Saving_a_record_without_real_changes_writes_no_row()
    {
        var document = await CreateAsync(10m);

        // Update() marks every column modified even though nothing differs from the database.
        await SaveAsync(db => db.Update(new SampleDocument(document.Number, Day, 10m).WithId(document.Id)));

        (await HistoryAsync(document.Ref)).ShouldHaveSingleItem().Action.ShouldBe("created");
    }

    [Fact]
    public async Task A_changed_value_object_is_recorded_member_by_member()
    {
        var document = await CreateAsync(1m);

        await SaveAsync(db => db.Set<SampleDocument>().Single(d => d.Id == document.Id).Delivery = new SampleAddress("Lyon", ""));

        (await HistoryAsync(document.Ref))[0].Changes.ShouldBe([new AuditChange("Delivery.City", "", "Lyon")]);
    }

    [Fact]
    public async Task Excluded_properties_and_file_contents_never_reach_the_trail()
    {
        var document = new SampleDocument(SampleAppFactory.NewNumber(), Day, 5m) { SecretHash = "AQAAAAIAAYagAAAAE-hash", Content = [1, 2, 3] };
        await SaveAsync(db => db.Add(document));
        await SaveAsync(db =>
        {
            var tracked = db.Set<SampleDocument>().Single(d => d.Id == document.Id);
            tracked.SecretHash = "another-hash";
            tracked.Content = [4, 5, 6];
            tracked.Status = "sent";
        });

        var history = await HistoryAsync(document.Ref);

        history.Count.ShouldBe(2);
        history.SelectMany(r => r.Changes).Select(c => c.Property).ShouldNotContain("SecretHash");
        history.SelectMany(r => r.Changes).Select(c => c.Property).ShouldNotContain("Content");
        history[0].Changes.ShouldBe([new AuditChange("Status", "draft", "sent")]);
        (await RawChangesAsync(document.Ref)).ShouldNotContain("hash");
    }

    [Fact]
    public async Task A_rolled_back_transaction_leaves_neither_the_record_nor_its_audit_rows()
    {
        var document = new SampleDocument(SampleAppFactory.NewNumber(), Day, 42m);

        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Add(document);
            await db.SaveChangesAsync();
            (await db.Set<AuditEntry>().CountAsync(e => e.RecordType == SampleDocument.RecordType && e.RecordId == document.Id)).ShouldBe(1);
            await transaction.RollbackAsync();
        }

        await using var check = app.Scope();
        var fresh = check.ServiceProvider.GetRequiredService<AppDbContext>();
        (await fresh.Set<SampleDocument>().AnyAsync(d => d.Id == document.Id)).ShouldBeFalse();
        (await fresh.Set<AuditEntry>().AnyAsync(e => e.RecordType == SampleDocument.RecordType && e.RecordId == document.Id)).ShouldBeFalse();
    }

    [Fact]
    public async Task A_failed_save_writes_no_audit_row_and_its_retry_writes_exactly_one()
    {
        var taken = await CreateAsync(1m);
        var document = new SampleDocument(taken.Number, Day, 2m);

        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Add(document);
        await Should.ThrowAsync<DbUpdateException>(() => db.SaveChangesAsync());
        (await HistoryAsync(document.Ref)).ShouldBeEmpty();

        document.Number = SampleAppFactory.NewNumber();
        await db.SaveChangesAsync();

        var row = (await HistoryAsync(document.Ref)).ShouldHaveSingleItem();
        row.Changes.ShouldContain(new AuditChange("Number", null, document.Number));
    }

    [Fact]
    public async Task A_business_action_is_recorded_under_its_name_and_the_signed_in_user()
    {
        var document = await CreateAsync(80m);

        await using (var scope = app.Scope())
        {
            var accessor = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
            accessor.HttpContext = new DefaultHttpContext
            {
                User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "7"), new Claim(ClaimTypes.Name, "alice")], "test")),
            };
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var tracked = await db.Set<SampleDocument>().SingleAsync(d => d.Id == document.Id);
            tracked.Status = "validated";
            scope.ServiceProvider.GetRequiredService<IAuditActions>().Name(tracked, "validated");
            scope.ServiceProvider.GetRequiredService<IAuditActions>().Record(document.Ref, "sent_by_email");
            await db.SaveChangesAsync();
            accessor.HttpContext = null;
        }

        var history = await HistoryAsync(document.Ref);

        var validated = history.Single(r => r.Action == "validated");
        validated.UserId.ShouldBe(7);
        validated.UserName.ShouldBe("alice");
        validated.Changes.ShouldBe([new AuditChange("Status", "draft", "validated")]);
        history.Single(r => r.Action == "sent_by_email").Changes.ShouldBeEmpty();
    }

    [Fact]
    public async Task Deleting_a_record_keeps_its_last_values_in_the_trail()
    {
        var document = await CreateAsync(33m);

        await SaveAsync(db => db.Remove(db.Set<SampleDocument>().Single(d => d.Id == document.Id)));

        var deleted = (await HistoryAsync(document.Ref))[0];
        deleted.Action.ShouldBe("deleted");
        deleted.Changes.ShouldContain(new AuditChange("Amount", "33.00", null));
    }

    [Fact]
    public async Task History_comes_newest_first_one_keyset_page_at_a_time()
    {
        var document = await CreateAsync(0m);
        for (var amount = 1; amount <= 4; amount++)
        {
            var value = amount;
            await SaveAsync(db => db.Set<SampleDocument>().Single(d => d.Id == document.Id).Amount = value);
        }

        await using var scope = app.Scope();
        var trail = scope.ServiceProvider.GetRequiredService<IAuditTrail>();
        var first = await trail.ForRecordAsync(document.Ref, new AuditPageRequest(Size: 2));
        var second = await trail.ForRecordAsync(document.Ref, new AuditPageRequest(Size: 2, After: first.Next));
        var last = await trail.ForRecordAsync(document.Ref, new AuditPageRequest(Size: 2, After: second.Next));

        first.Rows.Select(r => r.Changes.Single().New).ShouldBe(["4.00", "3.00"]);
        second.Rows.Select(r => r.Changes.Single().New).ShouldBe(["2.00", "1.00"]);
        last.Rows.ShouldHaveSingleItem().Action.ShouldBe("created");
        last.Next.ShouldBeNull();
    }

    private async Task<SampleDocument> CreateAsync(decimal amount)
    {
        var document = new SampleDocument(SampleAppFactory.NewNumber(), Day, amount);
        await SaveAsync(db => db.Add(document));
        return document;
    }

    private async Task SaveAsync(Action<AppDbContext> change)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        change(db);
        await db.SaveChangesAsync();
    }

    private async Task<IReadOnlyList<AuditRow>> HistoryAsync(RecordRef record)
    {
        await using var scope = app.Scope();
        var page = await scope.ServiceProvider.GetRequiredService<IAuditTrail>().ForRecordAsync(record, new AuditPageRequest());
        return page.Rows;
    }

    private async Task<string> RawChangesAsync(RecordRef record)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var all = await db.Set<AuditEntry>().Where(e => e.RecordType == record.Type && e.RecordId == record.Id).Select(e => e.Changes).ToListAsync();
        return string.Join("\n", all);
    }
}
