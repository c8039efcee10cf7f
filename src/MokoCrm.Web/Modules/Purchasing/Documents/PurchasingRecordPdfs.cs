using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Modules.Purchasing.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Documents;

namespace MokoCrm.Web.Modules.Purchasing.Documents;

/// <summary>The PDF button of a purchase order (its card and the native API): a draft's is drawn, any other kept.</summary>
internal sealed class PurchaseOrderRecordPdf(AppDbContext db, PurchasingPdf pdf) : IRecordPdf
{
    public string RecordType => PurchasingRecordTypes.Order;

    public async Task<RecordPdfFile?> PdfAsync(long id, CancellationToken cancellationToken = default) => await RecordPdfs.DraftShownOtherKeptAsync(
        await db.Set<PurchaseOrder>().Where(o => o.Id == id).Select(o => (bool?)(o.Status == PurchaseOrderStatus.Draft)).SingleOrDefaultAsync(cancellationToken),
        () => pdf.RenderAsync(RecordType, id, cancellationToken),
        () => pdf.StoreAsync(RecordType, id, cancellationToken));
}

/// <summary>The PDF button of a reception.</summary>
internal sealed class ReceptionRecordPdf(AppDbContext db, PurchasingPdf pdf) : IRecordPdf
{
    public string RecordType => PurchasingRecordTypes.Reception;

    public async Task<RecordPdfFile?> PdfAsync(long id, CancellationToken cancellationToken = default) => await RecordPdfs.DraftShownOtherKeptAsync(
        await db.Set<Reception>().Where(r => r.Id == id).Select(r => (bool?)(r.Status == ReceptionStatus.Draft)).SingleOrDefaultAsync(cancellationToken),
        () => pdf.RenderAsync(RecordType, id, cancellationToken),
        () => pdf.StoreAsync(RecordType, id, cancellationToken));
}
