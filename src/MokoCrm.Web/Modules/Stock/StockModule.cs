using MokoCrm.Web.Modules.Stock.Features;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Modules.Stock.Queries;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;

namespace MokoCrm.Web.Modules.Stock;

/// <summary>Stock (issue 4): warehouses, movements through one ledger, weighted average cost, inventories, settings.</summary>
public static class StockModule
{
    public static IServiceCollection AddStock(this IServiceCollection services)
    {
        services.AddPermissions("stock", "Stock", StockPermissions.All);
        services.AddRecordType(new RecordTypeAccess(WarehouseQueries.RecordType, read: StockPermissions.Warehouses.Read, write: StockPermissions.Warehouses.Write));
        services.AddScoped<IRecordDescriber, WarehouseDescriber>();
        services.AddScoped<WarehouseQueries>();
        services.AddScoped<WarehouseAdministration>();
        services.AddScoped<StockLedger>();
        services.AddScoped<IStockReader, StockReader>();
        services.AddScoped<IDemoDataSeeder, StockDemoSeeder>();
        services.AddMenu(new MenuSection("Stock", "Stock", "bi-boxes", "/Stock/Warehouses", StockPermissions.Warehouses.Read, 210,
        [
            new MenuItem("Warehouses", "/Stock/Warehouses", StockPermissions.Warehouses.Read),
            new MenuItem("New warehouse", "/Stock/Warehouses/new", StockPermissions.Warehouses.Write),
        ]));
        return services;
    }
}
