namespace MokoCrm.Web.Platform.Outbox;

/// <summary>Settings of the outbox worker, section "Moko:Outbox".</summary>
public sealed class OutboxOptions
{
    public const string Section = "Moko:Outbox";

    /// <summary>False stops the background poll (tests run batches themselves with <see cref="OutboxProcessor.RunOnceAsync"/>).</summary>
    public bool Enabled { get; set; } = true;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Messages one poll processes at most before it sleeps again (it polls again at once when the batch was full).</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>After this many failed runs a message stays unprocessed with its last error, for a person to look at.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Delay before the first retry; it doubles with every failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan RetryDelayAfter(int attempts)
    {
        var factor = Math.Pow(2, Math.Max(0, attempts - 1));
        var delay = FirstRetryDelay.TotalMilliseconds * factor;
        return delay >= MaxRetryDelay.TotalMilliseconds ? MaxRetryDelay : TimeSpan.FromMilliseconds(delay);
    }
}
