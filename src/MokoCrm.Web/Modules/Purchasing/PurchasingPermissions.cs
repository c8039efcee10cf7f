using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Purchasing;

/// <summary>The rights of the Purchasing module (DOMAIN.md §10: read, create/edit, validate, approve, close, delete, export, admin).</summary>
public static class PurchasingPermissions
{
    public static class Orders
    {
        public const string Read = "purchasing.orders.read";
        public const string Write = "purchasing.orders.write";
        public const string Validate = "purchasing.orders.validate";
        public const string Approve = "purchasing.orders.approve";

        /// <summary>The second approval of an order above the settings' amount.</summary>
        public const string ApproveSecond = "purchasing.orders.approve2";

        /// <summary>Send to the supplier (ordered: date and method).</summary>
        public const string Send = "purchasing.orders.send";

        /// <summary>Cancel.</summary>
        public const string Close = "purchasing.orders.close";
        public const string Delete = "purchasing.orders.delete";
        public const string Export = "purchasing.orders.export";
    }

    public static class Receptions
    {
        public const string Read = "purchasing.receptions.read";
        public const string Write = "purchasing.receptions.write";

        /// <summary>Validate, close, cancel (stock moves).</summary>
        public const string Validate = "purchasing.receptions.validate";
    }

    public static class Invoices
    {
        public const string Read = "purchasing.invoices.read";
        public const string Write = "purchasing.invoices.write";
        public const string Validate = "purchasing.invoices.validate";

        /// <summary>Classify an unpaid supplier invoice abandoned (its AC entry reversed).</summary>
        public const string Close = "purchasing.invoices.close";
        public const string Export = "purchasing.invoices.export";
    }

    public static class Payments
    {
        public const string Read = "purchasing.payments.read";

        /// <summary>Record and cancel (reverse) supplier payments.</summary>
        public const string Write = "purchasing.payments.write";
    }

    public static class Settings
    {
        public const string Admin = "purchasing.settings.admin";
    }

    public static readonly PermissionDefinition[] All =
    [
        new(Orders.Read, "purchasing", "Purchase orders", "Read"),
        new(Orders.Write, "purchasing", "Purchase orders", "Create, edit drafts"),
        new(Orders.Validate, "purchasing", "Purchase orders", "Validate"),
        new(Orders.Approve, "purchasing", "Purchase orders", "Approve, refuse"),
        new(Orders.ApproveSecond, "purchasing", "Purchase orders", "Second approval (above the settings' amount)"),
        new(Orders.Send, "purchasing", "Purchase orders", "Send to the supplier"),
        new(Orders.Close, "purchasing", "Purchase orders", "Cancel"),
        new(Orders.Delete, "purchasing", "Purchase orders", "Delete drafts"),
        new(Orders.Export, "purchasing", "Purchase orders", "Export"),
        new(Receptions.Read, "purchasing", "Receptions", "Read"),
        new(Receptions.Write, "purchasing", "Receptions", "Create, delete drafts"),
        new(Receptions.Validate, "purchasing", "Receptions", "Validate, close, cancel"),
        new(Invoices.Read, "purchasing", "Supplier invoices", "Read"),
        new(Invoices.Write, "purchasing", "Supplier invoices", "Create, edit drafts"),
        new(Invoices.Validate, "purchasing", "Supplier invoices", "Validate"),
        new(Invoices.Close, "purchasing", "Supplier invoices", "Abandon"),
        new(Invoices.Export, "purchasing", "Supplier invoices", "Export"),
        new(Payments.Read, "purchasing", "Supplier payments", "Read"),
        new(Payments.Write, "purchasing", "Supplier payments", "Record, cancel"),
        new(Settings.Admin, "purchasing", "Settings", "Edit the purchasing settings"),
    ];
}
