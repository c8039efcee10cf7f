using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Purchasing.Documents;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Modules.Purchasing.Features;
using MokoCrm.Web.Modules.Purchasing.Public;
using MokoCrm.Web.Modules.Purchasing.Queries;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Documents;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Outbox;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;

namespace MokoCrm.Web.Modules.Purchasing;

/// <summary>Purchasing (issue 6): purchase orders with approval, receptions into stock, supplier invoices and payments.</summary>
public static class PurchasingModule
{
    public static IServiceCollection AddPurchasing(this IServiceCollection services)
    {
        services.AddPermissions("purchasing", "Purchasing", PurchasingPermissions.All);
        services.AddScoped<PurchasingChecks>();
        services.AddScoped<PurchasingQueries>();
        services.AddScoped<PurchaseOrderAdministration>();
        services.AddScoped<ReceptionAdministration>();
        services.AddScoped<PurchasingSettingsAdministration>();
        services.AddScoped<SupplierInvoiceAdministration>();
        services.AddScoped<SupplierPaymentAdministration>();
        services.AddScoped<SupplierInvoiceQueries>();
        services.AddScoped<PurchasingPdf>();
        services.AddRecordPdf<PurchaseOrderRecordPdf>(PurchasingRecordTypes.Order);
        services.AddRecordPdf<ReceptionRecordPdf>(PurchasingRecordTypes.Reception);
        services.AddScoped<IProductUsage, PurchasingProductUsage>();
        services.AddScoped<MokoCrm.Web.Modules.Stock.Public.IPlannedStockSource, OpenPurchaseOrdersPlannedStock>();
        services.AddOutboxHandler<GeneratePurchasingPdf, GeneratePurchasingPdfHandler>("purchasing.generate-pdf");
        services.AddScoped<IRecordDescriber, PurchaseOrderDescriber>();
        services.AddScoped<IRecordDescriber, ReceptionDescriber>();
        services.AddScoped<IRecordDescriber, SupplierInvoiceDescriber>();
        services.AddScoped<IRecordDescriber, SupplierPaymentDescriber>();
        // A document is visible when its supplier is (DOMAIN.md §10): the CRM rule composed into the check's SQL.
        services.AddRecordType(new RecordTypeAccess(PurchasingRecordTypes.Order, read: PurchasingPermissions.Orders.Read, write: PurchasingPermissions.Orders.Write,
            visibleIds: v => CrmVisibility.VisibleThirdPartyIds(v.Db, v.UserId, v.Rights) is { } visible
                ? v.Db.Set<PurchaseOrder>().Where(o => visible.Contains(o.SupplierId)).Select(o => o.Id)
                : null));
        services.AddRecordType(new RecordTypeAccess(PurchasingRecordTypes.Reception, read: PurchasingPermissions.Receptions.Read, write: PurchasingPermissions.Receptions.Write,
            visibleIds: v => CrmVisibility.VisibleThirdPartyIds(v.Db, v.UserId, v.Rights) is { } visible
                ? v.Db.Set<Reception>().Where(r => visible.Contains(r.SupplierId)).Select(r => r.Id)
                : null));
        services.AddRecordType(new RecordTypeAccess(PurchasingRecordTypes.SupplierInvoice, read: PurchasingPermissions.Invoices.Read, write: PurchasingPermissions.Invoices.Write,
            visibleIds: v => CrmVisibility.VisibleThirdPartyIds(v.Db, v.UserId, v.Rights) is { } visible
                ? v.Db.Set<SupplierInvoice>().Where(i => visible.Contains(i.SupplierId)).Select(i => i.Id)
                : null));
        services.AddRecordType(new RecordTypeAccess(PurchasingRecordTypes.SupplierPayment, read: PurchasingPermissions.Payments.Read, write: PurchasingPermissions.Payments.Write,
            visibleIds: v => CrmVisibility.VisibleThirdPartyIds(v.Db, v.UserId, v.Rights) is { } visible
                ? v.Db.Set<SupplierPayment>().Where(p => visible.Contains(p.SupplierId)).Select(p => p.Id)
                : null));
        services.AddMenu(new MenuSection("Purchasing", "Purchasing", "bi-cart", "/Purchasing", PurchasingPermissions.Orders.Read, 130,
        [
            new MenuItem("Purchasing home", "/Purchasing", PurchasingPermissions.Orders.Read),
            new MenuItem("Purchase orders", "/Purchasing/Orders", PurchasingPermissions.Orders.Read),
            new MenuItem("New purchase order", "/Purchasing/Orders/new", PurchasingPermissions.Orders.Write),
            new MenuItem("Orders to approve", "/Purchasing/Orders?status=Validated", PurchasingPermissions.Orders.Approve),
            new MenuItem("Receptions", "/Purchasing/Receptions", PurchasingPermissions.Receptions.Read),
            new MenuItem("Supplier invoices", "/Purchasing/Invoices", PurchasingPermissions.Invoices.Read),
            new MenuItem("New supplier invoice", "/Purchasing/Invoices/new", PurchasingPermissions.Invoices.Write),
            new MenuItem("Supplier payments", "/Purchasing/Payments", PurchasingPermissions.Payments.Read),
            new MenuItem("Purchasing settings", "/Purchasing/Settings", PurchasingPermissions.Settings.Admin),
        ]));
        return services;
    }
}
