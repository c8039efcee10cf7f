using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Sales.Documents;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.EventHandlers;
using MokoCrm.Web.Modules.Sales.Features;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Modules.Sales.Queries;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Documents;
using MokoCrm.Web.Platform.Events;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Outbox;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;

namespace MokoCrm.Web.Modules.Sales;

/// <summary>Proposals and sales orders (issue 5, first slice).</summary>
public static class SalesModule
{
    public static IServiceCollection AddSales(this IServiceCollection services)
    {
        services.AddPermissions("sales", "Sales", SalesPermissions.All);
        services.AddScoped<SalesChecks>();
        services.AddScoped<SalesQueries>();
        services.AddScoped<ValidationWarehouses>();
        services.AddScoped<MokoCrm.Web.Modules.Stock.Public.IPlannedStockSource, OpenOrdersPlannedStock>();
        services.AddScoped<ProposalAdministration>();
        services.AddScoped<OrderAdministration>();
        services.AddScoped<InvoiceAdministration>();
        services.AddScoped<PaymentAdministration>();
        services.AddScoped<BillingQueries>();
        services.AddScoped<IDomainEventHandler<InvoiceValidated>, EventHandlers.MarkBilledOnInvoiceValidated>();
        services.AddScoped<IRecordDescriber, InvoiceDescriber>();
        services.AddScoped<IRecordDescriber, PaymentDescriber>();
        services.AddRecordType(new RecordTypeAccess(BillingRecordTypes.Invoice, read: SalesPermissions.Invoices.Read, write: SalesPermissions.Invoices.Write,
            visibleIds: v => CrmVisibility.VisibleThirdPartyIds(v.Db, v.UserId, v.Rights) is { } visible
                ? v.Db.Set<Invoice>().Where(i => visible.Contains(i.ThirdPartyId)).Select(i => i.Id)
                : null));
        services.AddRecordType(new RecordTypeAccess(BillingRecordTypes.Payment, read: SalesPermissions.Payments.Read, write: SalesPermissions.Payments.Write,
            visibleIds: v => CrmVisibility.VisibleThirdPartyIds(v.Db, v.UserId, v.Rights) is { } visible
                ? v.Db.Set<CustomerPayment>().Where(p => visible.Contains(p.ThirdPartyId)).Select(p => p.Id)
                : null));
        services.AddScoped<SalesPdf>();
        services.AddOutboxHandler<GenerateSalesPdf, GenerateSalesPdfHandler>("sales.generate-pdf");
        services.AddScoped<InvoicePdf>();
        services.AddRecordPdf<ProposalRecordPdf>(SalesRecordTypes.Proposal);
        services.AddRecordPdf<OrderRecordPdf>(SalesRecordTypes.Order);
        services.AddRecordPdf<InvoiceRecordPdf>(BillingRecordTypes.Invoice);
        services.AddOutboxHandler<GenerateInvoicePdf, GenerateInvoicePdfHandler>("sales.generate-invoice-pdf");
        services.AddScoped<IRecordDescriber, ProposalDescriber>();
        services.AddScoped<IRecordDescriber, OrderDescriber>();
        services.AddScoped<IDemoDataSeeder, SalesDemoSeeder>();
        AddShipments(services);
        // A document is visible when its third party is (DOMAIN.md §10): the CRM rule composed into the check's SQL.
        services.AddRecordType(new RecordTypeAccess(SalesRecordTypes.Proposal, read: SalesPermissions.Proposals.Read, write: SalesPermissions.Proposals.Write,
            visibleIds: v => CrmVisibility.VisibleThirdPartyIds(v.Db, v.UserId, v.Rights) is { } visible
                ? v.Db.Set<Proposal>().Where(p => visible.Contains(p.ThirdPartyId)).Select(p => p.Id)
                : null));
        services.AddRecordType(new RecordTypeAccess(SalesRecordTypes.Order, read: SalesPermissions.Orders.Read, write: SalesPermissions.Orders.Write,
            visibleIds: v => CrmVisibility.VisibleThirdPartyIds(v.Db, v.UserId, v.Rights) is { } visible
                ? v.Db.Set<SalesOrder>().Where(o => visible.Contains(o.ThirdPartyId)).Select(o => o.Id)
                : null));
        services.AddMenu(new MenuSection("Sales", "Sales", "bi-receipt", "/Sales", SalesPermissions.Proposals.Read, 120,
        [
            new MenuItem("Sales home", "/Sales", SalesPermissions.Proposals.Read),
            new MenuItem("Proposals", "/Sales/Proposals", SalesPermissions.Proposals.Read),
            new MenuItem("New proposal", "/Sales/Proposals/new", SalesPermissions.Proposals.Write),
            new MenuItem("Proposals to sign", "/Sales/Proposals?status=Validated", SalesPermissions.Proposals.Read),
            new MenuItem("Orders", "/Sales/Orders", SalesPermissions.Orders.Read),
            new MenuItem("New order", "/Sales/Orders/new", SalesPermissions.Orders.Write),
            new MenuItem("Orders to ship", "/Sales/Orders?status=Validated", SalesPermissions.Orders.Read),
            new MenuItem("Invoices", "/Sales/Invoices", SalesPermissions.Invoices.Read),
            new MenuItem("New invoice", "/Sales/Invoices/new", SalesPermissions.Invoices.Write),
            new MenuItem("Unpaid invoices", "/Sales/Invoices?status=Unpaid", SalesPermissions.Invoices.Read),
            new MenuItem("Payments", "/Sales/Payments", SalesPermissions.Payments.Read),
            new MenuItem("Shipments", "/Sales/Shipments", SalesPermissions.Shipments.Read),
            new MenuItem("Automations", "/Sales/Automations", SalesPermissions.Automations),
        ]));
        return services;
    }

    /// <summary>Shipments, the workflow automations and their handlers (issue 5, shipping slice).</summary>
    private static void AddShipments(IServiceCollection services)
    {
        services.AddScoped<ShipmentAdministration>();
        services.AddScoped<ShipmentQueries>();
        services.AddScoped<ShipmentPdf>();
        services.AddRecordPdf<ShipmentRecordPdf>(SalesRecordTypes.Shipment);
        services.AddScoped<SalesAutomations>();
        services.AddScoped<ISalesHomeSource, DocumentsHomeSource>();
        services.AddScoped<ISalesHomeSource, InvoicesHomeSource>();
        services.AddOutboxHandler<GenerateShipmentPdf, GenerateShipmentPdfHandler>("sales.generate-shipment-pdf");
        services.AddScoped<IRecordDescriber, ShipmentDescriber>();
        services.AddScoped<IDomainEventHandler<ProposalSigned>, CreateOrderOnProposalSigned>();
        services.AddScoped<IDomainEventHandler<ShipmentValidated>, DeliverOrderWhenFullyShipped>();
        services.AddScoped<IDomainEventHandler<OrderDelivered>, CreateInvoiceOnOrderDelivered>();
        services.AddRecordType(new RecordTypeAccess(SalesRecordTypes.Shipment, read: SalesPermissions.Shipments.Read, write: SalesPermissions.Shipments.Write,
            visibleIds: v => CrmVisibility.VisibleThirdPartyIds(v.Db, v.UserId, v.Rights) is { } visible
                ? v.Db.Set<Shipment>().Where(s => visible.Contains(s.ThirdPartyId)).Select(s => s.Id)
                : null));
    }
}
