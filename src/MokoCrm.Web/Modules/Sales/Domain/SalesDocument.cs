using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Sales.Domain;

/// <summary>The contacts of a commercial document, by role (DOMAIN.md §0); all are contacts of its third party.</summary>
public sealed record DocumentContacts(long? Customer, long? Billing, long? Shipping)
{
    public IEnumerable<long> Ids => new[] { Customer, Billing, Shipping }.Where(c => c is not null).Select(c => c!.Value).Distinct();
}

/// <summary>
/// The header every Sales document shares (DOMAIN.md §0): third party, date, contacts by role, payment terms and
/// method, number (none while a draft: shown as (PROV&lt;id&gt;)), author and validator.
/// </summary>
public abstract class SalesDocument<TLine> : LinedDocument<TLine>
    where TLine : DocumentLine
{
    public string? Number { get; protected set; }

    public long ThirdPartyId { get; protected set; }

    public DateOnly Date { get; protected set; }

    public long? CustomerContactId { get; private set; }

    public long? BillingContactId { get; private set; }

    public long? ShippingContactId { get; private set; }

    public long? PaymentTermId { get; set; }

    public long? PaymentMethodId { get; set; }

    public long? AuthorUserId { get; protected set; }

    public DateTimeOffset CreatedAt { get; protected set; }

    public DateTimeOffset? ValidatedAt { get; protected set; }

    public long? ValidatedByUserId { get; protected set; }

    /// <summary>The number, or (PROV&lt;id&gt;) for a draft.</summary>
    public string Reference => Number ?? $"(PROV{Id})";

    public DocumentContacts Contacts => new(CustomerContactId, BillingContactId, ShippingContactId);

    protected abstract bool IsDraft { get; }

    /// <summary>The third party and its contacts; checked against Crm by the caller (kinds, status, contacts of it).</summary>
    public void SetParty(long thirdPartyId, DocumentContacts contacts)
    {
        EnsureDraft();
        ThirdPartyId = thirdPartyId;
        (CustomerContactId, BillingContactId, ShippingContactId) = (contacts.Customer, contacts.Billing, contacts.Shipping);
    }

    public virtual void SetDate(DateOnly date)
    {
        EnsureDraft();
        Date = date;
    }

    protected override void EnsureLinesEditable() => EnsureDraft();

    protected void EnsureDraft()
    {
        if (!IsDraft)
        {
            throw new DomainException($"{Reference} is validated: it can no longer be changed.");
        }
    }

    /// <summary>Number, validator and date of validation; the totals are already those of the lines and stay frozen.</summary>
    protected void Stamp(string number, long? userId, DateTimeOffset now)
    {
        if (!OrderedLines.Any(l => l.IsPriced))
        {
            throw new DomainException($"{Reference} has no lines: add at least one product or free-text line before validating.");
        }

        Recompute();
        Number = number;
        ValidatedAt = now;
        ValidatedByUserId = userId;
    }

    public SalesDocumentSnapshot Snapshot() => new(
        Id, Reference, ThirdPartyId, Date, TotalExclTax, TotalVat, TotalInclTax,
        Totals.VatByRate.Select(v => new SalesVatAmount(v.RatePercent, v.TaxBase, v.Vat)).ToList(),
        OrderedLines.Select(l => new SalesLineSnapshot(l.Position, l.Kind.ToString(), l.ProductId, l.ProductReference, l.Description, l.Quantity,
            l.UnitPrice, l.DiscountPercent, l.VatRatePercent, l.TotalExclTax, l.TotalVat, l.TotalInclTax, l.AccountCode, l.ServiceStart, l.ServiceEnd)).ToList());
}
