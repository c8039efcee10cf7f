using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.Web.Modules.Sales.Features;

/// <summary>The keys of the workflow automations of DOMAIN.md §3; handlers ask <see cref="SalesAutomations"/> about them.</summary>
public static class SalesAutomationKeys
{
    /// <summary>A signed proposal creates a draft order [off].</summary>
    public const string ProposalSignedCreatesOrder = "proposal-signed-creates-order";

    /// <summary>A validated invoice marks its orders billed once every line is fully invoiced [on] (wired by the invoices).</summary>
    public const string InvoiceValidatedBillsOrders = "invoice-validated-bills-orders";

    /// <summary>... and its proposals billed once their orders are [on] (wired by the invoices).</summary>
    public const string OrdersBilledBillProposals = "orders-billed-bill-proposals";

    /// <summary>A fully shipped order becomes delivered [on].</summary>
    public const string FullyShippedOrderDelivered = "fully-shipped-order-delivered";

    /// <summary>A delivered order creates a draft invoice [off] (<see cref="EventHandlers.CreateInvoiceOnOrderDelivered"/>).</summary>
    public const string DeliveredOrderCreatesInvoice = "delivered-order-creates-invoice";
}

public sealed record SalesAutomationDefinition(string Key, string Label, bool Default);

public sealed record SalesAutomationSwitch(SalesAutomationDefinition Definition, bool Enabled);

/// <summary>The switches as they stand: <see cref="IsOn"/> answers for any key (unknown keys are off).</summary>
public sealed record SalesAutomationSwitches(IReadOnlyList<SalesAutomationSwitch> All)
{
    public bool IsOn(string key) => All.FirstOrDefault(s => s.Definition.Key == key)?.Enabled ?? false;
}

/// <summary>
/// The one place the workflow automations are read and saved (admin screen /Sales/Automations). Event handlers call
/// <see cref="CurrentAsync"/> (or <see cref="IsOnAsync"/>) and do nothing when their switch is off.
/// </summary>
public sealed class SalesAutomations(AppDbContext db, SettingsCache cache)
{
    private static readonly Type[] Sources = [typeof(SalesAutomationSetting)];

    public static readonly IReadOnlyList<SalesAutomationDefinition> Definitions =
    [
        new(SalesAutomationKeys.ProposalSignedCreatesOrder, "A signed proposal creates a draft sales order", false),
        new(SalesAutomationKeys.FullyShippedOrderDelivered, "A fully shipped sales order becomes delivered", true),
        new(SalesAutomationKeys.InvoiceValidatedBillsOrders, "A validated invoice marks its orders billed once every line is fully invoiced", true),
        new(SalesAutomationKeys.OrdersBilledBillProposals, "A proposal becomes billed once its orders are billed", true),
        new(SalesAutomationKeys.DeliveredOrderCreatesInvoice, "A delivered sales order creates a draft invoice", false),
    ];

    public async Task<SalesAutomationSwitches> CurrentAsync(CancellationToken cancellationToken = default)
    {
        var saved = await SavedAsync(cancellationToken);
        return new SalesAutomationSwitches(Definitions.Select(d => new SalesAutomationSwitch(d, saved.TryGetValue(d.Key, out var on) ? on : d.Default)).ToList());
    }

    public async Task<bool> IsOnAsync(string key, CancellationToken cancellationToken = default)
    {
        var saved = await SavedAsync(cancellationToken);
        return saved.TryGetValue(key, out var on) ? on : Definitions.FirstOrDefault(d => d.Key == key)?.Default ?? false;
    }

    // Kept for the process by SettingsCache (dropped when a switch is saved): shipments, invoices and signatures ask.
    private Task<IReadOnlyDictionary<string, bool>> SavedAsync(CancellationToken cancellationToken) =>
        cache.GetAsync<IReadOnlyDictionary<string, bool>>(db, "sales.automations", Sources, async ct =>
            await db.Set<SalesAutomationSetting>().AsNoTracking().ToDictionaryAsync(s => s.Key, s => s.Enabled, ct), cancellationToken);

    /// <summary>Saves every switch at once: the given keys are on, every other known switch is off.</summary>
    public async Task SaveAsync(IReadOnlySet<string> enabled, CancellationToken cancellationToken = default)
    {
        var settings = await db.Set<SalesAutomationSetting>().ToDictionaryAsync(s => s.Key, cancellationToken);
        foreach (var definition in Definitions)
        {
            var on = enabled.Contains(definition.Key);
            if (settings.TryGetValue(definition.Key, out var setting))
            {
                setting.Switch(on);
            }
            else
            {
                db.Add(SalesAutomationSetting.Create(definition.Key, on));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
