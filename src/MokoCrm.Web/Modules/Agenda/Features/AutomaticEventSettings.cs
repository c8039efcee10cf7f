using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Agenda.Domain;
using MokoCrm.Web.Modules.Agenda.EventHandlers;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.Web.Modules.Agenda.Features;

public sealed record AutomaticEventSwitch(AutomaticEventKind Kind, bool Enabled);

/// <summary>Reads and saves the on/off switch of every kind of automatic event the modules register.</summary>
public sealed class AutomaticEventSettings(AppDbContext db, IEnumerable<AutomaticEventKind> kinds, SettingsCache cache)
{
    private static readonly Type[] Sources = [typeof(AutomaticEventSetting)];

    public async Task<IReadOnlyList<AutomaticEventSwitch>> SwitchesAsync(CancellationToken cancellationToken = default)
    {
        var off = await OffAsync(cancellationToken);
        return kinds.OrderBy(k => k.Module).ThenBy(k => k.Label).Select(k => new AutomaticEventSwitch(k, !off.Contains(k.Key))).ToList();
    }

    /// <summary>Whether events of this kind are written (a kind without a row is on): every automatic event asks.</summary>
    public async Task<bool> IsOnAsync(string kind, CancellationToken cancellationToken = default) =>
        !(await OffAsync(cancellationToken)).Contains(kind);

    // Kept for the process by SettingsCache (dropped when a switch is saved): every business action asks.
    private Task<IReadOnlySet<string>> OffAsync(CancellationToken cancellationToken) =>
        cache.GetAsync<IReadOnlySet<string>>(db, "agenda.automatic-events-off", Sources, async ct =>
            (await db.Set<AutomaticEventSetting>().AsNoTracking().Where(s => !s.Enabled).Select(s => s.Kind).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal),
            cancellationToken);

    /// <summary>Saves every switch at once: the given keys are on, every other known kind is off; unknown keys are ignored.</summary>
    public async Task SaveAsync(IReadOnlySet<string> enabled, CancellationToken cancellationToken = default)
    {
        var settings = await db.Set<AutomaticEventSetting>().ToDictionaryAsync(s => s.Kind, cancellationToken);
        foreach (var kind in kinds)
        {
            if (settings.TryGetValue(kind.Key, out var setting))
            {
                setting.Switch(enabled.Contains(kind.Key));
            }
            else
            {
                db.Add(AutomaticEventSetting.Create(kind.Key, enabled.Contains(kind.Key)));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
