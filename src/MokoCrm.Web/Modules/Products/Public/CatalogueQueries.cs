using MokoCrm.Web.Modules.Products.Domain;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.Web.Modules.Products.Public;

/// <summary>
/// A product's name, kind, cost price and stock flags, for other modules' lists and reports to join in SQL (the stock
/// ledger composes it, as SQL text, into its one statement per move: see Stock's StockLedger).
/// </summary>
public sealed record ProductHeader
{
    public long Id { get; init; }

    public string Reference { get; init; } = "";

    public string Label { get; init; } = "";

    public ProductType Type { get; init; }

    /// <summary>The cost price the user stated, excl. tax (null: none); Stock's average cost is another figure.</summary>
    public decimal? CostPrice { get; init; }

    public bool StockManaged { get; init; }

    /// <summary>Null: no alert for this product.</summary>
    public decimal? StockAlertLevel { get; init; }

    public bool Archived { get; init; }
}

/// <summary>
/// Composable queries over the catalogue (ARCHITECTURE.md §3): callers put them into their own SQL (a join, a
/// filter), never load them whole. Projected with an initializer so EF can keep composing on the members.
/// </summary>
public static class CatalogueQueries
{
    public static IQueryable<ProductHeader> Headers(AppDbContext db) =>
        db.Set<Product>().Select(p => new ProductHeader
        {
            Id = p.Id, Reference = p.Reference, Label = p.Label, Type = p.Type, CostPrice = p.CostPrice, StockManaged = p.StockManaged, StockAlertLevel = p.StockAlertLevel, Archived = p.Archived,
        });

    /// <summary>Stock-managed products with an alert level: the candidates of the "under alert level" report.</summary>
    public static IQueryable<ProductHeader> WithStockAlert(AppDbContext db) =>
        Headers(db).Where(p => p.StockManaged && p.StockAlertLevel != null);
}
