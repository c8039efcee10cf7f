using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.IntegrationTests.Platform.Samples;
using MokoCrm.Testing;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Documents;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Features;
using MokoCrm.Web.Platform.Tags;

namespace MokoCrm.IntegrationTests.Platform.RecordTabs;

public sealed partial class RecordTabsTests(RecordTabsAppFactory app) : IClassFixture<RecordTabsAppFactory>
{
    private const string Type = SampleDocument.RecordType;

    [Fact]
    public async Task Linking_and_unlinking_through_the_linked_objects_tab_shows_the_chain_around_the_record()
    {
        var invoice = await NewSampleAsync();
        var order = await NewSampleAsync();
        var proposal = await NewSampleAsync();
        await using (var scope = app.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<ILinkService>().LinkAsync(proposal.Ref, order.Ref, LinkKinds.Converted);
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
        }

        using var admin = await SignedInClient.AdminAsync(app);
        var tab = $"/Records/{Type}/{invoice.Id}/links";
        var picked = await admin.Http.GetStringAsync($"{tab}/lookup?linkType={Type}&q={order.Number}");
        picked.ShouldContain($"\"{Type}:{order.Id}\"");

        var linked = await admin.PostFormAsync(tab, tab, new() { ["target"] = $"{Type}:{order.Id}" });
        linked.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = await admin.Http.GetStringAsync(tab);
        page.ShouldContain($"Linked to Sample document {order.Number}.");
        page.ShouldContain(order.Number);
        page.ShouldContain(proposal.Number); // two steps away, through the order
        page.ShouldContain($"(via {order.Number})");
        page.ShouldContain("Linked objects");

        var unlinked = await admin.PostFormAsync(tab, tab + "/unlink", new() { ["other"] = $"{Type}:{order.Id}" });
        unlinked.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await admin.Http.GetStringAsync(tab);
        after.ShouldContain("Link removed.");
        after.ShouldNotContain(order.Number);
        after.ShouldNotContain(proposal.Number);
    }

    [Fact]
    public async Task An_uploaded_file_is_listed_and_downloads_with_its_content_type_and_name()
    {
        var sample = await NewSampleAsync();
        using var admin = await SignedInClient.AdminAsync(app);

        var upload = await UploadAsync(admin, sample.Id, "offer notes.txt", "text/plain", Encoding.UTF8.GetBytes("Deliver on Monday."));

        upload.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = await admin.Http.GetStringAsync($"/Records/{Type}/{sample.Id}/documents");
        page.ShouldContain("offer notes.txt attached.");
        var fileId = FileLink().Match(page).Groups[1].Value;
        var download = await admin.GetAsync($"/Records/files/{fileId}");
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        download.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        download.Content.Headers.ContentDisposition.FileNameStar.ShouldBe("offer notes.txt");
        (await download.Content.ReadAsStringAsync()).ShouldBe("Deliver on Monday.");
    }

    [Fact]
    public async Task An_oversize_or_disallowed_upload_is_refused_with_its_reason_and_nothing_is_saved()
    {
        var sample = await NewSampleAsync();
        using var admin = await SignedInClient.AdminAsync(app);

        await UploadAsync(admin, sample.Id, "big.txt", "text/plain", Encoding.ASCII.GetBytes(new string('x', (int)RecordTabsAppFactory.UploadLimit + 1000)));
        var afterBig = await admin.Http.GetStringAsync($"/Records/{Type}/{sample.Id}/documents");
        await UploadAsync(admin, sample.Id, "setup.exe", "application/octet-stream", [0x4D, 0x5A, 0x90, 0x00]);
        var afterExe = await admin.Http.GetStringAsync($"/Records/{Type}/{sample.Id}/documents");

        afterBig.ShouldContain("the limit is 64 KB");
        afterExe.ShouldContain(".exe files are not allowed");
        afterExe.ShouldContain("No documents yet.");
        await using var scope = app.Scope();
        (await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<StoredFile>().CountAsync(f => f.OwnerType == Type && f.OwnerId == sample.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task The_documents_tab_shows_the_files_of_linked_records_marked_with_their_record()
    {
        var invoice = await NewSampleAsync();
        var order = await NewSampleAsync();
        await AddFileAsync(order.Id, "order.txt");
        await using (var scope = app.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<ILinkService>().LinkAsync(order.Ref, invoice.Ref, LinkKinds.Converted);
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
        }

        using var admin = await SignedInClient.AdminAsync(app);
        var page = await admin.Http.GetStringAsync($"/Records/{Type}/{invoice.Id}/documents");

        page.ShouldContain("order.txt");
        page.ShouldContain($"Sample document {order.Number}");
        var card = await admin.Http.GetStringAsync($"/Test/Samples/{invoice.Id}");
        TabCount("documents").Match(card).Groups[1].Value.ShouldBe("1");
        TabCount("links").Match(card).Groups[1].Value.ShouldBe("1");
    }

    [Fact]
    public async Task A_file_of_a_record_the_user_may_not_see_answers_404_and_deleting_without_the_write_right_answers_403()
    {
        var visible = await NewSampleAsync();
        var secret = await NewSampleAsync(RecordTabsAppFactory.Secret);
        var visibleFile = await AddFileAsync(visible.Id, "visible.txt");
        var secretFile = await AddFileAsync(secret.Id, "secret.txt");
        using var reader = await UserAsync("reader1", RecordTabsAppFactory.Read);

        (await reader.GetAsync($"/Records/files/{visibleFile}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reader.GetAsync($"/Records/files/{secretFile}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await reader.GetAsync($"/Records/{Type}/{secret.Id}/documents")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var tab = $"/Records/{Type}/{visible.Id}/documents";
        var page = await reader.Http.GetStringAsync(tab);
        page.ShouldNotContain("Attach a file");
        var delete = await reader.PostFormAsync(tab, $"{tab}/{visibleFile}/delete", []);

        delete.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await using var scope = app.Scope();
        (await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<StoredFile>().AnyAsync(f => f.Id == visibleFile)).ShouldBeTrue();
    }

    [Fact]
    public async Task The_private_note_is_hidden_from_users_without_the_write_right()
    {
        var sample = await NewSampleAsync();
        using var admin = await SignedInClient.AdminAsync(app);
        var tab = $"/Records/{Type}/{sample.Id}/notes";
        await admin.PostFormAsync(tab, tab, new() { ["kind"] = "public", ["text"] = "Thank you for your order." });
        await admin.PostFormAsync(tab, tab, new() { ["kind"] = "private", ["text"] = "Customer pays late." });
        using var reader = await UserAsync("reader2", RecordTabsAppFactory.Read);
        using var writer = await UserAsync("writer2", RecordTabsAppFactory.Read, RecordTabsAppFactory.Write);

        var readerPage = await reader.Http.GetStringAsync(tab);
        var writerPage = await writer.Http.GetStringAsync(tab);
        var readerHistory = await reader.Http.GetStringAsync($"/Records/{Type}/{sample.Id}/history");
        var refused = await reader.PostFormAsync(tab, tab, new() { ["kind"] = "public", ["text"] = "changed" });

        readerPage.ShouldContain("Thank you for your order.");
        readerPage.ShouldNotContain("Customer pays late.");
        readerHistory.ShouldNotContain("Customer pays late.");
        writerPage.ShouldContain("Customer pays late.");
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_history_tab_lists_who_changed_what()
    {
        var sample = await NewSampleAsync();
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var saved = await db.Set<SampleDocument>().SingleAsync(d => d.Id == sample.Id);
            saved.Amount = 250.5m;
            await db.SaveChangesAsync();
        }

        using var admin = await SignedInClient.AdminAsync(app);
        var page = await admin.Http.GetStringAsync($"/Records/{Type}/{sample.Id}/history");
        var firstPageOfOne = await admin.Http.GetStringAsync($"/Records/{Type}/{sample.Id}/history?size=1");

        page.ShouldContain("Amount");
        page.ShouldContain("250.5");
        page.ShouldContain("created");
        firstPageOfOne.ShouldContain("Older");
    }

    [Fact]
    public async Task A_tag_created_on_the_admin_screen_is_assigned_on_the_card_and_filters_the_list()
    {
        var tagged = await NewSampleAsync();
        var other = await NewSampleAsync();
        using var admin = await SignedInClient.AdminAsync(app);
        var screen = $"/Admin/Tags?kind={Type}";
        var label = "VIP " + tagged.Number;

        var empty = await admin.PostFormAsync(screen, "/Admin/Tags/new", new() { ["kind"] = Type, ["label"] = " " });
        (await admin.Http.GetStringAsync(empty.Headers.Location!.ToString())).ShouldContain("A tag needs a label.");
        (await admin.PostFormAsync(screen, "/Admin/Tags/new", new() { ["kind"] = Type, ["label"] = label })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        long tagId;
        await using (var scope = app.Scope())
        {
            tagId = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Tag>().Where(t => t.Kind == Type && t.Label == label).Select(t => t.Id).SingleAsync();
        }

        var assign = await admin.PostFormAsync($"/Test/Samples/{tagged.Id}/tags", $"/Records/{Type}/{tagged.Id}/tags/assign",
            new() { ["tagId"] = tagId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["returnUrl"] = $"/Test/Samples/{tagged.Id}/tags" });

        assign.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.Http.GetStringAsync($"/Test/Samples/{tagged.Id}/tags")).ShouldContain(label);
        var filtered = await admin.Http.GetStringAsync($"/Test/Samples?tag={tagId}");
        filtered.ShouldContain(tagged.Number);
        filtered.ShouldNotContain(other.Number);
        using var reader = await UserAsync("reader3", RecordTabsAppFactory.Read);
        // The reader's picker has no buttons; the token comes from the layout of a tab page.
        var refused = await reader.PostFormAsync($"/Records/{Type}/{tagged.Id}/links", $"/Records/{Type}/{tagged.Id}/tags/unassign", new() { ["tagId"] = tagId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reader.GetAsync(screen)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Records_of_undeclared_types_missing_records_and_hidden_records_answer_404()
    {
        var secret = await NewSampleAsync(RecordTabsAppFactory.Secret);
        using var admin = await SignedInClient.AdminAsync(app);
        using var reader = await UserAsync("reader4", RecordTabsAppFactory.Read);
        using var nobody = await UserAsync("nobody4");

        (await admin.GetAsync("/Records/test.undeclared/1/links")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.GetAsync($"/Records/{Type}/999999999/notes")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.GetAsync($"/Records/{Type}/{secret.Id}/notes")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reader.GetAsync($"/Records/{Type}/{secret.Id}/notes")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await nobody.GetAsync($"/Records/{Type}/{secret.Id}/history")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task<SampleDocument> NewSampleAsync(string status = "draft")
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var sample = new SampleDocument(SampleAppFactory.NewNumber(), new DateOnly(2026, 3, 14), 120m) { Status = status };
        db.Add(sample);
        await db.SaveChangesAsync();
        return sample;
    }

    private async Task<long> AddFileAsync(long ownerId, string name)
    {
        await using var scope = app.Scope();
        var file = await scope.ServiceProvider.GetRequiredService<DocumentStore>()
            .AddUploadAsync(Type, ownerId, name, "text/plain", new MemoryStream(Encoding.UTF8.GetBytes("content of " + name)));
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
        return file.Id;
    }

    private async Task<SignedInClient> UserAsync(string login, params string[] rights)
    {
        await using (var scope = app.Scope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var id = await admin.CreateUserAsync(new UserForm { UserName = login, FullName = login, Password = login + "-pass-1" });
            await admin.SetUserPermissionsAsync(id, rights);
        }

        return await SignedInClient.AsAsync(app, login, login + "-pass-1");
    }

    private static async Task<HttpResponseMessage> UploadAsync(SignedInClient client, long id, string name, string contentType, byte[] content)
    {
        var tab = $"/Records/{Type}/{id}/documents";
        var token = SignedInClient.TokenIn(await client.Http.GetStringAsync(tab));
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token!), "__RequestVerificationToken");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", name);
        return await client.Http.PostAsync(tab, form);
    }

    [GeneratedRegex("href=\"/Records/files/(\\d+)\"")]
    private static partial Regex FileLink();

    private static Regex TabCount(string tab) => new($"data-tab=\"{tab}\">\\s*[^<]*<span class=\"badge[^\"]*\">(\\d+)</span>");
}
