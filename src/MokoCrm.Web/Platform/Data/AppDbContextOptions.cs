using Microsoft.EntityFrameworkCore;

namespace MokoCrm.Web.Platform.Data;

/// <summary>The one place the context's provider options are set (app, design time, tests, benchmarks).</summary>
public static class AppDbContextOptions
{
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history", ModelConventions.PlatformSchema))
            .UseSnakeCaseNamingConvention()
            // MigrationsTests reports a model without its migration, naming the differences; start-up only logs it.
            .ConfigureWarnings(w => w
                .Log(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning)
                // The lists' bounded count (Take(10001).Count()) needs no order: counting is order-free.
                .Ignore(Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.RowLimitingOperationWithoutOrderByWarning));
}
