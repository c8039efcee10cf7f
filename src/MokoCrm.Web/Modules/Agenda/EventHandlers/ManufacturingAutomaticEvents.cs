using System.Globalization;
using MokoCrm.Web.Modules.Agenda.Features;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Agenda.EventHandlers;

/// <summary>Timeline lines for manufacturing orders (DOMAIN.md §9: every card has a timeline). They have no third party.</summary>
internal sealed class ManufacturingOrderValidatedEvent(AppDbContext db, AutomaticEventSettings settings, ICurrentUser user, TimeProvider clock) : AutomaticEventHandler<ManufacturingOrderValidated>(db, settings, user, clock)
{
    protected override AutomaticEvent Describe(ManufacturingOrderValidated e) =>
        new($"Manufacturing order {e.Order.Reference} validated", ManufacturingEvents.Record(e.Order), null,
            $"{ManufacturingEvents.Format(e.Order.Quantity)} to produce: {e.Order.Label}");
}

internal sealed class ManufacturingOrderProducedEvent(AppDbContext db, AutomaticEventSettings settings, ICurrentUser user, TimeProvider clock) : AutomaticEventHandler<ManufacturingOrderProduced>(db, settings, user, clock)
{
    protected override AutomaticEvent Describe(ManufacturingOrderProduced e) =>
        new($"Manufacturing order {e.Order.Reference}: {ManufacturingEvents.Format(e.Quantity)} produced", ManufacturingEvents.Record(e.Order), null,
            $"{ManufacturingEvents.Format(e.Order.QuantityProduced)} of {ManufacturingEvents.Format(e.Order.Quantity)} produced so far");
}

internal sealed class ManufacturingOrderClosedEvent(AppDbContext db, AutomaticEventSettings settings, ICurrentUser user, TimeProvider clock) : AutomaticEventHandler<ManufacturingOrderClosed>(db, settings, user, clock)
{
    protected override AutomaticEvent Describe(ManufacturingOrderClosed e) =>
        new($"Manufacturing order {e.Order.Reference} closed", ManufacturingEvents.Record(e.Order), null,
            $"Stopped at {ManufacturingEvents.Format(e.Order.QuantityProduced)} of {ManufacturingEvents.Format(e.Order.Quantity)}: the rest will not be produced");
}

internal sealed class ManufacturingOrderCancelledEvent(AppDbContext db, AutomaticEventSettings settings, ICurrentUser user, TimeProvider clock) : AutomaticEventHandler<ManufacturingOrderCancelled>(db, settings, user, clock)
{
    protected override AutomaticEvent Describe(ManufacturingOrderCancelled e) =>
        new($"Manufacturing order {e.Order.Reference} cancelled", ManufacturingEvents.Record(e.Order), null);
}

internal static class ManufacturingEvents
{
    public static RecordRef Record(ManufacturingOrderSnapshot order) => new(StockRecordTypes.ManufacturingOrder, order.Id);

    public static string Format(decimal quantity) => quantity.ToString("0.#####", CultureInfo.InvariantCulture);
}
