using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using MokoCrm.Web.Modules.Products.Features;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Products.Queries;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Products.Controllers;

/// <summary>/Products/Products: the catalogue of products and services.</summary>
[Area("Products")]
[Route("Products/Products")]
public sealed class ProductsController(ProductQueries queries, ProductCatalogue catalogue, IValidator<ProductForm> validator) : Controller
{
    private const string ListUrl = "/Products/Products";

    /// <summary>The form's number fields, named as the user reads them.</summary>
    private static readonly Dictionary<string, string> NumberFields = new()
    {
        [nameof(ProductForm.Price)] = "The sale price", [nameof(ProductForm.MinSalePrice)] = "The minimum sale price",
        [nameof(ProductForm.CostPrice)] = "The cost price", [nameof(ProductForm.Weight)] = "The weight",
        [nameof(ProductForm.DurationHours)] = "The duration", [nameof(ProductForm.StockAlertLevel)] = "The stock alert level",
    };

    [HttpGet("")]
    [HasPermission(ProductsPermissions.Products.Read)]
    public async Task<IActionResult> Index(ListRequest list, ProductFilter filter, string? export)
    {
        var rows = queries.Products(filter);
        if (export is not null)
        {
            return ListExport.Export(rows, ProductQueries.List, list, export);
        }

        return View(new ProductListViewModel(await ListEngine.PageAsync(rows, ProductQueries.List, list, HttpContext.RequestAborted), filter));
    }

    [HttpGet("lookup")]
    [HasPermission(ProductsPermissions.Products.Read)]
    public async Task<IActionResult> Lookup(string? q, string? purpose) =>
        Json((await queries.LookupAsync(q, purpose, HttpContext.RequestAborted)).Select(p => new { id = p.Id, text = p.Text }));

    [HttpGet("{id:long}")]
    [HasPermission(ProductsPermissions.Products.Read)]
    public async Task<IActionResult> Show(long id)
    {
        var product = await queries.CardAsync(id, HttpContext.RequestAborted);
        return product is null ? NotFound() : View(product);
    }

    /// <summary>The Prices tab (Dolibarr's Selling prices and Buying prices tabs in one).</summary>
    [HttpGet("{id:long}/prices")]
    [HasPermission(ProductsPermissions.Products.Read)]
    public async Task<IActionResult> Prices(long id, long? edit, [FromServices] SupplierPriceQueries supplierPrices, [FromServices] ProductStockTabs stock)
    {
        var product = await queries.CardAsync(id, HttpContext.RequestAborted);
        if (product is null)
        {
            return NotFound();
        }

        var prices = await supplierPrices.OfProductAsync(id, HttpContext.RequestAborted);
        var averageCost = product.Type == ProductType.Product ? await stock.AverageCostAsync(id, HttpContext.RequestAborted) : null;
        return View(new ProductPricesViewModel(product, prices, averageCost, edit));
    }

    [HttpGet("new")]
    [HasPermission(ProductsPermissions.Products.Write)]
    public async Task<IActionResult> Create()
    {
        var vat = await queries.VatChoicesAsync(null, HttpContext.RequestAborted);
        return await EditView(null, new ProductForm { VatRate = vat.FirstOrDefault(v => v.IsDefault)?.Rate });
    }

    [HttpPost("new")]
    [HasPermission(ProductsPermissions.Products.Write)]
    public Task<IActionResult> Create(ProductForm form) => Save(null, form);

    [HttpGet("{id:long}/edit")]
    [HasPermission(ProductsPermissions.Products.Write)]
    public async Task<IActionResult> Edit(long id)
    {
        var p = await queries.CardAsync(id, HttpContext.RequestAborted);
        if (p is null)
        {
            return NotFound();
        }

        return await EditView(id, ProductForm.Of(p));
    }

    [HttpPost("{id:long}/edit")]
    [HasPermission(ProductsPermissions.Products.Write)]
    public Task<IActionResult> Edit(long id, ProductForm form) => Save(id, form);

    [HttpPost("{id:long}/archive")]
    [HasPermission(ProductsPermissions.Products.Write)]
    public Task<IActionResult> Archive(long id) => Act(id, () => catalogue.ArchiveAsync(id, HttpContext.RequestAborted), "Product archived: it is no longer offered on new documents.");

    [HttpPost("{id:long}/unarchive")]
    [HasPermission(ProductsPermissions.Products.Write)]
    public Task<IActionResult> Unarchive(long id) => Act(id, () => catalogue.UnarchiveAsync(id, HttpContext.RequestAborted), "Product restored.");

    [HttpPost("{id:long}/delete")]
    [HasPermission(ProductsPermissions.Products.Delete)]
    public async Task<IActionResult> Delete(long id)
    {
        try
        {
            var reference = await catalogue.DeleteAsync(id, HttpContext.RequestAborted);
            this.Success($"{reference} deleted.");
            return Redirect(ListUrl);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            this.Error(ex.Message);
            return Redirect($"{ListUrl}/{id}");
        }
    }

    private async Task<IActionResult> Act(long id, Func<Task> action, string message)
    {
        try
        {
            await action();
            this.Success(message);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            this.Error(ex.Message);
        }

        return Redirect($"{ListUrl}/{id}");
    }

    private async Task<IActionResult> Save(long? id, ProductForm form)
    {
        // A number MVC could not read ("abc") reaches the validator as empty: say what the field takes instead of
        // MVC's "The value 'abc' is not valid for CostPrice." and the validator's "Enter the sale price".
        var unreadable = NumberFields.Where(f => ModelState[f.Key]?.ValidationState == ModelValidationState.Invalid).ToList();
        var valid = await validator.ValidateIntoAsync(form, ModelState);
        foreach (var (field, name) in unreadable)
        {
            ModelState[field]!.Errors.Clear();
            ModelState.AddModelError(field, $"{name} must be a number, for example 12.50.");
        }

        if (valid)
        {
            try
            {
                if (id is { } existing)
                {
                    await catalogue.UpdateAsync(existing, form, HttpContext.RequestAborted);
                }
                else
                {
                    id = await catalogue.CreateAsync(form, HttpContext.RequestAborted);
                }

                this.Success($"{form.Reference.Trim()} saved.");
                return Redirect($"{ListUrl}/{id}");
            }
            catch (NotFoundException)
            {
                return NotFound();
            }
            catch (DomainException ex)
            {
                ModelState.AddDomainError(ex);
            }
        }

        return await EditView(id, form);
    }

    private async Task<IActionResult> EditView(long? id, ProductForm form)
    {
        ViewData["Id"] = id;
        ViewData["VatChoices"] = await queries.VatChoicesAsync(form.VatRate, HttpContext.RequestAborted);
        return View("Edit", form);
    }
}
