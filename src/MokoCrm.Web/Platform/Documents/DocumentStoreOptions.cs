namespace MokoCrm.Web.Platform.Documents;

/// <summary>Limits on uploaded files, bound from <c>Moko:Documents</c>.</summary>
public sealed class DocumentStoreOptions
{
    public const string Section = "Moko:Documents";

    /// <summary>
    /// The request size an upload endpoint accepts: above the store's own limit (25 MB by default), so a too-big file
    /// reaches the store and gets its friendly message; far beyond it the request itself is cut off.
    /// </summary>
    public const long RequestLimit = 64L * 1024 * 1024;

    /// <summary>25 MB: what mail servers commonly accept, so anything stored here can also be sent.</summary>
    public long MaxUploadBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>
    /// Extension (without dot) → accepted content types, the first being the one stored and served. When configured
    /// it replaces the default list entirely, so removing a type from the configuration really forbids it.
    /// </summary>
    public Dictionary<string, string[]>? AllowedTypes { get; set; }

    public static IReadOnlyDictionary<string, string[]> DefaultAllowedTypes { get; } = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        ["pdf"] = ["application/pdf", "application/x-pdf"],
        ["png"] = ["image/png"],
        ["jpg"] = ["image/jpeg", "image/pjpeg"],
        ["jpeg"] = ["image/jpeg", "image/pjpeg"],
        ["gif"] = ["image/gif"],
        ["webp"] = ["image/webp"],
        ["txt"] = ["text/plain"],
        // Windows browsers announce CSV as Excel when Excel is installed.
        ["csv"] = ["text/csv", "text/plain", "application/csv", "text/x-csv", "application/vnd.ms-excel"],
        // Office and OpenDocument files are zip containers; machines without the office suite send them untyped.
        ["xlsx"] = ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip", "application/octet-stream"],
        ["docx"] = ["application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/zip", "application/octet-stream"],
        ["odt"] = ["application/vnd.oasis.opendocument.text", "application/zip", "application/octet-stream"],
        ["ods"] = ["application/vnd.oasis.opendocument.spreadsheet", "application/zip", "application/octet-stream"],
        ["zip"] = ["application/zip", "application/x-zip-compressed", "application/x-zip", "application/octet-stream"],
        ["eml"] = ["message/rfc822", "text/plain", "application/octet-stream"],
    };
}
