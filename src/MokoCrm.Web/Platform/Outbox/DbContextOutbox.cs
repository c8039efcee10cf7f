using System.Text.Json;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.Web.Platform.Outbox;

internal sealed class DbContextOutbox(AppDbContext db, OutboxMessageTypes types, TimeProvider time) : IOutbox
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public long Enqueue<TMessage>(TMessage message)
        where TMessage : class
    {
        ArgumentNullException.ThrowIfNull(message);
        var type = message.GetType();
        var row = new OutboxMessage(types.NameOf(type), JsonSerializer.Serialize(message, type, Json), time.GetUtcNow());
        db.Add(row); // HiLo gives the id here, before any insert
        return row.Id;
    }
}
