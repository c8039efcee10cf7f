using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Modules.Accounting.Features;
using MokoCrm.Web.Modules.Hr.Public.Events;
using MokoCrm.Web.Platform.Events;

namespace MokoCrm.Web.Modules.Accounting.EventHandlers;

/// <summary>OD: debit 641 gross, credit 421 net (subledger the employee), credit 431 the difference.</summary>
internal sealed class PostSalaryOnSalaryRecorded(PostingEngine engine) : IDomainEventHandler<SalaryRecorded>
{
    public async Task HandleAsync(SalaryRecorded e, CancellationToken cancellationToken) =>
        await engine.PostAsync(defaults => PostingBuilders.Salary(
            new SalaryPosting(e.SalaryId, e.Reference, e.Date, e.EmployeeName, e.EmployeeCode, e.Gross, e.NetToPay), defaults), cancellationToken);
}

/// <summary>BQ: debit 421 (subledger the employee), credit the bank account's ledger account.</summary>
internal sealed class PostSalaryPaymentOnSalaryPaid(PostingEngine engine) : IDomainEventHandler<SalaryPaid>
{
    public async Task HandleAsync(SalaryPaid e, CancellationToken cancellationToken) =>
        await engine.PostAsync(defaults => PostingBuilders.SalaryPayment(
            new SalaryPaymentPosting(e.SalaryId, e.Reference, e.Date, e.EmployeeName, e.EmployeeCode, e.BankAccountingAccount, e.Amount, e.BankAccountId), defaults),
            cancellationToken);
}
