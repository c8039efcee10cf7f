using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Platform.Links;

/// <summary>What the Linked objects tab shows of a record: number or label, date, amount, status and where it lives.</summary>
public sealed record RecordSummary(string RecordType, long Id, string Label, DateOnly? Date, decimal? Amount, string? Status, string? Url);

/// <summary>
/// Each module registers one per record type it owns (scoped, AddScoped&lt;IRecordDescriber, InvoiceDescriber&gt;).
/// Called once per type with all the ids of a chain, so a describer runs one query, never one per id.
/// </summary>
public interface IRecordDescriber
{
    string RecordType { get; }

    /// <summary>"Invoice", "Customer order": the type column of the tab.</summary>
    string TypeLabel { get; }

    /// <summary>Summaries of the records that exist; ids of deleted records are simply left out.</summary>
    Task<IReadOnlyList<RecordSummary>> DescribeAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records whose number or name matches <paramref name="query"/>, at most <paramref name="limit"/>, for the
    /// "Link to…" picker and the global search. A type with a row-level rule applies it in the query, so the limit
    /// counts only records the user may see; the caller checks access again. A type that does not offer search keeps
    /// this default and cannot be picked by hand (its links come from conversions only).
    /// </summary>
    Task<IReadOnlyList<RecordSummary>> SearchAsync(string query, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<RecordSummary>>([]);

    /// <summary>Whether <see cref="SearchAsync"/> is implemented: only such types are offered in "Link to…".</summary>
    bool Searchable => false;
}

/// <summary>
/// Whether the current user may see a record (DOMAIN.md §10: a third party's documents are visible only to its
/// sales representatives without "see all"), and act on it through the shared tabs. Implemented by the security
/// module from the record types modules declare (<c>services.AddRecordType(...)</c>); a type nobody declared is
/// unreadable. Linked records the user may not see are left out of the chain as if they did not exist.
/// </summary>
public interface IRecordAccess
{
    Task<bool> CanReadAsync(RecordRef record, CancellationToken cancellationToken = default);

    /// <summary>The readable subset of <paramref name="ids"/>, in one query per type.</summary>
    Task<IReadOnlySet<long>> ReadableAsync(string recordType, IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default);

    /// <summary>Whether the user may see the record and has the type's right for <paramref name="action"/>.</summary>
    Task<bool> CanAsync(RecordRef record, RecordAction action, CancellationToken cancellationToken = default);
}
