using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Crm;
using MokoCrm.Web.Modules.Sales;

namespace MokoCrm.IntegrationTests.Api;

/// <summary>POST /api/v1/{resource}/{id}/documents: the Documents tab's upload, with its checks, the attach right, visibility and Idempotency-Key.</summary>
public sealed class NativeDocumentUploadApiTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    [Fact]
    public async Task A_file_is_attached_listed_and_downloaded_and_a_retry_with_the_same_key_stores_it_once()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var (_, order, _) = await NativeRecordsApiTests.ChainAsync(api, "Native Upload SARL");

        var key = Guid.NewGuid().ToString();
        var first = await api.SendAsync(Upload($"/api/v1/orders/{order}/documents", "signed order.png", "image/png", Png, key));
        var attached = await first.ReadAsync(HttpStatusCode.Created);
        (attached["name"]!.GetValue<string>(), attached["contentType"]!.GetValue<string>(), attached["kind"]!.GetValue<string>(), attached["owner"]!.GetValue<string>(), attached["sizeBytes"]!.GetValue<long>())
            .ShouldBe(("signed order.png", "image/png", "uploaded", $"sales.order:{order}", Png.LongLength));
        var url = attached["url"]!.GetValue<string>();
        url.ShouldBe($"/api/v1/orders/{order}/documents/{Uri.EscapeDataString("signed order.png")}");
        first.Headers.Location!.OriginalString.ShouldBe(url);

        var replay = await api.SendAsync(Upload($"/api/v1/orders/{order}/documents", "signed order.png", "image/png", Png, key));
        (await replay.ReadAsync(HttpStatusCode.Created))["url"]!.GetValue<string>().ShouldBe(url);
        replay.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        var other = Png.Concat(new byte[] { 1, 2, 3 }).ToArray();
        (await (await api.SendAsync(Upload($"/api/v1/orders/{order}/documents", "signed order.png", "image/png", other, key))).ReadAsync(HttpStatusCode.UnprocessableEntity))
            ["detail"]!.GetValue<string>().ShouldContain("different request");

        var files = (await (await api.GetAsync($"/api/v1/orders/{order}/documents")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray();
        files.Count(f => f!["name"]!.GetValue<string>() == "signed order.png").ShouldBe(1, "the retry stored nothing more");
        var download = await api.GetAsync(url);
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(Png);

        var invoiceFiles = (await (await api.GetAsync($"/api/v1/orders/{order}/links")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray()
            .Single(l => l!["type"]!.GetValue<string>() == "sales.invoice")!["url"]!.GetValue<string>();
        (await (await api.GetAsync($"{invoiceFiles}/documents")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray()
            .ShouldContain(f => f!["name"]!.GetValue<string>() == "signed order.png", "documents follow the data to the linked invoice");
    }

    [Fact]
    public async Task A_refused_file_is_a_400_naming_it_and_nothing_is_stored()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var customer = (await (await api.PostAsync("/api/v1/third-parties", new { name = $"Native Upload Refusals {Guid.NewGuid():N}"[..40], isCustomer = true }))
            .ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        var url = $"/api/v1/third-parties/{customer}/documents";

        var exe = await (await api.SendAsync(Upload(url, "setup.exe", "application/octet-stream", [0x4D, 0x5A, 0x90, 0]))).ReadAsync(HttpStatusCode.BadRequest);
        exe["errors"]!["file"]![0]!.GetValue<string>().ShouldContain(".exe files are not allowed");
        var fake = await (await api.SendAsync(Upload(url, "photo.png", "image/png", Encoding.UTF8.GetBytes("<html>not a picture</html>")))).ReadAsync(HttpStatusCode.BadRequest);
        fake["errors"]!["file"]![0]!.GetValue<string>().ShouldContain("not a real .png file");
        (await (await api.SendAsync(Upload(url, "empty.txt", "text/plain", []))).ReadAsync(HttpStatusCode.BadRequest))["errors"]!["file"]![0]!.GetValue<string>().ShouldContain("empty");
        var noFile = new HttpRequestMessage(HttpMethod.Post, url) { Content = new MultipartFormDataContent { { new StringContent("x"), "note" } } };
        (await (await api.SendAsync(noFile)).ReadAsync(HttpStatusCode.BadRequest))["errors"]!["file"]![0]!.GetValue<string>().ShouldContain("multipart/form-data");
        (await (await api.PostAsync(url, new { file = "aGVsbG8=" })).ReadAsync(HttpStatusCode.BadRequest))["errors"]!["file"]![0]!.GetValue<string>().ShouldContain("multipart/form-data");
        (await api.SendAsync(Upload("/api/v1/third-parties/987654321/documents", "a.txt", "text/plain", "hello"u8.ToArray()))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var broken = new StringContent("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nno closing boundary");
        broken.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");
        var unreadable = await api.SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = broken });
        ((int)unreadable.StatusCode).ShouldBeInRange(400, 499, await unreadable.Content.ReadAsStringAsync());
        unreadable.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");

        (await (await api.GetAsync(url)).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray().Count.ShouldBe(0);
    }

    [Fact]
    public async Task Uploading_needs_the_types_write_right_and_a_record_the_user_may_see()
    {
        using var admin = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var (proposal, _, _) = await NativeRecordsApiTests.ChainAsync(admin, "Native Upload Rights SAS");
        var url = $"/api/v1/proposals/{proposal}/documents";

        var (_, readerKey) = await ApiKit.UserWithKeyAsync(app, SalesPermissions.Proposals.Read, CrmPermissions.ThirdParties.Read, CrmPermissions.ThirdParties.SeeAll);
        using var reader = ApiKit.Client(app, readerKey);
        (await reader.SendAsync(Upload(url, "note.txt", "text/plain", "hello"u8.ToArray()))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var (_, repKey) = await ApiKit.UserWithKeyAsync(app, SalesPermissions.Proposals.Read, SalesPermissions.Proposals.Write, CrmPermissions.ThirdParties.Read);
        using var rep = ApiKit.Client(app, repKey);
        (await rep.SendAsync(Upload(url, "note.txt", "text/plain", "hello"u8.ToArray()))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await admin.GetAsync(url)).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray().ShouldNotContain(f => f!["name"]!.GetValue<string>() == "note.txt");

        var (_, writerKey) = await ApiKit.UserWithKeyAsync(app, SalesPermissions.Proposals.Read, SalesPermissions.Proposals.Write, CrmPermissions.ThirdParties.Read, CrmPermissions.ThirdParties.SeeAll);
        using var writer = ApiKit.Client(app, writerKey);
        (await (await writer.SendAsync(Upload(url, "note.txt", "text/plain", "hello"u8.ToArray()))).ReadAsync(HttpStatusCode.Created))["kind"]!.GetValue<string>().ShouldBe("uploaded");

        using var anonymous = ApiKit.Client(app, null);
        var upload = (await (await anonymous.GetAsync("/api/v1/openapi.json")).ReadAsync(HttpStatusCode.OK))["paths"]!["/api/v1/proposals/{id}/documents"]!["post"]!;
        var form = upload["requestBody"]!["content"]!["multipart/form-data"]!["schema"]!;
        (form["properties"]!["file"]!["type"]!.GetValue<string>(), form["properties"]!["file"]!["format"]!.GetValue<string>()).ShouldBe(("string", "binary"));
        upload["requestBody"]!["content"]!.AsObject().Select(c => c.Key).ShouldBe(["multipart/form-data"]);
        upload["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ShouldContain("Idempotency-Key");
        upload["responses"]!["201"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>().ShouldEndWith("/DocumentResource");
    }

    private static HttpRequestMessage Upload(string url, string fileName, string contentType, byte[] bytes, string? idempotencyKey = null)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new MultipartFormDataContent { { file, "file", fileName } } };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }
}
