using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Documents;
using MokoCrm.Web.Platform.Documents.Pdf;
using MokoCrm.Web.Platform.Notes;
using MokoCrm.Web.Platform.Outbox;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.Web.Modules.Sales.Documents;

/// <summary>Outbox message: (re)write the PDF of a validated invoice, credit note or deposit invoice after its validation committed.</summary>
public sealed record GenerateInvoicePdf(long Id);

/// <summary>
/// The invoice, credit note and deposit invoice PDFs: a flat <see cref="BusinessDocumentPdf"/> from the frozen figures
/// (company header, customer address by billing contact, lines, VAT per rate, totals, payment terms and due date,
/// what is already paid, bank details, public note; the renderer numbers the pages). Kept as the record's document.
/// </summary>
public sealed class InvoicePdf(AppDbContext db, IThirdPartyLookup thirdParties, DocumentStore store)
{
    public async Task<(string FileName, byte[] Pdf)?> RenderAsync(long id, CancellationToken cancellationToken)
    {
        var invoice = await db.Set<Invoice>().AsNoTracking().Include(x => x.Lines).SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        return invoice is null ? null : ($"{invoice.Reference}.pdf", await RenderAsync(invoice, cancellationToken));
    }

    public async Task<(string FileName, byte[] Pdf)?> StoreAsync(long id, CancellationToken cancellationToken)
    {
        if (await RenderAsync(id, cancellationToken) is not { } file)
        {
            return null;
        }

        await store.AddGeneratedAsync(BillingRecordTypes.Invoice, id, file.FileName, file.Pdf, cancellationToken: cancellationToken);
        return file;
    }

    public async Task<byte[]> RenderAsync(Invoice invoice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        var company = await db.Set<CompanyProfile>().AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? new CompanyProfile();
        var party = await thirdParties.FindAsync(invoice.ThirdPartyId, cancellationToken);
        var billingId = invoice.BillingContactId ?? invoice.CustomerContactId;
        var billing = billingId is { } b ? (await thirdParties.ContactsAsync([b], cancellationToken)).FirstOrDefault() : null;
        var term = invoice.PaymentTermId is { } t ? await db.Set<PaymentTerm>().Where(x => x.Id == t).Select(x => x.Label).FirstOrDefaultAsync(cancellationToken) : null;
        var method = invoice.PaymentMethodId is { } m ? await db.Set<PaymentMethod>().Where(x => x.Id == m).Select(x => x.Label).FirstOrDefaultAsync(cancellationToken) : null;
        var bank = await db.Set<BankAccount>().AsNoTracking().Where(x => x.Active).OrderBy(x => x.Id).FirstOrDefaultAsync(cancellationToken);
        var note = await db.Set<RecordNote>().AsNoTracking().Where(n => n.RecordType == BillingRecordTypes.Invoice && n.RecordId == invoice.Id)
            .Select(n => n.PublicNote).FirstOrDefaultAsync(cancellationToken);
        var credited = invoice.CreditedInvoiceId is { } c ? await db.Set<Invoice>().Where(x => x.Id == c).Select(x => x.Number).FirstOrDefaultAsync(cancellationToken) : null;
        return Render(new InvoicePdfSource(invoice, company, party, billing?.Name, term, method, bank, note, credited));
    }

    /// <summary>Pure: the flat model drawn. Public for the bench and the unit tests.</summary>
    public static byte[] Render(InvoicePdfSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var (invoice, company, party) = (source.Invoice, source.Company, source.Party);
        var inv = CultureInfo.InvariantCulture;
        var dates = CompanyLocale.DatesOf(company.CountryCode);
        var fields = new List<PdfField>();
        if (party?.CustomerCode is { } code)
        {
            fields.Add(new PdfField("Customer code", code));
        }

        if (source.CreditedNumber is { } credited)
        {
            fields.Add(new PdfField("Credits invoice", credited));
        }

        if (invoice.Kind != InvoiceKind.CreditNote)
        {
            fields.Add(new PdfField("Due date", CompanyLocale.Date(invoice.DueDate ?? invoice.Date, dates)));
        }

        var recipient = new List<string>();
        if (source.BillingContact is { } contact)
        {
            recipient.Add($"Attn. {contact}");
        }

        recipient.AddRange(party?.AddressLines ?? []);
        var notes = new List<string>();
        if (source.Term is not null || source.Method is not null)
        {
            notes.Add($"Payment terms: {string.Join(", ", new[] { source.Term, source.Method }.Where(x => x is not null))}" +
                      (invoice.Kind == InvoiceKind.CreditNote ? "" : $" — due {CompanyLocale.Date(invoice.DueDate ?? invoice.Date, dates)}"));
        }

        if (invoice.AmountSettled != 0m)
        {
            notes.Add($"Already paid: {invoice.AmountSettled.ToString("N2", inv)} — left to pay: {invoice.Remaining.ToString("N2", inv)} {company.Currency}");
        }

        if (source.Bank is { } bank && invoice.Kind != InvoiceKind.CreditNote)
        {
            notes.Add(BankDetails(bank));
        }

        if (!string.IsNullOrWhiteSpace(source.PublicNote))
        {
            notes.Add(source.PublicNote);
        }

        return BusinessDocumentPdfRenderer.Render(new BusinessDocumentPdf
        {
            Company = new PdfCompany(company.Name, company.AddressLines(), company.VatId, company.LegalLine, company.Logo),
            Heading = new PdfDocumentHeading(Invoice.Label(invoice.Kind), invoice.Reference, invoice.Date, fields),
            Sender = new PdfParty(company.Name, company.AddressLines(), company.VatId),
            Recipient = new PdfParty(party?.Name ?? $"Third party #{invoice.ThirdPartyId}", recipient, party?.VatId),
            Lines = DocumentLinesPdf.Lines(invoice.OrderedLines, dates),
            VatSummary = invoice.Totals.VatByRate.Select(v => new PdfVatRow(v.RatePercent, v.TaxBase, v.Vat)).ToList(),
            Totals = new PdfTotals(invoice.TotalExclTax, invoice.TotalVat, invoice.TotalInclTax),
            Notes = notes,
            CurrencyCode = company.Currency,
            DateCulture = dates,
        });
    }

    /// <summary>The bank's name, then only the IBAN and BIC it has: no empty label when an account has neither.</summary>
    public static string BankDetails(BankAccount bank)
    {
        ArgumentNullException.ThrowIfNull(bank);
        var parts = new List<string> { string.IsNullOrWhiteSpace(bank.BankName) ? bank.Label : bank.BankName };
        if (!string.IsNullOrWhiteSpace(bank.Iban))
        {
            parts.Add($"IBAN {bank.Iban}");
        }

        if (!string.IsNullOrWhiteSpace(bank.Bic))
        {
            parts.Add($"BIC {bank.Bic}");
        }

        return $"Bank details: {string.Join(" — ", parts)}";
    }
}

/// <summary>What an invoice PDF prints, gathered before drawing.</summary>
public sealed record InvoicePdfSource(
    Invoice Invoice,
    CompanyProfile Company,
    ThirdPartySummary? Party,
    string? BillingContact,
    string? Term,
    string? Method,
    BankAccount? Bank,
    string? PublicNote,
    string? CreditedNumber);

internal sealed class GenerateInvoicePdfHandler(InvoicePdf pdf) : IOutboxHandler<GenerateInvoicePdf>
{
    public async Task HandleAsync(long messageId, GenerateInvoicePdf message, CancellationToken cancellationToken) =>
        await pdf.StoreAsync(message.Id, cancellationToken);
}
