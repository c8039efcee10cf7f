using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Accounting.Domain;

/// <summary>One default account of the settings screen (customers → 411 ...), by key.</summary>
public sealed class DefaultAccount : Entity, IAudited
{
    private DefaultAccount()
    {
    }

    public DefaultAccount(string key, string accountNumber)
    {
        Key = key;
        AccountNumber = accountNumber;
    }

    public string Key { get; private set; } = "";

    public string AccountNumber { get; set; } = "";
}

/// <summary>
/// Debit and credit per account and month, kept by the posting engine in the posting transaction, so the trial
/// balance and the ledgers' opening balances add up months instead of scanning millions of lines.
/// </summary>
public sealed class AccountPeriodBalance
{
    public string AccountNumber { get; private set; } = "";

    /// <summary>First day of the month.</summary>
    public DateOnly PeriodStart { get; private set; }

    public decimal Debit { get; private set; }

    public decimal Credit { get; private set; }
}

/// <summary>
/// The VAT accounts' lines (class 445: 44571 collected, 44566 deductible ...) per account, month and VAT rate, kept by
/// the posting engine in the posting transaction like <see cref="AccountPeriodBalance"/>, so the VAT report adds up
/// months instead of reading every VAT line. The bases are kept by side, because the report signs a line's base by
/// the side it is on (a credit note's VAT is on the other side and counts negative).
/// </summary>
public sealed class VatPeriodBalance
{
    /// <summary>The key's rate for lines that carry none (manual entries): the report shows them as "unspecified".</summary>
    public const decimal NoRate = -1m;

    public string AccountNumber { get; private set; } = "";

    /// <summary>First day of the month.</summary>
    public DateOnly PeriodStart { get; private set; }

    /// <summary>The lines' rate (20, 5.5), or <see cref="NoRate"/>.</summary>
    public decimal VatRate { get; private set; }

    public decimal Debit { get; private set; }

    public decimal Credit { get; private set; }

    /// <summary>Sum of the bases of the lines with a debit.</summary>
    public decimal BaseOnDebit { get; private set; }

    /// <summary>Sum of the bases of the lines with a credit.</summary>
    public decimal BaseOnCredit { get; private set; }

    /// <summary>Sum of every line's base (a line with neither debit nor credit counts here only).</summary>
    public decimal BaseTotal { get; private set; }

    /// <summary>Whether the engine keeps an account's lines here: the VAT class of the French chart.</summary>
    public static bool Tracks(string accountNumber) => accountNumber.StartsWith("445", StringComparison.Ordinal);
}

/// <summary>The record behind a manual OD entry (its source): why it was made.</summary>
public sealed class ManualEntry : Entity
{
    private ManualEntry()
    {
    }

    public ManualEntry(string label, string reason)
    {
        Label = label;
        Reason = reason;
    }

    public string Label { get; private set; } = "";

    public string Reason { get; private set; } = "";
}
