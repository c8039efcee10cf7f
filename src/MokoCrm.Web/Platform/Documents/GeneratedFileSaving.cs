using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Data;
using Npgsql;

namespace MokoCrm.Web.Platform.Documents;

public static class GeneratedFileSaving
{
    /// <summary>
    /// Saves a PDF staged by <see cref="DocumentStore.AddGeneratedAsync"/> when a user opens it. The outbox may store
    /// the same file at the same moment (right after validation); the unique index then refuses the second insert.
    /// The stored copy was drawn from the same record, so the user still gets theirs and nothing is lost.
    /// </summary>
    public static async Task SaveGeneratedFileAsync(this AppDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "ux_stored_files_generated_name" })
        {
            db.ChangeTracker.Clear();
        }
    }
}
