using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Accounting.Domain;

/// <summary>
/// A movement on a bank account (Platform/Setup), written by the posting engine in the posting transaction for each
/// entry line on the bank account's ledger account: money in is positive, money out negative. The entry it comes from
/// stays immutable; only the reconciliation (statement reference, date, who) is set afterwards, once.
/// </summary>
public sealed class BankLine : Entity
{
    private BankLine()
    {
    }

    internal BankLine(long bankAccountId, JournalEntry entry, JournalEntryLine line)
    {
        BankAccountId = bankAccountId;
        EntryId = entry.Id;
        EntryLineId = line.Id;
        Date = entry.EntryDate;
        Reference = entry.Reference;
        Label = line.Label;
        Amount = line.Debit - line.Credit;
    }

    public long BankAccountId { get; private set; }

    public long EntryId { get; private set; }

    public long EntryLineId { get; private set; }

    public DateOnly Date { get; private set; }

    public string? Reference { get; private set; }

    public string Label { get; private set; } = "";

    /// <summary>Debit minus credit of the bank's ledger line: positive when money comes in.</summary>
    public decimal Amount { get; private set; }

    /// <summary>The bank statement the line was matched with (e.g. "2026-11" or the statement number); null until reconciled.</summary>
    public string? StatementReference { get; private set; }

    public DateTimeOffset? ReconciledAt { get; private set; }

    public long? ReconciledByUserId { get; private set; }

    public bool Reconciled => StatementReference is not null;

    /// <summary>Matches the line with a statement; a reconciled line cannot be matched again.</summary>
    public void Reconcile(string statementReference, DateTimeOffset at, long? userId)
    {
        if (string.IsNullOrWhiteSpace(statementReference))
        {
            throw new DomainException("Enter the reference of the bank statement.");
        }

        if (Reconciled)
        {
            throw new DomainException($"The line of {Date:yyyy-MM-dd} \"{Label}\" is already reconciled with statement {StatementReference}.");
        }

        StatementReference = statementReference.Trim();
        ReconciledAt = at;
        ReconciledByUserId = userId;
    }
}

/// <summary>Debit and credit of one subledger (third party or employee code) on one account in one month, kept by the posting engine.</summary>
public sealed class SubledgerPeriodBalance
{
    public string AccountNumber { get; private set; } = "";

    public string Subledger { get; private set; } = "";

    /// <summary>First day of the month.</summary>
    public DateOnly PeriodStart { get; private set; }

    public decimal Debit { get; private set; }

    public decimal Credit { get; private set; }

    /// <summary>The last name posted for the subledger.</summary>
    public string? Label { get; private set; }
}
