using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Modules.Purchasing.Public;
using MokoCrm.Web.Modules.Stock.Documents;
using MokoCrm.Web.Modules.Stock.EventHandlers;
using MokoCrm.Web.Modules.Stock.Features;
using MokoCrm.Web.Platform.Events;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Modules.Stock.Queries;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Outbox;
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
        services.AddScoped<IVirtualStockReader, VirtualStockReader>();
        services.AddScoped<IShippingStock, ShippingStockReader>();
        services.AddScoped<SalesStock>();
        services.AddScoped<IDomainEventHandler<ShipmentValidated>, TakeStockOutOnShipmentValidated>();
        services.AddScoped<IDomainEventHandler<ShipmentCancelled>, PutStockBackOnShipmentCancelled>();
        services.AddScoped<IDomainEventHandler<OrderValidated>, TakeStockOutOnOrderValidated>();
        services.AddScoped<IDomainEventHandler<OrderCancelled>, PutStockBackOnOrderCancelled>();
        services.AddScoped<IDomainEventHandler<InvoiceValidated>, TakeStockOutOnInvoiceValidated>();
        services.AddScoped<IDomainEventHandler<InvoiceValidated>, PutStockBackOnCreditNoteValidated>();
        services.AddScoped<IWarehouseLookup, WarehouseLookup>();
        services.AddScoped<PurchasingStockMoves>();
        services.AddScoped<IDomainEventHandler<ReceptionValidated>, StockInOnReceptionValidated>();
        services.AddScoped<IDomainEventHandler<ReceptionCancelled>, StockOutOnReceptionCancelled>();
        services.AddScoped<IDomainEventHandler<PurchaseOrderApproved>, StockInOnPurchaseOrderApproved>();
        services.AddScoped<IDomainEventHandler<PurchaseOrderCancelled>, StockOutOnPurchaseOrderCancelled>();
        services.AddScoped<IDomainEventHandler<SupplierInvoiceValidated>, StockOnSupplierInvoiceValidated>();
        services.AddScoped<StockOperations>();
        services.AddScoped<StockSettingsAdministration>();
        services.AddScoped<InventoryAdministration>();
        services.AddScoped<StockQueries>();
        services.AddScoped<InventoryQueries>();
        services.AddScoped<ProductStockTabs>();
        services.AddScoped<IProductUsage, StockProductUsage>();
        services.AddRecordType(new RecordTypeAccess(StockRecordTypes.Inventory, read: StockPermissions.Stock.Read, write: StockPermissions.Inventories.Write));
        services.AddScoped<IRecordDescriber, InventoryDescriber>();
        services.AddRecordType(new RecordTypeAccess(StockRecordTypes.Bom, read: StockPermissions.Manufacturing.Read, write: StockPermissions.Manufacturing.Write));
        services.AddScoped<IRecordDescriber, BomDescriber>();
        services.AddScoped<BomQueries>();
        services.AddScoped<BomAdministration>();
        services.AddRecordType(new RecordTypeAccess(StockRecordTypes.ManufacturingOrder, read: StockPermissions.Manufacturing.Read, write: StockPermissions.Manufacturing.Write));
        services.AddScoped<IRecordDescriber, ManufacturingOrderDescriber>();
        services.AddScoped<ManufacturingOrderQueries>();
        services.AddScoped<VirtualStockReport>();
        services.AddScoped<ManufacturingOrderAdministration>();
        services.AddScoped<ManufacturingOrderPdf>();
        services.AddOutboxHandler<GenerateManufacturingOrderPdf, GenerateManufacturingOrderPdfHandler>("stock.generate-manufacturing-order-pdf");
        services.AddScoped<IPlannedStockSource, ManufacturingPlannedStock>();
        services.AddScoped<IDemoDataSeeder, StockDemoSeeder>();
        services.AddScoped<IDemoDataSeeder, StockMovementsDemoSeeder>();
        services.AddMenu(new MenuSection("Stock", "Stock", "bi-boxes", "/Stock/Warehouses", StockPermissions.Warehouses.Read, 210,
        [
            new MenuItem("Warehouses", "/Stock/Warehouses", StockPermissions.Warehouses.Read),
            new MenuItem("New warehouse", "/Stock/Warehouses/new", StockPermissions.Warehouses.Write),
            new MenuItem("Stock by warehouse", "/Stock/Levels", StockPermissions.Stock.Read),
            new MenuItem("Movements", "/Stock/Movements", StockPermissions.Stock.Read),
            new MenuItem("Correct stock", "/Stock/Movements/correct", StockPermissions.Movements.Create),
            new MenuItem("Transfer", "/Stock/Movements/transfer", StockPermissions.Movements.Create),
            new MenuItem("Inventories", "/Stock/Inventories", StockPermissions.Stock.Read),
            new MenuItem("Under alert level", "/Stock/Levels/alerts", StockPermissions.Stock.Read),
            new MenuItem("Virtual stock", "/Stock/Levels/virtual", StockPermissions.Stock.Read),
            new MenuItem("Bills of materials", "/Stock/Boms", StockPermissions.Manufacturing.Read),
            new MenuItem("Manufacturing orders", "/Stock/ManufacturingOrders", StockPermissions.Manufacturing.Read),
            new MenuItem("Stock settings", "/Stock/Settings", StockPermissions.Settings.Admin),
        ]));
        return services;
    }
}
