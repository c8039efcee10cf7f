using Microsoft.Extensions.Options;

namespace MokoCrm.Web.Platform.Outbox;

/// <summary>Polls the outbox on every node; SKIP LOCKED in <see cref="OutboxProcessor"/> keeps nodes from colliding.</summary>
internal sealed class OutboxWorker(OutboxProcessor processor, IOptions<OutboxOptions> options, ILogger<OutboxWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled || settings.PollInterval <= TimeSpan.Zero)
        {
            logger.LogInformation("Outbox worker disabled ({Section}:Enabled / PollInterval)", OutboxOptions.Section);
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var ran = 0;
            try
            {
                ran = await processor.RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A lost connection or a database restart must not stop the worker for good: log, wait, poll again.
                logger.LogError(ex, "Outbox poll failed");
            }

            if (ran < settings.BatchSize)
            {
                try
                {
                    await Task.Delay(settings.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
