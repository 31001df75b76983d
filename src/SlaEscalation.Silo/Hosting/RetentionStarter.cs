using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Silo.Hosting;

/// <summary>
/// Once the silo serves, makes sure retention's reminder is registered (and runs its first pages). The reminder is
/// durable, so a failure here (storage not answering yet) only delays the first pass: a reminder kept from before
/// runs on, and the next start tries again.
/// </summary>
public sealed partial class RetentionStarter(IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<RetentionStarter> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task;
        }

        try
        {
            var status = await grains.GetGrain<IRetentionGrain>(IRetentionGrain.Key).RunAsync();
            LogStarted(logger, status.TicketsRemoved);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogNotStarted(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention of solved tickets running ({Removed} removed so far)")]
    private static partial void LogStarted(ILogger logger, long removed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention could not be started; a reminder kept from before still runs")]
    private static partial void LogNotStarted(ILogger logger, Exception exception);
}
