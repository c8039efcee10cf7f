using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace MokoCrm.Web.Platform.Documents.Pdf;

/// <summary>Draws a <see cref="BusinessDocumentPdf"/> on A4 pages and returns the PDF file.</summary>
public static class BusinessDocumentPdfRenderer
{
    public static byte[] Render(BusinessDocumentPdf model)
    {
        ArgumentNullException.ThrowIfNull(model);
        PdfFonts.EnsureRegistered();

        using var document = new PdfDocument();
        document.Info.Title = $"{model.Heading.Title} {model.Heading.Number}";
        document.Info.Author = model.Company.Name;
        document.Info.Creator = "MokoCRM";
        new BusinessDocumentLayout(document, model).Draw();

        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }
}

/// <summary>
/// The page geometry and drawing of a business document. It only draws what the model says; every decision about
/// content (amounts, wording, which fields) was taken when the model was built.
/// </summary>
internal sealed class BusinessDocumentLayout
{
    private const double Margin = 42;
    private const double Top = 40;
    private const double FooterHeight = 58;
    private const double LineHeight = 11;
    private const double CellPadding = 3;
    private const double TableHeaderHeight = 17;
    private const double ContinuationHeaderHeight = 26;

    private static readonly XColor Ink = XColor.FromArgb(33, 37, 41);
    private static readonly XColor Muted = XColor.FromArgb(108, 117, 125);
    private static readonly XColor Rule = XColor.FromArgb(206, 212, 218);
    private static readonly XColor HeaderFill = XColor.FromArgb(233, 236, 239);
    private static readonly XColor StripeFill = XColor.FromArgb(248, 249, 250);

    private readonly PdfDocument _document;
    private readonly BusinessDocumentPdf _model;
    private readonly PdfNumberFormat _format;
    private readonly PdfLabels _labels;
    private readonly Fonts _fonts = new();
    private readonly Column[] _columns;

    private XGraphics? _graphics;
    private double _y;
    private double _pageWidth;
    private double _pageHeight;

    public BusinessDocumentLayout(PdfDocument document, BusinessDocumentPdf model)
    {
        _document = document;
        _model = model;
        _labels = model.Labels;
        _format = new PdfNumberFormat(model.Culture, model.CurrencyCode, model.DateCulture);
        _columns = model.QuantitiesOnly
            ? _labels.SecondQuantity is { } second
                ? [new(_labels.Description, 0, XStringFormats.TopLeft), new(_labels.Quantity, 70, XStringFormats.TopRight), new(second, 70, XStringFormats.TopRight)]
                : [new(_labels.Description, 0, XStringFormats.TopLeft), new(_labels.Quantity, 60, XStringFormats.TopRight)] :
        [
            new(_labels.Description, 0, XStringFormats.TopLeft),
            new(_labels.Quantity, 46, XStringFormats.TopRight),
            new(_labels.UnitPrice, 72, XStringFormats.TopRight),
            new(_labels.Discount, 40, XStringFormats.TopRight),
            new(_labels.Vat, 40, XStringFormats.TopRight),
            new(_labels.LineTotal, 78, XStringFormats.TopRight),
        ];
    }

    private XGraphics G => _graphics ?? throw new InvalidOperationException("No page is open.");

    private double ContentWidth => _pageWidth - 2 * Margin;

    private double ContentBottom => _pageHeight - FooterHeight;

    public void Draw()
    {
        StartPage();
        DrawCompanyAndHeading();
        DrawParties();
        DrawLineTable();
        if (!_model.QuantitiesOnly)
        {
            DrawVatSummaryAndTotals();
        }

        DrawNotes();
        _graphics?.Dispose();
        StampFooters();
    }

    private void StartPage()
    {
        _graphics?.Dispose();
        var page = _document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        _pageWidth = page.Width.Point;
        _pageHeight = page.Height.Point;
        _graphics = XGraphics.FromPdfPage(page);
        _y = Top;
        if (_document.PageCount > 1)
        {
            DrawContinuationHeader();
        }
    }

    /// <summary>Later pages name the company and the document, so a loose page can be put back where it belongs.</summary>
    private void DrawContinuationHeader()
    {
        Text(_model.Company.Name, _fonts.Bold, Ink, Margin, _y, ContentWidth / 2, XStringFormats.TopLeft);
        var heading = $"{_model.Heading.Title} {_model.Heading.Number} ({_labels.Continued})";
        Text(heading, _fonts.Body, Muted, Margin + ContentWidth / 2, _y, ContentWidth / 2, XStringFormats.TopRight);
        _y += 14;
        G.DrawLine(new XPen(Rule, 0.6), Margin, _y, Margin + ContentWidth, _y);
        _y += ContinuationHeaderHeight - 14;
    }

    private void DrawCompanyAndHeading()
    {
        var company = _model.Company;
        var leftWidth = ContentWidth * 0.55;
        var left = _y;
        if (company.Logo is { Length: > 0 } logo)
        {
            left += DrawLogo(logo, Margin, left) + 6;
        }

        Text(company.Name, _fonts.CompanyName, Ink, Margin, left, leftWidth, XStringFormats.TopLeft);
        left += 17;
        foreach (var line in company.AddressLines)
        {
            left = WrappedText(line, _fonts.Body, Ink, Margin, left, leftWidth);
        }

        if (!string.IsNullOrWhiteSpace(company.VatId))
        {
            left = WrappedText($"{_labels.VatId}: {company.VatId}", _fonts.Body, Ink, Margin, left, leftWidth);
        }

        var rightX = Margin + leftWidth;
        var rightWidth = ContentWidth - leftWidth;
        var right = _y;
        Text(_model.Heading.Title, _fonts.Title, Ink, rightX, right, rightWidth, XStringFormats.TopRight);
        right += 26;
        var fields = new List<PdfField>
        {
            new(_labels.Number, _model.Heading.Number),
            new(_labels.Date, _format.Date(_model.Heading.Date)),
        };
        fields.AddRange(_model.Heading.Fields ?? []);
        foreach (var field in fields)
        {
            Text(field.Label, _fonts.Body, Muted, rightX, right, rightWidth - 110, XStringFormats.TopRight);
            Text(field.Value, _fonts.Bold, Ink, rightX + rightWidth - 105, right, 105, XStringFormats.TopRight);
            right += LineHeight + 1;
        }

        _y = Math.Max(left, right) + 16;
    }

    /// <returns>The height used.</returns>
    private double DrawLogo(byte[] logo, double x, double y)
    {
        XImage image;
        try
        {
            image = XImage.FromStream(new MemoryStream(logo, writable: false));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidOperationException("The company logo cannot be read: use a PNG or JPEG image.", e);
        }

        using (image)
        {
            var scale = Math.Min(Math.Min(150 / image.PointWidth, 50 / image.PointHeight), 1);
            var width = image.PointWidth * scale;
            var height = image.PointHeight * scale;
            G.DrawImage(image, x, y, width, height);
            return height;
        }
    }

    private void DrawParties()
    {
        const double gap = 20;
        var width = (ContentWidth - gap) / 2;
        var senderHeight = PartyHeight(_model.Sender, width);
        var recipientHeight = PartyHeight(_model.Recipient, width);
        var boxHeight = Math.Max(senderHeight, recipientHeight);
        var top = _y + 12;

        Text(_labels.Sender, _fonts.Small, Muted, Margin, _y, width, XStringFormats.TopLeft);
        Text(_labels.Recipient, _fonts.Small, Muted, Margin + width + gap, _y, width, XStringFormats.TopLeft);
        G.DrawRectangle(new XSolidBrush(StripeFill), Margin, top, width, boxHeight);
        G.DrawRectangle(new XPen(Rule, 0.8), Margin + width + gap, top, width, boxHeight);
        DrawParty(_model.Sender, Margin, top, width);
        DrawParty(_model.Recipient, Margin + width + gap, top, width);
        _y = top + boxHeight + 18;
    }

    private double PartyHeight(PdfParty party, double width)
    {
        var inner = width - 2 * 6;
        var lines = party.AddressLines.Sum(line => Math.Max(1, PdfTextWrapper.Wrap(G, line, _fonts.Body, inner).Count));
        var vat = string.IsNullOrWhiteSpace(party.VatId) ? 0 : 1;
        var nameLines = Math.Max(1, PdfTextWrapper.Wrap(G, party.Name, _fonts.PartyName, inner).Count);
        return 6 + nameLines * 13 + (lines + vat) * LineHeight + 6;
    }

    private void DrawParty(PdfParty party, double x, double y, double width)
    {
        var inner = width - 2 * 6;
        y += 6;
        foreach (var line in PdfTextWrapper.Wrap(G, party.Name, _fonts.PartyName, inner))
        {
            Text(line, _fonts.PartyName, Ink, x + 6, y, inner, XStringFormats.TopLeft);
            y += 13;
        }

        foreach (var line in party.AddressLines)
        {
            y = WrappedText(line, _fonts.Body, Ink, x + 6, y, inner);
        }

        if (!string.IsNullOrWhiteSpace(party.VatId))
        {
            WrappedText($"{_labels.VatId}: {party.VatId}", _fonts.Body, Ink, x + 6, y, inner);
        }
    }

    private void DrawLineTable()
    {
        var descriptionWidth = ContentWidth - _columns.Skip(1).Sum(c => c.Width);
        var textWidth = descriptionWidth - 2 * CellPadding;
        var freshPageLines = (int)((_pageHeight - FooterHeight - Top - ContinuationHeaderHeight - TableHeaderHeight - 2 * CellPadding) / LineHeight);

        DrawTableHeader(descriptionWidth);
        var stripe = false;
        foreach (var line in _model.Lines)
        {
            var text = PdfTextWrapper.Wrap(G, line.Description, _fonts.Body, textWidth);
            if (text.Count == 0)
            {
                text = [string.Empty];
            }

            var drawn = 0;
            while (drawn < text.Count)
            {
                var room = (int)((ContentBottom - _y - 2 * CellPadding) / LineHeight);
                var remaining = text.Count - drawn;
                // A row moves whole to the next page when it fits there; only a row longer than a page is split.
                if (room <= 0 || (drawn == 0 && room < remaining && remaining <= freshPageLines))
                {
                    StartPage();
                    DrawTableHeader(descriptionWidth);
                    continue;
                }

                var take = Math.Min(room, remaining);
                var height = take * LineHeight + 2 * CellPadding;
                if (stripe)
                {
                    G.DrawRectangle(new XSolidBrush(StripeFill), Margin, _y, ContentWidth, height);
                }

                for (var i = 0; i < take; i++)
                {
                    Text(text[drawn + i], _fonts.Body, Ink, Margin + CellPadding, _y + CellPadding + i * LineHeight, textWidth, XStringFormats.TopLeft);
                }

                if (drawn == 0)
                {
                    DrawAmountCells(line, descriptionWidth);
                }

                _y += height;
                drawn += take;
                if (drawn < text.Count)
                {
                    StartPage();
                    DrawTableHeader(descriptionWidth);
                }
            }

            G.DrawLine(new XPen(Rule, 0.4), Margin, _y, Margin + ContentWidth, _y);
            stripe = !stripe;
        }

        _y += 14;
    }

    private void DrawTableHeader(double descriptionWidth)
    {
        G.DrawRectangle(new XSolidBrush(HeaderFill), Margin, _y, ContentWidth, TableHeaderHeight);
        var x = Margin;
        foreach (var column in _columns)
        {
            var width = column.Width == 0 ? descriptionWidth : column.Width;
            Text(column.Label, _fonts.SmallBold, Ink, x + CellPadding, _y + 4.5, width - 2 * CellPadding, column.Alignment);
            x += width;
        }

        _y += TableHeaderHeight;
    }

    private void DrawAmountCells(PdfLine line, double descriptionWidth)
    {
        // A title or subtotal line (TextOnly) prints its text, and a subtotal its amount, without the other figures.
        string[] values = _model.QuantitiesOnly
            ? _columns.Length == 3
                ? [line.TextOnly ? string.Empty : _format.Quantity(line.Quantity), line.TextOnly || line.SecondQuantity is not { } second ? string.Empty : _format.Quantity(second)]
                : [line.TextOnly ? string.Empty : _format.Quantity(line.Quantity)]
            : line.TextOnly
            ? [string.Empty, string.Empty, string.Empty, string.Empty, line.TotalExcl == 0 ? string.Empty : _format.Amount(line.TotalExcl)]
            :
        [
            _format.Quantity(line.Quantity),
            _format.UnitPrice(line.UnitPrice),
            line.DiscountPercent == 0 ? string.Empty : _format.Percent(line.DiscountPercent),
            _format.Percent(line.VatPercent),
            _format.Amount(line.TotalExcl),
        ];
        var x = Margin + descriptionWidth;
        for (var i = 0; i < values.Length; i++)
        {
            var column = _columns[i + 1];
            Text(values[i], _fonts.Body, Ink, x + CellPadding, _y + CellPadding, column.Width - 2 * CellPadding, column.Alignment);
            x += column.Width;
        }
    }

    private void DrawVatSummaryAndTotals()
    {
        const double rowHeight = 14;
        var vatHeight = (_model.VatSummary.Count + 1) * rowHeight;
        var totalsHeight = 3 * rowHeight + 6;
        var needed = Math.Max(vatHeight, totalsHeight);
        if (_y + needed > ContentBottom)
        {
            StartPage();
        }

        var top = _y;
        const double vatWidth = 240;
        double[] vatColumns = [70, 85, 85];
        string[] vatLabels = [_labels.VatRate, _labels.VatBase, _labels.VatAmount];
        G.DrawRectangle(new XSolidBrush(HeaderFill), Margin, top, vatWidth, rowHeight);
        var x = Margin;
        for (var i = 0; i < vatColumns.Length; i++)
        {
            Text(vatLabels[i], _fonts.SmallBold, Ink, x + CellPadding, top + 3.5, vatColumns[i] - 2 * CellPadding, XStringFormats.TopRight);
            x += vatColumns[i];
        }

        var y = top + rowHeight;
        foreach (var row in _model.VatSummary)
        {
            string[] cells = [_format.Percent(row.RatePercent), _format.Amount(row.TaxBase), _format.Amount(row.VatAmount)];
            x = Margin;
            for (var i = 0; i < cells.Length; i++)
            {
                Text(cells[i], _fonts.Body, Ink, x + CellPadding, y + 2.5, vatColumns[i] - 2 * CellPadding, XStringFormats.TopRight);
                x += vatColumns[i];
            }

            y += rowHeight;
            G.DrawLine(new XPen(Rule, 0.4), Margin, y, Margin + vatWidth, y);
        }

        const double totalsWidth = 230;
        var totalsX = Margin + ContentWidth - totalsWidth;
        var totalsY = top;
        TotalRow(_labels.TotalExcl, _model.Totals.TotalExcl, totalsX, totalsY, totalsWidth, emphasised: false);
        totalsY += rowHeight;
        TotalRow(_labels.TotalVat, _model.Totals.TotalVat, totalsX, totalsY, totalsWidth, emphasised: false);
        totalsY += rowHeight + 2;
        G.DrawRectangle(new XSolidBrush(HeaderFill), totalsX, totalsY, totalsWidth, rowHeight + 4);
        TotalRow(_labels.TotalIncl, _model.Totals.TotalIncl, totalsX, totalsY + 2, totalsWidth, emphasised: true);

        _y = top + needed + 18;
    }

    private void TotalRow(string label, decimal amount, double x, double y, double width, bool emphasised)
    {
        var font = emphasised ? _fonts.TotalBold : _fonts.Body;
        Text(label, font, emphasised ? Ink : Muted, x + CellPadding, y + 2.5, width * 0.55, XStringFormats.TopLeft);
        Text(_format.Money(amount), font, Ink, x + width * 0.45, y + 2.5, width * 0.55 - CellPadding, XStringFormats.TopRight);
    }

    private void DrawNotes()
    {
        var notes = _model.Notes.Where(n => !string.IsNullOrWhiteSpace(n)).ToList();
        if (notes.Count == 0)
        {
            return;
        }

        if (_y + 2 * LineHeight + 4 > ContentBottom)
        {
            StartPage();
        }

        Text(_labels.Notes, _fonts.Bold, Ink, Margin, _y, ContentWidth, XStringFormats.TopLeft);
        _y += LineHeight + 4;
        foreach (var note in notes)
        {
            foreach (var line in PdfTextWrapper.Wrap(G, note, _fonts.Body, ContentWidth))
            {
                if (_y + LineHeight > ContentBottom)
                {
                    StartPage();
                }

                Text(line, _fonts.Body, Ink, Margin, _y, ContentWidth, XStringFormats.TopLeft);
                _y += LineHeight;
            }

            _y += 5;
        }
    }

    /// <summary>Footers are drawn last because "Page n / m" needs the final page count.</summary>
    private void StampFooters()
    {
        var count = _document.PageCount;
        for (var index = 0; index < count; index++)
        {
            using var graphics = XGraphics.FromPdfPage(_document.Pages[index], XGraphicsPdfPageOptions.Append);
            var y = _pageHeight - FooterHeight + 14;
            graphics.DrawLine(new XPen(Rule, 0.6), Margin, y, Margin + ContentWidth, y);
            var pageText = string.Format(_model.Culture, _labels.Page, index + 1, count);
            const double pageWidth = 70;
            graphics.DrawString(pageText, _fonts.Small, new XSolidBrush(Muted),
                new XRect(Margin + ContentWidth - pageWidth, y + 5, pageWidth, LineHeight), XStringFormats.TopRight);
            var legal = _model.Company.LegalLine;
            if (string.IsNullOrWhiteSpace(legal))
            {
                continue;
            }

            var lineY = y + 5;
            foreach (var line in PdfTextWrapper.Wrap(graphics, legal, _fonts.Small, ContentWidth - pageWidth - 10).Take(3))
            {
                graphics.DrawString(line, _fonts.Small, new XSolidBrush(Muted),
                    new XRect(Margin, lineY, ContentWidth - pageWidth - 10, LineHeight), XStringFormats.TopLeft);
                lineY += 9;
            }
        }
    }

    private double WrappedText(string text, XFont font, XColor color, double x, double y, double width)
    {
        foreach (var line in PdfTextWrapper.Wrap(G, text, font, width))
        {
            Text(line, font, color, x, y, width, XStringFormats.TopLeft);
            y += LineHeight;
        }

        return y;
    }

    private void Text(string text, XFont font, XColor color, double x, double y, double width, XStringFormat alignment)
    {
        if (text.Length == 0)
        {
            return;
        }

        G.DrawString(text, font, new XSolidBrush(color), new XRect(x, y, width, font.Height), alignment);
    }

    private sealed record Column(string Label, double Width, XStringFormat Alignment);

    /// <summary>Unicode encoding embeds a ToUnicode map, so text can be searched, copied and read back in tests.</summary>
    private sealed class Fonts
    {
        private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);

        public XFont Body { get; } = Font(8.5, XFontStyleEx.Regular);
        public XFont Bold { get; } = Font(8.5, XFontStyleEx.Bold);
        public XFont Small { get; } = Font(7, XFontStyleEx.Regular);
        public XFont SmallBold { get; } = Font(7.5, XFontStyleEx.Bold);
        public XFont PartyName { get; } = Font(10, XFontStyleEx.Bold);
        public XFont CompanyName { get; } = Font(13, XFontStyleEx.Bold);
        public XFont Title { get; } = Font(20, XFontStyleEx.Bold);
        public XFont TotalBold { get; } = Font(9.5, XFontStyleEx.Bold);

        private static XFont Font(double size, XFontStyleEx style) =>
            new(DejaVuFontResolver.FamilyName, size, style, Unicode);
    }
}
