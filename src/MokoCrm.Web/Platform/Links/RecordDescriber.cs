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
}

/// <summary>
/// Whether the current user may see a record (DOMAIN.md §10: a third party's documents are visible only to its
/// sales representatives without "see all"). The security module replaces the default; linked records the user may
/// not see are left out of the chain as if they did not exist.
/// </summary>
public interface IRecordAccess
{
    Task<bool> CanReadAsync(RecordRef record, CancellationToken cancellationToken = default);

    /// <summary>The readable subset of <paramref name="ids"/>, in one query per type.</summary>
    Task<IReadOnlySet<long>> ReadableAsync(string recordType, IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default);
}

/// <summary>
/// PLACEHOLDER until the security module registers real visibility rules: lets every user read every record.
/// Registered with TryAdd, so any other IRecordAccess registration replaces it.
/// </summary>
public sealed class AllowAllRecordAccessUntilSecurityIsWired : IRecordAccess
{
    public Task<bool> CanReadAsync(RecordRef record, CancellationToken cancellationToken = default) => Task.FromResult(true);

    public Task<IReadOnlySet<long>> ReadableAsync(string recordType, IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlySet<long>>(ids.ToHashSet());
}
