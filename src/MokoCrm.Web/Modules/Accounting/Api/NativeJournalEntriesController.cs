using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Accounting.Api;

public sealed record JournalEntryLineResource(
    int LineNumber, string AccountNumber, string? Subledger, string? SubledgerLabel, decimal Debit, decimal Credit, string Label, DateOnly? DueDate,
    decimal? VatRate, decimal? VatBase);

/// <summary>A posted, immutable entry (a correction is a reversal entry); <c>sourceType</c>/<c>sourceId</c> name the document it posts.</summary>
public sealed record JournalEntryResource(
    long Id, string JournalCode, long Sequence, DateOnly EntryDate, string Label, EntryKind Kind, string SourceType, long SourceId, string? Reference,
    string? Reason, long? ReversesEntryId, DateTimeOffset PostedAt, bool ToReview, decimal TotalDebit, IReadOnlyList<JournalEntryLineResource> Lines);

/// <summary>/api/v1/journal-entries: the ledger, read-only (entries are posted by the documents' events, never through the API).</summary>
[Route(Root + "/journal-entries")]
[Tags("Journal entries")]
public sealed class NativeJournalEntriesController(AppDbContext db) : NativeApiController
{
    /// <summary>?sort= date (the entry date), with - for descending (ties broken by the id).</summary>
    private static readonly NativeSorts<JournalEntry> Sorts = new NativeSorts<JournalEntry>().By("date", e => e.EntryDate);

    /// <summary>Entries by journal (code: VT, AC, BQ, OD...), account (entries with a line on it; a prefix ending in * takes a class, 41*), dates (inclusive) and source document.</summary>
    [HttpGet("")]
    [HasPermission(AccountingPermissions.Ledger.Read)]
    [ProducesResponseType<NativePage<JournalEntryResource>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Index(
        [FromQuery] NativeListRequest list, string? journal, string? account, DateOnly? from, DateOnly? to, string? sourceType, long? sourceId)
    {
        var rows = db.Set<JournalEntry>().AsNoTracking();
        var code = journal?.Trim().ToUpperInvariant();
        rows = string.IsNullOrEmpty(code) ? rows : rows.Where(e => e.JournalCode == code);
        if (!string.IsNullOrWhiteSpace(account))
        {
            var number = account.Trim();
            if (number.EndsWith('*'))
            {
                var prefix = number.TrimEnd('*');
                if (prefix.Length == 0 || !prefix.All(char.IsLetterOrDigit))
                {
                    throw ApiException.BadRequest("Some parameters are not valid.", new Dictionary<string, string[]> { ["account"] = ["account is an account number, or the start of one followed by * (41*)."] });
                }

                rows = rows.Where(e => e.Lines.Any(l => l.AccountNumber.StartsWith(prefix)));
            }
            else
            {
                rows = rows.Where(e => e.Lines.Any(l => l.AccountNumber == number));
            }
        }

        rows = from is { } start ? rows.Where(e => e.EntryDate >= start) : rows;
        rows = to is { } end ? rows.Where(e => e.EntryDate <= end) : rows;
        rows = string.IsNullOrWhiteSpace(sourceType) ? rows : rows.Where(e => e.SourceType == sourceType);
        rows = sourceId is { } source ? rows.Where(e => e.SourceId == source) : rows;
        return Answer(await list.PageAsync(rows.Include(e => e.Lines).AsSplitQuery(), Show, Aborted, Sorts));
    }

    [HttpGet("{id:long}")]
    [HasPermission(AccountingPermissions.Ledger.Read)]
    [ProducesResponseType<JournalEntryResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Get(long id) =>
        Answer(Show(await db.Set<JournalEntry>().AsNoTracking().Include(e => e.Lines).SingleOrDefaultAsync(e => e.Id == id, Aborted)
            ?? throw ApiException.NotFound("Journal entry not found.")));

    private static JournalEntryResource Show(JournalEntry e) => new(
        e.Id, e.JournalCode, e.Sequence, e.EntryDate, e.Label, e.Kind, e.SourceType, e.SourceId, e.Reference, e.Reason, e.ReversesEntryId, e.PostedAt,
        e.ToReview, e.TotalDebit,
        e.Lines.OrderBy(l => l.LineNumber).Select(l => new JournalEntryLineResource(
            l.LineNumber, l.AccountNumber, l.Subledger, l.SubledgerLabel, l.Debit, l.Credit, l.Label, l.DueDate, l.VatRate, l.VatBase)).ToList());
}
