using System.Globalization;

namespace MokoCrm.Web.Platform.Documents.Pdf;

/// <summary>
/// What a business document (quote, order, invoice, purchase order, credit note...) prints, already computed and
/// formatted by the module that owns it. The renderer only draws it: no totals, rounding or lookups happen there,
/// so what the PDF shows is exactly what the record froze at validation.
/// </summary>
public sealed record BusinessDocumentPdf
{
    public required PdfCompany Company { get; init; }

    public required PdfDocumentHeading Heading { get; init; }

    public required PdfParty Sender { get; init; }

    public required PdfParty Recipient { get; init; }

    public required IReadOnlyList<PdfLine> Lines { get; init; }

    /// <summary>One row per VAT rate, in the order to print.</summary>
    public required IReadOnlyList<PdfVatRow> VatSummary { get; init; }

    public required PdfTotals Totals { get; init; }

    /// <summary>Free text printed after the totals (payment terms, bank details, remarks); one paragraph each.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Culture for numbers and dates; the currency symbol comes from <see cref="CurrencyCode"/>.</summary>
    public CultureInfo Culture { get; init; } = CultureInfo.GetCultureInfo("en-US");

    /// <summary>The company's locale for every date (<see cref="CompanyLocale.DatesOf"/>); null: <see cref="Culture"/>.</summary>
    public CultureInfo? DateCulture { get; init; }

    /// <summary>ISO 4217 code of every amount in the document.</summary>
    public string CurrencyCode { get; init; } = "EUR";

    public PdfLabels Labels { get; init; } = PdfLabels.English;

    /// <summary>A delivery note: lines print their description and quantity only, with no prices, VAT or totals.</summary>
    public bool QuantitiesOnly { get; init; }
}

/// <param name="LegalLine">Printed in the footer of every page (legal form, capital, registration, IBAN...).</param>
/// <param name="Logo">PNG or JPEG bytes, drawn at most 150 × 50 pt in the top left corner.</param>
public sealed record PdfCompany(
    string Name,
    IReadOnlyList<string> AddressLines,
    string? VatId = null,
    string? LegalLine = null,
    byte[]? Logo = null);

/// <param name="Title">"Invoice", "Quote", "Credit note"...</param>
/// <param name="Fields">Further label/value rows under the date (due date, customer reference, order number...).</param>
public sealed record PdfDocumentHeading(
    string Title,
    string Number,
    DateOnly Date,
    IReadOnlyList<PdfField>? Fields = null);

public sealed record PdfField(string Label, string Value);

/// <summary>A sender or recipient block: name in bold, then address lines, then the VAT id.</summary>
public sealed record PdfParty(string Name, IReadOnlyList<string> AddressLines, string? VatId = null);

/// <param name="Description">May contain line breaks; long text wraps and may continue on the next page.</param>
/// <param name="TextOnly">A title or subtotal: only the text (and a subtotal's amount in the total column) is printed.</param>
/// <param name="SecondQuantity">
/// In a <see cref="BusinessDocumentPdf.QuantitiesOnly"/> document whose labels name a
/// <see cref="PdfLabels.SecondQuantity"/> column (a manufacturing order's consumed quantity): the figure printed there.
/// </param>
public sealed record PdfLine(
    string Description,
    decimal Quantity,
    decimal UnitPrice,
    decimal DiscountPercent,
    decimal VatPercent,
    decimal TotalExcl,
    bool TextOnly = false,
    decimal? SecondQuantity = null);

public sealed record PdfVatRow(decimal RatePercent, decimal TaxBase, decimal VatAmount);

public sealed record PdfTotals(decimal TotalExcl, decimal TotalVat, decimal TotalIncl);

/// <summary>Every word the layout prints by itself, so a module can print documents in the customer's language.</summary>
public sealed record PdfLabels
{
    public static readonly PdfLabels English = new();

    public string Number { get; init; } = "Number";
    public string Date { get; init; } = "Date";
    public string VatId { get; init; } = "VAT ID";
    public string Sender { get; init; } = "From";
    public string Recipient { get; init; } = "Bill to";
    public string Description { get; init; } = "Description";
    public string Quantity { get; init; } = "Qty";

    /// <summary>Set: a quantities-only document prints a second quantity column with this heading (e.g. "Consumed").</summary>
    public string? SecondQuantity { get; init; }
    public string UnitPrice { get; init; } = "Unit price";
    public string Discount { get; init; } = "Disc.";
    public string Vat { get; init; } = "VAT";
    public string LineTotal { get; init; } = "Total excl.";
    public string VatRate { get; init; } = "VAT rate";
    public string VatBase { get; init; } = "Base";
    public string VatAmount { get; init; } = "VAT";
    public string TotalExcl { get; init; } = "Total excl. VAT";
    public string TotalVat { get; init; } = "VAT";
    public string TotalIncl { get; init; } = "Total incl. VAT";
    public string Notes { get; init; } = "Notes";
    public string Continued { get; init; } = "continued";

    /// <summary>Composite format: {0} is the page number, {1} the page count.</summary>
    public string Page { get; init; } = "Page {0} / {1}";
}
