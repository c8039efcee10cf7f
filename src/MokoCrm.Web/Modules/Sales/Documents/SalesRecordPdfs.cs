using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Documents;

namespace MokoCrm.Web.Modules.Sales.Documents;

/// <summary>The PDF button of a proposal (its card and the native API): a draft's is drawn, a validated one's kept.</summary>
internal sealed class ProposalRecordPdf(AppDbContext db, SalesPdf pdf) : IRecordPdf
{
    public string RecordType => SalesRecordTypes.Proposal;

    public async Task<RecordPdfFile?> PdfAsync(long id, CancellationToken cancellationToken = default) => await RecordPdfs.DraftShownOtherKeptAsync(
        await db.Set<Proposal>().Where(p => p.Id == id).Select(p => (bool?)(p.Status == ProposalStatus.Draft)).SingleOrDefaultAsync(cancellationToken),
        () => pdf.RenderAsync(RecordType, id, cancellationToken),
        () => pdf.StoreAsync(RecordType, id, cancellationToken));
}

/// <summary>The PDF button of a customer order.</summary>
internal sealed class OrderRecordPdf(AppDbContext db, SalesPdf pdf) : IRecordPdf
{
    public string RecordType => SalesRecordTypes.Order;

    public async Task<RecordPdfFile?> PdfAsync(long id, CancellationToken cancellationToken = default) => await RecordPdfs.DraftShownOtherKeptAsync(
        await db.Set<SalesOrder>().Where(o => o.Id == id).Select(o => (bool?)(o.Status == SalesOrderStatus.Draft)).SingleOrDefaultAsync(cancellationToken),
        () => pdf.RenderAsync(RecordType, id, cancellationToken),
        () => pdf.StoreAsync(RecordType, id, cancellationToken));
}

/// <summary>The PDF button of an invoice (any kind).</summary>
internal sealed class InvoiceRecordPdf(AppDbContext db, InvoicePdf pdf) : IRecordPdf
{
    public string RecordType => BillingRecordTypes.Invoice;

    public async Task<RecordPdfFile?> PdfAsync(long id, CancellationToken cancellationToken = default) => await RecordPdfs.DraftShownOtherKeptAsync(
        await db.Set<Invoice>().Where(i => i.Id == id).Select(i => (bool?)(i.Status == InvoiceStatus.Draft)).SingleOrDefaultAsync(cancellationToken),
        () => pdf.RenderAsync(id, cancellationToken),
        () => pdf.StoreAsync(id, cancellationToken));
}

/// <summary>The delivery note of a shipment.</summary>
internal sealed class ShipmentRecordPdf(AppDbContext db, ShipmentPdf pdf) : IRecordPdf
{
    public string RecordType => SalesRecordTypes.Shipment;

    public async Task<RecordPdfFile?> PdfAsync(long id, CancellationToken cancellationToken = default) => await RecordPdfs.DraftShownOtherKeptAsync(
        await db.Set<Shipment>().Where(s => s.Id == id).Select(s => (bool?)(s.Status == ShipmentStatus.Draft)).SingleOrDefaultAsync(cancellationToken),
        () => pdf.RenderAsync(id, cancellationToken),
        () => pdf.StoreAsync(id, cancellationToken));
}
