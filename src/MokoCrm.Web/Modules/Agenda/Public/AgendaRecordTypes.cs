namespace MokoCrm.Web.Modules.Agenda.Public;

/// <summary>The record types of the agenda (links, notes, audit use them).</summary>
public static class AgendaRecordTypes
{
    public const string Event = "agenda.event";
}
