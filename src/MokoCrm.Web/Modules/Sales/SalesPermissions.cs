using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Sales;

/// <summary>The rights of the Sales module (DOMAIN.md §10).</summary>
public static class SalesPermissions
{
    public static class Proposals
    {
        public const string Read = "sales.proposals.read";
        public const string Write = "sales.proposals.write";
        public const string Validate = "sales.proposals.validate";

        /// <summary>Sign, refuse, reopen, cancel.</summary>
        public const string Close = "sales.proposals.close";
        public const string Delete = "sales.proposals.delete";
        public const string Export = "sales.proposals.export";
    }

    public static class Orders
    {
        public const string Read = "sales.orders.read";
        public const string Write = "sales.orders.write";
        public const string Validate = "sales.orders.validate";

        /// <summary>Cancel (and, with shipments, close).</summary>
        public const string Close = "sales.orders.close";
        public const string Delete = "sales.orders.delete";
        public const string Export = "sales.orders.export";
    }

    public static class Invoices
    {
        public const string Read = "sales.invoices.read";
        public const string Write = "sales.invoices.write";
        public const string Validate = "sales.invoices.validate";

        /// <summary>Abandon an unpaid invoice.</summary>
        public const string Close = "sales.invoices.close";
        public const string Delete = "sales.invoices.delete";
        public const string Export = "sales.invoices.export";
    }

    public static class Payments
    {
        public const string Read = "sales.payments.read";

        /// <summary>Record a payment, use a credit note on an invoice.</summary>
        public const string Write = "sales.payments.write";

        /// <summary>Cancel a payment (a reversing payment).</summary>
        public const string Cancel = "sales.payments.cancel";
        public const string Export = "sales.payments.export";
    }

    public static class Shipments
    {
        public const string Read = "sales.shipments.read";
        public const string Write = "sales.shipments.write";
        public const string Validate = "sales.shipments.validate";

        /// <summary>Close as delivered, cancel (stock back).</summary>
        public const string Close = "sales.shipments.close";
        public const string Delete = "sales.shipments.delete";
        public const string Export = "sales.shipments.export";
    }

    /// <summary>The workflow automation switches (DOMAIN.md §3).</summary>
    public const string Automations = "sales.automations.admin";

    public static readonly PermissionDefinition[] All =
    [
        new(Proposals.Read, "sales", "Proposals", "Read"),
        new(Proposals.Write, "sales", "Proposals", "Create, edit drafts"),
        new(Proposals.Validate, "sales", "Proposals", "Validate"),
        new(Proposals.Close, "sales", "Proposals", "Sign, refuse, reopen, cancel"),
        new(Proposals.Delete, "sales", "Proposals", "Delete drafts"),
        new(Proposals.Export, "sales", "Proposals", "Export"),
        new(Orders.Read, "sales", "Orders", "Read"),
        new(Orders.Write, "sales", "Orders", "Create, edit drafts"),
        new(Orders.Validate, "sales", "Orders", "Validate"),
        new(Orders.Close, "sales", "Orders", "Cancel"),
        new(Orders.Delete, "sales", "Orders", "Delete drafts"),
        new(Orders.Export, "sales", "Orders", "Export"),
        new(Invoices.Read, "sales", "Invoices", "Read"),
        new(Invoices.Write, "sales", "Invoices", "Create, edit drafts"),
        new(Invoices.Validate, "sales", "Invoices", "Validate"),
        new(Invoices.Close, "sales", "Invoices", "Abandon"),
        new(Invoices.Delete, "sales", "Invoices", "Delete drafts"),
        new(Invoices.Export, "sales", "Invoices", "Export"),
        new(Payments.Read, "sales", "Payments", "Read"),
        new(Payments.Write, "sales", "Payments", "Record payments, use credits"),
        new(Payments.Cancel, "sales", "Payments", "Cancel payments"),
        new(Payments.Export, "sales", "Payments", "Export"),
        new(Shipments.Read, "sales", "Shipments", "Read"),
        new(Shipments.Write, "sales", "Shipments", "Create, edit drafts"),
        new(Shipments.Validate, "sales", "Shipments", "Validate"),
        new(Shipments.Close, "sales", "Shipments", "Close as delivered, cancel"),
        new(Shipments.Delete, "sales", "Shipments", "Delete drafts"),
        new(Shipments.Export, "sales", "Shipments", "Export"),
        new(Automations, "sales", "Settings", "Workflow automations"),
    ];
}
