using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Setup;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.Web.Modules.Purchasing.Features;

/// <summary>A line as a purchase order stores it: the shared content plus the supplier's reference and the service flag.</summary>
public sealed record PurchaseLineContent(LineContent Content, string? SupplierReference, bool IsService);

/// <summary>
/// What a purchasing document checks against other modules and Setup: the supplier (visible, active, flagged
/// supplier), its contact, terms, the date, and what a line form becomes once the supplier prices have proposed it.
/// </summary>
public sealed class PurchasingChecks(AppDbContext db, IThirdPartyLookup thirdParties, IProductLookup products, ISupplierPriceLookup supplierPrices, FiscalCalendar calendar, OfferedVatRates vatRates, SettingsCache cache)
{
    private static readonly Type[] PolicySources = [typeof(PurchasingSettings)];

    public async Task<ThirdPartySummary> SupplierAsync(long supplierId, CancellationToken cancellationToken)
    {
        var party = await thirdParties.FindAsync(supplierId, cancellationToken) ?? throw new DomainException("The supplier chosen does not exist.");
        if (!party.IsActive)
        {
            throw new DomainException($"{party.Name} is closed: no new purchase can be made from it.");
        }

        if (!party.IsSupplier)
        {
            throw new DomainException($"{party.Name} is not a supplier: tick \"Supplier\" on the third party first.");
        }

        return party;
    }

    public async Task EnsureContactAsync(ThirdPartySummary party, long? contactId, CancellationToken cancellationToken)
    {
        if (contactId is { } id && !(await thirdParties.ContactsAsync([id], cancellationToken)).Any(c => c.Id == id && c.ThirdPartyId == party.Id))
        {
            throw new DomainException($"The contact chosen is not a contact of {party.Name}.");
        }
    }

    /// <summary>The terms and method chosen, else the supplier's defaults; each must be one Setup offers.</summary>
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

    public Task EnsureDateOpenAsync(DateOnly date, CancellationToken cancellationToken) => calendar.EnsureOpenAsync(date, cancellationToken: cancellationToken);

    /// <summary>
    /// The line as it will be stored. A product line takes the product's label, VAT and purchase account, and the
    /// supplier's price for the quantity (the price with the largest minimum quantity not above it) when the form
    /// leaves the price empty; below every minimum quantity, or without a supplier price, the user must enter it.
    /// </summary>
    public async Task<PurchaseLineContent> LineAsync(long supplierId, LineForm form, CancellationToken cancellationToken)
    {
        var description = form.Description?.Trim() ?? "";
        if (form.Kind is LineKind.Title or LineKind.Subtotal)
        {
            return new PurchaseLineContent(new LineContent(form.Kind, description.Length == 0 && form.Kind == LineKind.Subtotal ? "Subtotal" : description), null, false);
        }

        decimal? price = form.UnitPrice;
        decimal? vat = form.VatRate;
        long? productId = null;
        string? reference = null;
        string? account = null;
        string? supplierReference = null;
        var isService = form.Kind == LineKind.Free;
        if (form.Kind == LineKind.Product)
        {
            var product = await products.FindAsync(form.ProductId ?? 0, cancellationToken) ?? throw new DomainException("The product chosen does not exist.");
            if (product.Archived || !product.OnPurchase)
            {
                throw new DomainException($"{product.Reference} is not purchased: tick \"On purchase\" on the product first.");
            }

            (productId, reference, account, isService) = (product.Id, product.Reference, product.PurchaseAccount, product.Type == ProductType.Service);
            description = description.Length == 0 ? product.Label : description;
            vat ??= product.VatRate;
            var prices = await supplierPrices.OfProductAsync(product.Id, supplierId, cancellationToken);
            var quantity = form.Quantity ?? 0m;
            var chosen = SupplierPriceChoice.For(prices, quantity);
            supplierReference = (chosen ?? prices.FirstOrDefault())?.SupplierReference;
            if (price is null && form.PriceBasis == PriceBasis.InclTax)
            {
                throw new DomainException("Enter the unit price incl. tax, or choose a price excl. tax to use the supplier's price.");
            }

            if (price is null && chosen is null)
            {
                throw new DomainException(prices.Count == 0
                    ? $"There is no supplier price for {product.Reference} from this supplier: enter the unit price (or add the supplier price on the product)."
                    : $"This supplier sells {product.Reference} from {prices[0].MinimumQuantity:0.#####} units: order at least that, or enter the unit price.");
            }

            price ??= chosen!.UnitPrice;
        }

        var rate = vat ?? throw new DomainException("Choose the VAT rate.");
        if (!await vatRates.IsOfferedAsync(rate, cancellationToken))
        {
            throw new DomainException($"The VAT rate {rate:0.###} % is not offered in Setup.");
        }

        return new PurchaseLineContent(
            new LineContent(form.Kind, description, form.Quantity ?? 0m, price ?? 0m, form.DiscountPercent ?? 0m, rate, form.PriceBasis,
                productId, reference, account, form.ServiceStart, form.ServiceEnd),
            supplierReference, isService);
    }

    /// <summary>The VAT rates Setup offers, highest first, for the line form.</summary>
    public async Task<IReadOnlyList<(decimal Rate, string Label, bool IsDefault)>> VatChoicesAsync(CancellationToken cancellationToken) =>
        (await db.Set<VatRate>().AsNoTracking().Where(v => v.Active).OrderByDescending(v => v.Rate).Select(v => new { v.Rate, v.Label, v.IsDefault })
            .ToListAsync(cancellationToken)).Select(v => (v.Rate, v.Label, v.IsDefault)).ToList();

    /// <summary>Kept for the process by SettingsCache (dropped when the purchasing settings are saved): every approval asks.</summary>
    public Task<ApprovalPolicy> PolicyAsync(CancellationToken cancellationToken) =>
        cache.GetAsync(db, "purchasing.approval-policy", PolicySources, async ct =>
            (await db.Set<PurchasingSettings>().AsNoTracking().FirstOrDefaultAsync(ct))?.Policy ?? new ApprovalPolicy(null, false), cancellationToken);
}
