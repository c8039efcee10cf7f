using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Modules.Purchasing.Public;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Documents;
using MokoCrm.Web.Platform.Documents.Pdf;
using MokoCrm.Web.Platform.Outbox;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.Web.Modules.Purchasing.Documents;

/// <summary>Outbox message: (re)write the PDF of a validated purchasing document after its validation committed.</summary>
public sealed record GeneratePurchasingPdf(string RecordType, long Id);

/// <summary>
/// The purchase order (to send to the supplier) and the reception note, drawn by the platform's business document
/// renderer from the frozen figures, lines printed by the shared <see cref="DocumentLinesPdf"/>.
/// </summary>
public sealed class PurchasingPdf(AppDbContext db, IThirdPartyLookup thirdParties, IWarehouseLookup warehouseLookup, DocumentStore store)
{
    public static string FileName(string reference) => $"{reference}.pdf";

    /// <summary>The PDF of an order or reception that exists (the caller has checked visibility), or null.</summary>
    public async Task<(string FileName, byte[] Pdf)?> RenderAsync(string recordType, long id, CancellationToken cancellationToken) =>
        recordType == PurchasingRecordTypes.Order ? await OrderAsync(id, cancellationToken) : await ReceptionAsync(id, cancellationToken);

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

    private async Task<(string, byte[])?> OrderAsync(long id, CancellationToken cancellationToken)
    {
        var o = await db.Set<PurchaseOrder>().AsNoTracking().Include(x => x.Lines).SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (o is null)
        {
            return null;
        }

        var (company, supplier, recipient) = await PartiesAsync(o.SupplierId, o.ContactId, cancellationToken);
        var fields = new List<PdfField>();
        if (supplier?.SupplierCode is { } code)
        {
            fields.Add(new PdfField("Supplier code", code));
        }

        if (o.SupplierReference is { } yours)
        {
            fields.Add(new PdfField("Your reference", yours));
        }

        if (o.DeliveryDate is { } delivery)
        {
            fields.Add(new PdfField("Delivery expected", CompanyLocale.Date(delivery, CompanyLocale.DatesOf(company.CountryCode))));
        }

        var notes = new List<string>();
        var term = o.PaymentTermId is { } t ? await db.Set<PaymentTerm>().Where(x => x.Id == t).Select(x => x.Label).FirstOrDefaultAsync(cancellationToken) : null;
        var method = o.PaymentMethodId is { } m ? await db.Set<PaymentMethod>().Where(x => x.Id == m).Select(x => x.Label).FirstOrDefaultAsync(cancellationToken) : null;
        if (term is not null || method is not null)
        {
            notes.Add($"Payment terms: {string.Join(", ", new[] { term, method }.Where(x => x is not null))}");
        }

        var supplierRefs = o.OrderedLines.Where(l => l.SupplierReference is not null).Select(l => $"{l.ProductReference} = your ref. {l.SupplierReference}").ToList();
        if (supplierRefs.Count > 0)
        {
            notes.Add(string.Join("; ", supplierRefs));
        }

        if (await PublicNoteAsync(PurchasingRecordTypes.Order, o.Id, cancellationToken) is { } note)
        {
            notes.Add(note);
        }

        var totals = o.Totals;
        var pdf = BusinessDocumentPdfRenderer.Render(new BusinessDocumentPdf
        {
            Company = new PdfCompany(company.Name, company.AddressLines(), company.VatId, company.LegalLine, company.Logo),
            Heading = new PdfDocumentHeading("Purchase order", o.Reference, o.Date, fields),
            Sender = new PdfParty(company.Name, company.AddressLines(), company.VatId),
            Recipient = recipient,
            Lines = DocumentLinesPdf.Lines(o.OrderedLines),
            VatSummary = totals.VatByRate.Select(v => new PdfVatRow(v.RatePercent, v.TaxBase, v.Vat)).ToList(),
            Totals = new PdfTotals(o.TotalExclTax, o.TotalVat, o.TotalInclTax),
            Notes = notes,
            CurrencyCode = company.Currency,
            DateCulture = CompanyLocale.DatesOf(company.CountryCode),
            Labels = PdfLabels.English with { Recipient = "Supplier" },
        });
        return (FileName(o.Reference), pdf);
    }

    private async Task<(string, byte[])?> ReceptionAsync(long id, CancellationToken cancellationToken)
    {
        var r = await db.Set<Reception>().AsNoTracking().Include(x => x.Lines).SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (r is null)
        {
            return null;
        }

        var order = await db.Set<PurchaseOrder>().AsNoTracking().Where(o => o.Id == r.PurchaseOrderId).Select(o => new { o.Number, o.ContactId }).SingleAsync(cancellationToken);
        var (company, _, recipient) = await PartiesAsync(r.SupplierId, order.ContactId, cancellationToken);
        var warehouses = await warehouseLookup.FindManyAsync(r.Lines.Where(l => l.WarehouseId != null).Select(l => l.WarehouseId!.Value).Distinct().ToList(), cancellationToken);
        var lines = r.Lines.OrderBy(l => l.Position).Select(l =>
        {
            var text = l.ProductReference is null ? l.Description : $"{l.ProductReference} - {l.Description}";
            text += l.WarehouseId is { } w ? $"\nInto {warehouses.FirstOrDefault(x => x.Id == w)?.Reference ?? "#" + w}" : "\nNot stocked (service)";
            return new PdfLine(text, l.Quantity, l.UnitCost, 0m, 0m, l.Value);
        }).ToList();
        var value = r.Lines.Sum(l => l.Value);
        var notes = new List<string> { $"Received against the purchase order {order.Number}." };
        if (await PublicNoteAsync(PurchasingRecordTypes.Reception, r.Id, cancellationToken) is { } note)
        {
            notes.Add(note);
        }

        var pdf = BusinessDocumentPdfRenderer.Render(new BusinessDocumentPdf
        {
            Company = new PdfCompany(company.Name, company.AddressLines(), company.VatId, company.LegalLine, company.Logo),
            Heading = new PdfDocumentHeading("Reception note", r.Reference, r.Date, [new PdfField("Purchase order", order.Number ?? "")]),
            Sender = recipient,
            Recipient = new PdfParty(company.Name, company.AddressLines(), company.VatId),
            Lines = lines,
            VatSummary = [],
            Totals = new PdfTotals(value, 0m, value),
            Notes = notes,
            CurrencyCode = company.Currency,
            DateCulture = CompanyLocale.DatesOf(company.CountryCode),
            Labels = PdfLabels.English with { Sender = "Supplier", Recipient = "Received by", UnitPrice = "Unit cost", LineTotal = "Value", TotalExcl = "Value received", TotalVat = "", TotalIncl = "Total value" },
        });
        return (FileName(r.Reference), pdf);
    }

    private async Task<(CompanyProfile Company, ThirdPartySummary? Supplier, PdfParty Recipient)> PartiesAsync(long supplierId, long? contactId, CancellationToken cancellationToken)
    {
        var company = await db.Set<CompanyProfile>().AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? new CompanyProfile();
        var supplier = await thirdParties.FindAsync(supplierId, cancellationToken);
        var contact = contactId is { } c ? (await thirdParties.ContactsAsync([c], cancellationToken)).FirstOrDefault() : null;
        var lines = new List<string>();
        if (contact is not null)
        {
            lines.Add($"Attn. {contact.Name}");
        }

        lines.AddRange(supplier?.AddressLines ?? []);
        return (company, supplier, new PdfParty(supplier?.Name ?? $"Supplier #{supplierId}", lines, supplier?.VatId));
    }

    private async Task<string?> PublicNoteAsync(string recordType, long id, CancellationToken cancellationToken) =>
        await db.Set<Platform.Notes.RecordNote>().AsNoTracking().Where(n => n.RecordType == recordType && n.RecordId == id)
            .Select(n => n.PublicNote).FirstOrDefaultAsync(cancellationToken) is { Length: > 0 } note ? note : null;
}

/// <summary>After a validation committed: the PDF is written and kept as the record's document, in the outbox's transaction.</summary>
internal sealed class GeneratePurchasingPdfHandler(PurchasingPdf pdf) : IOutboxHandler<GeneratePurchasingPdf>
{
    public async Task HandleAsync(long messageId, GeneratePurchasingPdf message, CancellationToken cancellationToken) =>
        await pdf.StoreAsync(message.RecordType, message.Id, cancellationToken);
}
