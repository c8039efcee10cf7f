namespace MokoCrm.Web.Platform.Numbering;

/// <summary>The keys of numbered document types and their default masks (DOMAIN.md §1).</summary>
public static class NumberedDocumentTypes
{
    public const string Proposal = "proposal";
    public const string SalesOrder = "sales_order";
    public const string Shipment = "shipment";
    public const string Invoice = "invoice";
    public const string CreditNote = "credit_note";
    public const string DepositInvoice = "deposit_invoice";
    public const string PurchaseOrder = "purchase_order";
    public const string Reception = "reception";
    public const string SupplierInvoice = "supplier_invoice";
    public const string SupplierCreditNote = "supplier_credit_note";
    public const string Payment = "payment";
    public const string SupplierPayment = "supplier_payment";
    public const string Project = "project";
    public const string ProjectTask = "task";
    public const string Contract = "contract";
    public const string CustomerCode = "customer_code";
    public const string SupplierCode = "supplier_code";
    public const string ManufacturingOrder = "manufacturing_order";
    public const string ExpenseReport = "expense_report";

    public static IReadOnlyDictionary<string, string> DefaultMasks { get; } = new Dictionary<string, string>
    {
        [Proposal] = "PR{yymm}-{nnnn}",
        [SalesOrder] = "SO{yymm}-{nnnn}",
        [Shipment] = "SH{yymm}-{nnnn}",
        [Invoice] = "IN{yymm}-{nnnn}",
        [CreditNote] = "CN{yymm}-{nnnn}",
        [DepositInvoice] = "DP{yymm}-{nnnn}",
        [PurchaseOrder] = "PO{yymm}-{nnnn}",
        [Reception] = "RC{yymm}-{nnnn}",
        [SupplierInvoice] = "SI{yymm}-{nnnn}",
        [SupplierCreditNote] = "SC{yymm}-{nnnn}",
        [Payment] = "PAY{yymm}-{nnnn}",
        [SupplierPayment] = "SPAY{yymm}-{nnnn}",
        [Project] = "PJ{yymm}-{nnnn}",
        [ProjectTask] = "TK{yymm}-{nnnn}",
        [Contract] = "CT{yymm}-{nnnn}",
        [CustomerCode] = "CU{yymm}-{nnnn}",
        [SupplierCode] = "SU{yymm}-{nnnn}",
        [ManufacturingOrder] = "MO{yymm}-{nnnn}",
        [ExpenseReport] = "ER{yymm}-{nnnn}",
    };
}
