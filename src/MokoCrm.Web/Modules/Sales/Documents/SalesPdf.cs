using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Documents;
using MokoCrm.Web.Platform.Documents.Pdf;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Outbox;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.Web.Modules.Sales.Documents;

/// <summary>Outbox message: (re)write the PDF of a validated Sales document after its validation committed.</summary>
public sealed record GenerateSalesPdf(string RecordType, long Id);

/// <summary>
/// Builds the flat <see cref="BusinessDocumentPdf"/> of a proposal or order (what is printed, from the frozen
/// figures) and stores it as the record's generated document. Used by the outbox after validation and on demand.
/// </summary>
public sealed class SalesPdf(AppDbContext db, IThirdPartyLookup thirdParties, DocumentStore store)
{
    public static string FileName(string reference) => $"{reference}.pdf";

    /// <summary>The PDF of a proposal or order that exists (the caller has checked visibility), or null.</summary>
    public async Task<(string FileName, byte[] Pdf)?> RenderAsync(string recordType, long id, CancellationToken cancellationToken)
    {
        var company = await db.Set<CompanyProfile>().AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? new CompanyProfile();
        var dates = CompanyLocale.DatesOf(company.CountryCode);
        if (recordType == SalesRecordTypes.Proposal)
        {
            var p = await db.Set<Proposal>().AsNoTracking().Include(x => x.Lines).SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
            return p is null ? null : (FileName(p.Reference), await RenderAsync(p, company, "Proposal",
                [new PdfField("Valid until", CompanyLocale.Date(p.ValidUntil, dates))], cancellationToken));
        }

        var o = await db.Set<SalesOrder>().AsNoTracking().Include(x => x.Lines).SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (o is null)
        {
            return null;
        }

        var fields = new List<PdfField>();
        if (o.CustomerReference is { } customerReference)
        {
            fields.Add(new PdfField("Your reference", customerReference));
        }

        if (o.DeliveryDate is { } delivery)
        {
            fields.Add(new PdfField("Delivery", CompanyLocale.Date(delivery, dates)));
        }

        return (FileName(o.Reference), await RenderAsync(o, company, "Order confirmation", fields, cancellationToken));
    }

    /// <summary>Renders and stages the PDF as the record's generated document (the caller saves).</summary>
    public async Task<(string FileName, byte[] Pdf)?> StoreAsync(string recordType, long id, CancellationToken cancellationToken)
    {
        if (await RenderAsync(recordType, id, cancellationToken) is not { } file)
        {
            return null;
        }

        await store.AddGeneratedAsync(recordType, id, file.FileName, file.Pdf, cancellationToken: cancellationToken);
        return file;
    }

    private async Task<byte[]> RenderAsync<TLine>(SalesDocument<TLine> document, CompanyProfile company, string title, IReadOnlyList<PdfField> fields, CancellationToken cancellationToken)
        where TLine : DocumentLine
    {
        var party = await thirdParties.FindAsync(document.ThirdPartyId, cancellationToken);
        var contacts = await thirdParties.ContactsAsync(document.Contacts.Ids.ToList(), cancellationToken);
        var billing = contacts.FirstOrDefault(c => c.Id == (document.BillingContactId ?? document.CustomerContactId));
        var term = document.PaymentTermId is { } t ? await db.Set<PaymentTerm>().Where(x => x.Id == t).Select(x => x.Label).FirstOrDefaultAsync(cancellationToken) : null;
        var method = document.PaymentMethodId is { } m ? await db.Set<PaymentMethod>().Where(x => x.Id == m).Select(x => x.Label).FirstOrDefaultAsync(cancellationToken) : null;
        var note = await db.Set<Platform.Notes.RecordNote>().AsNoTracking()
            .Where(n => n.RecordType == Records.TypeOf(document) && n.RecordId == document.Id).Select(n => n.PublicNote).FirstOrDefaultAsync(cancellationToken);

        var recipientLines = new List<string>();
        if (billing is not null)
        {
            recipientLines.Add($"Attn. {billing.Name}");
        }

        recipientLines.AddRange(party?.AddressLines ?? []);
        var headingFields = new List<PdfField>(fields);
        if (party?.CustomerCode is { } code)
        {
            headingFields.Insert(0, new PdfField("Customer code", code));
        }

        var notes = new List<string>();
        if (term is not null || method is not null)
        {
            notes.Add($"Payment terms: {string.Join(", ", new[] { term, method }.Where(x => x is not null))}");
        }

        if (!string.IsNullOrWhiteSpace(note))
        {
            notes.Add(note);
        }

        var totals = document.Totals;
        return BusinessDocumentPdfRenderer.Render(new BusinessDocumentPdf
        {
            Company = new PdfCompany(company.Name, company.AddressLines(), company.VatId, company.LegalLine, company.Logo),
            Heading = new PdfDocumentHeading(title, document.Reference, document.Date, headingFields),
            Sender = new PdfParty(company.Name, company.AddressLines(), company.VatId),
            Recipient = new PdfParty(party?.Name ?? $"Third party #{document.ThirdPartyId}", recipientLines, party?.VatId),
            Lines = DocumentLinesPdf.Lines(document.OrderedLines, CompanyLocale.DatesOf(company.CountryCode)),
            VatSummary = totals.VatByRate.Select(v => new PdfVatRow(v.RatePercent, v.TaxBase, v.Vat)).ToList(),
            Totals = new PdfTotals(document.TotalExclTax, document.TotalVat, document.TotalInclTax),
            Notes = notes,
            CurrencyCode = company.Currency,
            DateCulture = CompanyLocale.DatesOf(company.CountryCode),
        });
    }

    /// <summary>The shared printing of document lines (Platform): kept here for callers of the Sales name.</summary>
    public static IReadOnlyList<PdfLine> PdfLines(IEnumerable<DocumentLine> lines) => DocumentLinesPdf.Lines(lines);

    private static class Records
    {
        public static string TypeOf(object document) => document is Proposal ? SalesRecordTypes.Proposal : SalesRecordTypes.Order;
    }
}

/// <summary>After a validation committed: the PDF is written and kept as the record's document, in the outbox's transaction.</summary>
internal sealed class GenerateSalesPdfHandler(SalesPdf pdf) : IOutboxHandler<GenerateSalesPdf>
{
    public async Task HandleAsync(long messageId, GenerateSalesPdf message, CancellationToken cancellationToken) =>
        await pdf.StoreAsync(message.RecordType, message.Id, cancellationToken);
}
