using FluentValidation;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Accounting.Features;

public sealed class AccountForm
{
    public string Number { get; set; } = "";

    public string Label { get; set; } = "";

    public AccountType Type { get; set; } = AccountType.Expense;

    public string? ParentNumber { get; set; }
}

public sealed class AccountFormValidator : AbstractValidator<AccountForm>
{
    public AccountFormValidator()
    {
        RuleFor(f => f.Number).NotEmpty().WithMessage("Enter the account number.").MaximumLength(20);
        RuleFor(f => f.Label).NotEmpty().WithMessage("Enter a label.").MaximumLength(255);
        RuleFor(f => f.Type).IsInEnum().WithMessage("Choose a type.");
        RuleFor(f => f.ParentNumber).MaximumLength(20);
    }
}

public sealed class AccountSettingsForm
{
    /// <summary>Key → account number, one per DefaultAccountKeys entry.</summary>
    public Dictionary<string, string?> Accounts { get; set; } = [];
}

public sealed class AccountSettingsFormValidator : AbstractValidator<AccountSettingsForm>
{
    public AccountSettingsFormValidator() => RuleForEach(f => f.Accounts).Must(a => (a.Value ?? "").Length <= 20).WithMessage("An account number has at most 20 characters.");
}

/// <summary>Chart of accounts and account settings screens: each change in one save.</summary>
public sealed class AccountingAdministration(AppDbContext db)
{
    public async Task<long> SaveAccountAsync(long? id, AccountForm form, CancellationToken cancellationToken = default)
    {
        var parent = string.IsNullOrWhiteSpace(form.ParentNumber) ? null : Account.CleanNumber(form.ParentNumber);
        if (parent is not null && !await db.Set<Account>().AnyAsync(a => a.Number == parent, cancellationToken))
        {
            throw new DomainException($"The parent account {parent} does not exist.");
        }

        Account account;
        if (id is { } existing)
        {
            // The number of an existing account never changes: entries refer to it.
            account = await db.Set<Account>().SingleOrDefaultAsync(a => a.Id == existing, cancellationToken) ?? throw new NotFoundException("The account");
            account.Rename(form.Label);
            account.ChangeType(form.Type);
        }
        else
        {
            var number = Account.CleanNumber(form.Number);
            if (await db.Set<Account>().AnyAsync(a => a.Number == number, cancellationToken))
            {
                throw new DomainException($"The account {number} already exists.");
            }

            account = db.Add(new Account(number, form.Label, form.Type, parent)).Entity;
        }

        await db.SaveChangesAsync(cancellationToken);
        return account.Id;
    }

    public async Task SetEnabledAsync(long id, bool enabled, CancellationToken cancellationToken = default)
    {
        var account = await db.Set<Account>().SingleOrDefaultAsync(a => a.Id == id, cancellationToken) ?? throw new NotFoundException("The account");
        if (!enabled && await db.Set<DefaultAccount>().AnyAsync(d => d.AccountNumber == account.Number, cancellationToken))
        {
            throw new DomainException($"The account {account.Number} is a default account in the account settings: choose another one there first.");
        }

        if (enabled)
        {
            account.Enable();
        }
        else
        {
            account.Disable();
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task SaveSettingsAsync(AccountSettingsForm form, CancellationToken cancellationToken = default)
    {
        var rows = await db.Set<DefaultAccount>().ToListAsync(cancellationToken);
        var wanted = form.Accounts.Where(a => DefaultAccountKeys.All.Any(d => d.Key == a.Key))
            .ToDictionary(a => a.Key, a => string.IsNullOrWhiteSpace(a.Value) ? null : Account.CleanNumber(a.Value));
        var numbers = wanted.Values.OfType<string>().Distinct().ToList();
        var existing = await db.Set<Account>().Where(a => numbers.Contains(a.Number)).Select(a => new { a.Number, a.Enabled }).ToListAsync(cancellationToken);
        foreach (var (key, number) in wanted)
        {
            var label = DefaultAccountKeys.All.Single(d => d.Key == key).Label;
            if (number is null)
            {
                throw new DomainException($"Choose an account for {label}.");
            }

            if (existing.SingleOrDefault(a => a.Number == number) is not { } account)
            {
                throw new DomainException($"The account {number} ({label}) does not exist in the chart of accounts.");
            }

            if (!account.Enabled)
            {
                throw new DomainException($"The account {number} ({label}) is disabled.");
            }

            if (rows.SingleOrDefault(r => r.Key == key) is { } row)
            {
                row.AccountNumber = number;
            }
            else
            {
                db.Add(new DefaultAccount(key, number));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
