using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Accounting.Domain;

/// <summary>
/// One line of an entry to post. <see cref="Account"/> null means "no account could be determined": the engine sends
/// the line to suspense (471) and flags the entry for review rather than blocking the business action.
/// </summary>
public sealed record PostingLine(string? Account, decimal Debit, decimal Credit, string Label, string? Subledger = null)
{
    /// <summary>
    /// The bank account (Platform/Setup) a line on its 512xxx account moves: the engine writes a bank line for it in
    /// the same transaction. Optional: when null, a line whose account is the ledger account of exactly one active
    /// bank account still gets its bank line.
    /// </summary>
    public long? BankAccountId { get; init; }

    /// <summary>When the amount of a customer (411) or supplier (401) line falls due; the aged balances read it (entry date when null).</summary>
    public DateOnly? DueDate { get; init; }

    /// <summary>Name of the subledger (the third party or employee), for the subledgers and the FEC CompAuxLib column.</summary>
    public string? SubledgerLabel { get; init; }

    /// <summary>On a VAT line: its rate in percent (20, 5.5), for the VAT report.</summary>
    public decimal? VatRate { get; init; }

    /// <summary>On a VAT line: the amount excl. tax it was computed on (positive; its side is the line's side).</summary>
    public decimal? VatBase { get; init; }

    /// <summary>A debit when the amount is positive, a credit of its opposite when negative (a negative invoice line).</summary>
    public static PostingLine DebitOf(string? account, decimal amount, string label, string? subledger = null) =>
        amount >= 0 ? new(account, amount, 0m, label, subledger) : new(account, 0m, -amount, label, subledger);

    public static PostingLine CreditOf(string? account, decimal amount, string label, string? subledger = null) =>
        amount >= 0 ? new(account, 0m, amount, label, subledger) : new(account, -amount, 0m, label, subledger);

    public PostingLine Mirrored() => this with { Debit = Credit, Credit = Debit };
}

/// <summary>
/// What a source asks the posting engine to write: pure data, built by the pure posting builders (unit-tested line
/// for line) and checked by <see cref="EnsureBalanced"/> before anything is numbered.
/// </summary>
public sealed record PostingDraft(
    string JournalCode,
    DateOnly Date,
    string Label,
    string SourceType,
    long SourceId,
    EntryKind Kind,
    IReadOnlyList<PostingLine> Lines,
    string? Reference = null,
    string? Reason = null,
    long? ReversesEntryId = null)
{
    public decimal TotalDebit => Lines.Sum(l => l.Debit);

    public decimal TotalCredit => Lines.Sum(l => l.Credit);

    /// <summary>Refuses an entry that is empty, unbalanced, or has a line with a negative, fractional-cent or double-sided amount.</summary>
    public void EnsureBalanced()
    {
        var lines = Lines.Where(l => l.Debit != 0 || l.Credit != 0).ToList();
        if (lines.Count < 2)
        {
            throw new DomainException("An entry needs at least two lines with an amount.");
        }

        foreach (var line in lines)
        {
            if (line.Debit < 0 || line.Credit < 0 || (line.Debit != 0 && line.Credit != 0))
            {
                throw new DomainException($"The line '{line.Label}' must have either a debit or a credit, and no negative amount.");
            }

            if (decimal.Round(line.Debit, 2) != line.Debit || decimal.Round(line.Credit, 2) != line.Credit)
            {
                throw new DomainException($"The line '{line.Label}' has an amount with more than 2 decimals.");
            }
        }

        if (TotalDebit != TotalCredit)
        {
            throw new DomainException(
                $"The entry is not balanced: total debit {TotalDebit.ToString("N2", System.Globalization.CultureInfo.InvariantCulture)} " +
                $"≠ total credit {TotalCredit.ToString("N2", System.Globalization.CultureInfo.InvariantCulture)}.");
        }
    }

    /// <summary>The mirror entry that cancels this one (every debit becomes a credit), kind Reversal, same source.</summary>
    public PostingDraft Reversed(DateOnly date, string reason, long? reversesEntryId) => this with
    {
        Date = date,
        Label = "Reversal: " + Label,
        Kind = EntryKind.Reversal,
        Lines = Lines.Select(l => l.Mirrored()).ToList(),
        Reason = reason,
        ReversesEntryId = reversesEntryId,
    };
}
