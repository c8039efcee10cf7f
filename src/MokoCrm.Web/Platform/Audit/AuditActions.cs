using MokoCrm.Web.Platform.Links;

namespace MokoCrm.Web.Platform.Audit;

/// <summary>Lets a use case name what it did, so history says "validated" rather than "updated".</summary>
public interface IAuditActions
{
    /// <summary>The entity's changes in the next SaveChanges are recorded under <paramref name="action"/>.</summary>
    void Name(object entity, string action);

    /// <summary>Records an action that changes no audited column (sent by e-mail, printed) in the next SaveChanges.</summary>
    void Record(RecordRef record, string action);
}

/// <summary>
/// Holds the names until the interceptor consumes them. Scoped like the DbContext; kept after a failed save so a
/// retried save still names its action.
/// </summary>
internal sealed class AuditActions : IAuditActions
{
    private readonly Dictionary<object, string> _named = new(ReferenceEqualityComparer.Instance);
    private readonly List<(RecordRef Record, string Action)> _recorded = [];

    public void Name(object entity, string action)
    {
        ArgumentNullException.ThrowIfNull(entity);
        _named[entity] = Check(action);
    }

    public void Record(RecordRef record, string action) => _recorded.Add((record, Check(action)));

    internal string? NameOf(object entity) => _named.GetValueOrDefault(entity);

    internal IReadOnlyList<(RecordRef Record, string Action)> Recorded => _recorded;

    /// <summary>The rows the audit interceptor added for the save in progress (detached again if it fails).</summary>
    internal List<AuditEntry> Written { get; } = [];

    internal void Clear()
    {
        _named.Clear();
        _recorded.Clear();
        Written.Clear();
    }

    private static string Check(string action)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        return action.Length <= AuditEntry.MaxActionLength
            ? action
            : throw new ArgumentException($"An audit action name has at most {AuditEntry.MaxActionLength} characters.", nameof(action));
    }
}
