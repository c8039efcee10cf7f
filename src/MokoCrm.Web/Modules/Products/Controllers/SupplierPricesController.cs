using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Products.Features;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;

namespace MokoCrm.Web.Modules.Products.Controllers;

/// <summary>The supplier prices of a product's Prices tab: add (or change the price of a quantity break), change and remove.</summary>
[Area("Products")]
[Route("Products/Products/{productId:long}/supplier-prices")]
public sealed class SupplierPricesController(SupplierPriceAdministration administration, IValidator<SupplierPriceForm> validator) : Controller
{
    [HttpPost("")]
    [HasPermission(ProductsPermissions.Products.Write)]
    public Task<IActionResult> Add(long productId, SupplierPriceForm form) =>
        SaveAsync(form, () => administration.AddAsync(productId, form, HttpContext.RequestAborted), "Supplier price saved.", Tab(productId));

    [HttpPost("{priceId:long}/edit")]
    [HasPermission(ProductsPermissions.Products.Write)]
    public Task<IActionResult> Edit(long productId, long priceId, SupplierPriceForm form) =>
        SaveAsync(form, () => administration.ChangeAsync(productId, priceId, form, HttpContext.RequestAborted), "Supplier price changed.", Tab(productId), Tab(productId, priceId));

    [HttpPost("{priceId:long}/delete")]
    [HasPermission(ProductsPermissions.Products.Write)]
    public async Task<IActionResult> Delete(long productId, long priceId)
    {
        try
        {
            await administration.RemoveAsync(productId, priceId, HttpContext.RequestAborted);
            this.Success("Supplier price removed.");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return Redirect(Tab(productId));
    }

    /// <summary>A refusal is a message on the tab, with the edited price still open as a form.</summary>
    private async Task<IActionResult> SaveAsync(SupplierPriceForm form, Func<Task> save, string message, string done, string? refused = null)
    {
        var result = await validator.ValidateAsync(form, HttpContext.RequestAborted);
        if (!result.IsValid)
        {
            this.Error(string.Join(" ", result.Errors.Select(e => e.ErrorMessage).Distinct()));
            return Redirect(refused ?? done);
        }

        try
        {
            await save();
            this.Success(message);
            return Redirect(done);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            this.Error(ex.Message);
            return Redirect(refused ?? done);
        }
    }

    private static string Tab(long productId, long? editing = null) =>
        ProductCardTabs.PricesUrl(productId) + (editing is { } id ? $"?edit={id}" : "") + "#supplier-prices";
}
