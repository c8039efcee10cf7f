using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Agenda;

/// <summary>The rights of the agenda (DOMAIN.md §10): one's own events, everybody's, and changing them.</summary>
public static class AgendaPermissions
{
    public static class Events
    {
        /// <summary>The events the user owns or attends.</summary>
        public const string ReadOwn = "agenda.events.read";

        /// <summary>Everybody's events, still limited to the third parties the user may see.</summary>
        public const string ReadAll = "agenda.events.readall";

        public const string Write = "agenda.events.write";
        public const string Delete = "agenda.events.delete";
        public const string Export = "agenda.events.export";
    }

    /// <summary>Which kinds of automatic events are written.</summary>
    public const string Settings = "agenda.settings";

    public static readonly PermissionDefinition[] All =
    [
        new(Events.ReadOwn, "agenda", "Events", "Read their own events (owner or attendee)"),
        new(Events.ReadAll, "agenda", "Events", "Read everybody's events (of the third parties they may see)"),
        new(Events.Write, "agenda", "Events", "Create, edit"),
        new(Events.Delete, "agenda", "Events", "Delete"),
        new(Events.Export, "agenda", "Events", "Export"),
        new(Settings, "agenda", "Settings", "Switch automatic events on and off"),
    ];
}
