namespace MokoCrm.Web.Platform.Outbox;

/// <summary>
/// The registry of message kinds that have a handler: their stored name and CLR type. Enqueueing a kind with no
/// handler fails at once instead of leaving rows nobody will ever process.
/// </summary>
public sealed class OutboxMessageTypes
{
    private readonly Dictionary<Type, string> _names = [];
    private readonly Dictionary<string, Type> _types = new(StringComparer.Ordinal);

    internal void Add(Type messageType, string name)
    {
        if (_types.TryGetValue(name, out var existing) && existing != messageType)
        {
            throw new InvalidOperationException($"Outbox message name '{name}' is used by both {existing.FullName} and {messageType.FullName}.");
        }

        _names[messageType] = name;
        _types[name] = messageType;
    }

    public string NameOf(Type messageType) =>
        _names.TryGetValue(messageType, out var name)
            ? name
            : throw new InvalidOperationException($"{messageType.FullName} has no outbox handler: register one with services.AddOutboxHandler<{messageType.Name}, THandler>().");

    public Type? TypeOf(string name) => _types.GetValueOrDefault(name);
}
