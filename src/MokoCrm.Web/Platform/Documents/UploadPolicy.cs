using System.Globalization;
using System.Text;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Platform.Documents;

/// <summary>
/// Decides whether a file may be stored: its size, its extension and announced content type against the allowlist,
/// and for binary formats whether the first bytes really are that format, so a renamed .exe or an HTML page called
/// photo.png is refused. Every refusal names the file and says what is allowed.
/// </summary>
internal sealed class UploadPolicy
{
    private readonly IReadOnlyDictionary<string, string[]> _allowed;

    public UploadPolicy(DocumentStoreOptions options)
    {
        MaxBytes = options.MaxUploadBytes;
        _allowed = (options.AllowedTypes ?? DocumentStoreOptions.DefaultAllowedTypes)
            .Where(entry => entry.Value is { Length: > 0 })
            .ToDictionary(
                entry => entry.Key.Trim().TrimStart('.').ToLowerInvariant(),
                entry => entry.Value.Select(NormaliseContentType).ToArray(),
                StringComparer.OrdinalIgnoreCase);
    }

    public long MaxBytes { get; }

    private string AllowedList => string.Join(", ", _allowed.Keys.Order(StringComparer.Ordinal));

    /// <returns>The canonical content type to store for this file.</returns>
    public string CheckType(string fileName, string? announcedContentType)
    {
        var extension = Path.GetExtension(fileName).TrimStart('.').ToLowerInvariant();
        if (extension.Length == 0)
        {
            throw new DomainException($"'{fileName}' cannot be attached: it has no file extension. Allowed types: {AllowedList}.");
        }

        if (!_allowed.TryGetValue(extension, out var contentTypes))
        {
            throw new DomainException($"'{fileName}' cannot be attached: .{extension} files are not allowed. Allowed types: {AllowedList}.");
        }

        var announced = NormaliseContentType(announcedContentType);
        if (announced.Length > 0 && !contentTypes.Contains(announced, StringComparer.Ordinal))
        {
            throw new DomainException($"'{fileName}' was sent as {announced}, which is not an allowed type for .{extension} files.");
        }

        return contentTypes[0];
    }

    public void CheckSize(string fileName, long size)
    {
        if (size > MaxBytes)
        {
            throw new DomainException($"'{fileName}' is {FormatSize(size)}; the limit is {FormatSize(MaxBytes)}.");
        }

        if (size == 0)
        {
            throw new DomainException($"'{fileName}' is empty.");
        }
    }

    public static void CheckContent(string fileName, ReadOnlySpan<byte> content)
    {
        var extension = Path.GetExtension(fileName).TrimStart('.').ToLowerInvariant();
        var matches = extension switch
        {
            // The PDF header may follow a few bytes of junk; readers look within the first kilobyte.
            "pdf" => content[..Math.Min(content.Length, 1024)].IndexOf("%PDF-"u8) >= 0,
            "png" => content.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
            "jpg" or "jpeg" => content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]),
            "gif" => content.StartsWith("GIF87a"u8) || content.StartsWith("GIF89a"u8),
            "webp" => content.Length >= 12 && content.StartsWith("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8),
            "zip" or "xlsx" or "docx" or "odt" or "ods" => content.StartsWith("PK\u0003\u0004"u8) || content.StartsWith("PK\u0005\u0006"u8),
            // Text formats carry no signature; a NUL byte early on means a binary file wearing a text extension.
            "txt" or "csv" or "eml" => content[..Math.Min(content.Length, 8192)].IndexOf((byte)0) < 0,
            _ => true,
        };
        if (!matches)
        {
            throw new DomainException($"'{fileName}' is not a real .{extension} file: its content does not match its extension.");
        }
    }

    /// <summary>"30.2 MB", "512 KB", "900 bytes": binary units, as file managers show them.</summary>
    public static string FormatSize(long bytes) => bytes switch
    {
        >= 1024 * 1024 => (bytes / (1024d * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
        >= 1024 => (bytes / 1024d).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " bytes",
    };

    /// <summary>"Text/CSV; charset=utf-8" → "text/csv".</summary>
    private static string NormaliseContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return string.Empty;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
    }
}

/// <summary>
/// Makes a browser-sent file name safe to store, show and send back in a Content-Disposition header: only the last
/// path segment, no control or bidi-override characters (which can make "gpj.exe" display as "exe.jpg"), none of the
/// characters Windows refuses, no leading or trailing dots and spaces, at most 255 characters with the extension kept.
/// </summary>
public static class StoredFileName
{
    private const string Forbidden = "<>:\"|?*";

    public static string Sanitise(string? fileName)
    {
        var name = fileName ?? string.Empty;
        name = name[(name.LastIndexOfAny(['/', '\\']) + 1)..].Normalize(NormalizationForm.FormC);

        var clean = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            // Tabs and line breaks separate words in the name a user typed; keep them as one space.
            if (char.IsWhiteSpace(c))
            {
                clean.Append(' ');
                continue;
            }

            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (char.IsControl(c) || category == UnicodeCategory.Format
                || Forbidden.Contains(c, StringComparison.Ordinal))
            {
                continue;
            }

            clean.Append(c);
        }

        name = string.Join(' ', clean.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)).Trim('.', ' ');
        if (name.Length > StoredFile.FileNameMaxLength)
        {
            var extension = Path.GetExtension(name);
            if (extension.Length > 20)
            {
                extension = string.Empty;
            }

            var cut = StoredFile.FileNameMaxLength - extension.Length;
            if (char.IsHighSurrogate(name[cut - 1]))
            {
                cut--;
            }

            name = name[..cut].TrimEnd('.', ' ') + extension;
        }

        return name;
    }
}
