using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using MokoCrm.Web.Platform.Hosting;

namespace MokoCrm.Web.Platform.Data;

/// <summary>
/// The provider options every <see cref="AppDbContext"/> of the process shares (<see cref="AppDbContextOptions.Configure"/>:
/// Npgsql with PostgreSQL's JIT off, snake_case names, warnings), built once and given to the context pool's options.
/// </summary>
/// <remarks>
/// Contexts are pooled (<see cref="AppDbContextLeases"/>), so the pool's options are built once from these. EF's options
/// extensions are immutable, so the pool's options take the template's as they are; only the core extension is the
/// pool's own (its application service provider, interceptors), given the template's warnings and logger factory.
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

    /// <summary>Gives <paramref name="builder"/> (the context pool's) the shared options.</summary>
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
