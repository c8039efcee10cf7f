using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Domain;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.Web.Modules.Crm.Public;

/// <summary>A third party's name and code as another module's list joins it in SQL.</summary>
public sealed record ThirdPartyName
{
    public long Id { get; init; }

    public string Name { get; init; } = "";

    public string? CustomerCode { get; init; }
}

/// <summary>Composable query for other modules' lists (ARCHITECTURE.md §3): join it, never loop over it.</summary>
public static class ThirdPartyNames
{
    public static IQueryable<ThirdPartyName> Query(AppDbContext db) => Query(db, visible: null);

    /// <summary>Only the third parties the user may see (<see cref="CrmVisibility"/>; null: all): other rows join to nothing.</summary>
    public static IQueryable<ThirdPartyName> Query(AppDbContext db, IQueryable<long>? visible) =>
        db.Set<ThirdParty>().AsNoTracking().WhereThirdPartyVisible(visible, t => t.Id)
            .Select(t => new ThirdPartyName { Id = t.Id, Name = t.Name, CustomerCode = t.CustomerCode });
}
