using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace MokoCrm.Web.Platform.Documents.Pdf;

/// <summary>
/// Hands PDFsharp the DejaVu Sans TrueType files. PDFsharp's core build has no access to system fonts on Linux, and
/// DejaVu covers €, Ł and Cyrillic, which business documents in Europe need. Every family name maps to DejaVu Sans,
/// so a layout asking for "Arial" still prints real glyphs instead of failing at render time.
/// </summary>
public sealed class DejaVuFontResolver : IFontResolver
{
    public const string FamilyName = "DejaVu Sans";
    public const string DefaultDirectory = "/usr/share/fonts/truetype/dejavu";

    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";
    private const string Oblique = "DejaVuSans-Oblique";
    private const string BoldOblique = "DejaVuSans-BoldOblique";

    private readonly string _directory;
    private readonly bool _hasBoldOblique;
    private readonly ConcurrentDictionary<string, byte[]> _faces = new(StringComparer.Ordinal);

    public DejaVuFontResolver(string directory)
    {
        _directory = directory;
        var missing = new[] { Regular, Bold, Oblique }.Where(face => !File.Exists(PathOf(face))).ToList();
        if (missing.Count > 0)
        {
            // Checked up front: otherwise PDFsharp fails deep inside the first DrawString with a message naming no file.
            throw new InvalidOperationException(
                $"PDF fonts are missing: {string.Join(", ", missing.Select(f => f + ".ttf"))} not found in {directory}. " +
                "Install fonts-dejavu-core (Debian/Ubuntu: apt-get install fonts-dejavu-core).");
        }

        // fonts-dejavu-core ships it; if a trimmed image lacks it, bold italic falls back to bold.
        _hasBoldOblique = File.Exists(PathOf(BoldOblique));
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        var face = (bold, italic) switch
        {
            (true, true) => _hasBoldOblique ? BoldOblique : Bold,
            (true, false) => Bold,
            (false, true) => Oblique,
            _ => Regular,
        };
        return new FontResolverInfo(face);
    }

    public byte[]? GetFont(string faceName) => _faces.GetOrAdd(faceName, face => File.ReadAllBytes(PathOf(face)));

    private string PathOf(string face) => Path.Combine(_directory, face + ".ttf");
}

/// <summary>
/// Installs the font resolver once per process. PDFsharp keeps it in a global that may only be set before the first
/// font is created, so every renderer calls <see cref="EnsureRegistered"/> first and the lock makes parallel first
/// renders (two requests, the outbox worker) safe.
/// </summary>
public static class PdfFonts
{
    private static readonly Lock Gate = new();
    private static volatile bool _registered;

    public static void EnsureRegistered()
    {
        if (_registered)
        {
            return;
        }

        lock (Gate)
        {
            if (_registered)
            {
                return;
            }

            // Another resolver set by the host wins; we only fill the gap PDFsharp leaves on Linux.
            GlobalFontSettings.FontResolver ??= new DejaVuFontResolver(DejaVuFontResolver.DefaultDirectory);
            _registered = true;
        }
    }
}
