namespace MokoCrm.Web.Modules.Accounting.Domain;

/// <summary>The keys of the default accounts of the account settings screen.</summary>
public static class DefaultAccountKeys
{
    public const string Customer = "customer";
    public const string Supplier = "supplier";
    public const string Staff = "staff";
    public const string SalesGoods = "sales.goods";
    public const string SalesServices = "sales.services";
    public const string PurchasesGoods = "purchases.goods";
    public const string PurchasesServices = "purchases.services";
    public const string VatCollected = "vat.collected";
    public const string VatDeductible = "vat.deductible";
    public const string Suspense = "suspense";
    public const string CustomerDeposits = "deposits";
    public const string BadDebts = "bad-debts";
    public const string SocialCharges = "social-charges";
    public const string Salaries = "salaries";
    public const string InternalTransfers = "internal-transfers";

    /// <summary>Key, label, installed account: the settings screen shows them in this order.</summary>
    public static readonly IReadOnlyList<(string Key, string Label, string Account)> All =
    [
        (Customer, "Customers", "411"),
        (Supplier, "Suppliers", "401"),
        (Staff, "Staff payables", "421"),
        (SalesGoods, "Sales of goods", "707"),
        (SalesServices, "Sales of services", "706"),
        (PurchasesGoods, "Purchases of goods", "607"),
        (PurchasesServices, "Purchases of services", "604"),
        (VatCollected, "VAT collected", "44571"),
        (VatDeductible, "VAT deductible", "44566"),
        (Suspense, "Suspense (accounting to review)", "471"),
        (CustomerDeposits, "Customer deposits", "4191"),
        (BadDebts, "Bad debts", "654"),
        (SocialCharges, "Social security charges", "431"),
        (Salaries, "Salaries", "641"),
        (InternalTransfers, "Internal transfers between bank accounts", "58"),
    ];
}

/// <summary>The default accounts as the pure posting builders read them (a snapshot of the settings).</summary>
public sealed record AccountDefaults(IReadOnlyDictionary<string, string> Accounts)
{
    /// <summary>The defaults as installed, for tests and a database not seeded yet.</summary>
    public static AccountDefaults Installed { get; } = new(DefaultAccountKeys.All.ToDictionary(a => a.Key, a => a.Account));

    public string? this[string key] => Accounts.TryGetValue(key, out var account) && !string.IsNullOrWhiteSpace(account) ? account : null;

    /// <summary>Same keys with the same accounts (a record compares its dictionary by reference only).</summary>
    public bool SameAs(AccountDefaults other) =>
        ReferenceEquals(this, other) || (Accounts.Count == other.Accounts.Count
                                         && Accounts.All(a => other.Accounts.TryGetValue(a.Key, out var account) && account == a.Value));

    public string SuspenseAccount => this[DefaultAccountKeys.Suspense] ?? "471";

    /// <summary>VAT collected at a given rate: a per-rate setting ("vat.collected.5.5") wins over the general one.</summary>
    public string? VatCollectedAt(decimal rate) => this[$"{DefaultAccountKeys.VatCollected}.{rate.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}"] ?? this[DefaultAccountKeys.VatCollected];

    public string? VatDeductibleAt(decimal rate) => this[$"{DefaultAccountKeys.VatDeductible}.{rate.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}"] ?? this[DefaultAccountKeys.VatDeductible];
}

/// <summary>Where a line's account came from (shown on the review page when it was none).</summary>
public enum AccountSource
{
    Product,
    ThirdParty,
    Default,
    Missing,
}

/// <summary>DOMAIN.md §8: the product's account, else the third party's, else the default; none means suspense.</summary>
public static class AccountDetermination
{
    public static (string? Account, AccountSource Source) Determine(string? productAccount, string? thirdPartyAccount, string? defaultAccount) =>
        !string.IsNullOrWhiteSpace(productAccount) ? (productAccount.Trim(), AccountSource.Product)
        : !string.IsNullOrWhiteSpace(thirdPartyAccount) ? (thirdPartyAccount.Trim(), AccountSource.ThirdParty)
        : !string.IsNullOrWhiteSpace(defaultAccount) ? (defaultAccount.Trim(), AccountSource.Default)
        : (null, AccountSource.Missing);
}
