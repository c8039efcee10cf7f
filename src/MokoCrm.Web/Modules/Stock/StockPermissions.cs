using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Stock;

/// <summary>The rights of the Stock module (warehouses so far; movements come with their screens).</summary>
public static class StockPermissions
{
    public static class Warehouses
    {
        public const string Read = "stock.warehouses.read";
        public const string Write = "stock.warehouses.write";
    }

    public static readonly PermissionDefinition[] All =
    [
        new(Warehouses.Read, "stock", "Warehouses", "Read"),
        new(Warehouses.Write, "stock", "Warehouses", "Create, edit, close"),
    ];
}
