using MokoCrm.Web.Platform.Links;

namespace MokoCrm.Web.Platform.Audit;

/// <summary>
/// Opts an entity into the audit trail: every insert, update and delete of it writes an audit row under its own
/// record type and id, in the same SaveChanges. The entity needs a single bigint key (HiLo assigns it on add, so the
/// row can name a record that is not inserted yet).
/// </summary>
public interface IAudited;

/// <summary>
/// An entity whose changes belong in ANOTHER record's history: document lines, notes. Its rows are written under
/// <see cref="AuditedRecord"/>, and when that record is saved in the same SaveChanges they share its action (lines
/// changed by "validated" show up in the "validated" row, not in a separate "updated" one).
/// </summary>
public interface IAuditedPart
{
    RecordRef AuditedRecord { get; }

    /// <summary>Put before the property names ("Line 3" → "Line 3.Quantity"); null keeps the plain names.</summary>
    string? AuditPrefix => null;
}

/// <summary>
/// The property's values never reach the audit trail: password hashes, tokens, file contents. Byte arrays are left
/// out even without it, since a jsonb history row is no place for file contents.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotAuditedAttribute : Attribute;

/// <summary>The action names the interceptor writes by itself; business actions use their own verbs ("validated").</summary>
public static class AuditActionNames
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Deleted = "deleted";
}
