using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Stock;

/// <summary>The rights of the Stock module.</summary>
public static class StockPermissions
{
    public static class Warehouses
    {
        public const string Read = "stock.warehouses.read";
        public const string Write = "stock.warehouses.write";
    }

    /// <summary>Stock levels, values, movements and reports.</summary>
    public static class Stock
    {
        public const string Read = "stock.stock.read";
        public const string Export = "stock.stock.export";
    }

    public static class Movements
    {
        /// <summary>Manual corrections and transfers.</summary>
        public const string Create = "stock.movements.create";
    }

    public static class Inventories
    {
        public const string Write = "stock.inventories.write";
    }

    /// <summary>Bills of materials and manufacturing orders.</summary>
    public static class Manufacturing
    {
        public const string Read = "stock.manufacturing.read";

        /// <summary>Create, change, validate, disable and cancel bills and orders.</summary>
        public const string Write = "stock.manufacturing.write";

        /// <summary>Record production: consumes components and brings the product into stock.</summary>
        public const string Produce = "stock.manufacturing.produce";
    }

    public static class Settings
    {
        public const string Admin = "stock.settings.admin";
    }

    public static readonly PermissionDefinition[] All =
    [
        new(Warehouses.Read, "stock", "Warehouses", "Read"),
        new(Warehouses.Write, "stock", "Warehouses", "Create, edit, close"),
        new(Stock.Read, "stock", "Stock and movements", "Read levels, values, movements and reports"),
        new(Stock.Export, "stock", "Stock and movements", "Export"),
        new(Movements.Create, "stock", "Stock and movements", "Correct stock and transfer between warehouses"),
        new(Inventories.Write, "stock", "Inventories", "Create, count and validate"),
        new(Manufacturing.Read, "stock", "Manufacturing", "Read bills of materials and manufacturing orders"),
        new(Manufacturing.Write, "stock", "Manufacturing", "Create, change, validate, disable and cancel"),
        new(Manufacturing.Produce, "stock", "Manufacturing", "Record production (consumes components, stocks the product)"),
        new(Settings.Admin, "stock", "Stock settings", "Administer"),
    ];
}
