using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Numbering;

namespace MokoCrm.IntegrationTests.Platform.Sample;

/// <summary>
/// The validate use case as a module writes it: one transaction around taking the number and saving, so a failure
/// anywhere gives the number back. <paramref name="commit"/> false plays a validation that fails at the very end.
/// </summary>
public sealed class ValidateSampleDocument(AppDbContext db, INumberingService numbering)
{
    public async Task<string> RunAsync(long documentId, string documentType, bool commit = true, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var document = await db.Set<SampleDocument>().SingleAsync(d => d.Id == documentId, cancellationToken);
        document.Validate(await numbering.NextAsync(documentType, document.DocumentDate, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
        if (commit)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return document.Number!;
    }
}
