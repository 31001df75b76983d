namespace SlaEscalation.Silo.Adapters.Zendesk.CatchUp;

/// <summary>
/// Once the silo serves, starts the catch-up of every configured connection. The reminder is durable, so a failure
/// here (storage not answering yet) only delays a period change: the reminder already kept runs on.
/// </summary>
public sealed partial class ZendeskCatchUpStarter(
    IReadOnlyList<ZendeskCatchUpConnection> connections, IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<ZendeskCatchUpStarter> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (connections.Count == 0)
        {
            return;
        }

        var started = new TaskCompletionSource();
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task;
        }

        foreach (var connection in connections)
        {
            try
            {
                await grains.GetGrain<IZendeskCatchUpGrain>(connection.Name).StartAsync();
                LogStarted(logger, connection.Name, connection.Every);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogNotStarted(logger, connection.Name, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Zendesk catch-up of {Connection} every {Every}")]
    private static partial void LogStarted(ILogger logger, string connection, TimeSpan every);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Zendesk catch-up of {Connection} could not be started; a reminder kept from before still runs")]
    private static partial void LogNotStarted(ILogger logger, string connection, Exception exception);
}
