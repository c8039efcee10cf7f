using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Modules.Stock.Queries;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Documents;
using MokoCrm.Web.Platform.Documents.Pdf;
using MokoCrm.Web.Platform.Outbox;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.Web.Modules.Stock.Documents;

/// <summary>Outbox message: (re)write the PDF of a manufacturing order after its validation (or its end) committed.</summary>
public sealed record GenerateManufacturingOrderPdf(long Id);

/// <summary>
/// The manufacturing order sheet for the workshop: the shared business document layout with quantities only, the
/// product to make and how many, where the components come from and the product goes, and one line per component
/// with the quantity needed (losses included) and the quantity consumed so far.
/// </summary>
public sealed class ManufacturingOrderPdf(AppDbContext db, ManufacturingOrderQueries queries, DocumentStore store)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public async Task<(string FileName, byte[] Pdf)?> RenderAsync(long id, CancellationToken cancellationToken)
    {
        if (await queries.CardAsync(id, cancellationToken) is not { } card)
        {
            return null;
        }

        var o = card.Order;
        var company = await db.Set<CompanyProfile>().AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? new CompanyProfile();
        var note = await db.Set<Platform.Notes.RecordNote>().AsNoTracking()
            .Where(n => n.RecordType == StockRecordTypes.ManufacturingOrder && n.RecordId == id).Select(n => n.PublicNote).FirstOrDefaultAsync(cancellationToken);
        var notes = new List<string> { o.Label };
        if (!string.IsNullOrWhiteSpace(note))
        {
            notes.Add(note);
        }

        var pdf = BusinessDocumentPdfRenderer.Render(new BusinessDocumentPdf
        {
            Company = new PdfCompany(company.Name, company.AddressLines(), company.VatId, company.LegalLine, company.Logo),
            Heading = new PdfDocumentHeading("Manufacturing order", o.Reference, o.Date,
            [
                new PdfField("Status", o.Status == ManufacturingOrderStatus.InProgress ? "In progress" : o.Status.ToString()),
                new PdfField("Bill of materials", card.Bom),
            ]),
            Sender = new PdfParty(card.Product,
            [
                $"To produce: {Format(o.Quantity)}",
                $"Produced: {Format(o.QuantityProduced)}",
            ]),
            Recipient = new PdfParty(card.ConsumeWarehouse, ["Components are taken from here.", $"The product goes to {card.ProduceWarehouse}."]),
            Lines = card.Lines.Select(l => new PdfLine($"{l.Product} - {l.ProductLabel}", l.Planned, 0, 0, 0, 0, SecondQuantity: l.Consumed)).ToList(),
            VatSummary = [],
            Totals = new PdfTotals(0, 0, 0),
            Notes = notes,
            CurrencyCode = company.Currency,
            DateCulture = CompanyLocale.DatesOf(company.CountryCode),
            QuantitiesOnly = true,
            Labels = PdfLabels.English with
            {
                Sender = "Product to make", Recipient = "Warehouse", Description = "Component", Quantity = "Needed", SecondQuantity = "Consumed",
            },
        });
        return ($"{o.Reference}.pdf", pdf);
    }

    /// <summary>Renders and stages the PDF as the order's generated document (the caller saves).</summary>
    public async Task<(string FileName, byte[] Pdf)?> StoreAsync(long id, CancellationToken cancellationToken)
    {
        if (await RenderAsync(id, cancellationToken) is not { } file)
        {
            return null;
        }

        await store.AddGeneratedAsync(StockRecordTypes.ManufacturingOrder, id, file.FileName, file.Pdf, cancellationToken: cancellationToken);
        return file;
    }

    private static string Format(decimal quantity) => quantity.ToString("0.#####", Inv);
}

internal sealed class GenerateManufacturingOrderPdfHandler(ManufacturingOrderPdf pdf) : IOutboxHandler<GenerateManufacturingOrderPdf>
{
    public async Task HandleAsync(long messageId, GenerateManufacturingOrderPdf message, CancellationToken cancellationToken) =>
        await pdf.StoreAsync(message.Id, cancellationToken);
}
