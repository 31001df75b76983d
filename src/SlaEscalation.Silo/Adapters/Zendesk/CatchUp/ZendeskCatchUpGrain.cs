using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Silo.Hosting;

namespace SlaEscalation.Silo.Adapters.Zendesk.CatchUp;

/// <summary>
/// Reads one connection's incremental ticket event export on a durable reminder and feeds what it maps to the
/// tickets, the same path a webhook's events take, so that events a webhook lost arrive late instead of never (and
/// those it delivered are dropped by id). The cursor is saved only after a page's events are stored: a crash repeats
/// a page, never skips one.
/// </summary>
public sealed partial class ZendeskCatchUpGrain(
    [PersistentState("slaZendeskCatchUp", OrleansSiloBuilderExtensions.GrainStorageName)] IPersistentState<ZendeskCatchUpState> state,
    IReadOnlyList<ZendeskCatchUpConnection> connections,
    ZendeskExportClient export,
    IZendeskTicketEventMapping mapping,
    TimeProvider time,
    ILogger<ZendeskCatchUpGrain> logger) : Grain, IZendeskCatchUpGrain, IRemindable
{
    private const string ReminderName = "zendesk-catch-up";

    /// <summary>How far back the first pass of a connection reads.</summary>
    public static readonly TimeSpan FirstLookBack = TimeSpan.FromHours(1);

    /// <summary>
    /// The longest <c>Retry-After</c> waited for within a pass; a longer one ends the pass, and the next tick resumes
    /// from the saved cursor. Kept under the reminder call's timeout.
    /// </summary>
    public static readonly TimeSpan MaxWaitWithinPass = TimeSpan.FromSeconds(20);

    /// <summary>Pages read in one pass at most (Zendesk allows the export 10 requests a minute).</summary>
    public const int MaxPagesPerPass = 8;

    private ZendeskCatchUpConnection Connection =>
        connections.FirstOrDefault(c => c.Name == this.GetPrimaryKeyString())
        ?? throw new InvalidOperationException($"no Zendesk catch-up is configured for '{this.GetPrimaryKeyString()}'");

    public async Task StartAsync() =>
        await this.RegisterOrUpdateReminder(ReminderName, OrleansSiloBuilderExtensions.MinimumReminderPeriod, Connection.Every);

    public Task<ZendeskCatchUpState> GetStatusAsync() => Task.FromResult(state.State);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName)
        {
            return;
        }

        if (connections.All(c => c.Name != this.GetPrimaryKeyString()))
        {
            // The token was removed from the settings: the connection no longer catches up.
            if (await this.GetReminder(ReminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            return;
        }

        try
        {
            await CatchUpAsync(Connection);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            // Zendesk is down or refuses the token: the cursor stays, and the next tick tries again.
            LogPassFailed(logger, Connection.Name, ex.Message);
        }
    }

    private async Task CatchUpAsync(ZendeskCatchUpConnection connection)
    {
        state.State.StartTime ??= (time.GetUtcNow() - FirstLookBack).ToUnixTimeSeconds();
        for (var pages = 0; pages < MaxPagesPerPass; pages++)
        {
            using var page = await export.ReadAsync(connection, state.State.StartTime.Value, time.GetUtcNow(), CancellationToken.None);
            if (page.RetryAfter is { } wait)
            {
                if (wait > MaxWaitWithinPass)
                {
                    LogRateLimited(logger, connection.Name, wait);
                    return;
                }

                await Task.Delay(wait, time);
                continue;
            }

            var events = page.TicketEvents.SelectMany(e => mapping.Map(connection.Name, e)).ToArray();
            await Task.WhenAll(events
                .GroupBy(e => e.TicketKey, StringComparer.Ordinal)
                .Select(ticket => GrainFactory.GetGrain<ITicketGrain>(ticket.Key).ApplyAsync(ticket.Select(e => e.Event).ToArray())));

            var advanced = page.EndTime > state.State.StartTime;
            state.State.StartTime = Math.Max(page.EndTime, state.State.StartTime.Value);
            state.State.EventsFed += events.Length;
            state.State.Pages++;
            await state.WriteStateAsync();

            // A page that does not move the cursor would be read again forever: the next tick tries from here.
            if (page.EndOfStream || !advanced)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Zendesk catch-up of {Connection} failed and will retry on its next tick: {Reason}")]
    private static partial void LogPassFailed(ILogger logger, string connection, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The Zendesk export of {Connection} asked to wait {Wait}; the next tick resumes")]
    private static partial void LogRateLimited(ILogger logger, string connection, TimeSpan wait);
}
