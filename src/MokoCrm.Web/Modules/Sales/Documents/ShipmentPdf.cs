using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Documents;
using MokoCrm.Web.Platform.Documents.Pdf;
using MokoCrm.Web.Platform.Outbox;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.Web.Modules.Sales.Documents;

/// <summary>Outbox message: write the delivery note of a validated shipment after its validation committed.</summary>
public sealed record GenerateShipmentPdf(long Id);

/// <summary>
/// The delivery note: the shared business document layout with quantities only (no prices, VAT or totals), the
/// shipping contact as recipient, the order's number and the warehouse per line.
/// </summary>
public sealed class ShipmentPdf(AppDbContext db, IThirdPartyLookup thirdParties, IShippingStock stock, DocumentStore store)
{
    public async Task<(string FileName, byte[] Pdf)?> RenderAsync(long id, CancellationToken cancellationToken)
    {
        var s = await db.Set<Shipment>().AsNoTracking().Include(x => x.Lines).SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (s is null)
        {
            return null;
        }

        var order = await db.Set<SalesOrder>().AsNoTracking().Where(o => o.Id == s.OrderId).Select(o => new { o.Number, o.CustomerReference }).SingleAsync(cancellationToken);
        var company = await db.Set<CompanyProfile>().AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? new CompanyProfile();
        var party = await thirdParties.FindAsync(s.ThirdPartyId, cancellationToken);
        var contact = s.ShippingContactId is { } c ? (await thirdParties.ContactsAsync([c], cancellationToken)).FirstOrDefault() : null;
        var warehouses = (await stock.OpenWarehousesAsync(cancellationToken)).ToDictionary(w => w.Id, w => w.Reference);
        var note = await db.Set<Platform.Notes.RecordNote>().AsNoTracking()
            .Where(n => n.RecordType == SalesRecordTypes.Shipment && n.RecordId == id).Select(n => n.PublicNote).FirstOrDefaultAsync(cancellationToken);

        var fields = new List<PdfField> { new("Order", order.Number ?? "") };
        if (order.CustomerReference is { } reference)
        {
            fields.Add(new PdfField("Your reference", reference));
        }

        if (s.PlannedDelivery is { } planned)
        {
            fields.Add(new PdfField("Delivery", CompanyLocale.Date(planned, CompanyLocale.DatesOf(company.CountryCode))));
        }

        if (s.Carrier is { } carrier)
        {
            fields.Add(new PdfField("Carrier", carrier));
        }

        if (s.TrackingNumber is { } tracking)
        {
            fields.Add(new PdfField("Tracking", tracking));
        }

        var recipient = new List<string>();
        if (contact is not null)
        {
            recipient.Add($"Attn. {contact.Name}");
        }

        recipient.AddRange(party?.AddressLines ?? []);
        var lines = s.OrderedLines.Select(l => new PdfLine(
            (l.ProductReference is null ? l.Description : $"{l.ProductReference} - {l.Description}")
                + (warehouses.TryGetValue(l.WarehouseId, out var w) ? $"\nFrom {w}" : ""),
            l.Quantity, 0, 0, 0, 0)).ToList();
        var pdf = BusinessDocumentPdfRenderer.Render(new BusinessDocumentPdf
        {
            Company = new PdfCompany(company.Name, company.AddressLines(), company.VatId, company.LegalLine, company.Logo),
            Heading = new PdfDocumentHeading("Delivery note", s.Reference, s.Date, fields),
            Sender = new PdfParty(company.Name, company.AddressLines(), company.VatId),
            Recipient = new PdfParty(party?.Name ?? $"Third party #{s.ThirdPartyId}", recipient, party?.VatId),
            Lines = lines,
            VatSummary = [],
            Totals = new PdfTotals(0, 0, 0),
            Notes = string.IsNullOrWhiteSpace(note) ? [] : [note],
            CurrencyCode = company.Currency,
            DateCulture = CompanyLocale.DatesOf(company.CountryCode),
            QuantitiesOnly = true,
            Labels = PdfLabels.English with { Recipient = "Deliver to" },
        });
        return ($"{s.Reference}.pdf", pdf);
    }

    /// <summary>Renders and stages the PDF as the shipment's generated document (the caller saves).</summary>
    public async Task<(string FileName, byte[] Pdf)?> StoreAsync(long id, CancellationToken cancellationToken)
    {
        if (await RenderAsync(id, cancellationToken) is not { } file)
        {
            return null;
        }

        await store.AddGeneratedAsync(SalesRecordTypes.Shipment, id, file.FileName, file.Pdf, cancellationToken: cancellationToken);
        return file;
    }
}

internal sealed class GenerateShipmentPdfHandler(ShipmentPdf pdf) : IOutboxHandler<GenerateShipmentPdf>
{
    public async Task HandleAsync(long messageId, GenerateShipmentPdf message, CancellationToken cancellationToken) =>
        await pdf.StoreAsync(message.Id, cancellationToken);
}
