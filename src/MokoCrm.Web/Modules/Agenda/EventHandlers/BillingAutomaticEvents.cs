using MokoCrm.Web.Modules.Agenda.Features;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Agenda.EventHandlers;

/// <summary>Timeline lines for customer invoices and payments (DOMAIN.md §9).</summary>
internal sealed class InvoiceValidatedEvent(AppDbContext db, AutomaticEventSettings settings, ICurrentUser user, TimeProvider clock) : AutomaticEventHandler<InvoiceValidated>(db, settings, user, clock)
{
    protected override AutomaticEvent Describe(InvoiceValidated e) =>
        new($"{(e.Kind == InvoiceKind.CreditNote ? "Credit note" : e.Kind == InvoiceKind.Deposit ? "Deposit invoice" : "Invoice")} {e.Invoice.Number} validated",
            new RecordRef(BillingRecordTypes.Invoice, e.Invoice.Id), e.Invoice.ThirdPartyId,
            $"Total {e.Invoice.TotalInclTax:N2} incl. tax, due {e.DueDate:yyyy-MM-dd}");
}

internal sealed class PaymentReceivedEvent(AppDbContext db, AutomaticEventSettings settings, ICurrentUser user, TimeProvider clock) : AutomaticEventHandler<PaymentReceived>(db, settings, user, clock)
{
    protected override AutomaticEvent Describe(PaymentReceived e) =>
        new($"Payment {e.Number} received", new RecordRef(BillingRecordTypes.Payment, e.PaymentId), e.ThirdPartyId,
            $"{e.Amount:N2} for {string.Join(", ", e.Shares.Select(s => s.InvoiceNumber))}");
}

internal sealed class PaymentCancelledEvent(AppDbContext db, AutomaticEventSettings settings, ICurrentUser user, TimeProvider clock) : AutomaticEventHandler<PaymentCancelled>(db, settings, user, clock)
{
    protected override AutomaticEvent Describe(PaymentCancelled e) =>
        new($"Payment {e.Number} cancelled by {e.ReversalNumber}", new RecordRef(BillingRecordTypes.Payment, e.PaymentId), e.ThirdPartyId);
}
