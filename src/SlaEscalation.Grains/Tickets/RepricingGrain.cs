using Microsoft.Extensions.Logging;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Grains.Configuration;

namespace SlaEscalation.Grains.Tickets;

/// <summary>
/// Walks the open tickets of the ticket index in key order and asks each to re-price under the target configuration
/// version, a page at a time, recording its cursor after every page. A reminder keeps it going across crashes and
/// also notices a configuration version it was never told about.
/// </summary>
public sealed partial class RepricingGrain(
    [PersistentState("slaRepricing", "Default")] IPersistentState<RepricingState> state,
    ITicketIndex index,
    ISlaConfigurationSource configurationSource,
    ILogger<RepricingGrain> logger) : Grain, IRepricingGrain, IRemindable
{
    private const string WatchReminder = "sla-repricing";
    private const int PageSize = 200;
    private static readonly TimeSpan WatchPeriod = TimeSpan.FromMinutes(1);

    private IGrainTimer? pump;

    public async Task RequestAsync(long configurationVersion)
    {
        await this.RegisterOrUpdateReminder(WatchReminder, WatchPeriod, WatchPeriod);
        await StartAsync(configurationVersion);
    }

    public Task<RepricingStatus> GetStatusAsync() => Task.FromResult(new RepricingStatus(
        state.State.CompletedVersion, state.State.TargetVersion, state.State.TicketsRepriced, state.State.Cursor));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var current = await configurationSource.GetAsync();
        await StartAsync(Math.Max(current.Version, state.State.TargetVersion));
    }

    private async Task StartAsync(long version)
    {
        if (version > state.State.TargetVersion)
        {
            // A newer version restarts the pass from the first ticket: every ticket must end under it.
            state.State.TargetVersion = version;
            state.State.Cursor = null;
            await state.WriteStateAsync();
        }

        if (state.State.CompletedVersion < state.State.TargetVersion && pump is null)
        {
            pump = this.RegisterGrainTimer(PumpAsync, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>Re-prices one page; stops the pump when the pass is complete.</summary>
    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        var version = state.State.TargetVersion;
        var page = await index.ListOpenAsync(state.State.Cursor, PageSize, cancellationToken);
        await Task.WhenAll(page.Select(key => GrainFactory.GetGrain<ITicketGrain>(key).RepriceAsync(version)));
        state.State.TicketsRepriced += page.Count;
        var complete = page.Count < PageSize;
        if (complete)
        {
            state.State.CompletedVersion = version;
            state.State.Cursor = null;
        }
        else
        {
            state.State.Cursor = page[^1];
        }

        // Saved before the pump stops: disposing the timer cancels its token, and a pass whose completion is not
        // saved would walk every open ticket again after each restart.
        await state.WriteStateAsync(CancellationToken.None);
        if (complete)
        {
            pump?.Dispose();
            pump = null;
            LogCompleted(logger, version, state.State.TicketsRepriced);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SLA repair under configuration version {Version} complete ({Total} ticket re-pricings so far)")]
    private static partial void LogCompleted(ILogger logger, long version, long total);
}
