using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.Web.Platform.Numbering;

/// <summary>Adds the default mask of every type that has none; never touches a mask an admin edited.</summary>
internal sealed class NumberingMaskSeeder : IReferenceDataSeeder
{
    public int Order => 10;

    public async Task SeedAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var existing = (await db.Set<NumberingMask>().Select(m => m.DocumentType).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        foreach (var (documentType, mask) in NumberedDocumentTypes.DefaultMasks)
        {
            if (!existing.Contains(documentType))
            {
                db.Add(new NumberingMask(documentType, mask));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}

public static class NumberingServices
{
    public static IServiceCollection AddNumbering(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<INumberingService, NumberingService>();
        services.AddScoped<IReferenceDataSeeder, NumberingMaskSeeder>();
        return services;
    }
}
