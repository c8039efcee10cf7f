using MokoCrm.Web.Modules.Accounting.EventHandlers;
using MokoCrm.Web.Modules.Accounting.Features;
using MokoCrm.Web.Modules.Accounting.Queries;
using MokoCrm.Web.Modules.Hr.Public.Events;
using MokoCrm.Web.Modules.Purchasing.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Events;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;

namespace MokoCrm.Web.Modules.Accounting;

/// <summary>Accounting (issue 7, first slice): chart, journals, the posting engine, manual entries, ledgers, verification.</summary>
public static class AccountingModule
{
    public static IServiceCollection AddAccounting(this IServiceCollection services)
    {
        services.AddPermissions("accounting", "Accounting", AccountingPermissions.All);
        services.AddScoped<PostingEngine>();
        services.AddSingleton<PostingEngine.LastSeenDefaults>();
        services.AddSingleton<PostingEngine.LastSeenBanks>();
        services.AddSingleton<PostingEngine.IdBlocks>();
        services.AddScoped<ManualEntries>();
        services.AddScoped<LedgerVerifier>();
        services.AddScoped<AccountingAdministration>();
        services.AddScoped<LedgerQueries>();
        services.AddScoped<BankQueries>();
        services.AddScoped<ReportQueries>();
        services.AddScoped<FecExport>();
        services.AddScoped<BankReconciliation>();
        services.AddScoped<BankTransfers>();
        services.AddScoped<Letterings>();
        services.AddScoped<IReferenceDataSeeder, AccountingSeeder>();

        // One handler per posted source; Sales and Purchasing add theirs here when they land.
        services.AddScoped<IDomainEventHandler<SalaryRecorded>, PostSalaryOnSalaryRecorded>();
        services.AddScoped<IDomainEventHandler<SalaryPaid>, PostSalaryPaymentOnSalaryPaid>();
        services.AddScoped<IDomainEventHandler<ExpenseReportApproved>, PostExpenseReportOnExpenseReportApproved>();
        services.AddScoped<IDomainEventHandler<ExpenseReportPaid>, PostExpenseReportPaymentOnExpenseReportPaid>();
        services.AddScoped<IDomainEventHandler<SupplierInvoiceValidated>, PostSupplierInvoiceOnSupplierInvoiceValidated>();
        services.AddScoped<IDomainEventHandler<SupplierPaymentMade>, PostSupplierPaymentOnSupplierPaymentMade>();
        services.AddScoped<IDomainEventHandler<SupplierInvoiceAbandoned>, ReverseSupplierInvoiceOnSupplierInvoiceAbandoned>();
        services.AddScoped<IDomainEventHandler<Sales.Public.InvoiceValidated>, PostSalesJournalOnInvoiceValidated>();
        services.AddScoped<IDomainEventHandler<Sales.Public.InvoiceAbandoned>, PostBadDebtOnInvoiceAbandoned>();
        services.AddScoped<IDomainEventHandler<Sales.Public.PaymentReceived>, PostBankJournalOnPaymentReceived>();
        services.AddScoped<IDomainEventHandler<Sales.Public.PaymentCancelled>, ReversePaymentOnPaymentCancelled>();

        // After the postings above (handlers run in registration order): lettering reads the entries they added.
        services.AddScoped<IDomainEventHandler<Sales.Public.PaymentReceived>, LetterPaidInvoicesOnPaymentReceived>();
        services.AddScoped<IDomainEventHandler<Sales.Public.PaymentCancelled>, UnletterOnPaymentCancelled>();
        services.AddScoped<IDomainEventHandler<Sales.Public.InvoiceCreditUsed>, LetterOnInvoiceCreditUsed>();
        services.AddScoped<IDomainEventHandler<SupplierPaymentMade>, LetterPaidSupplierInvoicesOnSupplierPaymentMade>();
        services.AddScoped<IDomainEventHandler<SupplierInvoiceCreditUsed>, LetterOnSupplierInvoiceCreditUsed>();

        services.AddMenu(new MenuSection("Accounting", "Accounting", "bi-journal-bookmark", "/Accounting", AccountingPermissions.Ledger.Read, 700,
        [
            new MenuItem("Overview", "/Accounting", AccountingPermissions.Ledger.Read),
            new MenuItem("Entries", "/Accounting/Entries", AccountingPermissions.Ledger.Read),
            new MenuItem("New manual entry", "/Accounting/Entries/new", AccountingPermissions.Entries.Post),
            new MenuItem("General ledger", "/Accounting/GeneralLedger", AccountingPermissions.Ledger.Read),
            new MenuItem("Trial balance", "/Accounting/TrialBalance", AccountingPermissions.Ledger.Read),
            new MenuItem("Bank accounts", "/Accounting/BankAccounts", AccountingPermissions.Ledger.Read),
            new MenuItem("Customer subledger", "/Accounting/Subledgers/customers", AccountingPermissions.Ledger.Read),
            new MenuItem("Supplier subledger", "/Accounting/Subledgers/suppliers", AccountingPermissions.Ledger.Read),
            new MenuItem("Income statement", "/Accounting/IncomeStatement", AccountingPermissions.Ledger.Read),
            new MenuItem("Balance sheet", "/Accounting/BalanceSheet", AccountingPermissions.Ledger.Read),
            new MenuItem("VAT report", "/Accounting/Vat", AccountingPermissions.Ledger.Read),
            new MenuItem("Aged receivables", "/Accounting/Aged/customers", AccountingPermissions.Ledger.Read),
            new MenuItem("Aged payables", "/Accounting/Aged/suppliers", AccountingPermissions.Ledger.Read),
            new MenuItem("FEC export", "/Accounting/Fec", AccountingPermissions.Ledger.Export),
            new MenuItem("To review", "/Accounting/Review", AccountingPermissions.Ledger.Read),
            new MenuItem("Verify ledger", "/Accounting/Verify", AccountingPermissions.Ledger.Read),
            new MenuItem("Chart of accounts", "/Accounting/Accounts", AccountingPermissions.Ledger.Read),
            new MenuItem("Account settings", "/Accounting/Settings", AccountingPermissions.Settings.Write),
            new MenuItem("Fiscal periods", "/Accounting/Periods", AccountingPermissions.Periods.Close),
        ]));
        return services;
    }
}
