using MokoCrm.Web.Modules.Products.Features;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Products.Queries;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;

namespace MokoCrm.Web.Modules.Products;

/// <summary>The catalogue of products and services (issue 4).</summary>
public static class ProductsModule
{
    public static IServiceCollection AddProducts(this IServiceCollection services)
    {
        services.AddPermissions("products", "Products", ProductsPermissions.All);
        services.AddRecordType(new RecordTypeAccess(ProductQueries.RecordType, read: ProductsPermissions.Products.Read, write: ProductsPermissions.Products.Write));
        services.AddScoped<IRecordDescriber, ProductDescriber>();
        services.AddScoped<ProductQueries>();
        services.AddScoped<ProductCatalogue>();
        services.AddScoped<IProductLookup, ProductLookup>();
        services.AddScoped<ProductCardTabs>();
        services.AddScoped<SupplierPriceAdministration>();
        services.AddScoped<SupplierPriceQueries>();
        services.AddScoped<ISupplierPriceLookup, SupplierPriceLookup>();
        services.AddScoped<IDemoDataSeeder, ProductsDemoSeeder>();
        services.AddMenu(new MenuSection("Products", "Products", "bi-box", "/Products/Products", ProductsPermissions.Products.Read, 200,
        [
            new MenuItem("Products and services", "/Products/Products", ProductsPermissions.Products.Read),
            new MenuItem("New product", "/Products/Products/new", ProductsPermissions.Products.Write),
            new MenuItem("Product tags", "/Admin/Tags?kind=" + ProductQueries.RecordType, PlatformPermissions.TagsWrite),
        ]));
        return services;
    }
}
