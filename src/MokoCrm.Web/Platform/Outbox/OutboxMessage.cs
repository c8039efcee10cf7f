using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MokoCrm.Web.Platform.Outbox;

/// <summary>
/// A side effect that leaves the database (mail, PDF, webhook), written in the transaction of the business change
/// and carried out after commit by <see cref="OutboxProcessor"/>.
/// </summary>
public sealed class OutboxMessage
{
    private OutboxMessage()
    {
        Type = string.Empty;
        Payload = string.Empty;
    }

    internal OutboxMessage(string type, string payload, DateTimeOffset createdAt)
    {
        Type = type;
        Payload = payload;
        CreatedAt = createdAt;
        NextAttemptAt = createdAt;
    }

    public long Id { get; private set; }

    /// <summary>The registered message name (<see cref="OutboxMessageTypes"/>), not a CLR type name, so renames are safe.</summary>
    public string Type { get; private set; }

    /// <summary>The message as JSON (jsonb), readable in psql when a message needs looking at.</summary>
    public string Payload { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public DateTimeOffset? ProcessedAt { get; private set; }

    public string? LastError { get; private set; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox_messages");
        builder.Property(m => m.Type).HasMaxLength(200);
        builder.Property(m => m.Payload).HasColumnType("jsonb");
        // The worker's poll reads only what is due; processed rows stay as history without slowing it down.
        builder.HasIndex(m => m.NextAttemptAt).HasFilter("processed_at IS NULL").HasDatabaseName("ix_outbox_messages_due");
    }
}
