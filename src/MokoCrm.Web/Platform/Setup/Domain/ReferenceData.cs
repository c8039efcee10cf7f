using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Platform.Setup.Domain;

/// <summary>ISO 3166 country; documents and third parties refer to it by code.</summary>
public sealed class Country
{
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public bool InEuropeanUnion { get; set; }

    public bool Active { get; set; } = true;
}

/// <summary>A region or state of a country (used for addresses and for filtering reports by region).</summary>
public sealed class Region : Entity, IAudited
{
    public string CountryCode { get; set; } = "";

    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public bool Active { get; set; } = true;
}

/// <summary>A VAT rate offered on document lines. Lines copy the rate's value: changing a rate never changes a document.</summary>
public sealed class VatRate : Entity, IAudited
{
    /// <summary>Percent, e.g. 20 or 5.5.</summary>
    public decimal Rate { get; set; }

    public string Label { get; set; } = "";

    /// <summary>Proposed on new lines.</summary>
    public bool IsDefault { get; set; }

    public bool Active { get; set; } = true;
}

/// <summary>When an invoice is due: so many days after its date, optionally then to the end of that month.</summary>
public sealed class PaymentTerm : Entity, IAudited
{
    public string Code { get; set; } = "";

    public string Label { get; set; } = "";

    public int Days { get; set; }

    public bool EndOfMonth { get; set; }

    public int SortOrder { get; set; }

    public bool Active { get; set; } = true;

    /// <summary>30 days end of month: the date plus 30 days, then the last day of that month.</summary>
    public DateOnly DueDate(DateOnly documentDate)
    {
        var due = documentDate.AddDays(Days);
        return EndOfMonth ? new DateOnly(due.Year, due.Month, DateTime.DaysInMonth(due.Year, due.Month)) : due;
    }
}

/// <summary>How a payment is made: transfer, card, cheque, cash, direct debit.</summary>
public sealed class PaymentMethod : Entity, IAudited
{
    public string Code { get; set; } = "";

    public string Label { get; set; } = "";

    public bool Active { get; set; } = true;
}

/// <summary>A bank or cash account payments go through; its accounting account receives the bank postings.</summary>
public sealed class BankAccount : Entity, IAudited
{
    public string Label { get; set; } = "";

    public string? BankName { get; set; }

    public string? Iban { get; set; }

    public string? Bic { get; set; }

    /// <summary>General ledger account, 512 (bank) by default.</summary>
    public string AccountingAccount { get; set; } = "512";

    /// <summary>
    /// Code of the accounting journal its payments are posted in (BQ, BQ2 ...): each bank account keeps its own journal,
    /// so its entries have their own gap-free sequence and the FEC's JournalCode names the bank. Accounting opens the
    /// journal at the first posting.
    /// </summary>
    public string JournalCode { get; set; } = DefaultJournalCode;

    public const string DefaultJournalCode = "BQ";

    /// <summary>The first bank journal code not in <paramref name="used"/>: BQ, then BQ2, BQ3 ...</summary>
    public static string NextJournalCode(IEnumerable<string> used)
    {
        var taken = used.Select(c => c.ToUpperInvariant()).ToHashSet();
        if (!taken.Contains(DefaultJournalCode))
        {
            return DefaultJournalCode;
        }

        var n = 2;
        while (taken.Contains(DefaultJournalCode + n.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            n++;
        }

        return DefaultJournalCode + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public string Currency { get; set; } = "EUR";

    public bool Active { get; set; } = true;
}

public enum FiscalYearStatus
{
    Open,
    Closed,
}

/// <summary>A fiscal year; nothing may be recorded into a closed year.</summary>
public sealed class FiscalYear : Entity, IAudited
{
    public string Label { get; set; } = "";

    public DateOnly StartDate { get; set; }

    public DateOnly EndDate { get; set; }

    public FiscalYearStatus Status { get; set; } = FiscalYearStatus.Open;

    public bool Contains(DateOnly date) => date >= StartDate && date <= EndDate;
}

/// <summary>A period (e.g. a declared VAT month) into which nothing may be posted or validated any more.</summary>
public sealed class LockedPeriod : Entity, IAudited
{
    public DateOnly FromDate { get; set; }

    public DateOnly ToDate { get; set; }

    public string Reason { get; set; } = "";

    public bool Contains(DateOnly date) => date >= FromDate && date <= ToDate;
}
