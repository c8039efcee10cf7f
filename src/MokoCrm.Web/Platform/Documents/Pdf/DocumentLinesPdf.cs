using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Platform.Documents.Pdf;

/// <summary>How the lines of any commercial document (<see cref="DocumentLine"/>) print: one rule for Sales and Purchasing.</summary>
public static class DocumentLinesPdf
{
    /// <summary>Titles print their text; subtotals the sum of the priced lines since the previous title or subtotal.</summary>
    public static IReadOnlyList<PdfLine> Lines(IEnumerable<DocumentLine> lines)
    {
        var result = new List<PdfLine>();
        var running = 0m;
        foreach (var l in lines)
        {
            switch (l.Kind)
            {
                case LineKind.Title:
                    result.Add(new PdfLine(l.Description, 0, 0, 0, 0, 0, TextOnly: true));
                    running = 0m;
                    break;
                case LineKind.Subtotal:
                    result.Add(new PdfLine(l.Description, 0, 0, 0, 0, running, TextOnly: true));
                    running = 0m;
                    break;
                default:
                    var text = l.ProductReference is null ? l.Description : $"{l.ProductReference} - {l.Description}";
                    if (l.ServiceStart is not null || l.ServiceEnd is not null)
                    {
                        text += $"\n{l.ServiceStart:yyyy-MM-dd} – {l.ServiceEnd:yyyy-MM-dd}";
                    }

                    result.Add(new PdfLine(text, l.Quantity, l.UnitPrice, l.DiscountPercent, l.VatRatePercent, l.TotalExclTax));
                    running += l.TotalExclTax;
                    break;
            }
        }

        return result;
    }
}
