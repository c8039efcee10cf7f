using FluentValidation;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Accounting.Features;

public sealed class ManualEntryLineForm
{
    public string? Account { get; set; }

    public string? Subledger { get; set; }

    public decimal? Debit { get; set; }

    public decimal? Credit { get; set; }

    public string? Label { get; set; }
}

public sealed class ManualEntryForm
{
    public DateOnly Date { get; set; }

    public string Label { get; set; } = "";

    public string Reason { get; set; } = "";

    public List<ManualEntryLineForm> Lines { get; set; } = [];
}

public sealed class ManualEntryFormValidator : AbstractValidator<ManualEntryForm>
{
    public ManualEntryFormValidator()
    {
        RuleFor(f => f.Date).NotEmpty().WithMessage("Enter the date.");
        RuleFor(f => f.Label).NotEmpty().WithMessage("Enter a label.").MaximumLength(255);
        RuleFor(f => f.Reason).NotEmpty().WithMessage("Say why this entry is made.").MaximumLength(500);
        RuleForEach(f => f.Lines).ChildRules(line =>
        {
            line.RuleFor(l => l.Debit).GreaterThanOrEqualTo(0).WithMessage("A debit cannot be negative.");
            line.RuleFor(l => l.Credit).GreaterThanOrEqualTo(0).WithMessage("A credit cannot be negative.");
            line.RuleFor(l => l.Account).MaximumLength(20);
            line.RuleFor(l => l.Label).MaximumLength(255);
        });
    }
}

public sealed class ReversalForm
{
    public DateOnly Date { get; set; }

    public string Reason { get; set; } = "";
}

public sealed class ReversalFormValidator : AbstractValidator<ReversalForm>
{
    public ReversalFormValidator()
    {
        RuleFor(f => f.Date).NotEmpty().WithMessage("Enter the date of the reversal.");
        RuleFor(f => f.Reason).NotEmpty().WithMessage("Say why the entry is reversed.").MaximumLength(500);
    }
}

/// <summary>Manual entries in OD (balanced, with a reason) and their reversal, each in one transaction.</summary>
public sealed class ManualEntries(AppDbContext db, PostingEngine engine)
{
    public const string SourceType = "accounting.manual";

    public async Task<long> PostAsync(ManualEntryForm form, CancellationToken cancellationToken = default)
    {
        var lines = form.Lines.Where(l => !string.IsNullOrWhiteSpace(l.Account) || (l.Debit ?? 0) != 0 || (l.Credit ?? 0) != 0)
            .Select(l => new PostingLine(string.IsNullOrWhiteSpace(l.Account) ? null : l.Account.Trim().ToUpperInvariant(), l.Debit ?? 0, l.Credit ?? 0,
                string.IsNullOrWhiteSpace(l.Label) ? form.Label.Trim() : l.Label.Trim(), l.Subledger))
            .ToList();
        if (lines.Any(l => l.Account is null))
        {
            throw new DomainException("Every line with an amount needs an account.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // The manual entry record is the source: its HiLo id is known as soon as it is added.
        var source = db.Add(new ManualEntry(form.Label.Trim(), form.Reason.Trim())).Entity;
        var sourceId = source.Id;
        var entry = await engine.PostAsync(new PostingDraft(Journal.Miscellaneous, form.Date, form.Label.Trim(), SourceType, sourceId, EntryKind.Posting, lines,
            Reference: $"OD-{sourceId}", Reason: form.Reason.Trim()), manual: true, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return entry.Id;
    }

    /// <summary>Posts the mirror of a manual entry, once: the (source, kind Reversal) index refuses a second one.</summary>
    public async Task<long> ReverseAsync(long entryId, ReversalForm form, CancellationToken cancellationToken = default)
    {
        var original = await db.Set<JournalEntry>().AsNoTracking().Include(e => e.Lines).SingleOrDefaultAsync(e => e.Id == entryId, cancellationToken)
                       ?? throw new NotFoundException("The entry");
        if (original.SourceType != SourceType || original.Kind != EntryKind.Posting)
        {
            throw new DomainException("Only a manual entry can be reversed here: an automatic posting is reversed by cancelling its document.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var reversal = (await engine.ReverseAsync(original.SourceType, original.SourceId, form.Date, form.Reason, cancellationToken))!;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return reversal.Id;
    }
}
