using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Accounting.Domain;

/// <summary>What an account is for the statements: balance sheet (asset, liability, equity) or income statement.</summary>
public enum AccountType
{
    Asset,
    Liability,
    Equity,
    Income,
    Expense,
}

/// <summary>
/// An account of the chart (French plan comptable numbers). Entries refer to it by number, which never changes:
/// an account is renamed or disabled, never renumbered or deleted, so history keeps its meaning.
/// </summary>
public sealed class Account : Entity, IAudited
{
    private Account()
    {
    }

    public Account(string number, string label, AccountType type, string? parentNumber = null)
    {
        Number = CleanNumber(number);
        Rename(label);
        Type = type;
        ParentNumber = string.IsNullOrWhiteSpace(parentNumber) ? null : CleanNumber(parentNumber);
        if (ParentNumber == Number)
        {
            throw new DomainException("An account cannot be its own parent.");
        }
    }

    public string Number { get; private set; } = "";

    public string Label { get; private set; } = "";

    public AccountType Type { get; private set; }

    /// <summary>The heading above it (class 4 above 411); statements total by it.</summary>
    public string? ParentNumber { get; private set; }

    /// <summary>A disabled account takes no new manual entry; automatic postings to it go to suspense for review.</summary>
    public bool Enabled { get; private set; } = true;

    public void Rename(string label)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            throw new DomainException("An account needs a label.");
        }

        Label = label.Trim();
    }

    public void ChangeType(AccountType type) => Type = type;

    public void Disable() => Enabled = false;

    public void Enable() => Enabled = true;

    public static string CleanNumber(string number)
    {
        var clean = (number ?? "").Trim();
        if (clean.Length == 0 || clean.Length > 20 || !clean.All(char.IsAsciiLetterOrDigit))
        {
            throw new DomainException($"'{number}' is not an account number: use up to 20 digits or letters.");
        }

        return clean.ToUpperInvariant();
    }
}
