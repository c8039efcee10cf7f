using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MokoCrm.Web.Platform.Data;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the app (and its embedded database).</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AppDbContext>()
            .UseNpgsql("Host=localhost;Database=mokocrm_design", npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history", ModelConventions.PlatformSchema))
            .UseSnakeCaseNamingConvention()
            .Options);
}
