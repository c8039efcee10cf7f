using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MokoCrm.Testing;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Documents;
using MokoCrm.Web.Platform.Documents.Pdf;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.IntegrationTests.Platform.Documents;

public sealed class DocumentStoreTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    private const string Invoice = "test.invoice";

    [Fact]
    public async Task An_uploaded_file_comes_back_byte_for_byte_with_its_sha256()
    {
        var bytes = FakePdf(200_000);
        long id;
        using (var scope = app.Services.CreateScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<DocumentStore>();
            var file = await store.AddUploadAsync(Invoice, 1, "C:\\Users\\ann\\Contract signed.pdf", "application/pdf", new MemoryStream(bytes));
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
            id = file.Id;
        }

        using (var scope = app.Services.CreateScope())
        {
            await using var opened = await scope.ServiceProvider.GetRequiredService<DocumentStore>().OpenAsync(id);
            using var copy = new MemoryStream();
            await opened.Content.CopyToAsync(copy);

            copy.ToArray().ShouldBe(bytes);
            opened.File.FileName.ShouldBe("Contract signed.pdf");
            opened.File.ContentType.ShouldBe("application/pdf");
            opened.File.SizeBytes.ShouldBe(bytes.Length);
            opened.File.Kind.ShouldBe(StoredFileKind.Uploaded);
            opened.File.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)));
            opened.File.OwnerType.ShouldBe(Invoice);
            opened.File.OwnerId.ShouldBe(1);
        }
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_with_its_size_and_nothing_is_saved()
    {
        using var scope = app.Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<DocumentStore>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var big = FakePdf((int)(30.2 * 1024 * 1024));

        var seekable = await Should.ThrowAsync<DomainException>(() => store.AddUploadAsync(Invoice, 2, "big.pdf", "application/pdf", new MemoryStream(big)));
        // A stream of unknown length (a request body read as it arrives) is measured while reading.
        var streamed = await Should.ThrowAsync<DomainException>(() => store.AddUploadAsync(Invoice, 2, "big.pdf", "application/pdf", new NonSeekableStream(big)));
        await db.SaveChangesAsync();

        seekable.Message.ShouldBe("'big.pdf' is 30.2 MB; the limit is 25 MB.");
        streamed.Message.ShouldBe("'big.pdf' is 30.2 MB; the limit is 25 MB.");
        db.ChangeTracker.Entries().ShouldBeEmpty();
        (await CountFilesAsync(new StoredFileOwner(Invoice, 2))).ShouldBe(0);
    }

    [Fact]
    public async Task The_upload_limit_comes_from_configuration()
    {
        using var scope = app.Services.CreateScope();
        var options = new DocumentStoreOptions { MaxUploadBytes = 1024 * 1024 };
        var store = new DocumentStore(scope.ServiceProvider.GetRequiredService<AppDbContext>(), Options.Create(options), TimeProvider.System);

        var refused = await Should.ThrowAsync<DomainException>(() =>
            store.AddUploadAsync(Invoice, 3, "scan.png", "image/png", new MemoryStream(FakePng(1_600_000))));

        refused.Message.ShouldBe("'scan.png' is 1.5 MB; the limit is 1 MB.");
        scope.ServiceProvider.GetRequiredService<IOptions<DocumentStoreOptions>>().Value.MaxUploadBytes.ShouldBe(25L * 1024 * 1024);
    }

    [Theory]
    [InlineData("setup.exe", "application/octet-stream", "'setup.exe' cannot be attached: .exe files are not allowed. Allowed types: csv, docx, eml, gif, jpeg, jpg, ods, odt, pdf, png, txt, webp, xlsx, zip.")]
    [InlineData("README", "text/plain", "'README' cannot be attached: it has no file extension. Allowed types: csv, docx, eml, gif, jpeg, jpg, ods, odt, pdf, png, txt, webp, xlsx, zip.")]
    [InlineData("photo.png", "text/html", "'photo.png' was sent as text/html, which is not an allowed type for .png files.")]
    [InlineData("page.html", "text/html", "'page.html' cannot be attached: .html files are not allowed. Allowed types: csv, docx, eml, gif, jpeg, jpg, ods, odt, pdf, png, txt, webp, xlsx, zip.")]
    public async Task A_file_of_a_type_not_allowed_is_refused_with_the_reason(string fileName, string contentType, string message)
    {
        using var scope = app.Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<DocumentStore>();

        var refused = await Should.ThrowAsync<DomainException>(() =>
            store.AddUploadAsync(Invoice, 4, fileName, contentType, new MemoryStream(Encoding.UTF8.GetBytes("<html>hello</html>"))));

        refused.Message.ShouldBe(message);
        scope.ServiceProvider.GetRequiredService<AppDbContext>().ChangeTracker.Entries().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_file_whose_content_does_not_match_its_extension_is_refused()
    {
        using var scope = app.Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<DocumentStore>();
        var windowsProgram = Encoding.ASCII.GetBytes("MZ\u0090\0\u0003\0\0\0 this program cannot be run in DOS mode");

        var refused = await Should.ThrowAsync<DomainException>(() =>
            store.AddUploadAsync(Invoice, 5, "invoice.pdf", "application/pdf", new MemoryStream(windowsProgram)));

        refused.Message.ShouldBe("'invoice.pdf' is not a real .pdf file: its content does not match its extension.");
    }

    [Fact]
    public async Task Files_of_several_records_are_listed_together_newest_first_without_others()
    {
        using (var scope = app.Services.CreateScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<DocumentStore>();
            await store.AddUploadAsync(Invoice, 10, "a.txt", "text/plain", Text("invoice 10"));
            await store.AddUploadAsync("test.order", 10, "b.csv", "text/csv; charset=utf-8", Text("order;10"));
            await store.AddUploadAsync("test.order", 11, "c.txt", "text/plain", Text("order 11"));
            await store.AddUploadAsync(Invoice, 12, "not-mine.txt", "text/plain", Text("invoice 12"));
            await store.AddUploadAsync("test.order", 12, "not-mine-either.txt", "text/plain", Text("order 12"));
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
        }

        using (var scope = app.Services.CreateScope())
        {
            var rows = await scope.ServiceProvider.GetRequiredService<DocumentStore>().ListAsync(
                [new(Invoice, 10), new("test.order", 10), new("test.order", 11)]);

            rows.Select(r => r.FileName).Order().ShouldBe(["a.txt", "b.csv", "c.txt"]);
            rows.Single(r => r.FileName == "b.csv").ContentType.ShouldBe("text/csv");
            rows.ShouldAllBe(r => r.SizeBytes > 0 && r.Sha256.Length == 64);
            rows.Select(r => r.Id).ShouldBe(rows.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Select(r => r.Id));
            scope.ServiceProvider.GetRequiredService<AppDbContext>().ChangeTracker.Entries().ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task Listing_several_owners_is_one_parameterised_query()
    {
        var commands = new CommandLog();
        var options = new DbContextOptionsBuilder<AppDbContext>()
            .UseNpgsql(app.ConnectionString)
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(commands)
            .Options;
        await using var db = new AppDbContext(options);
        var store = new DocumentStore(db, Options.Create(new DocumentStoreOptions()), TimeProvider.System);

        await store.ListAsync([new(Invoice, 30), new(Invoice, 31), new("test.order", 30), new("test.project", 7)]);

        commands.Sql.Count.ShouldBe(1);
        commands.Sql[0].ShouldNotContain("stored_file_contents");
        commands.Sql[0].ShouldNotContain("test.order");
        commands.Sql[0].ShouldContain("= ANY (");
    }

    [Fact]
    public async Task Regenerating_a_pdf_replaces_the_earlier_one_of_the_same_name()
    {
        var first = BusinessDocumentPdfRenderer.Render(Sample("first version"));
        var second = BusinessDocumentPdfRenderer.Render(Sample("second version"));
        long firstId;
        using (var scope = app.Services.CreateScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<DocumentStore>();
            firstId = (await store.AddGeneratedAsync(Invoice, 20, "FA2611-0042.pdf", first)).Id;
            await store.AddUploadAsync(Invoice, 20, "FA2611-0042.pdf", "application/pdf", new MemoryStream(first));
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
        }

        using (var scope = app.Services.CreateScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<DocumentStore>();
            var replaced = await store.AddGeneratedAsync(Invoice, 20, "FA2611-0042.pdf", second);
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
            replaced.Id.ShouldBe(firstId);
        }

        using (var scope = app.Services.CreateScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<DocumentStore>();
            var rows = await store.ListAsync([new(Invoice, 20)]);
            rows.Count(r => r.Kind == StoredFileKind.Generated).ShouldBe(1);
            rows.Count(r => r.Kind == StoredFileKind.Uploaded).ShouldBe(1, "an upload of the same name is the user's, not replaced");

            await using var opened = await store.OpenAsync(firstId);
            using var copy = new MemoryStream();
            await opened.Content.CopyToAsync(copy);
            copy.ToArray().ShouldBe(second);
            opened.File.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(second)));
            opened.File.SizeBytes.ShouldBe(second.Length);
        }
    }

    [Fact]
    public async Task A_removed_file_is_gone_with_its_content()
    {
        long id;
        using (var scope = app.Services.CreateScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<DocumentStore>();
            id = (await store.AddUploadAsync(Invoice, 40, "notes.txt", "text/plain", Text("to be removed"))).Id;
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
        }

        using (var scope = app.Services.CreateScope())
        {
            var removed = await scope.ServiceProvider.GetRequiredService<DocumentStore>().RemoveAsync(id);
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
            removed.FileName.ShouldBe("notes.txt");
        }

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            (await db.Set<StoredFile>().AnyAsync(f => f.Id == id)).ShouldBeFalse();
            (await db.Set<StoredFileContent>().AnyAsync(c => c.StoredFileId == id)).ShouldBeFalse();
        }
    }

    [Fact]
    public async Task Opening_a_file_that_does_not_exist_answers_not_found()
    {
        using var scope = app.Services.CreateScope();

        var missing = await Should.ThrowAsync<NotFoundException>(() => scope.ServiceProvider.GetRequiredService<DocumentStore>().OpenAsync(987654321));

        missing.Message.ShouldBe("File 987654321 was not found.");
    }

    private async Task<int> CountFilesAsync(StoredFileOwner owner)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Set<StoredFile>().CountAsync(f => f.OwnerType == owner.Type && f.OwnerId == owner.Id);
    }

    private static BusinessDocumentPdf Sample(string note) => new()
    {
        Company = new PdfCompany("Moko Test", ["1 Test Street"]),
        Heading = new PdfDocumentHeading("Invoice", "FA2611-0042", new DateOnly(2026, 11, 27)),
        Sender = new PdfParty("Moko Test", ["1 Test Street"]),
        Recipient = new PdfParty("Customer", ["2 Other Street"]),
        Lines = [new PdfLine("Service", 1, 100, 0, 20, 100)],
        VatSummary = [new PdfVatRow(20, 100, 20)],
        Totals = new PdfTotals(100, 20, 120),
        Notes = [note],
    };

    private static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));

    private static byte[] FakePdf(int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    private static byte[] FakePng(int size)
    {
        var bytes = new byte[size];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(bytes, 0);
        return bytes;
    }

    private sealed class CommandLog : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
    {
        public List<string> Sql { get; } = [];

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader>> ReaderExecutingAsync(
            System.Data.Common.DbCommand command,
            Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
            Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader> result,
            CancellationToken cancellationToken = default)
        {
            Sql.Add(command.CommandText);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    /// <summary>A request body as Kestrel hands it over: readable once, length unknown.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
