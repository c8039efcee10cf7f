using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Platform.Documents.Pdf;

/// <summary>How the lines of any commercial document (<see cref="DocumentLine"/>) print: one rule for Sales and Purchasing.</summary>
public static class DocumentLinesPdf
{
    /// <summary>Titles print their text; subtotals the sum of the priced lines since the previous title or subtotal.</summary>
    /// <param name="dates">The company's locale for the service periods (<see cref="CompanyLocale.DatesOf"/>); null: ISO dates.</param>
    public static IReadOnlyList<PdfLine> Lines(IEnumerable<DocumentLine> lines, System.Globalization.CultureInfo? dates = null)
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
                        text += dates is null
                            ? $"\n{l.ServiceStart:yyyy-MM-dd} – {l.ServiceEnd:yyyy-MM-dd}"
                            : $"\n{(l.ServiceStart is { } s ? CompanyLocale.Date(s, dates) : "")} – {(l.ServiceEnd is { } e ? CompanyLocale.Date(e, dates) : "")}";
                    }

                    result.Add(new PdfLine(text, l.Quantity, l.UnitPrice, l.DiscountPercent, l.VatRatePercent, l.TotalExclTax));
                    running += l.TotalExclTax;
                    break;
            }
        }

        return result;
    }
}
