using MokoCrm.Web.Modules.Sales.Documents;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Documents.Pdf;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Setup.Domain;
using UglyToad.PdfPig;

namespace MokoCrm.UnitTests.Modules.Sales;

/// <summary>What the invoice PDF prints around the lines: bank details without empty labels, one date format.</summary>
public sealed class SalesPdfCosmeticsTests
{
    [Fact]
    public void The_company_country_decides_the_one_short_date_format_of_its_documents()
    {
        var date = new DateOnly(2026, 12, 7);
        CompanyLocale.Date(date, CompanyLocale.DatesOf("FR")).ShouldBe("07/12/2026");
        CompanyLocale.Date(date, CompanyLocale.DatesOf("US")).ShouldBe("12/7/2026");
        CompanyLocale.Date(date, CompanyLocale.DatesOf("DE")).ShouldBe("07.12.2026");
        CompanyLocale.Date(date, CompanyLocale.DatesOf(null)).ShouldBe("12/7/2026");
        CompanyLocale.Date(date, CompanyLocale.DatesOf("??")).ShouldBe("12/7/2026");
    }

    [Fact]
    public void Bank_details_print_only_the_iban_and_bic_the_account_has()
    {
        InvoicePdf.BankDetails(new BankAccount { Label = "Cash box" }).ShouldBe("Bank details: Cash box");
        InvoicePdf.BankDetails(new BankAccount { Label = "Main", BankName = "Banque Démo", Iban = "FR7630006000011234567890189" })
            .ShouldBe("Bank details: Banque Démo — IBAN FR7630006000011234567890189");
        InvoicePdf.BankDetails(new BankAccount { Label = "Main", Iban = "FR7630006000011234567890189", Bic = "AGRIFRPP" })
            .ShouldBe("Bank details: Main — IBAN FR7630006000011234567890189 — BIC AGRIFRPP");
    }

    [Fact]
    public void An_invoice_pdf_of_a_french_company_writes_every_date_the_same_way_and_no_empty_bank_labels()
    {
        var invoice = Invoice.Create(InvoiceKind.Standard, 7, new DocumentContacts(null, null, null), new DateOnly(2026, 12, 7), null, DateTimeOffset.UtcNow);
        invoice.AddLine(new LineContent(LineKind.Free, "Consulting", 1m, 100m, 0m, 20m, ServiceStart: new DateOnly(2026, 11, 2), ServiceEnd: new DateOnly(2026, 11, 30)));
        invoice.Validate("IN2612-0001", new DateOnly(2027, 1, 6), null, DateTimeOffset.UtcNow, new HashSet<long>(), [], []);
        var company = new CompanyProfile { Name = "Moko Demo SARL", CountryCode = "FR" };
        var pdf = InvoicePdf.Render(new InvoicePdfSource(invoice, company, null, null, "30 days", null, new BankAccount { Label = "Cash box" }, null, null));

        using var document = PdfDocument.Open(pdf);
        var text = string.Join(" ", document.GetPages().Select(p => p.Text));
        text.ShouldContain("07/12/2026");
        text.ShouldContain("06/01/2027");
        text.ShouldContain("02/11/2026");
        text.ShouldNotContain("2026-");
        text.ShouldNotContain("2027-");
        text.ShouldContain("Bank details: Cash box");
        text.ShouldNotContain("IBAN");
        text.ShouldNotContain("BIC");
    }
}
