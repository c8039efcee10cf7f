using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Products.Domain;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Products.Api;

/// <summary>A product as Dolibarr's API shows it (htdocs/product/class/api_products.class.php).</summary>
public sealed record DolProduct(
    long Id, string Ref, string Label, string? Description, string Type, string Price, string PriceTtc, string? PriceMin,
    string PriceBaseType, string TvaTx, string Status, string StatusBuy, string? Barcode, string? Weight, string AccountancyCodeSell,
    string AccountancyCodeBuy, string? SeuilStockAlerte, int Archived, string Entity);

/// <summary>/api/index.php/products: the catalogue, read-only through the API for now.</summary>
[Route(Root + "/products")]
public sealed class DolibarrProductsController(AppDbContext db) : DolibarrApiController
{
    private static readonly ApiFields<Product> Fields = new ApiFields<Product>()
        .Add("t.rowid", p => p.Id).Add("t.ref", p => p.Reference).Add("t.label", p => p.Label)
        .Add("t.fk_product_type", p => p.Type == ProductType.Service ? 1 : 0).Add("t.price", p => p.SalePrice)
        .Add("t.tosell", p => p.OnSale).Add("t.tobuy", p => p.OnPurchase).Add("t.barcode", p => p.Barcode);

    /// <summary>mode: 1 products, 2 services (Dolibarr's).</summary>
    [HttpGet("")]
    [HasPermission(ProductsPermissions.Products.Read)]
    public async Task<IActionResult> Index([FromQuery] DolibarrListRequest list, int? mode)
    {
        var rows = db.Set<Product>().AsNoTracking();
        rows = mode switch
        {
            null or 0 => rows,
            1 => rows.Where(p => p.Type == ProductType.Product),
            2 => rows.Where(p => p.Type == ProductType.Service),
            _ => throw ApiException.BadRequest("mode is 1 (products) or 2 (services)."),
        };
        var page = await list.Apply(rows, Fields).ToListAsync(Aborted);
        return List(page.Select(Show).ToList(), "product");
    }

    [HttpGet("{id:long}")]
    [HasPermission(ProductsPermissions.Products.Read)]
    public async Task<IActionResult> Get(long id) =>
        Answer(Show(await db.Set<Product>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, Aborted) ?? throw ApiException.NotFound("Product not found")));

    [HttpGet("ref/{reference}")]
    [HasPermission(ProductsPermissions.Products.Read)]
    public async Task<IActionResult> ByRef(string reference) =>
        Answer(Show(await db.Set<Product>().AsNoTracking().SingleOrDefaultAsync(p => p.Reference == reference, Aborted) ?? throw ApiException.NotFound("Product not found")));

    private static DolProduct Show(Product p) => new(
        p.Id, p.Reference, p.Label, p.Description, p.Type == ProductType.Service ? "1" : "0", Dol.Num(p.SalePrice), Dol.Num(p.SalePriceInclTax),
        Dol.Num(p.MinSalePrice), p.PriceBase == PriceBase.InclTax ? "TTC" : "HT", Dol.Num(p.VatRate), p.OnSale ? "1" : "0", p.OnPurchase ? "1" : "0",
        p.Barcode, Dol.Num(p.Weight), p.SaleAccount, p.PurchaseAccount, Dol.Num(p.StockAlertLevel), p.Archived ? 1 : 0, "1");
}
