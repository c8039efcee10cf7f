using System.Buffers;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Platform.Documents;

/// <summary>The record a file belongs to: its type name ("sales.invoice") and id.</summary>
public readonly record struct StoredFileOwner(string Type, long Id);

/// <summary>A file as the Documents tab lists it: everything but the bytes.</summary>
public sealed record StoredFileRow(
    long Id,
    string OwnerType,
    long OwnerId,
    string FileName,
    string ContentType,
    long SizeBytes,
    string Sha256,
    StoredFileKind Kind,
    DateTimeOffset CreatedAt,
    long? CreatedByUserId);

/// <summary>An opened file: its description and its content, to be disposed when sent.</summary>
public sealed class StoredFileDownload(StoredFileRow file, Stream content) : IDisposable, IAsyncDisposable
{
    public StoredFileRow File { get; } = file;

    public Stream Content { get; } = content;

    public void Dispose() => Content.Dispose();

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}

/// <summary>
/// Stores generated PDFs and uploaded attachments of any record in PostgreSQL. Adding only stages the rows in the
/// request's <see cref="AppDbContext"/>: the caller's SaveChanges commits the file together with the business change
/// (or not at all). Whether the user may see or change the owner record is the caller's check, done before calling.
/// </summary>
public sealed class DocumentStore
{
    private readonly AppDbContext _db;
    private readonly UploadPolicy _policy;
    private readonly TimeProvider _clock;

    public DocumentStore(AppDbContext db, IOptions<DocumentStoreOptions> options, TimeProvider clock)
    {
        _db = db;
        _policy = new UploadPolicy(options.Value);
        _clock = clock;
    }

    /// <summary>
    /// Checks and stages a file sent by a user. Refusals are <see cref="DomainException"/>s naming the file; nothing is
    /// staged then. The file name is sanitised and the stored content type is the canonical one for its extension.
    /// </summary>
    public async Task<StoredFile> AddUploadAsync(
        string ownerType,
        long ownerId,
        string fileName,
        string? contentType,
        Stream content,
        long? createdByUserId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        CheckOwner(ownerType);
        var name = NameOrRefuse(fileName);
        var canonicalType = _policy.CheckType(name, contentType);
        if (content.CanSeek)
        {
            // Refuse before reading a byte when the size is known (a form upload buffered by ASP.NET Core).
            _policy.CheckSize(name, content.Length - content.Position);
        }

        var bytes = await ReadWithinLimitAsync(name, content, cancellationToken);
        UploadPolicy.CheckContent(name, bytes);
        return Stage(new StoredFile(ownerType, ownerId, name, canonicalType, StoredFileKind.Uploaded, bytes, _clock.GetUtcNow(), createdByUserId), bytes);
    }

    /// <summary>
    /// Stages a PDF produced by the application. An earlier generated file of the same name for the same owner is
    /// replaced in place (same id), so regenerating after a correction never leaves two versions side by side.
    /// </summary>
    public async Task<StoredFile> AddGeneratedAsync(
        string ownerType,
        long ownerId,
        string fileName,
        byte[] pdf,
        long? createdByUserId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        CheckOwner(ownerType);
        var name = NameOrRefuse(fileName);
        if (!name.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"A generated document must be named *.pdf, not '{name}'.", nameof(fileName));
        }

        if (pdf.AsSpan(0, Math.Min(pdf.Length, 1024)).IndexOf("%PDF-"u8) < 0)
        {
            throw new ArgumentException($"'{name}' is not a PDF.", nameof(pdf));
        }

        var existing = _db.Set<StoredFile>().Local.FirstOrDefault(f => IsGenerated(f, ownerType, ownerId, name))
            ?? await _db.Set<StoredFile>().FirstOrDefaultAsync(
                f => f.OwnerType == ownerType && f.OwnerId == ownerId && f.FileName == name && f.Kind == StoredFileKind.Generated,
                cancellationToken);
        if (existing is null)
        {
            return Stage(new StoredFile(ownerType, ownerId, name, "application/pdf", StoredFileKind.Generated, pdf, _clock.GetUtcNow(), createdByUserId), pdf);
        }

        existing.ContentChanged(pdf, _clock.GetUtcNow(), createdByUserId);
        var content = _db.Set<StoredFileContent>().Local.FirstOrDefault(c => c.StoredFileId == existing.Id);
        if (content is not null)
        {
            content.Replace(pdf);
        }
        else
        {
            // Overwrite without reading the old bytes back: attach a stand-in row and mark only the content changed.
            content = new StoredFileContent(existing.Id, pdf);
            _db.Attach(content).Property(c => c.Bytes).IsModified = true;
        }

        return existing;
    }

    /// <summary>
    /// The files of several records in one query, newest first, without their bytes: the Documents tab shows a
    /// record's own files and those of its linked records together.
    /// </summary>
    public async Task<IReadOnlyList<StoredFileRow>> ListAsync(IReadOnlyCollection<StoredFileOwner> owners, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owners);
        if (owners.Count == 0)
        {
            return [];
        }

        return await _db.Set<StoredFile>().AsNoTracking()
            .Where(OwnedByAnyOf(owners))
            .OrderByDescending(f => f.CreatedAt).ThenByDescending(f => f.Id)
            .Select(ToRow)
            .ToListAsync(cancellationToken);
    }

    /// <summary>How many files the records have, for a tab's count, without listing them.</summary>
    public async Task<int> CountAsync(IReadOnlyCollection<StoredFileOwner> owners, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owners);
        return owners.Count == 0 ? 0 : await _db.Set<StoredFile>().CountAsync(OwnedByAnyOf(owners), cancellationToken);
    }

    /// <summary>
    /// Stages the removal of a file and its content (the database cascades to the bytes, which are never loaded).
    /// The caller decides who may remove what, e.g. uploads only, or not once the owner is validated.
    /// </summary>
    /// <exception cref="NotFoundException">No file has this id.</exception>
    public async Task<StoredFileRow> RemoveAsync(long fileId, CancellationToken cancellationToken = default)
    {
        var file = await _db.Set<StoredFile>().SingleOrDefaultAsync(f => f.Id == fileId, cancellationToken)
            ?? throw new NotFoundException($"File {fileId}");
        var row = ToRowCompiled(file);
        _db.Remove(file);
        return row;
    }

    /// <exception cref="NotFoundException">No file has this id.</exception>
    public async Task<StoredFileDownload> OpenAsync(long fileId, CancellationToken cancellationToken = default)
    {
        var file = await _db.Set<StoredFile>().AsNoTracking().Where(f => f.Id == fileId).Select(ToRow).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"File {fileId}");
        // Files are capped at the upload limit, so one buffer is fine; a streaming read can replace this without
        // changing callers, which only see a Stream.
        var bytes = await _db.Set<StoredFileContent>().AsNoTracking()
            .Where(c => c.StoredFileId == fileId).Select(c => c.Bytes).SingleAsync(cancellationToken);
        return new StoredFileDownload(file, new MemoryStream(bytes, writable: false));
    }

    private static readonly Expression<Func<StoredFile, StoredFileRow>> ToRow = f => new StoredFileRow(
        f.Id, f.OwnerType, f.OwnerId, f.FileName, f.ContentType, f.SizeBytes, f.Sha256, f.Kind, f.CreatedAt, f.CreatedByUserId);

    private static readonly Func<StoredFile, StoredFileRow> ToRowCompiled = ToRow.Compile();

    private StoredFile Stage(StoredFile file, byte[] bytes)
    {
        // HiLo assigns the id on Add, so the content row can share it before anything is written.
        _db.Add(file);
        _db.Add(new StoredFileContent(file.Id, bytes));
        return file;
    }

    private async Task<byte[]> ReadWithinLimitAsync(string name, Stream content, CancellationToken cancellationToken)
    {
        var limit = _policy.MaxBytes;
        using var buffer = new MemoryStream(content.CanSeek ? (int)Math.Min(content.Length - content.Position, limit) : 81920);
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long total = 0;
            int read;
            while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
            {
                total += read;
                // Past the limit keep counting without keeping, so the refusal can say how big the file really was.
                if (total <= limit)
                {
                    buffer.Write(chunk, 0, read);
                }
            }

            _policy.CheckSize(name, total);
            return buffer.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static Expression<Func<StoredFile, bool>> OwnedByAnyOf(IEnumerable<StoredFileOwner> owners)
    {
        // (owner_type = @t1 AND owner_id = ANY(@ids1)) OR (owner_type = @t2 AND ...): one index-friendly query with
        // parameters, which EF cannot build from a list of (type, id) pairs by itself.
        var file = Expression.Parameter(typeof(StoredFile), "f");
        Expression? any = null;
        foreach (var group in owners.GroupBy(o => o.Type, StringComparer.Ordinal))
        {
            var filter = new OwnerFilter(group.Key, group.Select(o => o.Id).Distinct().ToArray());
            var holder = Expression.Constant(filter);
            var sameType = Expression.Equal(
                Expression.Property(file, nameof(StoredFile.OwnerType)),
                Expression.Property(holder, nameof(OwnerFilter.Type)));
            var oneOfIds = Expression.Call(
                typeof(Enumerable), nameof(Enumerable.Contains), [typeof(long)],
                Expression.Property(holder, nameof(OwnerFilter.Ids)),
                Expression.Property(file, nameof(StoredFile.OwnerId)));
            var match = Expression.AndAlso(sameType, oneOfIds);
            any = any is null ? match : Expression.OrElse(any, match);
        }

        return Expression.Lambda<Func<StoredFile, bool>>(any ?? Expression.Constant(false), file);
    }

    private static bool IsGenerated(StoredFile file, string ownerType, long ownerId, string name) =>
        file.Kind == StoredFileKind.Generated && file.OwnerType == ownerType && file.OwnerId == ownerId && file.FileName == name;

    private static void CheckOwner(string ownerType)
    {
        if (string.IsNullOrWhiteSpace(ownerType) || ownerType.Length > StoredFile.OwnerTypeMaxLength)
        {
            throw new ArgumentException($"The owner type must be a non-empty name of at most {StoredFile.OwnerTypeMaxLength} characters.", nameof(ownerType));
        }
    }

    private static string NameOrRefuse(string fileName)
    {
        var name = StoredFileName.Sanitise(fileName);
        return name.Length > 0 ? name : throw new DomainException("The file has no usable name.");
    }

    private sealed record OwnerFilter(string Type, long[] Ids);
}
