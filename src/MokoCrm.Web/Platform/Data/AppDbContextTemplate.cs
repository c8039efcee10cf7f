using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using MokoCrm.Web.Platform.Hosting;

namespace MokoCrm.Web.Platform.Data;

/// <summary>
/// The provider options every <see cref="AppDbContext"/> of the process shares (<see cref="AppDbContextOptions.Configure"/>:
/// Npgsql with PostgreSQL's JIT off, snake_case names, warnings), built once and copied into each scope's options.
/// </summary>
/// <remarks>
/// The context's options are per scope, because its SaveChanges interceptors are (they work with the scope's services).
/// Building them from scratch in every scope parsed the connection string again and rebuilt EF's warning tables (immutable
/// sorted dictionaries) for each request, about a tenth of what a sales chain allocated (trace, ADR 0017). EF's options
/// extensions are immutable, so a scope takes the template's as they are; only the core extension is the scope's own
/// (its service provider), given the template's warnings and logger factory. EF then finds its cached internal
/// service provider for them exactly as before.
/// </remarks>
public sealed class AppDbContextTemplate(DatabaseSettings database, ILoggerFactory loggerFactory)
{
    private readonly Lazy<DbContextOptions> _template = new(() =>
    {
        var builder = new DbContextOptionsBuilder<AppDbContext>();
        AppDbContextOptions.Configure(builder, database.ConnectionString)
            // EF asks its logger factory for its loggers in every scope; Serilog's factory builds a new logger (with its
            // own caches) on each call, so EF's loggers are kept once per category here.
            .UseLoggerFactory(new CachingLoggerFactory(loggerFactory));
        return builder.Options;
    });

    /// <summary>Gives <paramref name="builder"/> (a scope's, from AddDbContext) the shared options.</summary>
    public DbContextOptionsBuilder ApplyTo(DbContextOptionsBuilder builder)
    {
        var infrastructure = (IDbContextOptionsBuilderInfrastructure)builder;
        foreach (var extension in _template.Value.Extensions)
        {
            if (extension is CoreOptionsExtension shared)
            {
                var own = builder.Options.FindExtension<CoreOptionsExtension>() ?? new CoreOptionsExtension();
                infrastructure.AddOrUpdateExtension(own.WithWarningsConfiguration(shared.WarningsConfiguration).WithLoggerFactory(shared.LoggerFactory));
            }
            else
            {
                infrastructure.AddOrUpdateExtension(extension);
            }
        }

        return builder;
    }

    /// <summary>One logger per category from the host's factory; the factory itself stays the host's to dispose.</summary>
    private sealed class CachingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
    {
        private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

        public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, inner.CreateLogger);

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose()
        {
        }
    }
}
