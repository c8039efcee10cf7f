using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Setup;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.Web.Modules.Sales.Features;

/// <summary>
/// What a Sales document checks against other modules and Setup before a change: the third party (visible, active,
/// customer or prospect), its contacts, the payment terms and method, the VAT rate, the date; and what a line form
/// becomes once the catalogue has proposed its label, price, VAT and account.
/// </summary>
public sealed class SalesChecks(AppDbContext db, IThirdPartyLookup thirdParties, IProductLookup products, FiscalCalendar calendar, OfferedVatRates vatRates)
{
    public async Task<ThirdPartySummary> CustomerAsync(long thirdPartyId, CancellationToken cancellationToken)
    {
        var party = await thirdParties.FindAsync(thirdPartyId, cancellationToken) ?? throw new DomainException("The third party chosen does not exist.");
        if (!party.IsActive)
        {
            throw new DomainException($"{party.Name} is closed: no new proposal or order can be made for it.");
        }

        if (!party.IsCustomer && !party.IsProspect)
        {
            throw new DomainException($"{party.Name} is neither a customer nor a prospect.");
        }

        return party;
    }

    public async Task<DocumentContacts> ContactsAsync(ThirdPartySummary party, long? customer, long? billing, long? shipping, CancellationToken cancellationToken)
    {
        var contacts = new DocumentContacts(customer, billing, shipping);
        var ids = contacts.Ids.ToList();
        if (ids.Count > 0)
        {
            var found = await thirdParties.ContactsAsync(ids, cancellationToken);
            if (ids.Any(id => !found.Any(c => c.Id == id && c.ThirdPartyId == party.Id)))
            {
                throw new DomainException($"A contact chosen is not a contact of {party.Name}.");
            }
        }

        return contacts;
    }

    /// <summary>The terms and method chosen, else the third party's defaults; each must be one Setup offers.</summary>
    public async Task<(long? Term, long? Method)> TermsAsync(ThirdPartySummary party, long? termId, long? methodId, bool useDefaults, CancellationToken cancellationToken)
    {
        var term = termId ?? (useDefaults ? party.PaymentTermId : null);
        var method = methodId ?? (useDefaults ? party.PaymentMethodId : null);
        if (term is { } t && !await db.Set<PaymentTerm>().AnyAsync(x => x.Id == t && x.Active, cancellationToken))
        {
            throw new DomainException("The payment terms chosen are not offered in Setup.");
        }

        if (method is { } m && !await db.Set<PaymentMethod>().AnyAsync(x => x.Id == m && x.Active, cancellationToken))
        {
            throw new DomainException("The payment method chosen is not offered in Setup.");
        }

        return (term, method);
    }

    /// <summary>The date falls in a fiscal year of Setup (when there are any), not in a closed year nor a locked period.</summary>
    public Task EnsureDateOpenAsync(DateOnly date, CancellationToken cancellationToken) =>
        calendar.EnsureOpenAsync(date, requireYear: true, cancellationToken);

    /// <summary>The line as it will be stored: the product's label, price, VAT and account where the form left them empty.</summary>
    public async Task<LineContent> LineAsync(LineForm form, CancellationToken cancellationToken)
    {
        var description = form.Description?.Trim() ?? "";
        if (form.Kind is LineKind.Title or LineKind.Subtotal)
        {
            return new LineContent(form.Kind, description.Length == 0 && form.Kind == LineKind.Subtotal ? "Subtotal" : description);
        }

        decimal? price = form.UnitPrice;
        decimal? vat = form.VatRate;
        long? productId = null;
        string? reference = null;
        string? account = null;
        if (form.Kind == LineKind.Product)
        {
            var product = await products.FindAsync(form.ProductId ?? 0, cancellationToken) ?? throw new DomainException("The product chosen does not exist.");
            if (product.Archived || !product.OnSale)
            {
                throw new DomainException($"{product.Reference} is not on sale.");
            }

            (productId, reference, account) = (product.Id, product.Reference, product.SaleAccount);
            description = description.Length == 0 ? product.Label : description;
            vat ??= product.VatRate;
            price ??= form.PriceBasis == PriceBasis.InclTax ? Amounts.RoundUnitPrice(product.SalePrice * (1m + (vat.Value / 100m))) : product.SalePrice;
        }

        var rate = vat ?? throw new DomainException("Choose the VAT rate.");
        if (!await vatRates.IsOfferedAsync(rate, cancellationToken))
        {
            throw new DomainException($"The VAT rate {rate:0.###} % is not offered in Setup.");
        }

        return new LineContent(form.Kind, description, form.Quantity ?? 0m, price ?? 0m, form.DiscountPercent ?? 0m, rate, form.PriceBasis,
            productId, reference, account, form.ServiceStart, form.ServiceEnd);
    }

    /// <summary>The VAT rates Setup offers, highest first, for the line form.</summary>
    public async Task<IReadOnlyList<(decimal Rate, string Label, bool IsDefault)>> VatChoicesAsync(CancellationToken cancellationToken) =>
        (await db.Set<VatRate>().AsNoTracking().Where(v => v.Active).OrderByDescending(v => v.Rate).Select(v => new { v.Rate, v.Label, v.IsDefault })
            .ToListAsync(cancellationToken)).Select(v => (v.Rate, v.Label, v.IsDefault)).ToList();
}
