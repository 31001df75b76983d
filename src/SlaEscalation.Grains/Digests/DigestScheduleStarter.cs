using Microsoft.Extensions.Logging;
using SlaEscalation.Contracts.Digests;

namespace SlaEscalation.Grains.Digests;

/// <summary>
/// Makes sure the digest schedule's reminder exists once the silo is active. It runs in the background and retries,
/// so a cluster still settling never delays start-up; once registered, the reminder is durable and needs no one.
/// </summary>
public sealed partial class DigestScheduleStarter(IGrainFactory grains, TimeProvider time, ILogger<DigestScheduleStarter> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private const int Attempts = 12;
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(5);

    public void Participate(ISiloLifecycle observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        observer.Subscribe(nameof(DigestScheduleStarter), ServiceLifecycleStage.Active, OnStartAsync, _ => Task.CompletedTask);
    }

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(StartWithRetriesAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StartWithRetriesAsync()
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            try
            {
                await grains.GetGrain<IDigestScheduleGrain>(IDigestScheduleGrain.Key).StartAsync();
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogNotStarted(logger, ex, attempt);
                await Task.Delay(Pause, time);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The digest schedule could not be started (attempt {Attempt}); retrying")]
    private static partial void LogNotStarted(ILogger logger, Exception exception, int attempt);
}
