using Microsoft.EntityFrameworkCore.Design;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Domain;

namespace MokoCrm.Web.Platform.Data;

/// <summary>
/// Lets `dotnet ef migrations add` build the model without starting the app (and its embedded database). The context
/// comes from the same registrations as at run time: Identity's options shape its tables (schema version).
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<AppDbContext>(options => AppDbContextOptions.Configure(options, "Host=localhost;Database=mokocrm_design"));
        services.AddIdentityCore<AppUser>(SecurityModule.ConfigureIdentity).AddEntityFrameworkStores<AppDbContext>();
        return services.BuildServiceProvider().GetRequiredService<AppDbContext>();
    }
}
