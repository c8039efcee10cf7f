using FluentValidation;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Accounting.Features;

public sealed class ReconcileForm
{
    public string StatementReference { get; set; } = "";

    public List<long> LineIds { get; set; } = [];
}

public sealed class ReconcileFormValidator : AbstractValidator<ReconcileForm>
{
    public ReconcileFormValidator()
    {
        RuleFor(f => f.StatementReference).NotEmpty().WithMessage("Enter the reference of the bank statement.").MaximumLength(64);
        RuleFor(f => f.LineIds).NotEmpty().WithMessage("Tick the lines that appear on the statement.");
    }
}

/// <summary>Matches bank lines with a bank statement: all the ticked lines of one account, or none.</summary>
public sealed class BankReconciliation(AppDbContext db, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<int> ReconcileAsync(long bankAccountId, ReconcileForm form, CancellationToken cancellationToken = default)
    {
        var ids = form.LineIds.Distinct().ToList();
        var lines = await db.Set<BankLine>().Where(l => l.BankAccountId == bankAccountId && ids.Contains(l.Id)).ToListAsync(cancellationToken);
        if (lines.Count != ids.Count)
        {
            throw new DomainException("Some of the ticked lines do not belong to this bank account.");
        }

        var now = clock.GetUtcNow();
        foreach (var line in lines.OrderBy(l => l.Date).ThenBy(l => l.Id))
        {
            line.Reconcile(form.StatementReference, now, currentUser.UserId);
        }

        await db.SaveChangesAsync(cancellationToken);
        return lines.Count;
    }
}
