using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Accounting;

/// <summary>The rights of the Accounting module.</summary>
public static class AccountingPermissions
{
    public static class Ledger
    {
        /// <summary>Chart, journals, entries, ledgers and reports, the review and verification pages.</summary>
        public const string Read = "accounting.ledger.read";

        public const string Export = "accounting.ledger.export";
    }

    public static class Entries
    {
        /// <summary>Manual entries in OD and their reversal.</summary>
        public const string Post = "accounting.entries.post";
    }

    public static class Settings
    {
        /// <summary>Chart of accounts and default accounts.</summary>
        public const string Write = "accounting.settings.write";
    }

    public static class Bank
    {
        /// <summary>Match bank lines with a bank statement.</summary>
        public const string Reconcile = "accounting.bank.reconcile";

        /// <summary>Move money from one bank account to another (an internal transfer).</summary>
        public const string Transfer = "accounting.bank.transfer";
    }

    public static class Lettering
    {
        /// <summary>Letter and unletter lines of a third party's account.</summary>
        public const string Write = "accounting.lettering.write";
    }

    public static class Periods
    {
        public const string Close = "accounting.periods.close";
    }

    public static readonly PermissionDefinition[] All =
    [
        new(Ledger.Read, "accounting", "Ledger and reports", "Read"),
        new(Ledger.Export, "accounting", "Ledger and reports", "Export"),
        new(Entries.Post, "accounting", "Manual entries", "Post and reverse"),
        new(Settings.Write, "accounting", "Chart of accounts and settings", "Edit"),
        new(Bank.Reconcile, "accounting", "Bank accounts", "Reconcile"),
        new(Bank.Transfer, "accounting", "Bank accounts", "Transfer between accounts"),
        new(Periods.Close, "accounting", "Fiscal periods", "Close and lock"),
        new(Lettering.Write, "accounting", "Lettering", "Letter and unletter"),
    ];
}
