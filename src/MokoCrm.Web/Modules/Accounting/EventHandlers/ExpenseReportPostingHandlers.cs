using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Modules.Accounting.Features;
using MokoCrm.Web.Modules.Hr.Public.Events;
using MokoCrm.Web.Platform.Events;

namespace MokoCrm.Web.Modules.Accounting.EventHandlers;

/// <summary>ER: debit the fee accounts and 44566, credit 421 (subledger the employee).</summary>
internal sealed class PostExpenseReportOnExpenseReportApproved(PostingEngine engine) : IDomainEventHandler<ExpenseReportApproved>
{
    public async Task HandleAsync(ExpenseReportApproved e, CancellationToken cancellationToken) =>
        await engine.PostAsync(defaults => PostingBuilders.ExpenseReport(
            new ExpenseReportPosting(e.ExpenseReportId, e.Reference, e.Date, e.EmployeeName, e.EmployeeCode,
                e.Lines.Select(l => new ExpenseReportPostingLine(l.Account, l.AmountExclTax, l.VatRate, l.VatAmount)).ToList()),
            defaults), cancellationToken);
}

/// <summary>BQ: debit 421 (subledger the employee), credit the bank account's ledger account.</summary>
internal sealed class PostExpenseReportPaymentOnExpenseReportPaid(PostingEngine engine) : IDomainEventHandler<ExpenseReportPaid>
{
    public async Task HandleAsync(ExpenseReportPaid e, CancellationToken cancellationToken) =>
        await engine.PostAsync(defaults => PostingBuilders.ExpenseReportPayment(e.ExpenseReportId, e.Reference, e.Date, e.EmployeeName, e.EmployeeCode,
            e.BankAccountingAccount, e.Amount, defaults, e.BankAccountId), cancellationToken);
}
