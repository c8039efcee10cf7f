namespace MokoCrm.Web.Platform.Outbox;

public static class OutboxServices
{
    public static IServiceCollection AddOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<OutboxOptions>(configuration.GetSection(OutboxOptions.Section));
        Registry(services);
        services.AddScoped<IOutbox, DbContextOutbox>();
        services.AddSingleton<OutboxProcessor>();
        services.AddHostedService<OutboxWorker>();
        return services;
    }

    /// <summary>
    /// Registers the handler of one message kind. <paramref name="name"/> is what the rows store: give a stable one
    /// (e.g. "sales.invoice-mail") when the message class may be renamed or moved; it defaults to the full type name.
    /// </summary>
    public static IServiceCollection AddOutboxHandler<TMessage, THandler>(this IServiceCollection services, string? name = null)
        where TMessage : class
        where THandler : class, IOutboxHandler<TMessage>
    {
        Registry(services).Add(typeof(TMessage), name ?? typeof(TMessage).FullName!);
        services.AddScoped<IOutboxHandler<TMessage>, THandler>();
        return services;
    }

    // The registry is filled while services are registered (modules call AddOutboxHandler in any order), so it is
    // one instance kept in the collection rather than something built from the container.
    private static OutboxMessageTypes Registry(IServiceCollection services)
    {
        if (services.LastOrDefault(d => d.ServiceType == typeof(OutboxMessageTypes))?.ImplementationInstance is OutboxMessageTypes existing)
        {
            return existing;
        }

        var registry = new OutboxMessageTypes();
        services.AddSingleton(registry);
        return registry;
    }
}
