using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Setup.Domain;
using MokoCrm.Web.Platform.Setup.Features;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Platform.Setup.Controllers;

/// <summary>/Setup/BankAccounts: the accounts payments go through, with their ledger account.</summary>
[Area("Setup")]
[Route("Setup/BankAccounts")]
public sealed class BankAccountsController(SetupQueries queries, SetupAdministration setup, IValidator<BankAccountForm> validator, AppDbContext db)
    : ReferenceDataController<BankAccount, BankAccountForm, BankAccountRow>(db, validator)
{
    protected override string BaseUrl => "/Setup/BankAccounts";

    protected override string Title => "Bank accounts";

    protected override string NewLabel => "New bank account";

    protected override ListDefinition<BankAccountRow> List => SetupQueries.BankAccountList;

    protected override IQueryable<BankAccountRow> Rows() => queries.BankAccounts();

    protected override BankAccountForm ToForm(BankAccount e) => new()
    {
        Label = e.Label, BankName = e.BankName, Iban = e.Iban is null ? null : Iban.Format(e.Iban), Bic = e.Bic,
        AccountingAccount = e.AccountingAccount, JournalCode = e.JournalCode, Active = e.Active,
    };

    protected override async Task<string> SaveAsync(long? id, BankAccountForm form, CancellationToken cancellationToken)
    {
        await setup.SaveBankAccountAsync(id, form, cancellationToken);
        return $"Bank account {form.Label} saved.";
    }
}
