using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Products;

/// <summary>The rights of the Products module.</summary>
public static class ProductsPermissions
{
    public static class Products
    {
        public const string Read = "products.products.read";
        public const string Write = "products.products.write";
        public const string Delete = "products.products.delete";
        public const string Export = "products.products.export";
    }

    public static readonly PermissionDefinition[] All =
    [
        new(Products.Read, "products", "Products and services", "Read"),
        new(Products.Write, "products", "Products and services", "Create, edit, archive"),
        new(Products.Delete, "products", "Products and services", "Delete"),
        new(Products.Export, "products", "Products and services", "Export"),
    ];
}
