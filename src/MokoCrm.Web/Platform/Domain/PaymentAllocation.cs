using System.Globalization;

namespace MokoCrm.Web.Platform.Domain;

/// <summary>
/// A document a payment can settle, as the payment kernel sees it: an invoice, a credit note, a supplier invoice...
/// <paramref name="Total"/> is signed (a credit note's is negative); <paramref name="Settled"/> is what payments,
/// credit notes and deposits already cover (same sign as the total). The kernel knows nothing of modules: Sales and
/// Purchasing both build these from their own rows.
/// </summary>
public sealed record PayableDocument(long DocumentId, long PartyId, string Reference, decimal Total, decimal Settled)
{
    /// <summary>What is left to pay, signed like the total: 0 once covered.</summary>
    public decimal Remaining => Total - Settled;

    public bool IsCovered => Remaining == 0m;
}

/// <summary>One part of a payment: how much of it goes to one document (signed like that document's total).</summary>
public sealed record PaymentShare(long DocumentId, decimal Amount);

/// <summary>Where a document stands after a payment (or its reversal): the status screens and events need this.</summary>
public sealed record SettlementChange(long DocumentId, string Reference, decimal Total, decimal SettledBefore, decimal Amount)
{
    public decimal SettledAfter => SettledBefore + Amount;

    public decimal RemainingAfter => Total - SettledAfter;

    /// <summary>DOMAIN.md §3: paid when payments + credit notes + deposits used reach the total.</summary>
    public bool IsPaidAfter => RemainingAfter == 0m;

    /// <summary>A reversal turned a paid document back to unpaid.</summary>
    public bool ReopenedByThis => SettledBefore == Total && RemainingAfter != 0m;
}

/// <summary>The outcome of allocating one payment: its shares and each document's new standing.</summary>
public sealed record PaymentAllocationResult(decimal Amount, long PartyId, IReadOnlyList<SettlementChange> Changes)
{
    public IReadOnlyList<PaymentShare> Shares => Changes.Select(c => new PaymentShare(c.DocumentId, c.Amount)).ToList();
}

/// <summary>
/// A credit note used on an invoice: <paramref name="Amount"/> (positive) is what it covers; the invoice's and the
/// credit note's new standing (the credit note's settlement moves by <c>-Amount</c>).
/// </summary>
public sealed record CreditUse(decimal Amount, SettlementChange Invoice, SettlementChange CreditNote)
{
    public bool InvoicePaidAfter => Invoice.IsPaidAfter;

    public bool CreditNoteUsedUp => CreditNote.IsPaidAfter;
}

/// <summary>
/// DOMAIN.md §3 payments, pure and module-neutral: a payment of one party spread over one or more of its open
/// documents, either as the user typed it per document or spread oldest first; never more than what is left on a
/// document (overpayment is refused with the amount too much); a mistaken payment is undone by a reversing payment
/// (same shares, opposite signs) that reopens what it had covered. Customer payments (Sales) and supplier payments
/// (Purchasing) both allocate here; each module keeps its own tables and statuses.
/// </summary>
public static class PaymentAllocator
{
    /// <summary>
    /// Allocates <paramref name="amount"/> by the explicit <paramref name="shares"/> (zero shares are dropped).
    /// The shares must add up to the amount, each on an open document of the same party, with the document's sign,
    /// never more than its remaining amount.
    /// </summary>
    public static PaymentAllocationResult Allocate(decimal amount, IReadOnlyCollection<PayableDocument> documents, IEnumerable<PaymentShare> shares)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(shares);
        EnsureAmount(amount);
        var byId = Index(documents);
        var wanted = shares.Where(s => s.Amount != 0m).ToList();
        if (wanted.Count == 0)
        {
            throw new DomainException("Say which invoice the payment settles.");
        }

        if (wanted.GroupBy(s => s.DocumentId).Any(g => g.Count() > 1))
        {
            throw new DomainException("A document appears twice in the payment.");
        }

        var changes = new List<SettlementChange>();
        foreach (var share in wanted)
        {
            if (!byId.TryGetValue(share.DocumentId, out var doc))
            {
                throw new DomainException("The payment names a document that is not open for this party.");
            }

            if (!Amounts.HasAtMostDecimals(share.Amount, Amounts.AmountDecimals))
            {
                throw new DomainException($"{doc.Reference}: an amount has at most 2 decimals.");
            }

            if (doc.IsCovered)
            {
                throw new DomainException($"{doc.Reference} is already fully paid.");
            }

            if (Math.Sign(share.Amount) != Math.Sign(doc.Remaining))
            {
                throw new DomainException(doc.Remaining > 0m
                    ? $"{doc.Reference}: the amount paid must be positive."
                    : $"{doc.Reference} is a credit: its refund is a negative amount.");
            }

            if (Math.Abs(share.Amount) > Math.Abs(doc.Remaining))
            {
                throw new DomainException(
                    $"Overpayment refused: {doc.Reference} has {Money(doc.Remaining)} left to pay, {Money(share.Amount)} is {Money(Math.Abs(share.Amount - doc.Remaining))} too much.");
            }

            changes.Add(new SettlementChange(doc.DocumentId, doc.Reference, doc.Total, doc.Settled, share.Amount));
        }

        var sum = changes.Sum(c => c.Amount);
        if (sum != amount)
        {
            throw new DomainException($"The amounts per invoice add up to {Money(sum)}, not to the payment's {Money(amount)}.");
        }

        return new PaymentAllocationResult(amount, PartyOf(documents), changes);
    }

    /// <summary>
    /// Spreads <paramref name="amount"/> over the documents in the order given (callers pass oldest due first) that
    /// have the payment's sign, each up to its remaining amount. What cannot be placed is an overpayment, refused
    /// with that amount.
    /// </summary>
    public static PaymentAllocationResult Spread(decimal amount, IReadOnlyCollection<PayableDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        EnsureAmount(amount);
        Index(documents);
        var left = amount;
        var changes = new List<SettlementChange>();
        foreach (var doc in documents.Where(d => !d.IsCovered && Math.Sign(d.Remaining) == Math.Sign(amount)))
        {
            if (left == 0m)
            {
                break;
            }

            var part = Math.Abs(left) <= Math.Abs(doc.Remaining) ? left : doc.Remaining;
            changes.Add(new SettlementChange(doc.DocumentId, doc.Reference, doc.Total, doc.Settled, part));
            left -= part;
        }

        if (left != 0m)
        {
            var open = documents.Where(d => Math.Sign(d.Remaining) == Math.Sign(amount)).Sum(d => d.Remaining);
            throw new DomainException(
                $"Overpayment refused: {Money(open)} is left to pay, the payment of {Money(amount)} is {Money(Math.Abs(left))} too much.");
        }

        return new PaymentAllocationResult(amount, PartyOf(documents), changes);
    }

    /// <summary>
    /// The reversing payment of a payment recorded by mistake: the same shares with opposite signs, applied to the
    /// documents as they stand now (<paramref name="documents"/> must hold every document of the original shares).
    /// </summary>
    public static PaymentAllocationResult Reverse(IReadOnlyCollection<PaymentShare> original, IReadOnlyCollection<PayableDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(documents);
        if (original.Count == 0)
        {
            throw new DomainException("The payment settles nothing: there is nothing to reverse.");
        }

        var byId = documents.ToDictionary(d => d.DocumentId);
        var changes = new List<SettlementChange>();
        foreach (var share in original)
        {
            if (!byId.TryGetValue(share.DocumentId, out var doc))
            {
                throw new InvalidOperationException($"Document {share.DocumentId} of the payment was not given.");
            }

            if (Math.Abs(share.Amount) > Math.Abs(doc.Settled) || (share.Amount != 0m && Math.Sign(share.Amount) != Math.Sign(doc.Settled)))
            {
                throw new DomainException($"{doc.Reference}: the payment is no longer part of what is settled; it cannot be reversed.");
            }

            changes.Add(new SettlementChange(doc.DocumentId, doc.Reference, doc.Total, doc.Settled, -share.Amount));
        }

        return new PaymentAllocationResult(-original.Sum(s => s.Amount), documents.First().PartyId, changes);
    }

    /// <summary>
    /// DOMAIN.md §3 "credit notes used": what is left of a validated credit note of the same party settles an open
    /// invoice, up to what the invoice still owes. Both documents move by the same amount (the invoice's settled
    /// amount up, the credit note's down towards its negative total). Customer invoices (Sales) and supplier invoices
    /// (Purchasing) both use credit notes through here; the caller checks the statuses it knows.
    /// </summary>
    public static CreditUse UseCredit(PayableDocument invoice, PayableDocument creditNote)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        ArgumentNullException.ThrowIfNull(creditNote);
        if (creditNote.PartyId != invoice.PartyId)
        {
            throw new DomainException($"{creditNote.Reference} is a credit of another third party: it can only be used on its own invoices.");
        }

        if (invoice.Total < 0m)
        {
            throw new DomainException("A credit is used on an invoice, not on another credit note.");
        }

        if (creditNote.Total >= 0m)
        {
            throw new DomainException($"{creditNote.Reference} is not a credit note.");
        }

        if (creditNote.Remaining == 0m)
        {
            throw new DomainException($"{creditNote.Reference} has no credit left.");
        }

        if (invoice.IsCovered)
        {
            throw new DomainException($"{invoice.Reference} is already fully paid.");
        }

        var amount = Math.Min(-creditNote.Remaining, invoice.Remaining);
        return new CreditUse(amount,
            new SettlementChange(invoice.DocumentId, invoice.Reference, invoice.Total, invoice.Settled, amount),
            new SettlementChange(creditNote.DocumentId, creditNote.Reference, creditNote.Total, creditNote.Settled, -amount));
    }

    /// <summary>The amount as printed in messages: 2 decimals, invariant, so a test can read it.</summary>
    public static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static void EnsureAmount(decimal amount)
    {
        if (amount == 0m)
        {
            throw new DomainException("The amount of the payment cannot be zero.");
        }

        if (!Amounts.HasAtMostDecimals(amount, Amounts.AmountDecimals))
        {
            throw new DomainException("The amount of the payment has at most 2 decimals.");
        }
    }

    private static Dictionary<long, PayableDocument> Index(IReadOnlyCollection<PayableDocument> documents)
    {
        if (documents.Count == 0)
        {
            throw new DomainException("There is no open document to pay.");
        }

        if (documents.Select(d => d.PartyId).Distinct().Count() > 1)
        {
            throw new DomainException("A payment settles the documents of one third party only.");
        }

        return documents.ToDictionary(d => d.DocumentId);
    }

    private static long PartyOf(IReadOnlyCollection<PayableDocument> documents) => documents.First().PartyId;
}
