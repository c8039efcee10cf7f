using System.Net;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Crm;
using MokoCrm.Web.Modules.Sales;

namespace MokoCrm.IntegrationTests.Api;

/// <summary>
/// POST /api/index.php/documents/upload as Dolibarr clients send it (filename, modulepart, ref, filecontent,
/// fileencoding, overwriteifexists): the file lands among the record's documents, under the type's right and the
/// record's visibility, with the Documents tab's checks.
/// </summary>
public sealed class DolibarrDocumentUploadReplayTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    private const string PngBase64 = "iVBORw0KGgoAAAANSUhEUg==";

    [Fact]
    public async Task A_base64_file_is_attached_to_the_invoice_of_that_ref_and_a_second_one_of_the_same_name_needs_overwriteifexists()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var (_, invoiceId, reference) = await ValidatedInvoiceAsync(api, "Dol Upload SARL");

        var name = await (await api.PostAsync("/api/index.php/documents/upload", new { filename = "signed.png", modulepart = "facture", @ref = reference, filecontent = PngBase64, fileencoding = "base64" }))
            .ReadAsync(HttpStatusCode.OK);
        name.GetValue<string>().ShouldBe("signed.png");
        var files = (await (await api.GetAsync($"/api/v1/invoices/{invoiceId}/documents")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray();
        var file = files.Single(f => f!["name"]!.GetValue<string>() == "signed.png")!;
        (file["contentType"]!.GetValue<string>(), file["sizeBytes"]!.GetValue<long>(), file["kind"]!.GetValue<string>()).ShouldBe(("image/png", 16L, "uploaded"));

        (await (await api.PostAsync("/api/index.php/documents/upload", new { filename = "signed.png", modulepart = "invoice", @ref = reference, filecontent = PngBase64, fileencoding = "base64" }))
            .DolibarrErrorAsync(HttpStatusCode.Conflict)).ShouldContain("already exists");
        (await (await api.PostAsync("/api/index.php/documents/upload", new { filename = "signed.png", modulepart = "invoice", @ref = reference, filecontent = PngBase64 + "", fileencoding = "base64", overwriteifexists = "1" }))
            .ReadAsync(HttpStatusCode.OK)).GetValue<string>().ShouldBe("signed.png");
        (await (await api.PostAsync("/api/index.php/documents/upload", new { filename = "note.txt", modulepart = "facture", @ref = reference, filecontent = "Paid by cheque" }))
            .ReadAsync(HttpStatusCode.OK)).GetValue<string>().ShouldBe("note.txt");
        var after = (await (await api.GetAsync($"/api/v1/invoices/{invoiceId}/documents")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray();
        after.Count(f => f!["name"]!.GetValue<string>() == "signed.png").ShouldBe(1, "overwriting replaced the file");
        (await (await api.GetAsync($"/api/v1/invoices/{invoiceId}/documents/note.txt")).Content.ReadAsStringAsync()).ShouldBe("Paid by cheque");
    }

    [Fact]
    public async Task Bad_uploads_are_refused_in_dolibarrs_error_shape_and_store_nothing()
    {
        using var api = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var (_, invoiceId, reference) = await ValidatedInvoiceAsync(api, "Dol Upload Refusals SAS");
        const string url = "/api/index.php/documents/upload";

        (await (await api.PostAsync(url, new { filename = "a.txt", @ref = reference, filecontent = "x" })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("Modulepart not provided");
        (await (await api.PostAsync(url, new { filename = "a.txt", modulepart = "ecm", @ref = reference, filecontent = "x" })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("not implemented");
        (await (await api.PostAsync(url, new { modulepart = "facture", @ref = reference, filecontent = "x" })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("filename");
        (await (await api.PostAsync(url, new { filename = "a.txt", modulepart = "facture", subdir = "misc", filecontent = "x" })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("ref is required");
        (await (await api.PostAsync(url, new { filename = "a.png", modulepart = "facture", @ref = reference, filecontent = "%%%", fileencoding = "base64" })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("base64");
        (await (await api.PostAsync(url, new { filename = "a.png", modulepart = "facture", @ref = reference, filecontent = "x", fileencoding = "gzip" })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("fileencoding");
        (await (await api.PostAsync(url, new { filename = "run.exe", modulepart = "facture", @ref = reference, filecontent = "MZ" })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain(".exe files are not allowed");
        (await (await api.PostAsync(url, new { filename = "a.txt", modulepart = "facture", @ref = "FA-NOPE-1", filecontent = "x" })).DolibarrErrorAsync(HttpStatusCode.NotFound)).ShouldBe("Not Found: Object with ref 'FA-NOPE-1' was not found.");
        (await (await api.PostAsync(url, new { filename = "a.txt", modulepart = "facture", @ref = reference, filecontent = "x", colour = "red" })).DolibarrErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("colour");
        (await (await api.GetAsync($"/api/v1/invoices/{invoiceId}/documents")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray()
            .ShouldNotContain(f => f!["kind"]!.GetValue<string>() == "uploaded");
    }

    [Fact]
    public async Task Uploading_needs_the_types_write_right_and_a_visible_record_and_finds_products_by_reference()
    {
        using var admin = ApiKit.Client(app, await ApiKit.AdminKeyAsync(app));
        var (_, invoiceId, reference) = await ValidatedInvoiceAsync(admin, "Dol Upload Rights SA");
        var body = new { filename = "rights.txt", modulepart = "facture", @ref = reference, filecontent = "x" };

        var (_, readerKey) = await ApiKit.UserWithKeyAsync(app, SalesPermissions.Invoices.Read, CrmPermissions.ThirdParties.Read, CrmPermissions.ThirdParties.SeeAll);
        using var reader = ApiKit.Client(app, readerKey);
        await (await reader.PostAsync("/api/index.php/documents/upload", body)).DolibarrErrorAsync(HttpStatusCode.Forbidden);
        var (_, repKey) = await ApiKit.UserWithKeyAsync(app, SalesPermissions.Invoices.Read, SalesPermissions.Invoices.Write, CrmPermissions.ThirdParties.Read);
        using var rep = ApiKit.Client(app, repKey);
        await (await rep.PostAsync("/api/index.php/documents/upload", body)).DolibarrErrorAsync(HttpStatusCode.NotFound);
        (await (await admin.GetAsync($"/api/v1/invoices/{invoiceId}/documents")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray()
            .ShouldNotContain(f => f!["name"]!.GetValue<string>() == "rights.txt");

        var tag = Guid.NewGuid().ToString("N")[..8];
        var product = (await (await admin.PostAsync("/api/v1/products", new { reference = $"UP{tag}", label = "Uploaded", price = 5m, vatRate = 20m })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        (await (await admin.PostAsync("/api/index.php/documents/upload", new { filename = "sheet.txt", modulepart = "produit", @ref = $"UP{tag}", filecontent = "Specs" }))
            .ReadAsync(HttpStatusCode.OK)).GetValue<string>().ShouldBe("sheet.txt");
        (await (await admin.GetAsync($"/api/v1/products/{product}/documents")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray()
            .Select(f => f!["name"]!.GetValue<string>()).ShouldContain("sheet.txt");
    }

    /// <summary>A validated invoice made through the native API: its customer, id and number (Dolibarr's ref).</summary>
    private static async Task<(long Customer, long Invoice, string Reference)> ValidatedInvoiceAsync(HttpClient api, string name)
    {
        var customer = (await (await api.PostAsync("/api/v1/third-parties", new { name = $"{name} {Guid.NewGuid():N}"[..40], isCustomer = true })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        var invoice = (await (await api.PostAsync("/api/v1/invoices", new { thirdPartyId = customer, lines = new object[] { new { description = "Filed", quantity = 1, unitPrice = 10, vatRate = 20 } } }))
            .ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();
        var validated = await (await api.PostAsync($"/api/v1/invoices/{invoice}/validate", new { })).ReadAsync(HttpStatusCode.OK);
        return (customer, invoice, validated["reference"]!.GetValue<string>());
    }
}
