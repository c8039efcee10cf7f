using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Accounting.Domain;

/// <summary>The posting of a source record, or the reversal of that posting: at most one of each per source.</summary>
public enum EntryKind
{
    Posting,
    Reversal,
}

/// <summary>
/// A balanced, immutable accounting entry. Only the posting engine creates one (it numbers it in its journal and
/// chains its hash); nothing changes it afterwards: a correction is a reversal entry.
/// </summary>
public sealed class JournalEntry : Entity
{
    private readonly List<JournalEntryLine> _lines = [];

    private JournalEntry()
    {
    }

    internal JournalEntry(PostingDraft draft, long sequence, string previousHash, string hash, DateTimeOffset postedAt, long? postedBy,
        IReadOnlyList<JournalEntryLine> lines)
    {
        JournalCode = draft.JournalCode;
        Sequence = sequence;
        EntryDate = draft.Date;
        Label = draft.Label;
        SourceType = draft.SourceType;
        SourceId = draft.SourceId;
        Kind = draft.Kind;
        Reference = draft.Reference;
        Reason = draft.Reason;
        ReversesEntryId = draft.ReversesEntryId;
        PreviousHash = previousHash;
        Hash = hash;
        PostedAt = postedAt;
        PostedByUserId = postedBy;
        _lines.AddRange(lines);
        ToReview = lines.Any(l => l.ToReview);
    }

    public string JournalCode { get; private set; } = "";

    /// <summary>Gap-free number of the entry in its journal, taken in the posting transaction.</summary>
    public long Sequence { get; private set; }

    public DateOnly EntryDate { get; private set; }

    public string Label { get; private set; } = "";

    /// <summary>Record type of what was posted (hr.salary, sales.invoice, accounting.manual ...).</summary>
    public string SourceType { get; private set; } = "";

    public long SourceId { get; private set; }

    public EntryKind Kind { get; private set; }

    /// <summary>The source's number as users know it (IN2611-0001), for the ledgers.</summary>
    public string? Reference { get; private set; }

    /// <summary>Why a manual entry or a reversal was made.</summary>
    public string? Reason { get; private set; }

    public long? ReversesEntryId { get; private set; }

    public string PreviousHash { get; private set; } = "";

    /// <summary>SHA-256 of the entry's content and of <see cref="PreviousHash"/> (LedgerHash).</summary>
    public string Hash { get; private set; } = "";

    public DateTimeOffset PostedAt { get; private set; }

    public long? PostedByUserId { get; private set; }

    /// <summary>A line went to suspense because its account was missing or disabled.</summary>
    public bool ToReview { get; private set; }

    public IReadOnlyList<JournalEntryLine> Lines => _lines;

    public decimal TotalDebit => _lines.Sum(l => l.Debit);

    /// <summary>Its number in the journal and its link in the hash chain, as the posting engine's write (under the journal's lock) gave them.</summary>
    internal void Chain(long sequence, string previousHash, string hash)
    {
        Sequence = sequence;
        PreviousHash = previousHash;
        Hash = hash;
    }

    /// <summary>The ids the posting engine took from the HiLo sequences before writing the entry.</summary>
    internal void Identify(long id, IReadOnlyList<long> lineIds)
    {
        Id = id;
        foreach (var (line, lineId) in _lines.Zip(lineIds, (l, i) => (l, i)))
        {
            line.Identify(lineId, id);
        }
    }
}

/// <summary>One line of an entry. Journal and date are copied from the entry so the ledgers read lines alone.</summary>
public sealed class JournalEntryLine : Entity
{
    private JournalEntryLine()
    {
    }

    internal JournalEntryLine(int lineNumber, string journalCode, DateOnly entryDate, string accountNumber, string? subledger, decimal debit, decimal credit,
        string label, string? intendedAccount)
    {
        LineNumber = lineNumber;
        JournalCode = journalCode;
        EntryDate = entryDate;
        AccountNumber = accountNumber;
        Subledger = subledger;
        Debit = debit;
        Credit = credit;
        Label = label;
        IntendedAccount = intendedAccount;
        ToReview = intendedAccount is not null;
    }

    internal JournalEntryLine(int lineNumber, string journalCode, DateOnly entryDate, string accountNumber, PostingLine line, string label, string? intendedAccount)
        : this(lineNumber, journalCode, entryDate, accountNumber, Clean(line.Subledger), line.Debit, line.Credit, label, intendedAccount)
    {
        DueDate = line.DueDate;
        SubledgerLabel = Subledger is null ? null : Clean(line.SubledgerLabel, 255);
        VatRate = line.VatRate;
        VatBase = line.VatRate is null ? null : line.VatBase is { } b ? Math.Abs(b) : null;
    }

    public long EntryId { get; private set; }

    public int LineNumber { get; private set; }

    public string JournalCode { get; private set; } = "";

    public DateOnly EntryDate { get; private set; }

    public string AccountNumber { get; private set; } = "";

    /// <summary>Third party or employee code (411 subledger CU2611-0001).</summary>
    public string? Subledger { get; private set; }

    public decimal Debit { get; private set; }

    public decimal Credit { get; private set; }

    public string Label { get; private set; } = "";

    /// <summary>The account the posting asked for when it was missing or disabled and the line went to suspense.</summary>
    public string? IntendedAccount { get; private set; }

    public bool ToReview { get; private set; }

    /// <summary>When a customer or supplier line falls due (aged balances); null means the entry date.</summary>
    public DateOnly? DueDate { get; private set; }

    /// <summary>Name of the subledger's third party or employee (FEC CompAuxLib).</summary>
    public string? SubledgerLabel { get; private set; }

    /// <summary>On a VAT line, its rate in percent.</summary>
    public decimal? VatRate { get; private set; }

    /// <summary>On a VAT line, the base excl. tax (positive, on the line's side).</summary>
    public decimal? VatBase { get; private set; }

    internal void Identify(long id, long entryId)
    {
        Id = id;
        EntryId = entryId;
    }

    internal HashedLine ToHashed() => new(LineNumber, AccountNumber, Subledger, Debit, Credit, Label, IntendedAccount, DueDate, VatRate, VatBase);

    private static string? Clean(string? value, int length = 64) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim().Length <= length ? value.Trim() : value.Trim()[..length];
}
