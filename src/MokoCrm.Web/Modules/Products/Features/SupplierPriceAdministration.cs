using FluentValidation;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Products.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Products.Features;

public sealed class SupplierPriceForm
{
    public long? SupplierId { get; set; }

    public string? SupplierReference { get; set; }

    public decimal? UnitPrice { get; set; }

    public decimal? MinimumQuantity { get; set; } = 1m;
}

public sealed class SupplierPriceFormValidator : AbstractValidator<SupplierPriceForm>
{
    public SupplierPriceFormValidator()
    {
        RuleFor(f => f.SupplierId).NotNull().WithMessage("Choose the supplier.");
        RuleFor(f => f.SupplierReference).MaximumLength(64);
        RuleFor(f => f.UnitPrice).NotNull().WithMessage("Enter the supplier's unit price.")
            .GreaterThanOrEqualTo(0m).WithMessage("A supplier price cannot be negative.")
            .Must(p => p is null || Amounts.HasAtMostDecimals(p.Value, Amounts.UnitPriceDecimals)).WithMessage("A unit price has at most 5 decimals.");
        RuleFor(f => f.MinimumQuantity).NotNull().WithMessage("Enter the minimum quantity.")
            .GreaterThan(0m).WithMessage("The minimum quantity must be more than zero.");
    }
}

/// <summary>Adds, changes and removes the supplier prices of a product (rights: products write).</summary>
public sealed class SupplierPriceAdministration(AppDbContext db, IThirdPartyLookup thirdParties)
{
    public async Task<long> AddAsync(long productId, SupplierPriceForm form, CancellationToken cancellationToken = default)
    {
        if (!await db.Set<Product>().AnyAsync(p => p.Id == productId, cancellationToken))
        {
            throw new NotFoundException("The product");
        }

        var supplier = await thirdParties.FindAsync(form.SupplierId ?? 0, cancellationToken) ?? throw new DomainException("The supplier chosen does not exist.");
        if (!supplier.IsSupplier)
        {
            throw new DomainException($"{supplier.Name} is not a supplier: tick \"Supplier\" on the third party first.");
        }

        var minimum = form.MinimumQuantity ?? 1m;
        var existing = await db.Set<SupplierPrice>()
            .SingleOrDefaultAsync(p => p.ProductId == productId && p.SupplierId == supplier.Id && p.MinimumQuantity == minimum, cancellationToken);
        if (existing is not null)
        {
            existing.Change(form.SupplierReference, form.UnitPrice ?? 0m, minimum);
        }
        else
        {
            existing = new SupplierPrice(productId, supplier.Id, form.SupplierReference, form.UnitPrice ?? 0m, minimum);
            db.Add(existing);
        }

        await db.SaveChangesAsync(cancellationToken);
        return existing.Id;
    }

    /// <summary>Changes the supplier's reference, the price and the minimum quantity; the supplier stays.</summary>
    public async Task ChangeAsync(long productId, long priceId, SupplierPriceForm form, CancellationToken cancellationToken = default)
    {
        var price = await FindAsync(productId, priceId, cancellationToken);
        if (form.SupplierId != price.SupplierId)
        {
            throw new DomainException("A supplier price keeps its supplier: remove it and add a price for the other supplier.");
        }

        var minimum = Amounts.RoundQuantity(form.MinimumQuantity ?? 1m);
        if (await db.Set<SupplierPrice>().AnyAsync(p => p.ProductId == productId && p.SupplierId == price.SupplierId && p.MinimumQuantity == minimum && p.Id != priceId, cancellationToken))
        {
            throw new DomainException($"This supplier already has a price from a quantity of {minimum:0.#####}: change that one instead.");
        }

        price.Change(form.SupplierReference, form.UnitPrice ?? 0m, minimum);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task RemoveAsync(long productId, long priceId, CancellationToken cancellationToken = default)
    {
        db.Remove(await FindAsync(productId, priceId, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<SupplierPrice> FindAsync(long productId, long priceId, CancellationToken cancellationToken) =>
        await db.Set<SupplierPrice>().SingleOrDefaultAsync(p => p.Id == priceId && p.ProductId == productId, cancellationToken)
            ?? throw new NotFoundException("The supplier price");
}
