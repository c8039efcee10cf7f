using FluentValidation;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.Web.Modules.Accounting.Features;

public sealed class BankTransferForm
{
    public long? FromBankAccountId { get; set; }

    public long? ToBankAccountId { get; set; }

    public DateOnly Date { get; set; }

    public decimal? Amount { get; set; }

    public string? Label { get; set; }
}

public sealed class BankTransferFormValidator : AbstractValidator<BankTransferForm>
{
    public BankTransferFormValidator()
    {
        RuleFor(f => f.FromBankAccountId).NotEmpty().WithMessage("Choose the account the money leaves.");
        RuleFor(f => f.ToBankAccountId).NotEmpty().WithMessage("Choose the account the money goes to.")
            .NotEqual(f => f.FromBankAccountId).WithMessage("Choose two different bank accounts.");
        RuleFor(f => f.Date).NotEmpty().WithMessage("Enter the date.");
        RuleFor(f => f.Amount).NotNull().WithMessage("Enter the amount.")
            .GreaterThan(0).WithMessage("The amount must be positive.")
            .Must(a => a is null || decimal.Round(a.Value, 2) == a.Value).WithMessage("The amount has at most 2 decimals.");
        RuleFor(f => f.Label).MaximumLength(200);
    }
}

/// <summary>
/// Internal transfers between two bank accounts of Platform/Setup (Dolibarr's "internal transfer"): one BQ entry
/// through 58 (<see cref="PostingBuilders.InternalTransfer"/>) and a bank line on each account, in one transaction.
/// The source record is a <see cref="ManualEntry"/> row (label and reason), so a transfer is posted once.
/// </summary>
public sealed class BankTransfers(AppDbContext db, PostingEngine engine)
{
    public async Task<JournalEntry> TransferAsync(BankTransferForm form, CancellationToken cancellationToken = default)
    {
        if (form.FromBankAccountId == form.ToBankAccountId)
        {
            throw new DomainException("Choose two different bank accounts.");
        }

        var amount = form.Amount ?? 0m;
        if (amount <= 0m)
        {
            throw new DomainException("The amount must be positive.");
        }

        var banks = await db.Set<BankAccount>().AsNoTracking().Where(b => b.Id == form.FromBankAccountId || b.Id == form.ToBankAccountId)
            .ToDictionaryAsync(b => b.Id, cancellationToken);
        var from = banks.GetValueOrDefault(form.FromBankAccountId ?? 0) ?? throw new NotFoundException("The bank account the money leaves");
        var to = banks.GetValueOrDefault(form.ToBankAccountId ?? 0) ?? throw new NotFoundException("The bank account the money goes to");
        if (!from.Active || !to.Active)
        {
            throw new DomainException($"{(from.Active ? to : from).Label} is closed: it takes no transfer.");
        }

        var label = string.IsNullOrWhiteSpace(form.Label) ? $"Transfer {from.Label} → {to.Label}" : form.Label.Trim();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var source = db.Add(new ManualEntry(label, $"Internal transfer from {from.Label} to {to.Label}")).Entity;
        var posting = new BankTransferPosting(source.Id, $"VIR-{source.Id}", form.Date, label, from.Id, from.AccountingAccount, to.Id, to.AccountingAccount, amount);
        var entry = await engine.PostAsync(defaults => PostingBuilders.InternalTransfer(posting, defaults), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return entry;
    }

    /// <summary>
    /// Cancels a mistaken transfer: the mirror of its entry, dated and explained by <paramref name="form"/>, with a
    /// bank line back on each account (<see cref="PostingEngine.ReverseAsync"/>); a second cancellation is refused.
    /// </summary>
    public async Task<JournalEntry> CancelAsync(long entryId, ReversalForm form, CancellationToken cancellationToken = default)
    {
        var original = await db.Set<JournalEntry>().AsNoTracking().Where(e => e.Id == entryId)
                           .Select(e => new { e.SourceType, e.SourceId, e.Kind }).SingleOrDefaultAsync(cancellationToken)
                       ?? throw new NotFoundException("The entry");
        if (original.SourceType != PostingBuilders.BankTransferSource || original.Kind != EntryKind.Posting)
        {
            throw new DomainException("Only an internal transfer can be cancelled here.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var reversal = await engine.ReverseAsync(original.SourceType, original.SourceId, form.Date, form.Reason, cancellationToken)
                       ?? throw new NotFoundException("The entry");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return reversal;
    }
}
