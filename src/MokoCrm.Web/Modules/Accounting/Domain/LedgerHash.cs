using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MokoCrm.Web.Modules.Accounting.Domain;

/// <summary>What the hash of an entry covers: everything that gives it meaning, and the previous entry's hash.</summary>
public sealed record HashedLine(int LineNumber, string Account, string? Subledger, decimal Debit, decimal Credit, string Label, string? IntendedAccount,
    DateOnly? DueDate = null, decimal? VatRate = null, decimal? VatBase = null);

/// <summary>
/// SHA-256 over a canonical text of the entry (fields separated by control characters that never appear in them,
/// amounts with two invariant decimals) followed by the previous entry's hash in the same journal. Any edit of an
/// entry or a line changes its hash; any insertion or deletion breaks the link of the entry after it.
/// </summary>
public static class LedgerHash
{
    public static string Compute(string journalCode, long sequence, DateOnly date, string label, string sourceType, long sourceId, EntryKind kind,
        string? reference, string? reason, long? reversesEntryId, IEnumerable<HashedLine> lines, string previousHash)
    {
        var (before, after) = Canonical(journalCode, date, label, sourceType, sourceId, kind, reference, reason, reversesEntryId, lines);
        return Of(before, sequence, after, previousHash);
    }

    /// <summary>The hash of the canonical text around the sequence number (<see cref="Canonical"/>) and the previous hash.</summary>
    public static string Of(string beforeSequence, long sequence, string afterSequence, string previousHash) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Concat(beforeSequence, sequence.ToString(CultureInfo.InvariantCulture), afterSequence, previousHash))));

    /// <summary>
    /// The canonical text of an entry without the two things only its journal's head gives, split where they go: the
    /// hashed text is <c>BeforeSequence + sequence + AfterSequence + previous hash</c>. The posting engine hands both
    /// parts (UTF-8) to the statement that takes the journal's lock, which appends the head's next number and hash.
    /// </summary>
    public static (string BeforeSequence, string AfterSequence) Canonical(string journalCode, DateOnly date, string label, string sourceType, long sourceId,
        EntryKind kind, string? reference, string? reason, long? reversesEntryId, IEnumerable<HashedLine> lines)
    {
        var text = new StringBuilder(256);
        void Field(string? value) => text.Append(value ?? "\u0000").Append('\u001f');
        Field(journalCode);
        var before = text.ToString();
        text.Clear();
        text.Append('\u001f'); // after the sequence
        Field(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Field(label);
        Field(sourceType);
        Field(sourceId.ToString(CultureInfo.InvariantCulture));
        Field(kind.ToString());
        Field(reference);
        Field(reason);
        Field(reversesEntryId?.ToString(CultureInfo.InvariantCulture));
        foreach (var line in lines.OrderBy(l => l.LineNumber))
        {
            text.Append('\u001e');
            Field(line.LineNumber.ToString(CultureInfo.InvariantCulture));
            Field(line.Account);
            Field(line.Subledger);
            Field(line.Debit.ToString("0.00", CultureInfo.InvariantCulture));
            Field(line.Credit.ToString("0.00", CultureInfo.InvariantCulture));
            Field(line.Label);
            Field(line.IntendedAccount);
            if (line.DueDate is not null || line.VatRate is not null || line.VatBase is not null)
            {
                // Added with the reports (ADR 0013): only lines that carry them hash them, so older chains still verify.
                Field(line.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                Field(line.VatRate?.ToString("0.####", CultureInfo.InvariantCulture));
                Field(line.VatBase?.ToString("0.00", CultureInfo.InvariantCulture));
            }
        }

        text.Append('\u001d');
        return (before, text.ToString());
    }
}
