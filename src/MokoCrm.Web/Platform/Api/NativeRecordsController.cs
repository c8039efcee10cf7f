using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Documents;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Platform.Api;

/// <summary>
/// A record linked to another, as the Linked objects tab shows it: its type, number (or name), date, amount and status
/// where the tab shows them, how it was reached, and its native URL (null for a type the native API does not serve).
/// </summary>
/// <param name="Depth">1 for a direct link, 2 for a link of a linked record, and so on.</param>
/// <param name="Via">The record it was reached from ("sales.order:12"): the record asked about for direct links.</param>
/// <param name="Direction">upstream: it came before the record it was reached from (or acts on it, as a payment); downstream: it was made from it.</param>
public sealed record LinkedRecordResource(
    string Type, string TypeLabel, long Id, string Reference, DateOnly? Date, decimal? Amount, string? Status,
    int Depth, string Kind, LinkDirection Direction, string Via, string? Url);

/// <summary>
/// A file of the record or of a record linked to it, as the Documents tab lists it (without its bytes).
/// <paramref name="Url"/> downloads it (null when its owner's type is not served by the native API).
/// </summary>
/// <param name="Owner">The record the file belongs to ("sales.proposal:7").</param>
public sealed record DocumentResource(
    string Name, string ContentType, long SizeBytes, string Sha256, StoredFileKind Kind, DateTimeOffset CreatedAt, string Owner, string? Url);

/// <summary>
/// The shared endpoints of every record the native API serves (docs/adr/0014-rest-api.md), written once and mapped
/// under each record resource by <see cref="NativeRecordRoutes"/> (/api/v1/invoices/{id}/links...), on the services
/// of the record tabs: the same chain, the same files, the same visibility. A record the key's user may not see is a
/// 404.
/// </summary>
public sealed class NativeRecordsController(
    RecordTabs tabs,
    ILinkQueries links,
    IRecordAccess access,
    DocumentStore store,
    RecordPdfs pdfs,
    AppDbContext db) : NativeApiController
{
    /// <summary>
    /// The records linked to this one, directly and through their own links up to <c>depth</c> steps (3, as the
    /// Linked objects tab, when left out; at most 6), nearest first; only records the key's user may see.
    /// </summary>
    [HttpGet("{id:long}/links")]
    [RecordTypeRight]
    [ProducesResponseType<NativePage<LinkedRecordResource>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Links(long id, int? depth)
    {
        if (depth is < 1 or > ILinkQueries.MaxDepth)
        {
            throw ApiException.BadRequest("Some parameters are not valid.", new Dictionary<string, string[]> { ["depth"] = [$"depth is between 1 and {ILinkQueries.MaxDepth}."] });
        }

        var record = await RecordAsync(id);
        var chain = await links.ChainAsync(record, depth ?? RecordTabs.ChainDepth, Aborted);
        return Answer(new NativePage<LinkedRecordResource>(chain.Records.Select(Show).ToList(), null));
    }

    /// <summary>
    /// The record's files and those of the records linked to it (as the Documents tab: documents follow the data),
    /// newest first; files of linked records the key's user may not see are left out.
    /// </summary>
    [HttpGet("{id:long}/documents")]
    [RecordTypeRight]
    [ProducesResponseType<NativePage<DocumentResource>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Documents(long id)
    {
        var record = await RecordAsync(id);
        var around = await links.ReachableAsync(record, RecordTabs.ChainDepth, Aborted);
        var files = await store.ListAsync(RecordTabs.Owners(record, around), Aborted);
        return Answer(new NativePage<DocumentResource>(files.Select(Show).ToList(), null));
    }

    /// <summary>One of the record's own files by name (the newest, if two uploads share it), with its content type.</summary>
    [HttpGet("{id:long}/documents/{name}")]
    [RecordTypeRight]
    [ProducesResponseType<byte[]>(StatusCodes.Status200OK, "application/pdf", "application/octet-stream")]
    public async Task<IActionResult> Download(long id, string name)
    {
        var record = await RecordAsync(id);
        var file = (await store.ListAsync([new StoredFileOwner(record.Type, record.Id)], Aborted)).FirstOrDefault(f => f.FileName == name)
            ?? throw ApiException.NotFound($"The record has no file named '{name}'.");
        var download = await store.OpenAsync(file.Id, Aborted);
        Response.RegisterForDisposeAsync(download);
        Response.Headers[HeaderNames.CacheControl] = "private, no-store";
        return File(download.Content, download.File.ContentType, download.File.FileName);
    }

    /// <summary>
    /// Attaches a file to the record, as the Documents tab's upload: multipart/form-data with the file in the field
    /// <c>file</c>, the same size, type and content checks (DocumentStore), under the type's right to attach; answers
    /// the document (201). A refused file is a 400 naming it, and nothing is stored; with an Idempotency-Key a retried
    /// upload stores the file once.
    /// </summary>
    [HttpPost("{id:long}/documents")]
    [RecordTypeRight(RecordAction.Attach)]
    [Idempotent]
    [RequestSizeLimit(DocumentStoreOptions.RequestLimit)]
    [RequestFormLimits(MultipartBodyLengthLimit = DocumentStoreOptions.RequestLimit)]
    [ProducesResponseType<DocumentResource>(StatusCodes.Status201Created)]
    public async Task<IActionResult> Upload(long id, IFormFile? file)
    {
        var record = await RecordAsync(id);
        if (file is null)
        {
            throw ApiException.BadRequest("Some parameters are not valid.", new Dictionary<string, string[]> { ["file"] = ["Send the file as multipart/form-data, in the field 'file'."] });
        }

        StoredFile stored;
        try
        {
            await using var content = file.OpenReadStream();
            stored = await store.AddUploadAsync(record.Type, record.Id, file.FileName, file.ContentType, content, UserId, Aborted);
        }
        catch (DomainException refused) when (refused is not NotFoundException)
        {
            throw ApiException.BadRequest("The file cannot be attached.", new Dictionary<string, string[]> { ["file"] = [refused.Message] });
        }

        await db.SaveChangesAsync(Aborted);
        var shown = Show(new StoredFileRow(stored.Id, stored.OwnerType, stored.OwnerId, stored.FileName, stored.ContentType, stored.SizeBytes,
            stored.Sha256, stored.Kind, stored.CreatedAt, stored.CreatedByUserId));
        return Created(shown, shown.Url!);
    }

    /// <summary>
    /// Draws the record's PDF again with the generator of its card's PDF button and keeps it among its documents;
    /// answers the document. A draft's PDF is not kept (its number is provisional): 409.
    /// </summary>
    [HttpPost("{id:long}/documents/generate")]
    [RecordTypeRight]
    [RecordPdfOnly]
    [ProducesResponseType<DocumentResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Generate(long id)
    {
        var record = await RecordAsync(id);
        var pdf = await pdfs.PdfAsync(record.Type, record.Id, Aborted) ?? throw ApiException.NotFound("Record not found.");
        if (!pdf.Kept)
        {
            throw new ApiException(StatusCodes.Status409Conflict, "A draft's PDF is not kept among its documents, since its number is provisional: validate it first.");
        }

        await db.SaveGeneratedFileAsync(Aborted);
        var file = (await store.ListAsync([new StoredFileOwner(record.Type, record.Id)], Aborted))
            .First(f => f.FileName == pdf.FileName && f.Kind == StoredFileKind.Generated);
        return Answer(Show(file));
    }

    private static LinkedRecordResource Show(LinkedRecord r) => new(
        r.Record.Type, r.TypeLabel, r.Record.Id, r.Summary.Label, r.Summary.Date, r.Summary.Amount, r.Summary.Status,
        r.Depth, r.Kind, r.Direction, r.Via.Key, NativeRecordResources.UrlOf(r.Record));

    private static DocumentResource Show(StoredFileRow f)
    {
        var owner = new RecordRef(f.OwnerType, f.OwnerId);
        var url = NativeRecordResources.UrlOf(owner) is { } ownerUrl ? $"{ownerUrl}/documents/{Uri.EscapeDataString(f.FileName)}" : null;
        return new DocumentResource(f.FileName, f.ContentType, f.SizeBytes, f.Sha256, f.Kind, f.CreatedAt, owner.Key, url);
    }

    /// <summary>The record of the route, checked as the tabs check it: unseen or unknown is a 404.</summary>
    private async Task<RecordRef> RecordAsync(long id)
    {
        var endpoint = HttpContext.GetEndpoint()?.Metadata.GetMetadata<NativeRecordEndpoint>()
            ?? throw new InvalidOperationException("This action is mapped per record resource by NativeRecordRoutes.");
        if (!RecordRef.TryCreate(endpoint.RecordType, id, out var record)
            || !await access.CanReadAsync(record, Aborted)
            || await tabs.HeaderAsync(record, Aborted) is null)
        {
            throw ApiException.NotFound("Record not found.");
        }

        return record;
    }
}
