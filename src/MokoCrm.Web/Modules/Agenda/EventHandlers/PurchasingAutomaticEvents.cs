using MokoCrm.Web.Modules.Agenda.Features;
using MokoCrm.Web.Modules.Purchasing.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Agenda.EventHandlers;

/// <summary>Timeline lines for Purchasing's business actions (DOMAIN.md §9: every card has a timeline).</summary>
internal sealed class PurchaseOrderValidatedEvent(AppDbContext db, AutomaticEventSettings settings, ICurrentUser user, TimeProvider clock) : AutomaticEventHandler<PurchaseOrderValidated>(db, settings, user, clock)
{
    protected override AutomaticEvent Describe(PurchaseOrderValidated e) =>
        new($"Purchase order {e.Order.Number} validated", new RecordRef(PurchasingRecordTypes.Order, e.Order.Id), e.Order.SupplierId,
            $"Total {e.Order.TotalInclTax:N2} incl. tax");
}

internal sealed class PurchaseOrderApprovedEvent(AppDbContext db, AutomaticEventSettings settings, ICurrentUser user, TimeProvider clock) : AutomaticEventHandler<PurchaseOrderApproved>(db, settings, user, clock)
{
    protected override AutomaticEvent Describe(PurchaseOrderApproved e) =>
        new($"Purchase order {e.Order.Number} approved", new RecordRef(PurchasingRecordTypes.Order, e.Order.Id), e.Order.SupplierId);
}

internal sealed class PurchaseOrderRefusedEvent(AppDbContext db, AutomaticEventSettings settings, ICurrentUser user, TimeProvider clock) : AutomaticEventHandler<PurchaseOrderRefused>(db, settings, user, clock)
{
    protected override AutomaticEvent Describe(PurchaseOrderRefused e) =>
        new($"Purchase order {e.Order.Number} refused", new RecordRef(PurchasingRecordTypes.Order, e.Order.Id), e.Order.SupplierId, e.Reason);
}

internal sealed class PurchaseOrderSentEvent(AppDbContext db, AutomaticEventSettings settings, ICurrentUser user, TimeProvider clock) : AutomaticEventHandler<PurchaseOrderSent>(db, settings, user, clock)
{
    protected override AutomaticEvent Describe(PurchaseOrderSent e) =>
        new($"Purchase order {e.Order.Number} sent to the supplier", new RecordRef(PurchasingRecordTypes.Order, e.Order.Id), e.Order.SupplierId,
            $"Ordered on {e.OrderedOn:yyyy-MM-dd} by {e.Method.ToLowerInvariant()}");
}

internal sealed class PurchaseOrderCancelledEvent(AppDbContext db, AutomaticEventSettings settings, ICurrentUser user, TimeProvider clock) : AutomaticEventHandler<PurchaseOrderCancelled>(db, settings, user, clock)
{
    protected override AutomaticEvent Describe(PurchaseOrderCancelled e) =>
        new($"Purchase order {e.Order.Number} cancelled", new RecordRef(PurchasingRecordTypes.Order, e.Order.Id), e.Order.SupplierId);
}

internal sealed class ReceptionValidatedEvent(AppDbContext db, AutomaticEventSettings settings, ICurrentUser user, TimeProvider clock) : AutomaticEventHandler<ReceptionValidated>(db, settings, user, clock)
{
    protected override AutomaticEvent Describe(ReceptionValidated e) =>
        new($"Reception {e.Reception.Number} validated", new RecordRef(PurchasingRecordTypes.Reception, e.Reception.Id), e.Reception.SupplierId,
            $"Received against {e.Reception.PurchaseOrderNumber}");
}

internal sealed class ReceptionCancelledEvent(AppDbContext db, AutomaticEventSettings settings, ICurrentUser user, TimeProvider clock) : AutomaticEventHandler<ReceptionCancelled>(db, settings, user, clock)
{
    protected override AutomaticEvent Describe(ReceptionCancelled e) =>
        new($"Reception {e.Reception.Number} cancelled", new RecordRef(PurchasingRecordTypes.Reception, e.Reception.Id), e.Reception.SupplierId);
}

internal sealed class SupplierInvoiceValidatedEvent(AppDbContext db, AutomaticEventSettings settings, ICurrentUser user, TimeProvider clock) : AutomaticEventHandler<SupplierInvoiceValidated>(db, settings, user, clock)
{
    protected override AutomaticEvent Describe(SupplierInvoiceValidated e) =>
        new($"Supplier {(e.Invoice.IsCreditNote ? "credit note" : "invoice")} {e.Invoice.Number} validated", new RecordRef(PurchasingRecordTypes.SupplierInvoice, e.Invoice.Id),
            e.Invoice.SupplierId, $"Supplier's number {e.Invoice.SupplierInvoiceNumber}, total {e.Invoice.TotalInclTax:N2} incl. tax");
}

internal sealed class SupplierInvoiceAbandonedEvent(AppDbContext db, AutomaticEventSettings settings, ICurrentUser user, TimeProvider clock) : AutomaticEventHandler<SupplierInvoiceAbandoned>(db, settings, user, clock)
{
    protected override AutomaticEvent Describe(SupplierInvoiceAbandoned e) =>
        new($"Supplier invoice {e.Invoice.Number} abandoned", new RecordRef(PurchasingRecordTypes.SupplierInvoice, e.Invoice.Id), e.Invoice.SupplierId,
            $"Reason {e.Reason.ToLowerInvariant()}{(e.Note is { } note ? ": " + note : "")}; {e.Invoice.TotalInclTax:N2} incl. tax not to be paid");
}

internal sealed class SupplierPaymentMadeEvent(AppDbContext db, AutomaticEventSettings settings, ICurrentUser user, TimeProvider clock) : AutomaticEventHandler<SupplierPaymentMade>(db, settings, user, clock)
{
    protected override AutomaticEvent Describe(SupplierPaymentMade e) =>
        new(e.ReversesPaymentId is null ? $"Supplier payment {e.Number} made" : $"Supplier payment cancelled by {e.Number}",
            new RecordRef(PurchasingRecordTypes.SupplierPayment, e.Id), e.SupplierId,
            $"{e.Amount:N2} for {string.Join(", ", e.Invoices.Select(i => i.Number))}");
}
