using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Products.Domain;
using MokoCrm.Web.Modules.Products.Features;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Products.Api;

/// <summary>A product or service of the catalogue in the native API.</summary>
public sealed record ProductResource(
    long Id, string Reference, string Label, ProductType Type, string? Description, bool OnSale, bool OnPurchase, PriceBase PriceBase,
    decimal SalePrice, decimal SalePriceInclTax, decimal VatRate, decimal? MinSalePrice, decimal? CostPrice, decimal? Weight, string? Unit, string? Barcode,
    string SaleAccount, string PurchaseAccount, decimal? DurationHours, bool StockManaged, decimal? StockAlertLevel, bool Archived);

/// <summary>What a client sends to create a product, or the fields it changes (the others are kept).</summary>
public sealed class ProductInput
{
    public string? Reference { get; set; }

    public string? Label { get; set; }

    /// <summary>product (the default) or service.</summary>
    public ProductType? Type { get; set; }

    public string? Description { get; set; }

    public bool? OnSale { get; set; }

    public bool? OnPurchase { get; set; }

    /// <summary>Which price <c>price</c> is: excl-tax (the default) or incl-tax; the other is computed.</summary>
    public PriceBase? PriceBase { get; set; }

    public decimal? Price { get; set; }

    /// <summary>Percent: one of the active VAT rates of Setup.</summary>
    public decimal? VatRate { get; set; }

    public decimal? MinSalePrice { get; set; }

    /// <summary>What a unit costs the company, excl. tax, for margins (not Stock's weighted average cost).</summary>
    public decimal? CostPrice { get; set; }

    public decimal? Weight { get; set; }

    public string? Unit { get; set; }

    public string? Barcode { get; set; }

    public string? SaleAccount { get; set; }

    public string? PurchaseAccount { get; set; }

    public decimal? DurationHours { get; set; }

    public bool? StockManaged { get; set; }

    public decimal? StockAlertLevel { get; set; }
}

/// <summary>/api/v1/products: the product screens' handler (ProductCatalogue), validator and rights.</summary>
[Route(Root + "/products")]
[Tags("Products")]
[RecordResource(Modules.Products.Queries.ProductQueries.RecordType)]
public sealed class NativeProductsController(AppDbContext db, ProductCatalogue catalogue, IValidator<ProductForm> validator) : NativeApiController
{
    /// <summary>?sort= reference or label, with - for descending.</summary>
    private static readonly NativeSorts<Product> Sorts = new NativeSorts<Product>().By("reference", p => p.Reference).By("label", p => p.Label);

    /// <summary>The catalogue; <c>q</c> searches the reference, label and barcode.</summary>
    [HttpGet("")]
    [HasPermission(ProductsPermissions.Products.Read)]
    [ProducesResponseType<NativePage<ProductResource>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Index([FromQuery] NativeListRequest list, string? q, string? type, bool? onSale, bool? onPurchase, bool? archived)
    {
        var rows = db.Set<Product>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = NativeQuery.Contains(q);
            rows = rows.Where(p => EF.Functions.ILike(p.Reference, pattern) || EF.Functions.ILike(p.Label, pattern) || (p.Barcode != null && EF.Functions.ILike(p.Barcode, pattern)));
        }

        rows = NativeQuery.Enum<ProductType>(type, nameof(type)) is { } t ? rows.Where(p => p.Type == t) : rows;
        rows = onSale is { } sale ? rows.Where(p => p.OnSale == sale) : rows;
        rows = onPurchase is { } purchase ? rows.Where(p => p.OnPurchase == purchase) : rows;
        rows = archived is { } a ? rows.Where(p => p.Archived == a) : rows;
        return Answer(await list.PageAsync(rows, Show, Aborted, Sorts));
    }

    [HttpGet("{id:long}")]
    [HasPermission(ProductsPermissions.Products.Read)]
    [ProducesResponseType<ProductResource>(StatusCodes.Status200OK)]
    public Task<IActionResult> Get(long id) => AnswerAsync(id);

    /// <summary>Creates a product; answers it with 201 and its Location.</summary>
    [HttpPost("")]
    [HasPermission(ProductsPermissions.Products.Write)]
    [Idempotent]
    [ApiBody<ProductInput>]
    [ProducesResponseType<ProductResource>(StatusCodes.Status201Created)]
    public async Task<IActionResult> Create()
    {
        var form = new ProductForm();
        Apply(await BodyAsync<ProductInput>(), form);
        await validator.CheckNativeAsync(form, Aborted);
        var id = await catalogue.CreateAsync(form, Aborted);
        return Created(Show(await FindAsync(id)), $"/{Root}/products/{id}");
    }

    /// <summary>Changes the fields sent and keeps the others, as the product's edit screen.</summary>
    [HttpPatch("{id:long}")]
    [HasPermission(ProductsPermissions.Products.Write)]
    [ApiBody<ProductInput>]
    [ProducesResponseType<ProductResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Update(long id)
    {
        var form = ProductForm.Of(await FindAsync(id));
        Apply(await BodyAsync<ProductInput>(), form);
        await ClearSentNullsAsync(form);
        await validator.CheckNativeAsync(form, Aborted);
        await catalogue.UpdateAsync(id, form, Aborted);
        return await AnswerAsync(id);
    }

    /// <summary>"Archive": the product stays on the documents that use it but is no longer offered on new ones.</summary>
    [HttpPost("{id:long}/archive")]
    [HasPermission(ProductsPermissions.Products.Write)]
    [ProducesResponseType<ProductResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Archive(long id)
    {
        await catalogue.ArchiveAsync(id, Aborted);
        return await AnswerAsync(id);
    }

    [HttpPost("{id:long}/unarchive")]
    [HasPermission(ProductsPermissions.Products.Write)]
    [ProducesResponseType<ProductResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Unarchive(long id)
    {
        await catalogue.UnarchiveAsync(id, Aborted);
        return await AnswerAsync(id);
    }

    /// <summary>Only a product no module ever used can be deleted (409 otherwise: archive it).</summary>
    [HttpDelete("{id:long}")]
    [HasPermission(ProductsPermissions.Products.Delete)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete(long id)
    {
        await catalogue.DeleteAsync(id, Aborted);
        return NoContent();
    }

    private async Task<Product> FindAsync(long id) =>
        await db.Set<Product>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, Aborted) ?? throw ApiException.NotFound("Product not found.");

    private async Task<IActionResult> AnswerAsync(long id) => Answer(Show(await FindAsync(id)));

    private static void Apply(ProductInput input, ProductForm form)
    {
        form.Reference = input.Reference ?? form.Reference;
        form.Label = input.Label ?? form.Label;
        form.Type = input.Type ?? form.Type;
        form.Description = input.Description ?? form.Description;
        form.OnSale = input.OnSale ?? form.OnSale;
        form.OnPurchase = input.OnPurchase ?? form.OnPurchase;
        form.PriceBase = input.PriceBase ?? form.PriceBase;
        form.Price = input.Price ?? form.Price;
        form.VatRate = input.VatRate ?? form.VatRate;
        form.MinSalePrice = input.MinSalePrice ?? form.MinSalePrice;
        form.CostPrice = input.CostPrice ?? form.CostPrice;
        form.Weight = input.Weight ?? form.Weight;
        form.Unit = input.Unit ?? form.Unit;
        form.Barcode = input.Barcode ?? form.Barcode;
        form.SaleAccount = input.SaleAccount ?? form.SaleAccount;
        form.PurchaseAccount = input.PurchaseAccount ?? form.PurchaseAccount;
        form.DurationHours = input.DurationHours ?? form.DurationHours;
        form.StockManaged = input.StockManaged ?? form.StockManaged;
        form.StockAlertLevel = input.StockAlertLevel ?? form.StockAlertLevel;
    }

    internal static ProductResource Show(Product p) => new(
        p.Id, p.Reference, p.Label, p.Type, p.Description, p.OnSale, p.OnPurchase, p.PriceBase, p.SalePrice, p.SalePriceInclTax, p.VatRate,
        p.MinSalePrice, p.CostPrice, p.Weight, p.Unit, p.Barcode, p.SaleAccount, p.PurchaseAccount, p.DurationHours, p.StockManaged, p.StockAlertLevel, p.Archived);
}
