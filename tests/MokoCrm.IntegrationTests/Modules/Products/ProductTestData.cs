using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Products.Domain;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.IntegrationTests.Modules.Products;

/// <summary>The product form's fields and reads of the products table, for the product tests.</summary>
internal static class ProductTestData
{
    /// <summary>A valid product form: sold at 100 excl. tax, 20 % VAT, on sale and on purchase.</summary>
    public static Dictionary<string, string> Fields(string reference, string label) => new()
    {
        ["Reference"] = reference, ["Label"] = label, ["Type"] = "Product", ["Price"] = "100", ["PriceBase"] = "ExclTax", ["VatRate"] = "20",
        ["OnSale"] = "true", ["OnPurchase"] = "true",
    };

    public static async Task<Product> FindAsync(MokoAppFactory app, string reference)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Product>().AsNoTracking().SingleAsync(p => p.Reference == reference);
    }

    public static async Task<int> CountAsync(MokoAppFactory app, System.Linq.Expressions.Expression<Func<Product, bool>> predicate)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Product>().CountAsync(predicate);
    }
}
