using System.Globalization;
using MokoCrm.Web.Platform.Documents.Pdf;
using UglyToad.PdfPig;

namespace MokoCrm.UnitTests.Platform.Documents;

public sealed class BusinessDocumentPdfRendererTests
{
    [Fact]
    public void An_invoice_with_80_lines_spans_several_pages_each_numbered_page_i_of_n()
    {
        var pdf = BusinessDocumentPdfRenderer.Render(SampleInvoice.WithLines(80));
        SaveForInspection(pdf);

        using var document = PdfDocument.Open(pdf);
        document.NumberOfPages.ShouldBeGreaterThanOrEqualTo(2);
        foreach (var page in document.GetPages())
        {
            Words(page.Text).ShouldContain($"Page {page.Number} / {document.NumberOfPages}");
        }
    }

    [Fact]
    public void The_table_header_is_repeated_on_the_second_page()
    {
        using var document = PdfDocument.Open(BusinessDocumentPdfRenderer.Render(SampleInvoice.WithLines(80)));

        var second = Words(document.GetPage(2).Text);

        second.ShouldContain("Description");
        second.ShouldContain("Unit price");
        second.ShouldContain("Total excl.");
        second.ShouldContain("FA2611-0042");
    }

    [Fact]
    public void The_totals_euro_amounts_and_cyrillic_text_are_readable_in_the_pdf()
    {
        var model = SampleInvoice.WithLines(80);
        using var document = PdfDocument.Open(BusinessDocumentPdfRenderer.Render(model));

        var all = Words(string.Join(" ", document.GetPages().Select(p => p.Text)));

        var incl = model.Totals.TotalIncl.ToString("#,##0.00", CultureInfo.GetCultureInfo("en-US"));
        all.ShouldContain("€" + incl);
        all.ShouldContain("Total incl. VAT");
        all.ShouldContain(SampleInvoice.CyrillicCustomer);
        all.ShouldContain("Łódź");
        all.ShouldContain("Page 1 / ");
    }

    [Fact]
    public void Every_line_is_printed_once_and_in_order()
    {
        using var document = PdfDocument.Open(BusinessDocumentPdfRenderer.Render(SampleInvoice.WithLines(80)));

        var all = Words(string.Join(" ", document.GetPages().Select(p => p.Text)));

        var positions = Enumerable.Range(1, 80).Select(i => all.IndexOf($"Line {i}:", StringComparison.Ordinal)).ToList();
        positions.ShouldAllBe(p => p >= 0);
        positions.ShouldBe(positions.Order().ToList());
    }

    [Fact]
    public void A_description_longer_than_a_page_continues_on_the_next_page()
    {
        var paragraph = string.Join(" ", Enumerable.Range(1, 900).Select(i => $"word{i}"));
        var model = SampleInvoice.WithLines(2) with
        {
            Lines = [new PdfLine(paragraph + " THE-END", 1, 100, 0, 20, 100)],
        };

        using var document = PdfDocument.Open(BusinessDocumentPdfRenderer.Render(model));

        document.NumberOfPages.ShouldBeGreaterThanOrEqualTo(2);
        var all = Words(string.Join(" ", document.GetPages().Select(p => p.Text)));
        all.ShouldContain("word1 ");
        all.ShouldContain("THE-END");
    }

    [Fact]
    public void Amounts_follow_the_culture_of_the_document()
    {
        var model = SampleInvoice.WithLines(3, CultureInfo.GetCultureInfo("de-DE"));
        using var document = PdfDocument.Open(BusinessDocumentPdfRenderer.Render(model));

        var text = Words(document.GetPage(1).Text);

        text.ShouldContain(model.Totals.TotalIncl.ToString("#,##0.00", CultureInfo.GetCultureInfo("de-DE")) + " €");
        text.ShouldContain("27.11.2026");
    }

    [Fact]
    public void A_png_logo_is_drawn_in_the_header()
    {
        var model = SampleInvoice.WithLines(3) with
        {
            Company = SampleInvoice.WithLines(1).Company with { Logo = Convert.FromBase64String(OnePixelPng) },
        };

        using var document = PdfDocument.Open(BusinessDocumentPdfRenderer.Render(model));

        document.GetPage(1).GetImages().Count().ShouldBe(1);
    }

    [Fact]
    public void A_document_without_lines_or_notes_is_one_page_with_its_totals()
    {
        var model = SampleInvoice.WithLines(0) with { Notes = [], VatSummary = [], Totals = new PdfTotals(0, 0, 0) };

        using var document = PdfDocument.Open(BusinessDocumentPdfRenderer.Render(model));

        document.NumberOfPages.ShouldBe(1);
        var text = Words(document.GetPage(1).Text);
        text.ShouldContain("Total incl. VAT");
        text.ShouldContain("€0.00");
        text.ShouldContain("Page 1 / 1");
    }

    [Fact]
    public void A_missing_font_folder_names_the_package_to_install()
    {
        var error = Should.Throw<InvalidOperationException>(() => new DejaVuFontResolver("/nonexistent/fonts"));

        error.Message.ShouldContain("install fonts-dejavu-core", Case.Insensitive);
        error.Message.ShouldContain("/nonexistent/fonts");
    }

    private const string OnePixelPng =
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    /// <summary>PdfPig may join words without spaces or with several; collapse to one space for stable assertions.</summary>
    private static string Words(string text) => string.Join(" ", text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Set MOKO_PDF_OUT=/tmp/invoice.pdf to look at the rendered sample (pdftoppm -png -r 60).</summary>
    private static void SaveForInspection(byte[] pdf)
    {
        var path = Environment.GetEnvironmentVariable("MOKO_PDF_OUT");
        if (!string.IsNullOrEmpty(path))
        {
            File.WriteAllBytes(path, pdf);
        }
    }
}
