using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Products.Domain;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Setup.Domain;
using MokoCrm.Web.Platform.Tags;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Products.Queries;

public sealed record ProductRow
{
    public long Id { get; init; }

    public string Reference { get; init; } = "";

    public string Label { get; init; } = "";

    public string Type { get; init; } = "";

    public decimal SalePrice { get; init; }

    public decimal VatRate { get; init; }

    public decimal? CostPrice { get; init; }

    public string Barcode { get; init; } = "";

    public bool OnSale { get; init; }

    public bool OnPurchase { get; init; }

    public bool Archived { get; init; }
}

/// <summary>The list's filters, bound from its GET form.</summary>
public sealed class ProductFilter
{
    public ProductType? Type { get; set; }

    public bool? OnSale { get; set; }

    public bool? OnPurchase { get; set; }

    /// <summary>"active" (the default), "archived" or "all".</summary>
    public string? Status { get; set; }

    public long? Tag { get; set; }
}

public sealed record ProductListViewModel(IListPage List, ProductFilter Filter);

/// <summary>The Prices tab: the selling price, the cost price and its margin, the average cost, the supplier prices.</summary>
/// <param name="AverageCost">Stock's weighted average cost; null when the user may not read stock.</param>
/// <param name="Editing">The supplier price shown as a form (?edit=).</param>
public sealed record ProductPricesViewModel(Product Product, IReadOnlyList<SupplierPriceRow> SupplierPrices, decimal? AverageCost, long? Editing)
{
    public PriceMargin? Margin => PriceMargin.Of(Product.SalePrice, Product.CostPrice);
}

public sealed record VatChoice(decimal Rate, string Label, bool IsDefault);

/// <summary>Read side of the product screens and of the pickers.</summary>
public sealed class ProductQueries(AppDbContext db, ITagService tags)
{
    public const string RecordType = "products.product";

    /// <summary>At most this many results in a picker: a person refines the search rather than scrolls.</summary>
    public const int LookupLimit = 20;

    public static readonly ListDefinition<ProductRow> List = new ListDefinition<ProductRow>("products", p => p.Id)
        .ExportedWith(ProductsPermissions.Products.Export)
        .Column("ref", "Reference", p => p.Reference, c => c.Link = p => $"/Products/Products/{p.Id}")
        .Column("label", "Label", p => p.Label)
        .Column("type", "Type", p => p.Type)
        .Column("price", "Price excl. tax", p => p.SalePrice, c => c.Format = "0.00###")
        .Column("vat", "VAT %", p => p.VatRate, c => c.Format = "0.###")
        .Column("cost", "Cost price", p => p.CostPrice, c => c.Format = "0.00###")
        .Column("barcode", "Barcode", p => p.Barcode, c => c.Sortable = false)
        .Column("sale", "On sale", p => p.OnSale, c => { c.Sortable = false; c.Badge = p => p.OnSale ? "success" : "secondary"; })
        .Column("purchase", "On purchase", p => p.OnPurchase, c => { c.Sortable = false; c.Badge = p => p.OnPurchase ? "success" : "secondary"; })
        .Column("archived", "Archived", p => p.Archived, c => { c.Sortable = false; c.Badge = p => p.Archived ? "secondary" : null; })
        .SortedBy("ref")
        .Searching((rows, q) =>
        {
            var like = $"%{EscapeLike(q.Trim())}%";
            return rows.Where(p => EF.Functions.ILike(p.Reference, like) || EF.Functions.ILike(p.Label, like) || p.Barcode == q.Trim());
        });

    public IQueryable<ProductRow> Products(ProductFilter filter)
    {
        var products = db.Set<Product>().AsNoTracking();
        if (filter.Type is { } type)
        {
            products = products.Where(p => p.Type == type);
        }

        if (filter.OnSale is { } onSale)
        {
            products = products.Where(p => p.OnSale == onSale);
        }

        if (filter.OnPurchase is { } onPurchase)
        {
            products = products.Where(p => p.OnPurchase == onPurchase);
        }

        if (filter.Status != "all")
        {
            var archived = filter.Status == "archived";
            products = products.Where(p => p.Archived == archived);
        }

        return products.WithTag(tags, RecordType, filter.Tag, p => p.Id)
            .Select(p => new ProductRow
            {
                Id = p.Id, Reference = p.Reference, Label = p.Label, Type = p.Type == ProductType.Service ? "Service" : "Product",
                SalePrice = p.SalePrice, VatRate = p.VatRate, CostPrice = p.CostPrice, Barcode = p.Barcode ?? "",
                OnSale = p.OnSale, OnPurchase = p.OnPurchase, Archived = p.Archived,
            });
    }

    public Task<Product?> CardAsync(long id, CancellationToken cancellationToken = default) =>
        db.Set<Product>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);

    /// <summary>
    /// Picker search for document lines: reference prefix or label words, archived products never, ordered by
    /// reference, bounded. Both ILIKEs use the trigram indexes.
    /// </summary>
    public async Task<IReadOnlyList<(long Id, string Text)>> LookupAsync(string? q, string? purpose, CancellationToken cancellationToken = default)
    {
        var products = db.Set<Product>().AsNoTracking().Where(p => !p.Archived);
        if (purpose == "sale")
        {
            products = products.Where(p => p.OnSale);
        }
        else if (purpose == "purchase")
        {
            products = products.Where(p => p.OnPurchase);
        }
        else if (purpose == "stock")
        {
            products = products.Where(p => p.StockManaged);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            products = products.Where(Matching(q));
        }

        var rows = await products.OrderBy(p => p.Reference).Take(LookupLimit)
            .Select(p => new { p.Id, p.Reference, p.Label }).ToListAsync(cancellationToken);
        return rows.Select(r => (r.Id, $"{r.Reference} - {r.Label}")).ToList();
    }

    /// <summary>The VAT rates a product may take: the active ones of Setup, plus the product's own if it was retired since.</summary>
    public async Task<IReadOnlyList<VatChoice>> VatChoicesAsync(decimal? current, CancellationToken cancellationToken = default)
    {
        var rates = await db.Set<VatRate>().AsNoTracking().Where(v => v.Active || v.Rate == current).OrderByDescending(v => v.Rate)
            .Select(v => new VatChoice(v.Rate, v.Label, v.IsDefault)).ToListAsync(cancellationToken);
        if (current is { } rate && rates.All(r => r.Rate != rate))
        {
            rates.Add(new VatChoice(rate, $"{rate:0.###} %", false));
        }

        return rates;
    }

    /// <summary>
    /// Reference prefix (btree on lower(reference), see the Products migration), or from 3 characters on also a
    /// label containing the text (trigram index). Shorter label searches would read the whole table: a trigram
    /// index cannot narrow them.
    /// </summary>
    public static System.Linq.Expressions.Expression<Func<Product, bool>> Matching(string q)
    {
        var text = EscapeLike(q.Trim());
        var prefix = text.ToLowerInvariant() + "%";
        if (text.Length < 3)
        {
            return p => EF.Functions.Like(p.Reference.ToLower(), prefix);
        }

        var contains = "%" + text + "%";
        return p => EF.Functions.Like(p.Reference.ToLower(), prefix) || EF.Functions.ILike(p.Label, contains);
    }

    public static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}

/// <summary>Products/Public's lookup for other modules' lines.</summary>
/// <remarks>
/// One action asks about the same products several times (a shipment's validation: its check, the stock moves, the
/// order's delivery), so the answers are kept for the scope, until the scope's context saves (a saved product reads
/// anew).
/// </remarks>
internal sealed class ProductLookup : IProductLookup
{
    private readonly AppDbContext db;
    private readonly Dictionary<long, ProductSummary?> known = [];

    public ProductLookup(AppDbContext db)
    {
        this.db = db;
        db.SavedChanges += (_, _) => known.Clear();
    }

    public async Task<ProductSummary?> FindAsync(long id, CancellationToken cancellationToken = default) =>
        (await FindManyAsync([id], cancellationToken)).FirstOrDefault();

    public async Task<IReadOnlyList<ProductSummary>> FindManyAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        var missing = ids.Where(id => !known.ContainsKey(id)).Distinct().ToList();
        if (missing.Count > 0)
        {
            var found = await db.Set<Product>().AsNoTracking().Where(p => missing.Contains(p.Id))
                .Select(p => new ProductSummary(p.Id, p.Reference, p.Label, p.Type, p.Unit, p.SalePrice, p.VatRate, p.MinSalePrice, p.CostPrice,
                    p.SaleAccount, p.PurchaseAccount, p.DurationHours, p.StockManaged, p.OnSale, p.OnPurchase, p.Archived))
                .ToListAsync(cancellationToken);
            foreach (var id in missing)
            {
                known[id] = found.FirstOrDefault(p => p.Id == id);
            }
        }

        return ids.Distinct().Select(id => known[id]).OfType<ProductSummary>().ToList();
    }
}
