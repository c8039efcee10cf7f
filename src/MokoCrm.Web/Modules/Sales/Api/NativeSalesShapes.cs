namespace MokoCrm.Web.Modules.Sales.Api;

/// <summary>A note that goes with an action (sign, refuse).</summary>
public sealed class NoteInput
{
    public string? Note { get; set; }
}
