namespace MokoCrm.Web.Modules.Accounting.Domain;

/// <summary>What an abandoned invoice still owed, per VAT rate (excl. tax and VAT).</summary>
public sealed record AbandonedPart(decimal VatRate, decimal AmountExclTax, decimal VatAmount);

/// <summary>The sales postings that <see cref="PostingBuilders"/> does not have yet (DOMAIN.md §8), pure like it.</summary>
public static class SalesPostings
{
    public const string InvoiceSource = "sales.invoice";
    public const string PaymentSource = "sales.payment";

    /// <summary>Its own source type: an invoice is posted once when validated and once more if it is abandoned.</summary>
    public const string AbandonedInvoiceSource = "sales.invoice-abandoned";

    /// <summary>VT: debit 654 what is still due excl. tax and 44571 its VAT per rate; credit 411 (subledger the customer).</summary>
    public static PostingDraft AbandonedInvoice(long invoiceId, string reference, DateOnly date, string thirdPartyName, string? customerSubledger,
        IReadOnlyList<AbandonedPart> parts, AccountDefaults defaults)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(defaults);
        var label = $"{reference} {thirdPartyName} abandoned";
        var lines = new List<PostingLine> { PostingLine.DebitOf(defaults[DefaultAccountKeys.BadDebts], parts.Sum(p => p.AmountExclTax), label) };
        lines.AddRange(parts.Where(p => p.VatAmount != 0m).OrderBy(p => p.VatRate)
            .Select(p => PostingLine.DebitOf(defaults.VatCollectedAt(p.VatRate), p.VatAmount,
                $"{label} VAT {p.VatRate.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}%")));
        lines.Add(PostingLine.CreditOf(defaults[DefaultAccountKeys.Customer], parts.Sum(p => p.AmountExclTax + p.VatAmount), label, customerSubledger));
        return new PostingDraft(Journal.Sales, date, label, AbandonedInvoiceSource, invoiceId, EntryKind.Posting,
            lines.Where(l => l.Debit != 0 || l.Credit != 0).ToList(), reference);
    }
}
