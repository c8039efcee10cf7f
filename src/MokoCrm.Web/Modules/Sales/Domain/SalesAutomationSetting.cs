using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Sales.Domain;

/// <summary>
/// An administrator's choice for one workflow automation of DOMAIN.md §3 (its key, e.g. "order-delivered-when-fully-shipped").
/// A key without a row takes its default from <see cref="Features.SalesAutomations.Definitions"/>, so a new switch
/// needs no migration.
/// </summary>
public sealed class SalesAutomationSetting : Entity, IAudited
{
    private SalesAutomationSetting()
    {
    }

    public string Key { get; private set; } = "";

    public bool Enabled { get; private set; }

    public static SalesAutomationSetting Create(string key, bool enabled) => new() { Key = key, Enabled = enabled };

    public void Switch(bool enabled) => Enabled = enabled;
}
