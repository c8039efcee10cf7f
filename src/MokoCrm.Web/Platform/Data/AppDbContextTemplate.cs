using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
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

    private readonly ConcurrentDictionary<string, IModel> _models = new(StringComparer.Ordinal);
    private RelationalOptionsExtension? _provider;

    /// <summary>
    /// The runtime model of contexts built with <paramref name="options"/>, when they came from <see cref="ApplyTo"/>:
    /// the very model EF's model cache gives them, read once through a probe context and then handed to each context in
    /// its options (<see cref="AppDbContext"/>'s OnConfiguring). Kept per set of model contributors (the only thing that
    /// changes the model of this app's contexts); null for options built some other way, which take EF's own path.
    /// </summary>
    internal IModel? ModelFor(DbContextOptions<AppDbContext> options, Func<DbContextOptions<AppDbContext>, DbContext> probe)
    {
        var provider = _provider ??= _template.Value.Extensions.OfType<RelationalOptionsExtension>().Single();
        if (!options.Extensions.Any(e => ReferenceEquals(e, provider)))
        {
            return null;
        }

        var key = options.FindExtension<ModelContributorsExtension>() is { Contributors.Count: > 0 } extra
            ? string.Join('|', extra.Contributors.Select(c => c.GetType().FullName))
            : "";
        if (_models.TryGetValue(key, out var model))
        {
            return model;
        }

        using var context = probe(options);
        return _models.GetOrAdd(key, context.Model);
    }

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
