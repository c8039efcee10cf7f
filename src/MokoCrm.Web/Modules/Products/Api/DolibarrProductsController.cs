using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Products.Domain;
using MokoCrm.Web.Modules.Products.Features;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Products.Api;

/// <summary>A product as Dolibarr's API shows it (htdocs/product/class/api_products.class.php).</summary>
public sealed record DolProduct(
    long Id, string Ref, string Label, string? Description, string Type, string Price, string PriceTtc, string? PriceMin,
    string PriceBaseType, string TvaTx, string? CostPrice, string? Pmp, string Status, string StatusBuy, string? Barcode, string? Weight, string AccountancyCodeSell,
    string AccountancyCodeBuy, string? SeuilStockAlerte, int Archived, string Entity);

/// <summary>A product sent by a Dolibarr client (POST, PUT): <c>status</c> is "on sale", <c>status_buy</c> "on purchase".</summary>
public sealed class DolProductInput
{
    public string? Ref { get; set; }

    public string? Label { get; set; }

    public string? Description { get; set; }

    /// <summary>0 product, 1 service.</summary>
    public int? Type { get; set; }

    public decimal? Price { get; set; }

    public decimal? PriceTtc { get; set; }

    public string? PriceBaseType { get; set; }

    public decimal? PriceMin { get; set; }

    /// <summary>What a unit costs, excl. tax (Dolibarr's cost_price, not its pmp).</summary>
    public decimal? CostPrice { get; set; }

    public decimal? TvaTx { get; set; }

    public int? Status { get; set; }

    public int? StatusBuy { get; set; }

    public string? Barcode { get; set; }

    public decimal? Weight { get; set; }

    public string? AccountancyCodeSell { get; set; }

    public string? AccountancyCodeBuy { get; set; }

    public decimal? SeuilStockAlerte { get; set; }

    public string? Note { get; set; }

    public string? NotePublic { get; set; }

    public string? NotePrivate { get; set; }

    public int? Entity { get; set; }

    public System.Text.Json.JsonElement? ArrayOptions { get; set; }
}

/// <summary>/api/index.php/products: the catalogue, through the product screens' handler and validator.</summary>
[Route(Root + "/products")]
[DolibarrModulePart(Queries.ProductQueries.RecordType, "product", "produit", "service", "produit|service")]
public sealed class DolibarrProductsController(AppDbContext db, ProductCatalogue catalogue, IValidator<ProductForm> validator) : DolibarrApiController
{
    private static readonly Dictionary<string, string> Names = new()
    {
        [nameof(ProductForm.Reference)] = "ref", [nameof(ProductForm.Label)] = "label", [nameof(ProductForm.Type)] = "type",
        [nameof(ProductForm.Price)] = "price", [nameof(ProductForm.PriceBase)] = "price_base_type", [nameof(ProductForm.VatRate)] = "tva_tx",
        [nameof(ProductForm.MinSalePrice)] = "price_min", [nameof(ProductForm.CostPrice)] = "cost_price",
        [nameof(ProductForm.Weight)] = "weight", [nameof(ProductForm.Barcode)] = "barcode",
        [nameof(ProductForm.SaleAccount)] = "accountancy_code_sell", [nameof(ProductForm.PurchaseAccount)] = "accountancy_code_buy",
        [nameof(ProductForm.StockAlertLevel)] = "seuil_stock_alerte", [nameof(ProductForm.Description)] = "description",
    };

    private static readonly ApiFields<Product> Fields = new ApiFields<Product>()
        .Add("t.rowid", p => p.Id).Add("t.ref", p => p.Reference).Add("t.label", p => p.Label)
        .Add("t.fk_product_type", p => p.Type == ProductType.Service ? 1 : 0).Add("t.price", p => p.SalePrice).Add("t.cost_price", p => p.CostPrice)
        .Add("t.tosell", p => p.OnSale).Add("t.tobuy", p => p.OnPurchase).Add("t.barcode", p => p.Barcode);

    /// <summary>mode: 1 products, 2 services (Dolibarr's).</summary>
    [HttpGet("")]
    [HasPermission(ProductsPermissions.Products.Read)]
    public async Task<IActionResult> Index([FromQuery] DolibarrListRequest list, int? mode, [FromServices] ProductStockTabs stock)
    {
        var rows = db.Set<Product>().AsNoTracking();
        rows = mode switch
        {
            null or 0 => rows,
            1 => rows.Where(p => p.Type == ProductType.Product),
            2 => rows.Where(p => p.Type == ProductType.Service),
            _ => throw ApiException.BadRequest("mode is 1 (products) or 2 (services)."),
        };
        var found = await list.Apply(rows, Fields).ToListAsync(Aborted);
        if (found.Count == 0)
        {
            throw ApiException.NotFound("No product found");
        }

        // The page's average costs in one query, not one per product.
        var costs = await stock.AverageCostsAsync(found.Select(p => p.Id).ToList(), Aborted);
        return Answer(found.Select(p => Show(p, costs)).ToList());
    }

    [HttpGet("{id:long}")]
    [HasPermission(ProductsPermissions.Products.Read)]
    public async Task<IActionResult> Get(long id, [FromServices] ProductStockTabs stock) =>
        await AnswerAsync(await db.Set<Product>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, Aborted) ?? throw ApiException.NotFound("Product not found"), stock);

    [HttpGet("ref/{reference}")]
    [HasPermission(ProductsPermissions.Products.Read)]
    public async Task<IActionResult> ByRef(string reference, [FromServices] ProductStockTabs stock) =>
        await AnswerAsync(await db.Set<Product>().AsNoTracking().SingleOrDefaultAsync(p => p.Reference == reference, Aborted) ?? throw ApiException.NotFound("Product not found"), stock);

    /// <summary>Dolibarr answers the new id.</summary>
    [HttpPost("")]
    [HasPermission(ProductsPermissions.Products.Write)]
    [Idempotent]
    public async Task<IActionResult> Create()
    {
        var form = await FormAsync(await BodyAsync<DolProductInput>(), new ProductForm());
        return Answer(await catalogue.CreateAsync(form, Aborted));
    }

    /// <summary>Changes the fields sent, keeps the others; answers the product, as Dolibarr.</summary>
    [HttpPut("{id:long}")]
    [HasPermission(ProductsPermissions.Products.Write)]
    public async Task<IActionResult> Change(long id, [FromServices] ProductStockTabs stock)
    {
        var input = await BodyAsync<DolProductInput>();
        var product = await db.Set<Product>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, Aborted) ?? throw ApiException.NotFound("Product not found");
        await catalogue.UpdateAsync(id, await FormAsync(input, ProductForm.Of(product)), Aborted);
        return await AnswerAsync(await db.Set<Product>().AsNoTracking().SingleAsync(p => p.Id == id, Aborted), stock);
    }

    private async Task<ProductForm> FormAsync(DolProductInput input, ProductForm form)
    {
        var basis = input.PriceBaseType?.Trim().ToUpperInvariant() switch
        {
            null => form.PriceBase,
            "HT" => PriceBase.ExclTax,
            "TTC" => PriceBase.InclTax,
            _ => throw ApiException.BadRequest("price_base_type is HT or TTC."),
        };
        form.Reference = input.Ref ?? form.Reference;
        form.Label = input.Label ?? form.Label;
        form.Description = input.Description ?? form.Description;
        form.Type = input.Type switch
        {
            null => form.Type,
            0 => ProductType.Product,
            1 => ProductType.Service,
            _ => throw ApiException.BadRequest("type is 0 (product) or 1 (service)."),
        };
        form.PriceBase = basis;
        form.Price = (basis == PriceBase.InclTax ? input.PriceTtc ?? input.Price : input.Price) ?? form.Price;
        form.MinSalePrice = input.PriceMin ?? form.MinSalePrice;
        form.CostPrice = input.CostPrice ?? form.CostPrice;
        form.VatRate = input.TvaTx ?? form.VatRate;
        form.OnSale = input.Status is { } sell ? Dol.Flag(sell, "status") : form.OnSale;
        form.OnPurchase = input.StatusBuy is { } buy ? Dol.Flag(buy, "status_buy") : form.OnPurchase;
        form.Barcode = input.Barcode ?? form.Barcode;
        form.Weight = input.Weight ?? form.Weight;
        form.SaleAccount = input.AccountancyCodeSell ?? form.SaleAccount;
        form.PurchaseAccount = input.AccountancyCodeBuy ?? form.PurchaseAccount;
        if (input.SeuilStockAlerte is { } alert)
        {
            form.StockManaged = true;
            form.StockAlertLevel = alert;
        }

        await validator.CheckAsync(form, Names, Aborted);
        return form;
    }

    private async Task<IActionResult> AnswerAsync(Product product, ProductStockTabs stock) =>
        Answer(Show(product, await stock.AverageCostsAsync([product.Id], Aborted)));

    /// <param name="costs">Stock's weighted average costs (Dolibarr's <c>pmp</c>, read-only); null: the user may not read stock, pmp is null.</param>
    private static DolProduct Show(Product p, IReadOnlyDictionary<long, decimal>? costs) => new(
        p.Id, p.Reference, p.Label, p.Description, p.Type == ProductType.Service ? "1" : "0", Dol.Num(p.SalePrice), Dol.Num(p.SalePriceInclTax),
        Dol.Num(p.MinSalePrice), p.PriceBase == PriceBase.InclTax ? "TTC" : "HT", Dol.Num(p.VatRate), Dol.Num(p.CostPrice),
        costs is null ? null : Dol.Num(costs.GetValueOrDefault(p.Id)), p.OnSale ? "1" : "0", p.OnPurchase ? "1" : "0",
        p.Barcode, Dol.Num(p.Weight), p.SaleAccount, p.PurchaseAccount, Dol.Num(p.StockAlertLevel), p.Archived ? 1 : 0, "1");
}
