using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Products.Domain;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.Web.Modules.Products.Features;

/// <summary>Use cases of the product screens: each checks the rules and saves in one transaction.</summary>
public sealed class ProductCatalogue(AppDbContext db, IEnumerable<IProductUsage> usages)
{
    public async Task<long> CreateAsync(ProductForm form, CancellationToken cancellationToken = default)
    {
        var product = new Product(form.Reference, form.Label, form.Type);
        await ApplyAsync(product, form, cancellationToken);
        db.Add(product);
        await db.SaveChangesAsync(cancellationToken);
        return product.Id;
    }

    public async Task UpdateAsync(long id, ProductForm form, CancellationToken cancellationToken = default)
    {
        var product = await FindAsync(id, cancellationToken);
        product.Rename(form.Reference, form.Label);
        product.ChangeType(form.Type);
        await ApplyAsync(product, form, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task ArchiveAsync(long id, CancellationToken cancellationToken = default)
    {
        (await FindAsync(id, cancellationToken)).Archive();
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task UnarchiveAsync(long id, CancellationToken cancellationToken = default)
    {
        (await FindAsync(id, cancellationToken)).Unarchive();
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Only a product no module ever used can be deleted; a used one is archived instead.</summary>
    public async Task<string> DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        var product = await FindAsync(id, cancellationToken);
        foreach (var usage in usages)
        {
            if (await usage.FirstUseAsync(id, cancellationToken) is { } use)
            {
                throw new DomainException($"{product.Reference} cannot be deleted: {use} Archive it instead.");
            }
        }

        db.Remove(product);
        await db.SaveChangesAsync(cancellationToken);
        return product.Reference;
    }

    private async Task ApplyAsync(Product product, ProductForm form, CancellationToken cancellationToken)
    {
        var reference = form.Reference.Trim();
        if (await db.Set<Product>().AnyAsync(p => p.Reference == reference && p.Id != product.Id, cancellationToken))
        {
            throw new DomainException($"The reference {reference} is already used by another product.");
        }

        var barcode = Clean(form.Barcode);
        if (barcode is not null && await db.Set<Product>().AnyAsync(p => p.Barcode == barcode && p.Id != product.Id, cancellationToken))
        {
            throw new DomainException($"The barcode {barcode} is already used by another product.");
        }

        var vatRate = form.VatRate!.Value;
        // The rate is copied, but a new choice must be one Setup offers today (a product keeps a rate retired since).
        if (db.Entry(product).State == EntityState.Detached || vatRate != product.VatRate)
        {
            if (!await db.Set<VatRate>().AnyAsync(v => v.Rate == vatRate && v.Active, cancellationToken))
            {
                throw new DomainException($"The VAT rate {vatRate:0.###} % is not an active rate of Setup.");
            }
        }

        product.Description = Clean(form.Description);
        product.OnSale = form.OnSale;
        product.OnPurchase = form.OnPurchase;
        product.SetPrice(form.Price!.Value, form.PriceBase, vatRate, form.MinSalePrice);
        product.SetCostPrice(form.CostPrice);
        product.Weight = form.Weight;
        product.Unit = Clean(form.Unit);
        product.Barcode = barcode;
        product.SaleAccount = Clean(form.SaleAccount) ?? Product.DefaultSaleAccount(product.Type);
        product.PurchaseAccount = Clean(form.PurchaseAccount) ?? Product.DefaultPurchaseAccount(product.Type);
        product.SetStockManaged(form.StockManaged);
        product.SetStockAlertLevel(form.StockManaged ? form.StockAlertLevel : null);
        product.SetDuration(product.Type == ProductType.Service ? form.DurationHours : null);
    }

    private async Task<Product> FindAsync(long id, CancellationToken cancellationToken) =>
        await db.Set<Product>().SingleOrDefaultAsync(p => p.Id == id, cancellationToken) ?? throw new NotFoundException("The product");

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
