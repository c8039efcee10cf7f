using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Agenda.Domain;

/// <summary>
/// An administrator's switch for one kind of automatic event (the name of the public event it follows, e.g.
/// "LeadWon"). A kind without a row is on: new kinds start writing events as soon as their module lands.
/// </summary>
public sealed class AutomaticEventSetting : Entity, IAudited
{
    private AutomaticEventSetting()
    {
    }

    public string Kind { get; private set; } = "";

    public bool Enabled { get; private set; }

    public static AutomaticEventSetting Create(string kind, bool enabled) => new() { Kind = kind, Enabled = enabled };

    public void Switch(bool enabled) => Enabled = enabled;
}
