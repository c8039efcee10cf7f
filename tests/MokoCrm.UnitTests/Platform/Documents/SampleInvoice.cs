using System.Globalization;
using MokoCrm.Web.Platform.Documents.Pdf;

namespace MokoCrm.UnitTests.Platform.Documents;

/// <summary>A realistic invoice model: European customer, mixed VAT rates, long descriptions, Unicode text.</summary>
internal static class SampleInvoice
{
    public const string CyrillicCustomer = "ООО «Ромашка»";

    public static BusinessDocumentPdf WithLines(int count, CultureInfo? culture = null)
    {
        var lines = Enumerable.Range(1, count).Select(i =>
        {
            var quantity = i % 7 + 1m;
            var unitPrice = 12.5m * (i % 5 + 1);
            var discount = i % 4 == 0 ? 10m : 0m;
            var vat = i % 3 == 0 ? 5.5m : 20m;
            var total = Math.Round(quantity * unitPrice * (1 - discount / 100), 2, MidpointRounding.AwayFromZero);
            var description = i % 9 == 0
                ? $"Line {i}: on-site installation and configuration of the warehouse scanners, including cabling, " +
                  "staff training for two shifts, and a follow-up visit after the first month of use (Łódź depot)"
                : $"Line {i}: consulting hour, Złoty project";
            return new PdfLine(description, quantity, unitPrice, discount, vat, total);
        }).ToList();

        var vatRows = lines.GroupBy(l => l.VatPercent).OrderBy(g => g.Key)
            .Select(g => new PdfVatRow(g.Key, g.Sum(l => l.TotalExcl), Math.Round(g.Sum(l => l.TotalExcl) * g.Key / 100, 2, MidpointRounding.AwayFromZero)))
            .ToList();
        var excl = vatRows.Sum(r => r.TaxBase);
        var vatTotal = vatRows.Sum(r => r.VatAmount);

        return new BusinessDocumentPdf
        {
            Company = new PdfCompany(
                "Moko Demo SARL",
                ["12 rue des Lilas", "75011 Paris", "France"],
                VatId: "FR40123456824",
                LegalLine: "SARL au capital de 10 000 € · RCS Paris 123 456 789 · IBAN FR76 3000 6000 0112 3456 7890 189"),
            Heading = new PdfDocumentHeading("Invoice", "FA2611-0042", new DateOnly(2026, 11, 27),
                [new PdfField("Due date", "12/27/2026"), new PdfField("Customer ref.", "PO-7781")]),
            Sender = new PdfParty("Moko Demo SARL", ["12 rue des Lilas", "75011 Paris", "France"], "FR40123456824"),
            Recipient = new PdfParty(CyrillicCustomer, ["ул. Ленина, 10", "Москва 101000", "Россия"], "RU7701234567"),
            Lines = lines,
            VatSummary = vatRows,
            Totals = new PdfTotals(excl, vatTotal, excl + vatTotal),
            Notes = ["Payment within 30 days by bank transfer.", "Late payment: penalty of three times the legal interest rate and a fixed fee of 40 € (Art. L441-10 Code de commerce)."],
            Culture = culture ?? CultureInfo.GetCultureInfo("en-US"),
            CurrencyCode = "EUR",
        };
    }
}
