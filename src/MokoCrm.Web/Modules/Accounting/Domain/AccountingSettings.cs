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
