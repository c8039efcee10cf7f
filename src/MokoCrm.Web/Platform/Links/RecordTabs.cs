using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Documents;
using MokoCrm.Web.Platform.Notes;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Platform.Links;

/// <summary>The record a tab page is about, as its module describes it (number, date, amount, status, card URL).</summary>
public sealed record RecordHeader(RecordRef Record, string TypeLabel, RecordSummary Summary)
{
    /// <summary>"/Records/sales.invoice/42": the prefix of the shared tab pages of this record.</summary>
    public string TabsUrl => RecordTabs.UrlOf(Record);
}

/// <summary>One tab of a record page. <paramref name="Count"/> is shown as a badge when not null.</summary>
public sealed record RecordTab(string Key, string Label, string Url, int? Count = null);

public sealed record RecordTabsViewModel(RecordHeader Header, IReadOnlyList<RecordTab> Tabs, string Active);

/// <summary>
/// A tab another module adds to every record's page (the agenda's Events tab), so each card need not know that
/// module. Registered scoped; answers null when the record gets no such tab (or the user may not read it).
/// </summary>
public interface IRecordTabSource
{
    Task<RecordTab?> TabAsync(RecordRef record, CancellationToken cancellationToken = default);
}

/// <summary>
/// Builds the header and tab bar every record page shows (ARCHITECTURE.md §4): the module's own tabs (Card, Lines,
/// Events...) followed by the platform's Linked objects, Documents, Notes and History, each with its count. A card
/// view shows it with <c>@await Component.InvokeAsync("RecordTabs", new { record, active = "card" })</c>.
/// </summary>
public sealed class RecordTabs(
    IEnumerable<IRecordDescriber> describers,
    IRecordAccess access,
    ILinkQueries links,
    DocumentStore documents,
    INoteService notes,
    IEnumerable<IRecordTabSource> tabSources,
    AppDbContext db)
{
    public const string Card = "card";
    public const string Links = "links";
    public const string Documents = "documents";
    public const string Notes = "notes";
    public const string History = "history";

    /// <summary>How far the Linked objects tab and the Documents tab look around a record.</summary>
    public const int ChainDepth = 3;

    public static string UrlOf(RecordRef record) => $"/Records/{record.Type}/{record.Id}";

    public IRecordDescriber? DescriberOf(string recordType) => describers.FirstOrDefault(d => d.RecordType == recordType);

    /// <summary>The record's header, or null when it does not exist (or its type has no describer): answer 404.</summary>
    public async Task<RecordHeader?> HeaderAsync(RecordRef record, CancellationToken cancellationToken = default)
    {
        if (DescriberOf(record.Type) is not { } describer)
        {
            return null;
        }

        var summary = (await describer.DescribeAsync([record.Id], cancellationToken)).FirstOrDefault(s => s.Id == record.Id && s.RecordType == record.Type);
        return summary is null ? null : new RecordHeader(record, describer.TypeLabel, summary);
    }

    /// <param name="moduleTabs">The module's tabs after Card (Lines, Events...), with their counts.</param>
    public async Task<RecordTabsViewModel> BuildAsync(RecordHeader header, string active, IEnumerable<RecordTab>? moduleTabs = null, CancellationToken cancellationToken = default)
    {
        var record = header.Record;
        var around = await links.ReachableAsync(record, ChainDepth, cancellationToken);
        var fileCount = await documents.CountAsync(Owners(record, around), cancellationToken);
        var canWrite = await access.CanAsync(record, RecordAction.Write, cancellationToken);
        var note = await notes.GetAsync(record, cancellationToken);
        var noteCount = (note.Public is null ? 0 : 1) + (note.Private is not null && canWrite ? 1 : 0);
        var historyCount = await db.Set<AuditEntry>().CountAsync(e => e.RecordType == record.Type && e.RecordId == record.Id, cancellationToken);

        var url = header.TabsUrl;
        var tabs = new List<RecordTab> { new(Card, header.TypeLabel, header.Summary.Url ?? url + "/links") };
        tabs.AddRange(moduleTabs ?? []);
        foreach (var source in tabSources)
        {
            if (await source.TabAsync(record, cancellationToken) is { } tab && tabs.All(t => t.Key != tab.Key))
            {
                tabs.Add(tab);
            }
        }

        tabs.Add(new RecordTab(Links, "Linked objects", url + "/links", around.Count));
        tabs.Add(new RecordTab(Documents, "Documents", url + "/documents", fileCount));
        tabs.Add(new RecordTab(Notes, "Notes", url + "/notes", noteCount));
        tabs.Add(new RecordTab(History, "History", url + "/history", historyCount));
        return new RecordTabsViewModel(header, tabs, active);
    }

    /// <summary>The record itself first, then the records around it: the owners whose files the Documents tab shows.</summary>
    public static IReadOnlyList<StoredFileOwner> Owners(RecordRef record, IEnumerable<RecordRef> around) =>
        around.Prepend(record).Select(r => new StoredFileOwner(r.Type, r.Id)).ToList();
}

/// <summary>
/// The header and tab bar for a module's card: <c>@await Component.InvokeAsync("RecordTabs", new { record, active = "card" })</c>.
/// The card's controller has already checked that the user may see the record.
/// </summary>
public sealed class RecordTabsViewComponent(RecordTabs tabs) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(RecordRef record, string active = RecordTabs.Card, IEnumerable<RecordTab>? moduleTabs = null)
    {
        var header = await tabs.HeaderAsync(record, HttpContext.RequestAborted)
            ?? throw new InvalidOperationException($"No describer knows {record}: register an IRecordDescriber for '{record.Type}'.");
        return View("~/Platform/Web/Views/Shared/_RecordTabs.cshtml", await tabs.BuildAsync(header, active, moduleTabs, HttpContext.RequestAborted));
    }
}
