using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Platform.Documents;

public enum StoredFileKind
{
    /// <summary>Produced by the application (a document's PDF); regenerating replaces it.</summary>
    Generated,

    /// <summary>Attached by a user; kept as sent.</summary>
    Uploaded,
}

/// <summary>
/// A file attached to any record (an invoice, a third party, a project...), identified by the owner's record type
/// and id rather than a foreign key, so every module can own files without the platform knowing its tables.
/// The bytes live in <see cref="StoredFileContent"/>, a separate table, so listing files never reads them.
/// </summary>
public sealed class StoredFile : Entity
{
    public const int OwnerTypeMaxLength = 100;
    public const int FileNameMaxLength = 255;

    private StoredFile()
    {
        OwnerType = FileName = ContentType = Sha256 = string.Empty;
    }

    internal StoredFile(
        string ownerType, long ownerId, string fileName, string contentType, StoredFileKind kind, byte[] content, DateTimeOffset now, long? userId)
    {
        OwnerType = ownerType;
        OwnerId = ownerId;
        FileName = fileName;
        ContentType = contentType;
        Kind = kind;
        Sha256 = string.Empty;
        ContentChanged(content, now, userId);
    }

    /// <summary>A stable name per record type, e.g. "sales.invoice".</summary>
    public string OwnerType { get; private set; }

    public long OwnerId { get; private set; }

    public string FileName { get; private set; }

    /// <summary>The canonical type for the file's extension, never the one the browser claimed.</summary>
    public string ContentType { get; private set; }

    public long SizeBytes { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the content: proves a sent or archived document is the one stored.</summary>
    public string Sha256 { get; private set; }

    public StoredFileKind Kind { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public long? CreatedByUserId { get; private set; }

    /// <summary>A new version of the content: size, hash and authorship describe the bytes now stored.</summary>
    internal void ContentChanged(byte[] content, DateTimeOffset now, long? userId)
    {
        SizeBytes = content.LongLength;
        Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
        CreatedAt = now;
        CreatedByUserId = userId;
    }
}

/// <summary>The bytes of a <see cref="StoredFile"/>, one row per file, sharing its id.</summary>
public sealed class StoredFileContent
{
    private StoredFileContent()
    {
        Bytes = [];
    }

    internal StoredFileContent(long storedFileId, byte[] bytes)
    {
        StoredFileId = storedFileId;
        Bytes = bytes;
    }

    public long StoredFileId { get; private set; }

    public byte[] Bytes { get; private set; }

    internal void Replace(byte[] bytes) => Bytes = bytes;
}
