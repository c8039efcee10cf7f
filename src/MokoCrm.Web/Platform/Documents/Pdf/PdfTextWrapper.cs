using PdfSharp.Drawing;

namespace MokoCrm.Web.Platform.Documents.Pdf;

/// <summary>
/// Breaks text into lines that fit a width, measured with the real font. Hard line breaks are kept, words wrap at
/// spaces, and a word wider than the column (an IBAN, a URL) is cut by characters rather than overflowing the cell.
/// </summary>
public static class PdfTextWrapper
{
    public static IReadOnlyList<string> Wrap(XGraphics graphics, string? text, XFont font, double maxWidth)
    {
        var lines = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return lines;
        }

        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var current = string.Empty;
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = current.Length == 0 ? word : current + " " + word;
                if (Width(graphics, candidate, font) <= maxWidth)
                {
                    current = candidate;
                    continue;
                }

                if (current.Length > 0)
                {
                    lines.Add(current);
                }

                current = word;
                while (Width(graphics, current, font) > maxWidth && current.Length > 1)
                {
                    var fit = LongestFittingPrefix(graphics, current, font, maxWidth);
                    lines.Add(current[..fit]);
                    current = current[fit..];
                }
            }

            lines.Add(current);
        }

        return lines;
    }

    private static double Width(XGraphics graphics, string text, XFont font) => graphics.MeasureString(text, font).Width;

    private static int LongestFittingPrefix(XGraphics graphics, string word, XFont font, double maxWidth)
    {
        var low = 1;
        var high = word.Length - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (Width(graphics, word[..middle], font) <= maxWidth)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        // Never split a surrogate pair: half an emoji is worse than a slightly narrower line.
        return char.IsHighSurrogate(word[low - 1]) && low > 1 ? low - 1 : low;
    }
}
