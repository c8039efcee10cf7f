using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Products.Features;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;

namespace MokoCrm.Web.Modules.Products.Controllers;

/// <summary>The supplier prices section of a product card: add (or change the price of a quantity break) and remove.</summary>
[Area("Products")]
[Route("Products/Products/{productId:long}/supplier-prices")]
public sealed class SupplierPricesController(SupplierPriceAdministration administration, IValidator<SupplierPriceForm> validator) : Controller
{
    [HttpPost("")]
    [HasPermission(ProductsPermissions.Products.Write)]
    public async Task<IActionResult> Add(long productId, SupplierPriceForm form)
    {
        var result = await validator.ValidateAsync(form, HttpContext.RequestAborted);
        if (!result.IsValid)
        {
            this.Error(string.Join(" ", result.Errors.Select(e => e.ErrorMessage).Distinct()));
            return Redirect(Card(productId));
        }

        try
        {
            await administration.AddAsync(productId, form, HttpContext.RequestAborted);
            this.Success("Supplier price saved.");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            this.Error(ex.Message);
        }

        return Redirect(Card(productId));
    }

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

        return Redirect(Card(productId));
    }

    private static string Card(long productId) => $"/Products/Products/{productId}#supplier-prices";
}
