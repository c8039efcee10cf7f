using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.Web.Modules.Stock.Features;

/// <summary>The demo workshop's two warehouses: the main depot (default) and the shop's back room.</summary>
internal sealed class StockDemoSeeder : IDemoDataSeeder
{
    public int Order => 210;

    public async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<AppDbContext>();
        if (await db.Set<Warehouse>().AnyAsync(w => w.Reference == "WH-MAIN", cancellationToken))
        {
            return;
        }

        var main = new Warehouse("WH-MAIN", "Main depot") { Address = "4 chemin des Scieries", PostalCode = "69007", Town = "Lyon", CountryCode = "FR" };
        if (!await db.Set<Warehouse>().AnyAsync(w => w.IsDefault, cancellationToken))
        {
            main.MakeDefault();
        }

        db.Add(main);
        db.Add(new Warehouse("WH-SHOP", "Shop back room") { Address = "12 rue des Artisans", PostalCode = "69002", Town = "Lyon", CountryCode = "FR" });
        await db.SaveChangesAsync(cancellationToken);
    }
}
